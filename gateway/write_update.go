package gateway

import (
	"encoding/base64"
	"math/big"
	"net/http"
	"reflect"
	"strings"
	"time"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// serveUpdate answers PATCH (merge) and PUT (replace) of an entity: 204
// with the new ETag, or 200 with the entity under Prefer: return=representation.
func (q *request) serveUpdate(set *metadata.EntitySet, key []adapters.KeyValue) error {
	policy := q.svc.Writes.forSet(set.Name)
	if !policy.Update {
		return errMethod("entity set '%s' does not accept updates", set.Name)
	}
	obj, err := q.readEntityObject()
	if err != nil {
		return err
	}
	body, err := q.decodeEntity(set, obj, false)
	if err != nil {
		return err
	}
	return q.update(set, key, policy, body.values, q.method == http.MethodPut)
}

// update changes the entity with key: given are the values the body holds.
func (q *request) update(set *metadata.EntitySet, key []adapters.KeyValue, policy SetWrites, given []adapters.PropertyValue, replace bool) error {
	f, err := negotiate(q.r, q.opts.Format, formatJSON)
	if err != nil {
		return err
	}
	writes := q.writesOf(set, 1)
	if _, ok := q.svc.Source.(adapters.TxBeginner); ok && len(q.restrictedReferences(set, given)) > 0 {
		// The reference check reads the related set while the update holds
		// the entity's lock: through the same transaction, not a second
		// connection of the pool.
		writes = needsTx
	}
	var row []any
	err = q.inTransaction(writes, func() error {
		row, err = q.updateRow(set, key, policy, given, replace)
		return err
	})
	if err != nil {
		return err
	}
	q.written(set.Name)
	if _, repr := preferReturn(q.r); repr {
		q.w.Header().Add("Preference-Applied", "return=representation")
		return q.writeEntity(http.StatusOK, set, row, f)
	}
	return q.writeNoContent(set, row, false)
}

// updateRow checks the caller may change the entity, changes it and checks
// what it became (authz_write.go), returning it as stored.
func (q *request) updateRow(set *metadata.EntitySet, key []adapters.KeyValue, policy SetWrites, given []adapters.PropertyValue, replace bool) ([]any, error) {
	if err := q.checkWritableRow(set, key); err != nil {
		return nil, err
	}
	w, err := q.writer()
	if err != nil {
		return nil, err
	}
	var hidden any // the version property the caller does not see (authz_version.go)
	hv := q.hiddenVersion(set, policy)
	if hv != nil {
		if hidden, err = q.storedValue(set, hv, key); err != nil {
			return nil, err
		}
	}
	upd := &adapters.Update{Set: set, Key: key, Replace: replace}
	upd.Check = func(cur []any) error {
		if err := q.checkPrecondition(set, policy, cur); err != nil {
			return err
		}
		// Checked here, where the current entity is at hand and locked: a
		// foreign key set in part keeps the rest of it (authz_write.go).
		stored := func(p *metadata.Property) (any, error) {
			if i := propIndex(set.Type, p); i >= 0 {
				if replace {
					return nil, nil // set to its default: not known here
				}
				return cur[i], nil
			}
			return q.storedValue(set, p, key) // hidden from the caller: kept
		}
		if err := q.checkReferences(set, given, stored); err != nil {
			return err
		}
		values, err := updateValues(set, policy, given, cur, replace)
		if err == nil && q.preChecked(set) { // authz_prewrite.go
			err = q.checkMergedRow(set, cur, values, replace)
		}
		if hv != nil && len(values) > 0 {
			values = append(values, adapters.PropertyValue{Prop: hv, Value: nextVersion(hv, hidden)})
		}
		upd.Values = values
		return err
	}
	row, err := w.Update(q.r.Context(), upd)
	if err != nil {
		return nil, err
	}
	if err := q.afterUnchecked(set, q.checkWrittenRow(set, row)); err != nil {
		return nil, err
	}
	return row, nil
}

// checkPrecondition checks If-Match / If-None-Match against the current
// entity's ETag.
func (q *request) checkPrecondition(set *metadata.EntitySet, policy SetWrites, cur []any) error {
	props := q.svc.Writes.etagProps(set)
	if props == nil {
		return nil
	}
	return precondition(q.r, policy, entityETag(props, etagValues(set.Type, props, cur)))
}

// updateValues checks the values of an update against the current entity
// cur: keys and computed properties may be sent back unchanged (clients
// echo what they read; they are then left out) but not changed; PUT needs
// every property that is not nullable and has no default; the version
// property moves on.
func updateValues(set *metadata.EntitySet, policy SetWrites, given []adapters.PropertyValue, cur []any, replace bool) ([]adapters.PropertyValue, error) {
	t := set.Type
	var out []adapters.PropertyValue
	has := map[*metadata.Property]bool{}
	for _, pv := range given {
		has[pv.Prop] = true
		if t.IsKey(pv.Prop) || pv.Prop.Computed {
			if sameValue(pv.Value, cur[propIndex(t, pv.Prop)]) {
				continue
			}
			if t.IsKey(pv.Prop) {
				return nil, badValue(pv.Prop, "is part of the key and cannot be changed")
			}
			return nil, computedError(pv.Prop)
		}
		out = append(out, pv)
	}
	if replace {
		for _, p := range t.Properties {
			if !has[p] && !p.Nullable && !p.Computed && !p.HasDefault && !t.IsKey(p) {
				return nil, badValue(p, "is required in a replacing update (PUT): it is not nullable and has no default")
			}
		}
	}
	if vp := versionProp(set, policy); vp != nil {
		out = append(out, adapters.PropertyValue{Prop: vp, Value: nextVersion(vp, cur[propIndex(t, vp)])})
	}
	return out, nil
}

// sameValue compares a value from a body with one read from the source.
func sameValue(a, b any) bool {
	switch x := a.(type) {
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	case metadata.Decimal:
		y, ok := b.(metadata.Decimal)
		return ok && decimalEqual(string(x), string(y))
	case string:
		y, ok := b.(string)
		return ok && x == y
	}
	return reflect.DeepEqual(a, b)
}

// decimalEqual compares decimal texts numerically ("18.00" = "18").
func decimalEqual(a, b string) bool {
	ra, oka := new(big.Rat).SetString(a)
	rb, okb := new(big.Rat).SetString(b)
	if !oka || !okb {
		return a == b
	}
	return ra.Cmp(rb) == 0
}

// serveDelete answers DELETE of an entity: 204.
func (q *request) serveDelete(set *metadata.EntitySet, key []adapters.KeyValue) error {
	policy := q.svc.Writes.forSet(set.Name)
	if !policy.Delete {
		return errMethod("entity set '%s' does not accept deletes", set.Name)
	}
	err := q.inTransaction(q.writesOf(set, 1), func() error {
		w, err := q.writer()
		if err != nil {
			return err
		}
		// The write filter is checked in Check, once the source holds the
		// row's lock: checked before, another client could move the row
		// out of the filter between the check and the delete. Nothing of
		// the transaction reads before that lock, so the check sees the
		// row as it is deleted (InnoDB takes its snapshot at the first
		// plain read). A missing row answers as an invisible one.
		err = w.Delete(q.r.Context(), &adapters.Delete{Set: set, Key: key, Check: func(cur []any) error {
			if err := q.checkWritableRow(set, key); err != nil {
				return err
			}
			return q.checkPrecondition(set, policy, cur)
		}})
		if isNotFound(err) && q.writeFiltered(set) {
			return errNotFound("no entity in '%s' has this key", set.Name)
		}
		return err
	})
	if err != nil {
		return err
	}
	q.written(set.Name)
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}

// servePropertyWrite answers PUT/PATCH of Set(key)/Prop (body {"value": …})
// or Set(key)/Prop/$value (the raw value), and DELETE of either (null).
func (q *request) servePropertyWrite(set *metadata.EntitySet, key []adapters.KeyValue, prop *metadata.Property, raw bool) error {
	policy := q.svc.Writes.forSet(set.Name)
	if !policy.Update {
		return errMethod("entity set '%s' does not accept updates", set.Name)
	}
	var v any
	if q.method != http.MethodDelete {
		b, err := q.readBody()
		if err != nil {
			return err
		}
		if v, err = q.propertyBody(prop, b, raw); err != nil {
			return err
		}
	}
	val, err := propertyValue(prop, v)
	if err != nil {
		return err
	}
	return q.update(set, key, policy, []adapters.PropertyValue{{Prop: prop, Value: val}}, false)
}

// propertyBody reads the JSON value of a property write: {"value": …} or,
// for $value, the raw text (the body as a string for String, the bytes for
// Binary, a JSON literal otherwise).
func (q *request) propertyBody(prop *metadata.Property, b []byte, raw bool) (any, error) {
	if !raw {
		if err := checkJSONBody(q.r); err != nil {
			return nil, err
		}
		obj, err := decodeJSONObject(b)
		if err != nil {
			return nil, err
		}
		v, ok := obj.member("value")
		if !ok || len(obj.members) != 1 {
			return nil, odataerr.BadRequest("the body of a property update is {\"value\": …}")
		}
		return v, nil
	}
	switch prop.Type {
	case metadata.EdmString:
		return string(b), nil
	case metadata.EdmBinary:
		return base64.StdEncoding.EncodeToString(b), nil
	case metadata.EdmBoolean, metadata.EdmByte, metadata.EdmSByte, metadata.EdmInt16, metadata.EdmInt32,
		metadata.EdmInt64, metadata.EdmSingle, metadata.EdmDouble, metadata.EdmDecimal:
		s := strings.TrimSpace(string(b))
		if s == "null" {
			return nil, nil
		}
		v, err := decodeJSONValue([]byte(s))
		if err != nil {
			return s, nil // propertyValue names the property and the type
		}
		return v, nil
	}
	return strings.TrimSpace(string(b)), nil
}
