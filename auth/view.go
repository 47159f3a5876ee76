package auth

import (
	"fmt"
	"slices"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// View is what one combination of roles may see of a service's model.
//
// Model is a copy of the service's model without the entity sets the roles
// cannot read and without the properties they hide: $metadata, the service
// document and the binder all work on it, so a hidden set or property does
// not exist for these callers (404 for a set, 400 for a property in $select,
// $filter, $orderby, $expand or $apply, absent from every payload).
// Navigation properties to hidden sets, or whose referential constraints
// involve hidden properties, are removed too. Properties and key values are
// shared with the service's model, so queries built on the view run on the
// source unchanged.
type View struct {
	Model *metadata.Model
	sets  map[string]*setView
}

type setView struct {
	access Access
	read   bound.Expr // row filter of reads; nil: every row
	write  bound.Expr // row filter of writes; nil: every row
}

// RowFilter is the predicate ANDed into every read of the named set; nil
// means every row. A nil view filters nothing.
func (v *View) RowFilter(set string) bound.Expr {
	if v == nil || v.sets[set] == nil {
		return nil
	}
	return v.sets[set].read
}

// WriteFilter is the predicate an entity must satisfy, before and after the
// change, for these roles to insert, update or delete it; nil means any.
func (v *View) WriteFilter(set string) bound.Expr {
	if v == nil || v.sets[set] == nil {
		return nil
	}
	return v.sets[set].write
}

// CanRead reports whether the roles may read set (a nil view reads all).
func (v *View) CanRead(set string) bool {
	return v == nil || v.sets[set] != nil
}

// CanWrite reports whether the roles may insert, update and delete in set.
func (v *View) CanWrite(set string) bool {
	return v == nil || (v.sets[set] != nil && v.sets[set].access == AccessWrite)
}

// build computes the view of the held roles on m. Permissions are the union
// of the roles': the highest access; a row is visible when any granting
// role's filter admits it (no filter admits all); a property is hidden only
// when every granting role hides it.
func (p *Policy) build(m *metadata.Model, held []*role) (*View, error) {
	for _, r := range held {
		for name, ru := range r.sets {
			s := m.EntitySet(name)
			if s == nil {
				return nil, fmt.Errorf("%s: service '%s' has no entity set '%s'", ru.key, p.service, name)
			}
			for _, h := range ru.hide {
				prop := s.Type.Property(h)
				if prop == nil {
					return nil, fmt.Errorf("%s.hide: entity set '%s' has no property '%s'", ru.key, name, h)
				}
				if s.Type.IsKey(prop) {
					return nil, fmt.Errorf("%s.hide: '%s' is part of the key of '%s' and cannot be hidden", ru.key, h, name)
				}
			}
		}
	}
	v := &View{sets: map[string]*setView{}}
	hidden := map[*metadata.EntitySet]map[*metadata.Property]bool{}
	for _, s := range m.Sets {
		sv := &setView{}
		var reads, writes []bound.Expr
		readAll, writeAll := false, false
		var hide map[*metadata.Property]bool
		for _, r := range held {
			ru := r.sets[s.Name]
			acc := r.def
			if ru != nil {
				acc = ru.access
			}
			if acc == AccessNone {
				continue
			}
			var f bound.Expr
			if ru != nil && ru.filter != nil {
				b := &bound.Binder{Model: m}
				bf, err := b.Filter(s.Type, ru.filter)
				if err != nil {
					return nil, fmt.Errorf("%s.filter: %q: %v", ru.key, ru.text, err)
				}
				f = bf
			}
			sv.access = max(sv.access, acc)
			collect(f, &reads, &readAll)
			if acc == AccessWrite {
				collect(f, &writes, &writeAll)
			}
			h := map[*metadata.Property]bool{}
			if ru != nil {
				for _, name := range ru.hide {
					h[s.Type.Property(name)] = true
				}
			}
			if hide == nil {
				hide = h
			} else {
				for prop := range hide {
					if !h[prop] {
						delete(hide, prop)
					}
				}
			}
		}
		if sv.access == AccessNone {
			continue
		}
		if !readAll {
			sv.read = or(reads)
		}
		if !writeAll {
			sv.write = or(writes)
		}
		v.sets[s.Name] = sv
		hidden[s] = hide
	}
	v.Model = cloneModel(m, hidden)
	return v, nil
}

// collect adds a role's filter to fs, or notes that the role sees all rows.
func collect(f bound.Expr, fs *[]bound.Expr, all *bool) {
	if f == nil {
		*all = true
		return
	}
	*fs = append(*fs, f)
}

func or(fs []bound.Expr) bound.Expr {
	var out bound.Expr
	for _, f := range fs {
		if out == nil {
			out = f
			continue
		}
		out = &bound.Binary{Op: bound.Or, Left: out, Right: f, T: metadata.EdmBoolean}
	}
	return out
}

// cloneModel copies m keeping the sets of keep and, per set, every property
// but the hidden ones. Entity types are copied per kept set; properties are
// shared.
func cloneModel(m *metadata.Model, keep map[*metadata.EntitySet]map[*metadata.Property]bool) *metadata.Model {
	out := &metadata.Model{Namespace: m.Namespace, Container: m.Container, Capabilities: m.Capabilities}
	sets := map[*metadata.EntitySet]*metadata.EntitySet{}
	types := map[*metadata.EntityType]*metadata.EntityType{}
	for _, s := range m.Sets {
		hide, ok := keep[s]
		if !ok {
			continue
		}
		t := s.Type
		ct := &metadata.EntityType{Name: t.Name, Key: t.Key, Table: t.Table, DBSchema: t.DBSchema, IsView: t.IsView}
		for _, prop := range t.Properties {
			if !hide[prop] {
				ct.Properties = append(ct.Properties, prop)
			}
		}
		if t.SearchProperties != nil {
			ct.SearchProperties = []*metadata.Property{}
			for _, prop := range t.SearchProperties {
				if !hide[prop] {
					ct.SearchProperties = append(ct.SearchProperties, prop)
				}
			}
		}
		cs := &metadata.EntitySet{Name: s.Name, Type: ct}
		sets[s], types[t] = cs, ct
		out.Sets = append(out.Sets, cs)
		out.Types = append(out.Types, ct)
	}
	visible := func(s *metadata.EntitySet, prop *metadata.Property) bool {
		_, ok := keep[s]
		return ok && !keep[s][prop]
	}
	for _, s := range m.Sets {
		ct := types[s.Type]
		if ct == nil || sets[s].Type != ct {
			continue
		}
	navs:
		for _, n := range s.Type.Navigation {
			if n.TargetSet == nil || sets[n.TargetSet] == nil {
				continue
			}
			for _, c := range n.Constraints {
				if !visible(s, c.Property) || !visible(n.TargetSet, c.Referenced) {
					continue navs
				}
			}
			cn := *n
			cn.Target, cn.TargetSet = sets[n.TargetSet].Type, sets[n.TargetSet]
			ct.Navigation = append(ct.Navigation, &cn)
		}
	}
	// A partner removed on the other side is no partner.
	for _, ct := range out.Types {
		for _, n := range ct.Navigation {
			if n.Partner != "" && !slices.ContainsFunc(n.Target.Navigation, func(x *metadata.NavigationProperty) bool { return x.Name == n.Partner }) {
				n.Partner = ""
			}
		}
	}
	out.Index()
	return out
}
