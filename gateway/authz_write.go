package gateway

import (
	"net/http"
	"slices"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Authorization of writes. A caller may change entities of a set only when
// one of its roles grants write access to it (auth.View.CanWrite), and only
// entities within the roles' write filter (auth.View.WriteFilter), both
// before the change (the entity it targets) and after it (what it becomes or
// creates). With a write filter the write runs in a transaction and the
// filter is checked by counting through it, so a change that would move an
// entity out of the caller's rows is rolled back. A source without
// transactions checks before the change instead (authz_prewrite.go).

// checkWriteAccess answers 403 when the caller's roles may not write set.
func (q *request) checkWriteAccess(set *metadata.EntitySet) error {
	if q.view.CanWrite(set.Name) {
		return nil
	}
	return odataerr.New(http.StatusForbidden, "Forbidden", "your roles may not change entities of '%s'", set.Name)
}

// writeFiltered reports whether writes to set are limited to some rows.
func (q *request) writeFiltered(set *metadata.EntitySet) bool {
	return q.view.WriteFilter(set.Name) != nil
}

// checkWritableRow makes sure the entity of set with key is one the caller
// may change: a 404 when its roles cannot read it (as a read would answer),
// a 403 when they can read it but not change it.
func (q *request) checkWritableRow(set *metadata.EntitySet, key []adapters.KeyValue) error {
	wf := q.view.WriteFilter(set.Name)
	if wf == nil {
		return nil
	}
	ctx := q.r.Context()
	n, err := q.src().Count(ctx, &adapters.Query{Set: set, Key: key, Filter: q.rowFilter(set)})
	if err != nil {
		return err
	}
	if n == 0 {
		return errNotFound("no entity in '%s' has this key", set.Name)
	}
	n, err = q.src().Count(ctx, &adapters.Query{Set: set, Key: key, Filter: wf})
	if err != nil {
		return err
	}
	if n == 0 {
		return odataerr.New(http.StatusForbidden, "Forbidden", "this entity of '%s' is outside the rows your roles may change", set.Name)
	}
	return nil
}

// checkWrittenRow makes sure the entity of set stored as row (every
// property, Type.Properties order) is within the caller's write filter.
func (q *request) checkWrittenRow(set *metadata.EntitySet, row []any) error {
	wf := q.view.WriteFilter(set.Name)
	if wf == nil {
		return nil
	}
	key := make([]adapters.KeyValue, 0, len(set.Type.Key))
	for _, p := range set.Type.Key {
		key = append(key, adapters.KeyValue{Prop: p, Value: row[propIndex(set.Type, p)]})
	}
	n, err := q.src().Count(q.r.Context(), &adapters.Query{Set: set, Key: key, Filter: wf})
	if err != nil {
		return err
	}
	if n == 0 {
		return odataerr.New(http.StatusForbidden, "Forbidden", "the entity would be outside the rows of '%s' your roles may change", set.Name)
	}
	return nil
}

// checkReferences makes sure the foreign keys a write sets (values, given
// directly, by @odata.bind or by the path of a POST) name entities the
// caller can see, where the referenced set is limited to some rows or not
// readable at all: an entity outside them answers as one that does not
// exist, the database's own answer for a missing one. Otherwise a writer
// could link to rows it cannot read and tell them apart from missing ones.
// The relationships are the service model's: the caller's view drops
// those to sets it cannot read, whose foreign keys stay writable. A
// foreign key of which values set only part takes the rest from stored,
// the entity's value of a property the write keeps (nil: an insert keeps
// none): the reference checked is the one written. It is looked up by the
// referenced columns, the target's key or other unique columns alike.
func (q *request) checkReferences(set *metadata.EntitySet, values []adapters.PropertyValue, stored func(*metadata.Property) (any, error)) error {
navs:
	for _, n := range q.restrictedReferences(set, values) {
		var cond bound.Expr
		for _, c := range n.Constraints {
			var v any
			if i := slices.IndexFunc(values, func(pv adapters.PropertyValue) bool { return pv.Prop == c.Property }); i >= 0 {
				v = values[i].Value
			} else if stored != nil {
				var err error
				if v, err = stored(c.Property); err != nil {
					return err
				}
			}
			if v == nil { // a null part: the foreign key refers to nothing
				continue navs
			}
			cond = and(cond, &bound.Binary{Op: bound.Eq, Left: &bound.Property{Prop: c.Referenced},
				Right: &bound.Const{T: c.Referenced.Type, Value: v}, T: metadata.EdmBoolean})
		}
		seen := int64(0)
		if q.view.CanRead(n.TargetSet.Name) {
			var err error
			if f := q.rowFilter(n.TargetSet); f != nil {
				cond = and(cond, f)
			}
			if seen, err = q.src().Count(q.r.Context(), &adapters.Query{Set: n.TargetSet, Filter: cond}); err != nil {
				return err
			}
		}
		if seen == 0 {
			return odataerr.New(http.StatusBadRequest, "ForeignKeyViolation", "a related entity referred to does not exist")
		}
	}
	return nil
}

// restrictedReferences lists the relationships of the service model by
// which a write of values to set refers to a set the caller sees only in
// part or not at all: those of which values sets a foreign key property.
func (q *request) restrictedReferences(set *metadata.EntitySet, values []adapters.PropertyValue) []*metadata.NavigationProperty {
	if q.view == nil || q.full == nil {
		return nil
	}
	full := q.full.EntitySet(set.Name)
	if full == nil {
		return nil
	}
	var out []*metadata.NavigationProperty
	for _, n := range full.Type.Navigation {
		if principalSide(n) || len(n.Constraints) == 0 || n.TargetSet == nil {
			continue
		}
		if q.view.CanRead(n.TargetSet.Name) && q.rowFilter(n.TargetSet) == nil {
			continue
		}
		if slices.ContainsFunc(n.Constraints, func(c metadata.ReferentialConstraint) bool {
			return slices.ContainsFunc(values, func(pv adapters.PropertyValue) bool { return pv.Prop == c.Property })
		}) {
			out = append(out, n)
		}
	}
	return out
}

// and is l and r; l may be nil (no condition yet).
func and(l, r bound.Expr) bound.Expr {
	if l == nil {
		return r
	}
	return &bound.Binary{Op: bound.And, Left: l, Right: r, T: metadata.EdmBoolean}
}
