package schema

import (
	"fmt"
	"slices"

	"odatagw/metadata"
)

// entity builds the entity type and set for one table; it returns nil (and a
// warning) for a table that cannot be exposed.
func (b *builder) entity(e *entity) (*entity, error) {
	t, label := e.raw, e.label
	name, ok, err := b.setName(e)
	if err != nil || !ok {
		return nil, err
	}
	if err := b.checkColumnOptions(e); err != nil {
		return nil, err
	}
	et := &metadata.EntityType{Name: name, Table: t.Name, DBSchema: t.Schema, IsView: t.IsView}
	e.et, e.byColumn = et, map[string]*metadata.Property{}
	e.set = &metadata.EntitySet{Name: name, Type: et}
	propNames := map[string]string{} // EDM name → column
	for _, col := range t.Columns {
		if slices.Contains(e.opts.Hide, col.Name) {
			continue
		}
		p, err := b.property(e, col)
		if err != nil {
			return nil, err
		}
		if p == nil {
			continue
		}
		if other, dup := propNames[p.Name]; dup {
			return nil, fmt.Errorf("table %q: columns %q and %q both become property %q; rename one with entities.%s.properties.<column>.name",
				label, other, col.Name, p.Name, label)
		}
		propNames[p.Name] = col.Name
		et.Properties = append(et.Properties, p)
		e.byColumn[col.Name] = p
	}
	if ok, err := b.key(e); err != nil || !ok {
		return nil, err
	}
	if err := b.search(e); err != nil {
		return nil, err
	}
	if err := b.version(e); err != nil {
		return nil, err
	}
	return e, nil
}

// setName picks the entity set name: the configured one, else the table name
// (schema-prefixed when several schemas are read), sanitised and converted
// per the naming convention.
func (b *builder) setName(e *entity) (string, bool, error) {
	if n := e.opts.EntitySet; n != "" {
		if !IsIdentifier(n) {
			return "", false, fmt.Errorf("entities.%s.name: %q is not a valid OData identifier (letters, digits, _; not starting with a digit; at most 128)", e.label, n)
		}
		return n, true, nil
	}
	base := e.raw.Name
	if b.qualify && e.raw.Schema != "" {
		base = e.raw.Schema + "_" + e.raw.Name
	}
	name, ok := b.identifier(e.label, "", base)
	if !ok {
		return "", false, nil
	}
	return applyNaming(b.opts.Naming, name), true, nil
}

// identifier sanitises a database name, warning when it changes and when
// nothing usable is left (the object is then skipped).
func (b *builder) identifier(table, column, name string) (string, bool) {
	if IsIdentifier(name) {
		return name, true
	}
	what := "table"
	if column != "" {
		what = "column"
	}
	s := sanitize(name)
	if s == "" {
		b.warn(table, column, "skipped: the %s name has no letter or digit to make an OData identifier from; rename it in the configuration", what)
		return "", false
	}
	b.warn(table, column, "the %s name is not a valid OData identifier; exposed as %q", what, s)
	return s, true
}

// checkColumnOptions rejects options naming columns the table does not have.
func (b *builder) checkColumnOptions(e *entity) error {
	has := func(c string) bool {
		return slices.ContainsFunc(e.raw.Columns, func(col Column) bool { return col.Name == c })
	}
	for _, c := range e.opts.Hide {
		if !has(c) {
			return fmt.Errorf("entities.%s.hide: no column %q", e.label, c)
		}
	}
	for c := range e.opts.Columns {
		if !has(c) {
			return fmt.Errorf("entities.%s.properties: no column %q", e.label, c)
		}
	}
	return nil
}

