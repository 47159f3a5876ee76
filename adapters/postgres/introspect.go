package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"odatagw/adapters/sqldb/schema"
)

type tableKey struct{ schema, name string }

// introspect reads the tables, views, materialized views and foreign tables
// of the given schemas from pg_catalog (partitions are skipped: their
// partitioned parent is exposed).
func introspect(ctx context.Context, db *sql.DB, schemas []string) ([]schema.Table, error) {
	if err := checkSchemas(ctx, db, schemas); err != nil {
		return nil, err
	}
	tables, index, err := readTables(ctx, db, schemas)
	if err != nil {
		return nil, err
	}
	if err := readColumns(ctx, db, schemas, tables, index); err != nil {
		return nil, fmt.Errorf("columns: %w", err)
	}
	if err := readKeys(ctx, db, schemas, tables, index); err != nil {
		return nil, fmt.Errorf("keys: %w", err)
	}
	return tables, nil
}

func checkSchemas(ctx context.Context, db *sql.DB, schemas []string) error {
	rows, err := db.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)`, schemas)
	if err != nil {
		return err
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		found[n] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var missing []string
	for _, s := range schemas {
		if !found[s] {
			missing = append(missing, fmt.Sprintf("%q", s))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("schemas: no schema %s in the database", strings.Join(missing, ", "))
	}
	return nil
}

func readTables(ctx context.Context, db *sql.DB, schemas []string) ([]schema.Table, map[tableKey]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT n.nspname, c.relname, c.relkind IN ('v', 'm')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
		ORDER BY n.nspname, c.relname`, schemas)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var tables []schema.Table
	index := map[tableKey]int{}
	for rows.Next() {
		var t schema.Table
		if err := rows.Scan(&t.Schema, &t.Name, &t.IsView); err != nil {
			return nil, nil, err
		}
		index[tableKey{t.Schema, t.Name}] = len(tables)
		tables = append(tables, t)
	}
	return tables, index, rows.Err()
}

// readColumns reads columns with their types resolved through domains. The
// type modifier gives lengths (varchar/bpchar: typmod-4), numeric precision
// and scale ((typmod-4)>>16, (typmod-4)&0xffff) and fractional-second digits.
func readColumns(ctx context.Context, db *sql.DB, schemas []string, tables []schema.Table, index map[tableKey]int) error {
	rows, err := db.QueryContext(ctx, `SELECT n.nspname, c.relname, a.attname,
			format_type(a.atttypid, a.atttypmod),
			CASE WHEN bt.typcategory = 'A' THEN 'array'
			     WHEN btn.nspname = 'pg_catalog' THEN bt.typname::text
			     ELSE 'user-defined' END,
			CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
			NOT a.attnotnull AND NOT (t.typtype = 'd' AND t.typnotnull),
			a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%',
			a.attgenerated <> '',
			pg_get_expr(d.adbin, d.adrelid)
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type t ON t.oid = a.atttypid
		JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
		JOIN pg_namespace btn ON btn.oid = bt.typnamespace
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
			AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY n.nspname, c.relname, a.attnum`, schemas)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			nsp, rel string
			col      schema.Column
			typmod   int
			dflt     sql.NullString
		)
		if err := rows.Scan(&nsp, &rel, &col.Name, &col.DeclaredType, &col.BaseType, &typmod, &col.Nullable,
			&col.AutoIncrement, &col.Generated, &dflt); err != nil {
			return err
		}
		i, ok := index[tableKey{nsp, rel}]
		if !ok {
			continue
		}
		col.Default, col.HasDefault = dflt.String, dflt.Valid
		applyTypmod(&col, typmod)
		tables[i].Columns = append(tables[i].Columns, col)
	}
	return rows.Err()
}

func applyTypmod(col *schema.Column, typmod int) {
	col.Precision, col.Scale = -1, -1
	switch col.BaseType {
	case "varchar", "bpchar":
		if typmod > 4 {
			col.MaxLength = typmod - 4
		}
	case "numeric":
		if typmod > 4 {
			col.Precision = ((typmod - 4) >> 16) & 0xffff
			col.Scale = (typmod - 4) & 0xffff
		}
	case "timestamp", "timestamptz", "time", "timetz":
		col.Precision = 6
		if typmod >= 0 {
			col.Precision = typmod
		}
	}
}

// readKeys reads primary keys and foreign keys (composite ones in column order).
func readKeys(ctx context.Context, db *sql.DB, schemas []string, tables []schema.Table, index map[tableKey]int) error {
	rows, err := db.QueryContext(ctx, `SELECT k.contype, n.nspname, c.relname, k.conname, a.attname,
			coalesce(rn.nspname, ''), coalesce(rc.relname, ''), coalesce(ra.attname, '')
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN LATERAL unnest(k.conkey, coalesce(k.confkey, k.conkey)) WITH ORDINALITY AS u(attnum, refnum, ord)
		JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
		LEFT JOIN pg_class rc ON rc.oid = k.confrelid
		LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
		LEFT JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.refnum
		WHERE k.contype IN ('p', 'f') AND n.nspname = ANY($1) AND k.conparentid = 0
		ORDER BY n.nspname, c.relname, k.contype, k.conname, u.ord`, schemas)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, nsp, rel, name, col, refNsp, refRel, refCol string
		if err := rows.Scan(&kind, &nsp, &rel, &name, &col, &refNsp, &refRel, &refCol); err != nil {
			return err
		}
		i, ok := index[tableKey{nsp, rel}]
		if !ok {
			continue
		}
		t := &tables[i]
		if kind == "p" {
			t.PrimaryKey = append(t.PrimaryKey, col)
			continue
		}
		if n := len(t.ForeignKeys); n == 0 || t.ForeignKeys[n-1].Name != name {
			t.ForeignKeys = append(t.ForeignKeys, schema.ForeignKey{Name: name, RefSchema: refNsp, RefTable: refRel})
		}
		fk := &t.ForeignKeys[len(t.ForeignKeys)-1]
		fk.Columns = append(fk.Columns, col)
		fk.RefColumns = append(fk.RefColumns, refCol)
	}
	return rows.Err()
}
