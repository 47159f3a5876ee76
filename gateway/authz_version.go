package gateway

import (
	"odatagw/adapters"
	"odatagw/metadata"
)

// A role may hide a set's version property (writes_policy.go). Its ETags
// are then a hash of what it sees (its version would be a hidden value),
// but its changes must still move the version: the other callers' ETags
// are the version, and a change that left it alone would let their stale
// If-Match overwrite it. So writes by such a role set the hidden version
// as everybody else's do.

// hiddenVersion returns set's version property when the caller's view
// hides it, else nil.
func (q *request) hiddenVersion(set *metadata.EntitySet, w SetWrites) *metadata.Property {
	if q.view == nil || q.full == nil || versionProp(set, w) != nil {
		return nil
	}
	if full := q.full.EntitySet(set.Name); full != nil {
		return versionProp(full, w)
	}
	return nil
}

// storedValue reads the property vp the caller's view hides (the version
// property; a foreign key's part, authz_write.go) of the entity of set with
// key (nil when there is none: the write then answers the 404).
func (q *request) storedValue(set *metadata.EntitySet, vp *metadata.Property, key []adapters.KeyValue) (any, error) {
	rows, err := q.src().Query(q.r.Context(), &adapters.Query{Set: q.full.EntitySet(set.Name), Key: key, Select: []*metadata.Property{vp}, Top: -1})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var v any
	if rows.Next() {
		v = rows.Values()[0]
	}
	return v, rows.Err()
}