// property maps one column; nil means skipped (with a warning).
func (b *builder) property(e *entity, col Column) (*metadata.Property, error) {
	co := e.opts.Columns[col.Name]
	where := fmt.Sprintf("entities.%s.properties.%s", e.label, col.Name)
	m := b.mapType(col)
	if !clientSafe[m.Type] || (m.ReadAsText && m.Type != metadata.EdmString) {
		return nil, fmt.Errorf("table %q column %q: type mapper returned %q (internal error)", e.label, col.Name, m.Type)
	}
	native := m.Type
	if co.Type != "" {
		var err error
		if m, err = override(m, co.Type, col); err != nil {
			return nil, fmt.Errorf("%s.type: %w", where, err)
		}
	}
	restated, columnLength := false, 0
	switch {
	case co.MaxLength != 0:
		if m.Type != metadata.EdmString && m.Type != metadata.EdmBinary || co.MaxLength < 0 {
			return nil, fmt.Errorf("%s.max_length: only a positive length on a String or Binary property", where)
		}
		m.MaxLength = co.MaxLength // stated for this column: also the limit on writes, as it always was
	case m.Type == metadata.EdmString:
		if n := b.opts.StringMaxLength.merge(e.opts.StringMaxLength).restate(m.MaxLength); n != m.MaxLength {
			restated, columnLength, m.MaxLength = true, m.MaxLength, n
		}
	}
	name := co.Name
	if name != "" && !IsIdentifier(name) {
		return nil, fmt.Errorf("%s.name: %q is not a valid OData identifier (letters, digits, _; not starting with a digit; at most 128)", where, name)
	}
	if name == "" {
		n, ok := b.identifier(e.label, col.Name, col.Name)
		if !ok {
			return nil, nil
		}
		name = applyNaming(b.opts.Naming, n)
	}
	return &metadata.Property{
		Name:            name,
		Column:          col.Name,
		Type:            m.Type,
		Nullable:        col.Nullable,
		MaxLength:       m.MaxLength,
		LengthRestated:  restated,
		ColumnMaxLength: columnLength,
		Precision:       m.Precision,
		Scale:           m.Scale,
		Computed:        col.AutoIncrement || col.Generated,
		HasDefault:      col.HasDefault,
		DefaultSQL:      col.Default,
		DBType:          col.DeclaredType,
		ReadAsText:      m.ReadAsText,
		NativeType:      native,
	}, nil
}

// key sets the entity's key from the configuration or the primary key.
// Tables without either are skipped with a warning; so are tables whose
// primary key cannot be an OData key. A configured key that cannot be used is
// an error.
func (b *builder) key(e *entity) (bool, error) {
	cols, configured := e.opts.Key, len(e.opts.Key) > 0
	if !configured {
		cols = e.raw.PrimaryKey
	}
	if len(cols) == 0 {
		what := "table has no primary key"
		if e.raw.IsView {
			what = "views have no primary key"
		}
		b.warn(e.label, "", "skipped: %s; configure entities.%s.key to expose it", what, e.label)
		return false, nil
	}
	var key []*metadata.Property
	for _, c := range cols {
		p, problem := e.byColumn[c], ""
		switch {
		case p == nil && slices.Contains(e.opts.Hide, c):
			problem = "is hidden"
		case p == nil && !slices.ContainsFunc(e.raw.Columns, func(col Column) bool { return col.Name == c }):
			problem = "does not exist"
		case p == nil:
			problem = "is not exposed"
		case !keyTypes[p.Type] || p.ReadAsText:
			problem = fmt.Sprintf("has type %s (%s), which cannot be part of an OData key", p.Type, p.DBType)
		case slices.Contains(key, p):
			problem = "is listed twice"
		}
		if problem != "" {
			if configured || problem == "is hidden" {
				return false, fmt.Errorf("entities.%s.key: column %q %s", e.label, c, problem)
			}
			b.warn(e.label, c, "skipped: primary key column %s; configure entities.%s.key", problem, e.label)
			return false, nil
		}
		key = append(key, p)
	}
	for _, p := range key {
		p.Nullable = false // key properties are never null (views report every column nullable)
	}
	e.et.Key = key
	return true, nil
}

// search sets the properties $search looks in.
func (b *builder) search(e *entity) error {
	for _, c := range e.opts.Search {
		p := e.byColumn[c]
		if p == nil {
			return fmt.Errorf("entities.%s.search: no exposed column %q", e.label, c)
		}
		if p.Type != metadata.EdmString {
			return fmt.Errorf("entities.%s.search: column %q is %s; only String columns can be searched", e.label, c, p.Type)
		}
		e.et.SearchProperties = append(e.et.SearchProperties, p)
	}
	return nil
}

// version marks the configured version column (writes.etag) as computed:
// the gateway maintains it, clients do not write it.
func (b *builder) version(e *entity) error {
	c := e.opts.Version
	if c == "" {
		return nil
	}
	p := e.byColumn[c]
	switch {
	case p == nil:
		return fmt.Errorf("entities.%s.writes.etag: no exposed column %q", e.label, c)
	case !p.Type.IsIntegral() && p.Type != metadata.EdmDateTimeOffset:
		return fmt.Errorf("entities.%s.writes.etag: column %q is %s; a version column is an integer or a date-time", e.label, c, p.Type)
	case e.et.IsKey(p):
		return fmt.Errorf("entities.%s.writes.etag: column %q is part of the key", e.label, c)
	}
	p.Computed = true
	return nil
}
