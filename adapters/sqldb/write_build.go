package sqldb

import (
	"fmt"
	"strings"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// The statements of writes. Every value is a bound parameter; every
// identifier comes from the model through the dialect's quoting. UPDATE and
// DELETE address the table by its name (no alias: MariaDB and SQLite accept
// none in DELETE), and key columns are qualified with it.

// WriteOptions are what a database offers to writes beyond its dialect.
type WriteOptions struct {
	// Returning: INSERT … RETURNING reads back the generated key
	// (PostgreSQL, SQLite ≥ 3.35, MariaDB ≥ 10.5). Without it MySQL reads
	// LAST_INSERT_ID() for an auto-increment key.
	Returning bool
}

// BuildInsert renders the INSERT of ins. With opts.Returning the statement
// returns the key columns (raw, in key order).
func BuildInsert(d Dialect, ins *adapters.Insert, opts WriteOptions) (string, []any, error) {
	if ins == nil || ins.Set == nil || ins.Set.Type == nil {
		return "", nil, fmt.Errorf("sqldb: insert without entity set")
	}
	t := ins.Set.Type
	b := &builder{d: d, root: t}
	cols := make([]string, len(ins.Values))
	vals := make([]Frag, len(ins.Values))
	for i, pv := range ins.Values {
		v, err := storedValue(d, pv.Prop, pv.Value)
		if err != nil {
			return "", nil, err
		}
		cols[i], vals[i] = b.ident(pv.Prop.Column), v
	}
	parts := []any{"INSERT INTO ", b.table(t)}
	switch {
	case len(cols) > 0:
		parts = append(parts, " (", strings.Join(cols, ", "), ") VALUES (", join(vals, ", "), ")")
	case d.Name() == "mysql":
		parts = append(parts, " () VALUES ()")
	default:
		parts = append(parts, " DEFAULT VALUES")
	}
	if opts.Returning {
		keys := make([]string, len(t.Key))
		for i, k := range t.Key {
			keys[i] = b.ident(k.Column)
		}
		parts = append(parts, " RETURNING ", strings.Join(keys, ", "))
	}
	if b.err != nil {
		return "", nil, b.err
	}
	sql, args := finish(d, cat(parts...))
	return sql, args, nil
}

// BuildUpdate renders the UPDATE of upd. With Replace, the properties of
// the type that are not in Values, not keys and not computed are set to
// their default: DEFAULT on PostgreSQL and MySQL, the catalog's default
// expression (or NULL) on SQLite, which has no DEFAULT in UPDATE. It returns
// "" when there is nothing to set.
func BuildUpdate(d Dialect, upd *adapters.Update) (string, []any, error) {
	if upd == nil || upd.Set == nil || upd.Set.Type == nil {
		return "", nil, fmt.Errorf("sqldb: update without entity set")
	}
	t := upd.Set.Type
	b := &builder{d: d, root: t}
	var sets []Frag
	given := map[*metadata.Property]bool{}
	for _, pv := range upd.Values {
		if t.IsKey(pv.Prop) {
			return "", nil, odataerr.BadRequest("key property %s cannot be changed", pv.Prop.Name)
		}
		v, err := storedValue(d, pv.Prop, pv.Value)
		if err != nil {
			return "", nil, err
		}
		given[pv.Prop] = true
		sets = append(sets, cat(b.ident(pv.Prop.Column), " = ", v))
	}
	if upd.Replace {
		for _, p := range t.Properties {
			if given[p] || t.IsKey(p) || p.Computed {
				continue
			}
			sets = append(sets, cat(b.ident(p.Column), " = ", defaultValue(d, p)))
		}
	}
	if len(sets) == 0 {
		return "", nil, nil
	}
	where, err := b.keyWhere(upd.Key)
	if err != nil {
		return "", nil, err
	}
	f := cat("UPDATE ", b.table(t), " SET ", join(sets, ", "), " WHERE ", where)
	if b.err != nil {
		return "", nil, b.err
	}
	sql, args := finish(d, f)
	return sql, args, nil
}

// BuildDelete renders the DELETE of the entity with key.
func BuildDelete(d Dialect, set *metadata.EntitySet, key []adapters.KeyValue) (string, []any, error) {
	if set == nil || set.Type == nil {
		return "", nil, fmt.Errorf("sqldb: delete without entity set")
	}
	b := &builder{d: d, root: set.Type}
	where, err := b.keyWhere(key)
	if err != nil {
		return "", nil, err
	}
	f := cat("DELETE FROM ", b.table(set.Type), " WHERE ", where)
	if b.err != nil {
		return "", nil, b.err
	}
	sql, args := finish(d, f)
	return sql, args, nil
}

// BuildLockedRead renders the SELECT of every property of the entity with
// key that locks the row until the transaction ends (FOR UPDATE; SQLite
// transactions of a writable source take the database's write lock when
// they begin, so its statement is the plain SELECT).
func BuildLockedRead(d Dialect, set *metadata.EntitySet, key []adapters.KeyValue) (string, []any, error) {
	q := &adapters.Query{Set: set, Key: key, Top: -1}
	sql, args, err := Build(d, q)
	if err != nil {
		return "", nil, err
	}
	if d.Name() != "sqlite" {
		sql += " FOR UPDATE"
	}
	return sql, args, nil
}

// keyWhere renders the key restriction on the table itself (no alias):
// every key property equal to its value, exactly.
func (b *builder) keyWhere(key []adapters.KeyValue) (Frag, error) {
	t := b.root
	if len(key) != len(t.Key) {
		return Frag{}, odataerr.BadRequest("the key of %s has %d properties, %d given", t.Name, len(t.Key), len(key))
	}
	table := b.table(t)
	conds := make([]Frag, len(key))
	for i, kv := range key {
		if kv.Prop == nil || kv.Value == nil {
			return Frag{}, odataerr.BadRequest("key values must not be null")
		}
		col := b.d.ReadColumn(table, kv.Prop)
		c, err := b.d.Const(kv.Prop.Type, kv.Value)
		if err != nil {
			return Frag{}, err
		}
		conds[i] = b.d.Compare(bound.Eq, Operand{Frag: col, Type: kv.Prop.Type, Column: true, Prop: kv.Prop},
			Operand{Frag: c, Type: kv.Prop.Type})
	}
	return join(conds, " AND "), nil
}

// defaultValue is what PUT stores in a property the body leaves out.
func defaultValue(d Dialect, p *metadata.Property) Frag {
	if d.Name() != "sqlite" {
		return raw("DEFAULT")
	}
	if p.HasDefault && p.DefaultSQL != "" {
		// The catalog's own text of the table definition, not client input.
		return raw("(" + p.DefaultSQL + ")")
	}
	return raw("NULL")
}
