package gateway

import (
	"net/http"
	"slices"

	"odatagw/adapters"
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
// those to sets it cannot read, whose foreign keys stay writable. Only
// foreign keys given whole are checked (a PATCH of part of a composite
// foreign key is left to the database), and only those referring to the
// target's key.
func (q *request) checkReferences(set *metadata.EntitySet, values []adapters.PropertyValue) error {
	if q.view == nil || q.full == nil {
		return nil
	}
	full := q.full.EntitySet(set.Name)
	if full == nil {
		return nil
	}
navs:
	for _, n := range full.Type.Navigation {
		if principalSide(n) || len(n.Constraints) == 0 || n.TargetSet == nil {
			continue
		}
		target := n.TargetSet
		readable := q.view.CanRead(target.Name)
		if readable && q.rowFilter(target) == nil {
			continue
		}
		key := make([]adapters.KeyValue, 0, len(n.Constraints))
		for _, c := range n.Constraints {
			i := slices.IndexFunc(values, func(pv adapters.PropertyValue) bool { return pv.Prop == c.Property })
			if i < 0 || values[i].Value == nil || !target.Type.IsKey(c.Referenced) {
				continue navs
			}
			key = append(key, adapters.KeyValue{Prop: c.Referenced, Value: values[i].Value})
		}
		seen := int64(0)
		if readable {
			var err error
			if seen, err = q.src().Count(q.r.Context(), &adapters.Query{Set: target, Key: key, Filter: q.rowFilter(target)}); err != nil {
				return err
			}
		}
		if seen == 0 {
			return odataerr.New(http.StatusBadRequest, "ForeignKeyViolation", "a related entity referred to does not exist")
		}
	}
	return nil
}
