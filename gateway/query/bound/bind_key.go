package bound

import (
	"strings"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// key binds the key predicate of seg against entity type t: every key
// property exactly once, by name, or unnamed when the key has a single
// property. Values are literals or parameter aliases and are converted
// exactly to the key property's type (an integer literal to an Int16 key
// when it fits, a string literal holding a GUID to a Guid key, a date to
// midnight UTC for a DateTimeOffset key...). The result is in key order.
func (s *binding) key(t *metadata.EntityType, seg query.PathSegment) ([]KeyValue, error) {
	keys := seg.Keys
	if seg.KeySegment {
		return s.keySegment(t, seg)
	}
	if len(keys) == 0 {
		return nil, s.badRequest(seg.P, "empty key predicate")
	}
	if len(keys) == 1 && keys[0].Name == "" {
		if len(t.Key) != 1 {
			return nil, s.badRequest(keys[0].P, "type '%s' has a composite key (%s): name every key property", s.typeName(t), keyNames(t))
		}
		v, err := s.keyValue(t.Key[0], keys[0])
		if err != nil {
			return nil, err
		}
		return []KeyValue{{Prop: t.Key[0], Value: v}}, nil
	}
	out := make([]KeyValue, len(t.Key))
	for _, kv := range keys {
		if kv.Name == "" {
			return nil, s.badRequest(kv.P, "type '%s' has a composite key (%s): name every key property", s.typeName(t), keyNames(t))
		}
		i := keyIndex(t, kv.Name)
		switch {
		case i < 0 && t.Property(kv.Name) != nil:
			return nil, s.badRequest(kv.P, "'%s' is not a key property of type '%s'; the key is (%s)", kv.Name, s.typeName(t), keyNames(t))
		case i < 0:
			return nil, s.badRequest(kv.P, "key property '%s' does not exist on type '%s'", kv.Name, s.typeName(t))
		case out[i].Prop != nil:
			return nil, s.badRequest(kv.P, "key property '%s' is given twice", kv.Name)
		}
		v, err := s.keyValue(t.Key[i], kv)
		if err != nil {
			return nil, err
		}
		out[i] = KeyValue{Prop: t.Key[i], Value: v}
	}
	for i, kv := range out {
		if kv.Prop == nil {
			return nil, s.badRequest(seg.P, "key property '%s' is missing; the key of type '%s' is (%s)", t.Key[i].Name, s.typeName(t), keyNames(t))
		}
	}
	return out, nil
}

// keyValue binds one key value (a literal or an alias whose value is a
// literal) and converts it to p's type.
func (s *binding) keyValue(p *metadata.Property, kv query.KeyValue) (any, error) {
	x, err := s.expr(kv.Value)
	if err != nil {
		return nil, err
	}
	c, ok := x.(*Const)
	if !ok {
		return nil, s.badRequest(kv.Value.Pos(), "the value of key property '%s' must be a literal", p.Name)
	}
	if c.Value == nil {
		return nil, s.badRequest(kv.Value.Pos(), "the value of key property '%s' must not be null", p.Name)
	}
	out, ok := convertConst(c, p.Type)
	if !ok {
		return nil, s.badRequest(kv.Value.Pos(), "key value %s (%s) does not match the type %s of key property '%s'", constText(c), c.T, p.Type, p.Name)
	}
	return out.Value, nil
}

// keySegment binds a key given as its own segment (`Orders/10248`): the
// parser hands over the segment text as a string literal, read here with
// the literal syntax of the key's type without quotes.
func (s *binding) keySegment(t *metadata.EntityType, seg query.PathSegment) ([]KeyValue, error) {
	if len(t.Key) != 1 {
		return nil, s.badRequest(seg.P, "type '%s' has a composite key (%s): a key segment cannot address it", s.typeName(t), keyNames(t))
	}
	k := t.Key[0]
	text := seg.Name
	if len(seg.Keys) == 1 {
		if l, ok := seg.Keys[0].Value.(*query.Literal); ok && l.Kind == query.LitString {
			text = l.Value.(string)
		} else {
			v, err := s.keyValue(k, seg.Keys[0])
			return []KeyValue{{Prop: k, Value: v}}, err
		}
	}
	v := parseText(k.Type, text)
	if v == nil {
		return nil, s.badRequest(seg.P, "key segment '%s' is not a valid %s value for key property '%s'", text, k.Type, k.Name)
	}
	return []KeyValue{{Prop: k, Value: v}}, nil
}

func keyIndex(t *metadata.EntityType, name string) int {
	for i, k := range t.Key {
		if k.Name == name {
			return i
		}
	}
	return -1
}

func keyNames(t *metadata.EntityType) string {
	names := make([]string, len(t.Key))
	for i, k := range t.Key {
		names[i] = k.Name
	}
	return strings.Join(names, ",")
}
