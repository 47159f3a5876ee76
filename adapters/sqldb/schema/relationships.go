package schema

import (
	"fmt"
	"slices"
	"strings"

	"odatagw/metadata"
)

// Relationship declares a relationship the database does not (views, legacy
// schemas without foreign keys). It is turned into the same raw ForeignKey an
// engine reads from its catalog and then follows the foreign-key path: a
// navigation property on both sides, referential constraints, nullability
// from the dependent columns, derived names (see (*builder).navigation)
// unless Name or Partner say otherwise, renames via entities.<t>.navigation.
//
// Only the principal's key can be referenced: the gateway cannot check that
// other columns are unique, and a single-valued navigation property over
// non-unique columns would return several entities. To reference other
// unique columns (typically of a view), declare them as the principal's key
// with entities.<to>.key.
//
// When the database also declares a foreign key with the same columns and
// target, the declaration replaces it (with a warning), so that adding the
// constraint later does not change the names clients use.
type Relationship struct {
	// Name is the navigation property on the dependent side (optional).
	Name string `yaml:"name"`
	// From is the dependent table or view ("table" or "schema.table").
	From string `yaml:"from"`
	// Columns are From's columns holding the reference.
	Columns []string `yaml:"columns"`
	// To is the principal table or view.
	To string `yaml:"to"`
	// References are To's columns, pairwise with Columns; default: its key.
	References []string `yaml:"references"`
	// Partner is the navigation property on the principal side (optional).
	Partner string `yaml:"partner"`
}

// declaredFK is a validated Relationship in the shape of a foreign key.
type declaredFK struct {
	fk            ForeignKey
	name, partner string // explicit navigation property names, "" = derive
	where         string // "relationships[i]", for messages
}

// sameFK reports whether fk (declared on a table of schema) joins the same
// columns to the same target as d.
func (d *declaredFK) sameFK(schema string, fk ForeignKey) bool {
	ref := fk.RefSchema
	if ref == "" {
		ref = schema
	}
	return ref == d.fk.RefSchema && fk.RefTable == d.fk.RefTable &&
		slices.Equal(fk.Columns, d.fk.Columns) && slices.Equal(fk.RefColumns, d.fk.RefColumns)
}

// resolveRelationships validates Options.Relationships against the exposed
// entities and records them, as foreign keys, by dependent table.
func (b *builder) resolveRelationships(idx *tableIndex) error {
	byTable := map[*Table]*entity{}
	for _, e := range b.entities {
		byTable[e.raw] = e
	}
	b.declared = map[*Table][]*declaredFK{}
	for i, r := range b.opts.Relationships {
		where := fmt.Sprintf("relationships[%d]", i)
		dep, err := exposedEntity(idx, byTable, where+".from", r.From)
		if err != nil {
			return err
		}
		prin, err := exposedEntity(idx, byTable, where+".to", r.To)
		if err != nil {
			return err
		}
		depProps, err := relColumns(dep, where+".columns", r.Columns)
		if err != nil {
			return err
		}
		refs, refWhere := r.References, where+".references"
		if len(refs) == 0 {
			for _, k := range prin.et.Key {
				refs = append(refs, k.Column)
			}
			refWhere = where + ".references (default: the key of " + prin.label + ")"
		}
		prinProps, err := relColumns(prin, refWhere, refs)
		if err != nil {
			return err
		}
		if len(depProps) != len(prinProps) {
			return fmt.Errorf("%s.columns: %d column(s) but %s has %d", where, len(depProps), refWhere, len(prinProps))
		}
		if len(prinProps) != len(prin.et.Key) || slices.ContainsFunc(prinProps, func(p *propRef) bool { return !prin.et.IsKey(p.prop) }) {
			var key []string
			for _, k := range prin.et.Key {
				key = append(key, k.Column)
			}
			return fmt.Errorf("%s: [%s] is not the key of %q (key: [%s]); only the key can be referenced: if those columns are unique, make them the key with entities.%s.key",
				refWhere, strings.Join(refs, ", "), prin.label, strings.Join(key, ", "), prin.label)
		}
		for j, dp := range depProps {
			if pp := prinProps[j]; dp.prop.Type != pp.prop.Type {
				return fmt.Errorf("%s.columns[%d]: column %q of %q is %s but references[%d] %q of %q is %s; override one of the types (entities.<table>.properties.<column>.type) to match",
					where, j, dp.column, dep.label, dp.prop.Type, j, pp.column, prin.label, pp.prop.Type)
			}
		}
		for _, n := range []struct{ key, name string }{{"name", r.Name}, {"partner", r.Partner}} {
			if n.name != "" && !IsIdentifier(n.name) {
				return fmt.Errorf("%s.%s: %q is not a valid OData identifier (letters, digits, _; not starting with a digit; at most 128)", where, n.key, n.name)
			}
		}
		d := &declaredFK{name: r.Name, partner: r.Partner, where: where,
			fk: ForeignKey{Name: where, Columns: slices.Clone(r.Columns), RefSchema: prin.raw.Schema, RefTable: prin.raw.Name, RefColumns: refs}}
		b.declared[dep.raw] = append(b.declared[dep.raw], d)
	}
	return nil
}

// exposedEntity finds the exposed entity for a table name of the configuration.
func exposedEntity(idx *tableIndex, byTable map[*Table]*entity, where, name string) (*entity, error) {
	if name == "" {
		return nil, fmt.Errorf("%s: missing (a table or view name)", where)
	}
	t, err := idx.lookup(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	e := byTable[t]
	if e == nil {
		return nil, fmt.Errorf("%s: %q is not exposed (it is not in tables, or it was skipped: see the warnings; views need entities.%s.key)", where, name, name)
	}
	return e, nil
}

// propRef is a column named in a relationship and its property.
type propRef struct {
	column string
	prop   *metadata.Property
}

// relColumns resolves column names of e to exposed properties.
func relColumns(e *entity, where string, cols []string) ([]*propRef, error) {
	if len(cols) == 0 {
		return nil, fmt.Errorf("%s: missing (a list of column names)", where)
	}
	out := make([]*propRef, 0, len(cols))
	for _, c := range cols {
		p := e.byColumn[c]
		switch {
		case slices.ContainsFunc(out, func(r *propRef) bool { return r.column == c }):
			return nil, fmt.Errorf("%s: column %q is listed twice", where, c)
		case p == nil && slices.Contains(e.opts.Hide, c):
			return nil, fmt.Errorf("%s: column %q of %q is hidden (entities.%s.hide)", where, c, e.label, e.label)
		case p == nil && slices.ContainsFunc(e.raw.Columns, func(col Column) bool { return col.Name == c }):
			return nil, fmt.Errorf("%s: column %q of %q is not exposed (see the warnings)", where, c, e.label)
		case p == nil:
			return nil, fmt.Errorf("%s: %q has no column %q", where, e.label, c)
		}
		out = append(out, &propRef{column: c, prop: p})
	}
	return out, nil
}
