package gateway

import (
	"net/http"
	"time"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// serveInsert answers POST Set: 201 with the created entity and Location,
// or 204 with OData-EntityId under Prefer: return=minimal. link, when set,
// completes the body inside the write's transaction (the foreign key of a
// POST to a navigation property).
func (q *request) serveInsert(set *metadata.EntitySet, link func(*entityBody) error) error {
	if !q.svc.Writes.forSet(set.Name).Insert {
		return errMethod("entity set '%s' does not accept inserts", set.Name)
	}
	if inm := q.r.Header.Get("If-None-Match"); inm != "" && inm != "*" {
		return odataerr.BadRequest("If-None-Match on a create may only be *")
	}
	obj, err := q.readEntityObject()
	if err != nil {
		return err
	}
	body, err := q.decodeEntity(set, obj, true)
	if err != nil {
		return err
	}
	f, err := negotiate(q.r, q.opts.Format, formatJSON)
	if err != nil {
		return err
	}
	var row []any
	err = q.inTransaction(q.writesOf(set, body.writes()), func() (err error) {
		if link != nil {
			if err := link(body); err != nil {
				return err
			}
		}
		row, err = q.insertTree(body)
		return err
	})
	if err != nil {
		return err
	}
	if minimal, _ := preferReturn(q.r); minimal {
		return q.writeNoContent(set, row, true)
	}
	return q.writeEntity(http.StatusCreated, set, row, f)
}

// insertTree creates e with its related entities: those e refers to first
// (their keys fill e's foreign key), then e, then those referring to e
// (e's key fills theirs); @odata.bind links existing entities the same way.
func (q *request) insertTree(e *entityBody) ([]any, error) {
	ctx := q.r.Context()
	w, err := q.writer()
	if err != nil {
		return nil, err
	}
	policy := q.svc.Writes.forSet(e.set.Name)
	if !policy.Insert {
		return nil, errMethod("entity set '%s' does not accept inserts", e.set.Name)
	}
	if err := q.checkWriteAccess(e.set); err != nil {
		return nil, err
	}
	for _, b := range e.binds {
		if principalSide(b.nav) {
			continue
		}
		for _, c := range b.nav.Constraints {
			v, ok := keyValueOf(b.keys[0], c.Referenced)
			if !ok {
				return nil, odataerr.NotImplemented("navigation property '%s' does not refer to the key of '%s'", b.nav.Name, b.nav.Target.Name)
			}
			e.setValue(c.Property, v)
		}
	}
	for _, d := range e.deep {
		if principalSide(d.nav) {
			continue
		}
		for _, it := range d.items {
			related, err := q.insertTree(it)
			if err != nil {
				return nil, err
			}
			for _, c := range d.nav.Constraints {
				e.setValue(c.Property, related[propIndex(it.set.Type, c.Referenced)])
			}
		}
	}
	values, err := insertValues(e, policy)
	if err != nil {
		return nil, err
	}
	if hv := q.hiddenVersion(e.set, policy); hv != nil && !hv.HasDefault { // authz_version.go
		values = append(values, adapters.PropertyValue{Prop: hv, Value: firstVersion(hv)})
	}
	if err := q.checkReferences(e.set, values, nil); err != nil { // authz_write.go
		return nil, err
	}
	if q.preChecked(e.set) { // authz_prewrite.go
		if err := q.checkNewRow(e.set, values); err != nil {
			return nil, err
		}
	}
	row, err := w.Insert(ctx, &adapters.Insert{Set: e.set, Values: values})
	if err != nil {
		return nil, err
	}
	if err := q.afterUnchecked(e.set, q.checkWrittenRow(e.set, row)); err != nil {
		return nil, err
	}
	q.written(e.set.Name)
	for _, d := range e.deep {
		if !principalSide(d.nav) {
			continue
		}
		for _, it := range d.items {
			for _, c := range d.nav.Constraints {
				it.setValue(c.Referenced, row[propIndex(e.set.Type, c.Property)])
			}
			if _, err := q.insertTree(it); err != nil {
				return nil, err
			}
		}
	}
	for _, b := range e.binds {
		if principalSide(b.nav) {
			if err := q.bindReferring(w, e, row, b); err != nil {
				return nil, err
			}
		}
	}
	return row, nil
}

// bindReferring points the foreign key of each entity of b at the new
// entity row of e.
func (q *request) bindReferring(w adapters.Writer, e *entityBody, row []any, b bindNav) error {
	target := q.navTarget(b.nav)
	if !q.svc.Writes.forSet(target.Name).Update {
		return errMethod("entity set '%s' does not accept updates, which %s@odata.bind needs", target.Name, b.nav.Name)
	}
	if err := q.checkWriteAccess(target); err != nil {
		return err
	}
	for _, key := range b.keys {
		if err := q.checkWritableRow(target, key); err != nil {
			return err
		}
		var vals []adapters.PropertyValue
		for _, c := range b.nav.Constraints {
			vals = append(vals, adapters.PropertyValue{Prop: c.Referenced, Value: row[propIndex(e.set.Type, c.Property)]})
		}
		upd, err := q.versionedUpdate(target, key, vals)
		if err != nil {
			return err
		}
		updated, err := w.Update(q.r.Context(), upd)
		if err != nil {
			return err
		}
		if err := q.checkWrittenRow(target, updated); err != nil {
			return err
		}
		q.written(target.Name)
	}
	return nil
}

// versionedUpdate is the update of the entity of target with key that a
// bind makes: vals, and the set's version property moved on (also when the
// caller does not see it, authz_version.go), so that a client holding the
// entity's old ETag gets its 412 instead of overwriting the new reference.
// The request's own preconditions concern the entity it creates, not this one.
func (q *request) versionedUpdate(target *metadata.EntitySet, key []adapters.KeyValue, vals []adapters.PropertyValue) (*adapters.Update, error) {
	upd := &adapters.Update{Set: target, Key: key, Values: vals}
	policy := q.svc.Writes.forSet(target.Name)
	vp, hv := versionProp(target, policy), q.hiddenVersion(target, policy)
	if vp == nil && hv == nil {
		return upd, nil
	}
	var hidden any
	if hv != nil {
		var err error
		if hidden, err = q.storedValue(target, hv, key); err != nil {
			return nil, err
		}
	}
	upd.Check = func(cur []any) error {
		values := append([]adapters.PropertyValue(nil), vals...)
		if vp != nil {
			values = append(values, adapters.PropertyValue{Prop: vp, Value: nextVersion(vp, cur[propIndex(target.Type, vp)])})
		}
		if hv != nil {
			values = append(values, adapters.PropertyValue{Prop: hv, Value: nextVersion(hv, hidden)})
		}
		upd.Values = values
		return nil
	}
	return upd, nil
}

// principalSide reports whether n leads to entities that hold the foreign
// key (they are created after the entity declaring n).
func principalSide(n *metadata.NavigationProperty) bool { return n.Collection || n.Principal }

// keyValueOf is the value of p in key.
func keyValueOf(key []adapters.KeyValue, p *metadata.Property) (any, bool) {
	for _, kv := range key {
		if kv.Prop == p {
			return kv.Value, true
		}
	}
	return nil, false
}

// insertValues checks the values of a new entity: computed properties are
// the database's (a value is a 400, except for a generated key; null is
// ignored), the version property
// starts at 1 (or now), and properties that are not nullable, not computed
// and have no database default must be given.
func insertValues(e *entityBody, w SetWrites) ([]adapters.PropertyValue, error) {
	var out []adapters.PropertyValue
	for _, pv := range e.values {
		// A generated key may be given: auto-increment, serial and identity
		// (BY DEFAULT) columns take an explicit value; the database refuses
		// one where it must generate it (an error naming the property).
		if pv.Prop.Computed && !e.set.Type.IsKey(pv.Prop) {
			if pv.Value != nil {
				return nil, computedError(pv.Prop)
			}
			continue
		}
		if pv.Value == nil && pv.Prop.Computed {
			continue
		}
		out = append(out, pv)
	}
	if vp := versionProp(e.set, w); vp != nil && !vp.HasDefault {
		out = append(out, adapters.PropertyValue{Prop: vp, Value: firstVersion(vp)})
	}
	for _, p := range e.set.Type.Properties {
		if p.Nullable || p.Computed || p.HasDefault {
			continue
		}
		if _, ok := e.given(p); !ok {
			return nil, badValue(p, "is required: it is not nullable and has no default")
		}
	}
	return out, nil
}

func computedError(p *metadata.Property) error {
	return badValue(p, "is computed by the data source and cannot be written")
}

// firstVersion and nextVersion maintain version properties.
func firstVersion(p *metadata.Property) any {
	if p.Type == metadata.EdmDateTimeOffset {
		return time.Now().UTC()
	}
	return int64(1)
}

func nextVersion(p *metadata.Property, cur any) any {
	if p.Type == metadata.EdmDateTimeOffset {
		now := time.Now().UTC()
		if t, ok := cur.(time.Time); ok && !now.After(t) {
			now = t.Add(time.Microsecond) // the clock did not move (or moved back): still a new version
		}
		return now
	}
	n, _ := cur.(int64)
	return n + 1
}
