package schema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"odatagw/metadata"
)

// relation is a foreign key between two exposed entities.
type relation struct {
	dep, prin       *entity
	depProps        []*metadata.Property // FK columns on the dependent
	prinProps       []*metadata.Property // referenced columns on the principal
	depNav, prinNav *metadata.NavigationProperty
	decl            *declaredFK // the configuration's declaration; nil for a catalog FK
}

// navigation turns foreign keys between exposed entities into navigation
// properties in both directions. The relationships declared in the
// configuration are foreign keys too: each dependent table's catalog foreign
// keys (sorted by constraint name) come first, then its declared ones (in
// configuration order). A catalog foreign key with the same columns and
// target as a declared one is dropped in favour of the declaration.
//
// Names given in a declaration (name, partner) are taken first and must be
// free. The others are derived by rules applied in a fixed order (all
// dependent sides first, entities by schema and table name), so the result
// is deterministic:
//
// Dependent side (the table holding the key; single-valued, Nullable when any
// FK column is nullable), first free name of:
//  1. a single FK property's name without a trailing "_id"/"_ID"/"ID"/"Id"
//     (Orders.CustomerID → Customer);
//  2. the target entity set's name (not for self-references);
//  3. the FK property names joined with "_", then "_" and the target set
//     (Employees.ReportsTo → ReportsTo_Employees);
//  4. the previous candidate followed by 2, 3, ...
//
// Principal side (collection; single-valued and nullable when the FK columns
// are the dependent's whole key, a one-to-one extension), first free name of:
//  1. the dependent entity set's name (Customers.Orders);
//  2. that name, "_" and the dependent side's name (Employees.Orders_SalesRep);
//  3. the previous candidate followed by 2, 3, ...
//
// A name is free when no property or navigation property of the type has it.
// Foreign keys to tables that are not exposed yield nothing.
func (b *builder) navigation() error {
	bySource := map[[2]string]*entity{}
	for _, e := range b.entities {
		bySource[[2]string{e.raw.Schema, e.raw.Name}] = e
	}
	var rels []*relation
	for _, e := range b.entities {
		fks := slices.Clone(e.raw.ForeignKeys)
		slices.SortStableFunc(fks, func(x, y ForeignKey) int {
			if c := strings.Compare(x.Name, y.Name); c != 0 {
				return c
			}
			return slices.Compare(x.Columns, y.Columns)
		})
		decls := b.declared[e.raw]
		fks = slices.DeleteFunc(fks, func(fk ForeignKey) bool {
			i := slices.IndexFunc(decls, func(d *declaredFK) bool { return d.sameFK(e.raw.Schema, fk) })
			if i >= 0 {
				b.warn(e.label, "", "foreign key %q is also declared in %s; the declaration's navigation properties are used", fk.Name, decls[i].where)
			}
			return i >= 0
		})
		n := len(fks)
		for _, d := range decls {
			fks = append(fks, d.fk)
		}
		for i, fk := range fks {
			refSchema := fk.RefSchema
			if refSchema == "" {
				refSchema = e.raw.Schema
			}
			target := bySource[[2]string{refSchema, fk.RefTable}]
			if target == nil {
				continue
			}
			if r := b.relation(e, target, fk); r != nil {
				if i >= n {
					r.decl = decls[i-n]
				}
				rels = append(rels, r)
			}
		}
	}
	explicit := func(r *relation, partner bool) bool {
		return r.decl != nil && (!partner && r.decl.name != "" || partner && r.decl.partner != "")
	}
	for _, side := range []bool{false, true} { // dependent sides, then principal sides
		for _, first := range []bool{true, false} { // explicit names, then derived ones
			for _, r := range rels {
				if explicit(r, side) != first {
					continue
				}
				var err error
				if side {
					err = b.namePrincipal(r)
				} else {
					err = b.nameDependent(r)
				}
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// renameNavigation applies TableOptions.Navigation. Every key must name a
// derived navigation property of the table's entity type, and every new name
// must be a free, valid identifier; the partner's Partner follows the rename.
func (b *builder) renameNavigation() error {
	for _, e := range b.entities {
		keys := make([]string, 0, len(e.opts.Navigation))
		for k := range e.opts.Navigation {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, old := range keys {
			name := e.opts.Navigation[old]
			where := "entities." + e.label + ".navigation." + old
			n := e.et.NavigationProperty(old)
			if n == nil {
				var have []string
				for _, x := range e.et.Navigation {
					have = append(have, x.Name)
				}
				return fmt.Errorf("%s: no navigation property %q (derived ones: %s)", where, old, strings.Join(have, ", "))
			}
			if !IsIdentifier(name) {
				return fmt.Errorf("%s: %q is not a valid OData identifier", where, name)
			}
			if name != old && (e.et.Property(name) != nil || e.et.NavigationProperty(name) != nil) {
				return fmt.Errorf("%s: %q is already the name of another member of %s", where, name, e.et.Name)
			}
			if p := n.Target.NavigationProperty(n.Partner); p != nil {
				p.Partner = name
			}
			n.Name = name
		}
	}
	return nil
}

// relation resolves a foreign key's columns to properties; nil (with a
// warning) when one of them is not exposed.
func (b *builder) relation(dep, prin *entity, fk ForeignKey) *relation {
	if len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
		b.warn(dep.label, "", "foreign key %q skipped: malformed column lists", fk.Name)
		return nil
	}
	r := &relation{dep: dep, prin: prin}
	for i, c := range fk.Columns {
		dp, pp := dep.byColumn[c], prin.byColumn[fk.RefColumns[i]]
		if dp == nil || pp == nil {
			b.warn(dep.label, "", "foreign key %q to %q skipped: column %q or %q is hidden or not exposed",
				fk.Name, prin.label, c, fk.RefColumns[i])
			return nil
		}
		if dp.Type != pp.Type {
			b.warn(dep.label, "", "foreign key %q to %q skipped: column %q is %s but %q is %s; override one of the types to match",
				fk.Name, prin.label, c, dp.Type, fk.RefColumns[i], pp.Type)
			return nil
		}
		r.depProps = append(r.depProps, dp)
		r.prinProps = append(r.prinProps, pp)
	}
	return r
}

func (b *builder) nameDependent(r *relation) error {
	t := r.dep.et
	var candidates []string
	if len(r.depProps) == 1 {
		if s := trimIDSuffix(r.depProps[0].Name); s != "" {
			candidates = append(candidates, s)
		}
	}
	if r.prin != r.dep {
		candidates = append(candidates, r.prin.set.Name)
	}
	var cols []string
	for _, p := range r.depProps {
		cols = append(cols, p.Name)
	}
	candidates = append(candidates, truncate(strings.Join(cols, "_")+"_"+r.prin.set.Name, MaxIdentifierLength))
	nullable := slices.ContainsFunc(r.depProps, func(p *metadata.Property) bool { return p.Nullable })
	name := freeName(t, candidates)
	if r.decl != nil && r.decl.name != "" {
		if name = r.decl.name; taken(t, name) {
			return fmt.Errorf("%s.name: %q is already the name of another member of %s", r.decl.where, name, t.Name)
		}
	}
	nav := &metadata.NavigationProperty{
		Name: name, Target: r.prin.et, TargetSet: r.prin.set, Nullable: nullable,
	}
	for i, p := range r.depProps {
		nav.Constraints = append(nav.Constraints, metadata.ReferentialConstraint{Property: p, Referenced: r.prinProps[i]})
	}
	t.Navigation = append(t.Navigation, nav)
	r.depNav = nav
	return nil
}

func (b *builder) namePrincipal(r *relation) error {
	t := r.prin.et
	depSet := r.dep.set.Name
	candidates := []string{depSet, truncate(depSet+"_"+r.depNav.Name, MaxIdentifierLength)}
	oneToOne := len(r.depProps) == len(r.dep.et.Key)
	for _, p := range r.depProps {
		oneToOne = oneToOne && r.dep.et.IsKey(p)
	}
	name := freeName(t, candidates)
	if r.decl != nil && r.decl.partner != "" {
		if name = r.decl.partner; taken(t, name) {
			return fmt.Errorf("%s.partner: %q is already the name of another member of %s", r.decl.where, name, t.Name)
		}
	}
	nav := &metadata.NavigationProperty{
		Name: name, Target: r.dep.et, TargetSet: r.dep.set,
		Collection: !oneToOne, Nullable: oneToOne, Partner: r.depNav.Name, Principal: true,
	}
	for i, p := range r.prinProps {
		nav.Constraints = append(nav.Constraints, metadata.ReferentialConstraint{Property: p, Referenced: r.depProps[i]})
	}
	t.Navigation = append(t.Navigation, nav)
	r.depNav.Partner = nav.Name
	r.prinNav = nav
	return nil
}

// trimIDSuffix strips a trailing "_id", "_ID", "_Id", "ID" or "Id"; "" when
// there is none or nothing would be left.
func trimIDSuffix(name string) string {
	for _, suf := range []string{"_id", "_ID", "_Id", "ID", "Id"} {
		if s, ok := strings.CutSuffix(name, suf); ok {
			s = strings.TrimRight(s, "_")
			if s == "" {
				return ""
			}
			return s
		}
	}
	return ""
}

// freeName returns the first candidate no member of t uses, else the last
// candidate with the smallest free numeric suffix (2, 3, ...).
func freeName(t *metadata.EntityType, candidates []string) string {
	for _, c := range candidates {
		if !taken(t, c) {
			return c
		}
	}
	last := candidates[len(candidates)-1]
	for i := 2; ; i++ {
		suffix := strconv.Itoa(i)
		n := truncate(last, MaxIdentifierLength-len(suffix)) + suffix
		if !taken(t, n) {
			return n
		}
	}
}

// taken reports whether a property or navigation property of t is named n.
func taken(t *metadata.EntityType, n string) bool {
	return slices.ContainsFunc(t.Properties, func(p *metadata.Property) bool { return p.Name == n }) ||
		slices.ContainsFunc(t.Navigation, func(p *metadata.NavigationProperty) bool { return p.Name == n })
}
