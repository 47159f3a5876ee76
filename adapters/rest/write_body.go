package rest

import (
	"encoding/json"
	"math"
	"net/http"
	"strings"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// createPath is where POST creates entities of e.
func (e *entity) createPath() string {
	if e.cfg.Write.CreatePath != "" {
		return e.cfg.Write.CreatePath
	}
	return e.cfg.Path
}

// itemPath is the path template changes and deletes go to.
func (e *entity) itemPath() string {
	if e.cfg.Write.ItemPath != "" {
		return e.cfg.Write.ItemPath
	}
	return e.keyPath
}

// updateMethod is PATCH or PUT.
func (e *entity) updateMethod() string {
	if strings.EqualFold(e.cfg.Write.UpdateMethod, http.MethodPut) {
		return http.MethodPut
	}
	return http.MethodPatch
}

// createdAt is the pointer to the created entity in a POST response.
func (e *entity) createdAt() string {
	if e.cfg.Write.Created != "" {
		return e.cfg.Write.Created
	}
	return e.cfg.Entity
}

// updateValues are the values an update sends: with PUT every property
// the API takes (the current values with the changes; a replacing update
// resets those not given to null), with PATCH the changes (a replacing
// update adds null for every other property the API takes).
func (e *entity) updateValues(cur []any, upd *adapters.Update, put bool) []adapters.PropertyValue {
	if !put && !upd.Replace {
		return upd.Values
	}
	t := e.set.Type
	var out []adapters.PropertyValue
	for i, p := range t.Properties {
		if p.Computed {
			continue // the API's own
		}
		pv := adapters.PropertyValue{Prop: p, Value: cur[i]}
		given := false
		for _, v := range upd.Values {
			if v.Prop == p {
				pv, given = v, true
			}
		}
		switch {
		case given:
		case t.IsKey(p):
			if !put {
				continue // in the item path
			}
		case upd.Replace:
			pv.Value = nil
		}
		out = append(out, pv)
	}
	return out
}

// body writes values as the API's JSON object: each under its property's
// field (a member, or a JSON pointer into nested objects).
func (e *entity) body(values []adapters.PropertyValue) ([]byte, error) {
	obj := map[string]any{}
	for _, pv := range values {
		v, err := jsonValue(pv.Prop, pv.Value)
		if err != nil {
			return nil, err
		}
		f := e.field(pv.Prop)
		if !strings.HasPrefix(f, "/") {
			obj[f] = v
			continue
		}
		segs := strings.Split(f[1:], "/")
		m := obj
		for _, seg := range segs[:len(segs)-1] {
			seg = unescapePointer(seg)
			next, ok := m[seg].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[seg] = next
			}
			m = next
		}
		m[unescapePointer(segs[len(segs)-1])] = v
	}
	return json.Marshal(obj)
}

func unescapePointer(seg string) string {
	return strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
}

// jsonValue is the JSON form of a value (metadata/values.go): numbers as
// numbers (decimals exactly), dates, times and binaries as text, as the
// reads expect them.
func jsonValue(p *metadata.Property, v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool, int64:
		return x, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, odataerr.BadRequest("property '%s': %v cannot be sent to the API (JSON has no such number)", p.Name, x)
		}
		return x, nil
	case metadata.Decimal:
		return json.Number(x), nil
	}
	return paramText(v), nil
}

// responseEntity is the entity at ptr in a write's response, when the
// response holds it whole.
func (s *Source) responseEntity(e *entity, resp *response, ptr string) ([]any, bool) {
	if len(strings.TrimSpace(string(resp.body))) == 0 {
		return nil, false
	}
	doc, err := parseJSON(resp.body)
	if err != nil {
		return nil, false
	}
	obj, ok := pointer(doc, ptr)
	if _, isObj := obj.(map[string]any); !ok || !isObj {
		return nil, false
	}
	row, err := e.rowOf(obj)
	return row, err == nil
}

// createdKey is the key of a created entity: from the POST response's
// object (which may hold only the key), else from the values sent.
func (e *entity) createdKey(resp *response, sent []adapters.PropertyValue) ([]any, bool) {
	t := e.set.Type
	key := make([]any, len(t.Key))
	var obj map[string]any
	if doc, err := parseJSON(resp.body); err == nil {
		o, _ := pointer(doc, e.createdAt())
		obj, _ = o.(map[string]any)
	}
	for i, k := range t.Key {
		if obj != nil {
			f := e.field(k)
			var raw any
			if strings.HasPrefix(f, "/") {
				raw, _ = pointer(obj, f)
			} else {
				raw = obj[f]
			}
			if v, err := convert(k, raw); err == nil && v != nil {
				key[i] = v
				continue
			}
		}
		for _, pv := range sent {
			if pv.Prop == k {
				key[i] = pv.Value
			}
		}
		if key[i] == nil {
			return nil, false
		}
	}
	return key, true
}
