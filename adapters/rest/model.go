package rest

import (
	"fmt"
	"strings"

	"odatagw/metadata"
)

// entity is one configured entity set with its model objects.
type entity struct {
	cfg     Entity
	set     *metadata.EntitySet
	fields  []string // per property (Type.Properties order): member name or JSON pointer
	filters map[filterKey]Filter
	sorted  map[*metadata.Property]bool // properties the API sorts exactly as OData
	keyPath string
}

type filterKey struct {
	prop *metadata.Property
	op   string
}

// buildModel turns the configured entities into a model (namespace ns) and
// the entities by set name.
func buildModel(ns string, cfg []Entity) (*metadata.Model, map[string]*entity, error) {
	m := &metadata.Model{Namespace: ns, Container: "Container"}
	byName := map[string]*entity{}
	for i, ec := range cfg {
		e, err := buildEntity(ec)
		if err != nil {
			return nil, nil, fmt.Errorf("rest.entities[%d] (%s): %w", i, ec.Name, err)
		}
		m.Types = append(m.Types, e.set.Type)
		m.Sets = append(m.Sets, e.set)
		byName[ec.Name] = e
	}
	m.SortSets()
	m.Index()
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	return m, byName, nil
}

func buildEntity(ec Entity) (*entity, error) {
	t := &metadata.EntityType{Name: ec.Name, Table: ec.Path}
	e := &entity{cfg: ec, filters: map[filterKey]Filter{}, sorted: map[*metadata.Property]bool{}, keyPath: ec.KeyPath}
	isKey := map[string]bool{}
	for _, k := range ec.Key {
		isKey[k] = true
	}
	for j, pc := range ec.Properties {
		typ := metadata.EdmString
		if pc.Type != "" {
			tt, ok := metadata.ParseEdmType(pc.Type)
			if !ok || tt == metadata.EdmDuration || tt == metadata.EdmSByte {
				return nil, fmt.Errorf("properties[%d].type: %q is not a supported Edm type", j, pc.Type)
			}
			typ = tt
		}
		p := &metadata.Property{Name: pc.Name, Column: pc.Name, Type: typ, Nullable: !isKey[pc.Name],
			MaxLength: pc.MaxLength, Precision: pc.Precision, Scale: pc.Scale, DBType: "json"}
		if pc.Nullable != nil && !isKey[pc.Name] {
			p.Nullable = *pc.Nullable
		}
		switch typ {
		case metadata.EdmDateTimeOffset, metadata.EdmTimeOfDay:
			if pc.Precision == 0 {
				p.Precision = -1
			}
		case metadata.EdmDecimal:
			if pc.Precision == 0 {
				p.Scale = metadata.ScaleVariable
			}
		}
		if isKey[pc.Name] && !metadata.IsKeyType(typ) {
			return nil, fmt.Errorf("key property %s has type %s, which cannot be a key", pc.Name, typ)
		}
		field := pc.Field
		if field == "" {
			field = pc.Name
		}
		t.Properties = append(t.Properties, p)
		e.fields = append(e.fields, field)
	}
	for _, k := range ec.Key {
		t.Key = append(t.Key, t.Property(k))
	}
	if err := markComputed(t, ec.Write); err != nil {
		return nil, err
	}
	for _, s := range ec.Search {
		t.SearchProperties = append(t.SearchProperties, t.Property(s))
	}
	for _, f := range ec.Filters {
		e.filters[filterKey{t.Property(f.Property), f.Op}] = f
	}
	if ec.Sort != nil {
		for _, s := range ec.Sort.Properties {
			e.sorted[t.Property(s)] = true
		}
	}
	e.set = &metadata.EntitySet{Name: ec.Name, Type: t}
	return e, nil
}

// field returns the configured field of property p.
func (e *entity) field(p *metadata.Property) string {
	for i, q := range e.set.Type.Properties {
		if q == p {
			return e.fields[i]
		}
	}
	return p.Name
}

// fieldName is the name used in sort parameters: the member name, or the
// last segment of a JSON pointer.
func fieldName(f string) string {
	if i := strings.LastIndexByte(f, '/'); i >= 0 {
		return f[i+1:]
	}
	return f
}

// markComputed checks the write mapping and makes the properties the API
// does not take (those outside Write.Send, when it lists any) computed:
// $metadata says so and the gateway refuses values for them.
func markComputed(t *metadata.EntityType, w Write) error {
	switch strings.ToUpper(w.UpdateMethod) {
	case "", "PATCH", "PUT":
	default:
		return fmt.Errorf("write.update_method: %q is not PATCH or PUT", w.UpdateMethod)
	}
	switch w.Reread {
	case "", "location", "key":
	default:
		return fmt.Errorf("write.reread: %q is not location or key", w.Reread)
	}
	if len(w.Send) == 0 {
		return nil
	}
	sent := map[*metadata.Property]bool{}
	for _, name := range w.Send {
		p := t.Property(name)
		if p == nil {
			return fmt.Errorf("write.send: %q is not a property", name)
		}
		sent[p] = true
	}
	for _, p := range t.Properties {
		p.Computed = !sent[p]
	}
	return nil
}
