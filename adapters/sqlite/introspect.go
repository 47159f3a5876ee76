package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"odatagw/adapters/sqldb/schema"
)

// introspect reads every table and view of the main database: pragma_table_list
// for the list, pragma_table_xinfo for columns and primary keys,
// pragma_foreign_key_list for foreign keys (one query each per table).
func introspect(ctx context.Context, db *sql.DB) ([]schema.Table, error) {
	// pragma_table_list (SQLite 3.37+) tells shadow tables (the storage of
	// FTS and other virtual tables) apart; they are never exposed.
	rows, err := db.QueryContext(ctx, `SELECT name, type FROM pragma_table_list
		WHERE schema = 'main' AND type IN ('table', 'view', 'virtual')
			AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var tables []schema.Table
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, schema.Table{Name: name, IsView: typ == "view"})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range tables {
		t := &tables[i]
		if err := readColumns(ctx, db, t); err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name, err)
		}
		if err := readForeignKeys(ctx, db, t); err != nil {
			return nil, fmt.Errorf("table %q: %w", t.Name, err)
		}
	}
	resolveImplicitReferences(tables)
	return tables, nil
}

// readColumns fills columns and the primary key. hidden: 0 normal, 1 hidden
// column of a virtual table (skipped), 2/3 generated columns.
func readColumns(ctx context.Context, db *sql.DB, t *schema.Table) error {
	rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value, pk, hidden
		FROM pragma_table_xinfo(?) ORDER BY cid`, t.Name)
	if err != nil {
		return err
	}
	defer rows.Close()
	pk := map[int]string{}
	for rows.Next() {
		var (
			name, declared string
			notNull, pkPos int
			hidden         int
			dflt           sql.NullString
		)
		if err := rows.Scan(&name, &declared, &notNull, &dflt, &pkPos, &hidden); err != nil {
			return err
		}
		if hidden == 1 {
			continue
		}
		base, args := schema.ParseDeclaredType(declared)
		c := schema.Column{
			Name: name, DeclaredType: declared, BaseType: base, Nullable: notNull == 0 && pkPos == 0,
			Precision: -1, Scale: -1, Generated: hidden >= 2,
			Default: dflt.String, HasDefault: dflt.Valid,
		}
		switch {
		case strings.Contains(base, "char") || strings.Contains(base, "clob") || strings.Contains(base, "text") || base == "blob":
			if len(args) > 0 {
				c.MaxLength = args[0]
			}
		case len(args) > 0:
			c.Precision = args[0]
			if len(args) > 1 {
				c.Scale = args[1]
			}
		}
		if pkPos > 0 {
			pk[pkPos] = name
		}
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := 1; i <= len(pk); i++ {
		t.PrimaryKey = append(t.PrimaryKey, pk[i])
	}
	// A single INTEGER PRIMARY KEY column is the rowid: SQLite assigns it
	// (with or without AUTOINCREMENT, which only prevents reuse).
	if len(t.PrimaryKey) == 1 && !t.IsView {
		for i := range t.Columns {
			c := &t.Columns[i]
			if c.Name == t.PrimaryKey[0] && strings.EqualFold(c.DeclaredType, "INTEGER") {
				c.AutoIncrement = true
			}
		}
	}
	return nil
}

func readForeignKeys(ctx context.Context, db *sql.DB, t *schema.Table) error {
	if t.IsView {
		return nil
	}
	rows, err := db.QueryContext(ctx, `SELECT id, "table", "from", "to"
		FROM pragma_foreign_key_list(?) ORDER BY id, seq`, t.Name)
	if err != nil {
		return err
	}
	defer rows.Close()
	byID := map[int]int{} // constraint id → index in t.ForeignKeys
	for rows.Next() {
		var (
			id        int
			ref, from string
			to        sql.NullString
		)
		if err := rows.Scan(&id, &ref, &from, &to); err != nil {
			return err
		}
		i, ok := byID[id]
		if !ok {
			i = len(t.ForeignKeys)
			byID[id] = i
			// SQLite keeps no constraint names in the pragma; number them.
			t.ForeignKeys = append(t.ForeignKeys, schema.ForeignKey{Name: fmt.Sprintf("fk_%s_%d", t.Name, id), RefTable: ref})
		}
		fk := &t.ForeignKeys[i]
		fk.Columns = append(fk.Columns, from)
		fk.RefColumns = append(fk.RefColumns, to.String) // "" = the referenced table's primary key
	}
	return rows.Err()
}

// resolveImplicitReferences fills the referenced columns of foreign keys
// declared as "REFERENCES t" without a column list: they reference t's primary
// key. Foreign keys that cannot be resolved get no referenced columns and are
// skipped by the builder with a warning.
func resolveImplicitReferences(tables []schema.Table) {
	pks := map[string][]string{}
	for _, t := range tables {
		pks[strings.ToLower(t.Name)] = t.PrimaryKey
	}
	for i := range tables {
		for j := range tables[i].ForeignKeys {
			fk := &tables[i].ForeignKeys[j]
			for _, name := range tables {
				if strings.EqualFold(name.Name, fk.RefTable) {
					fk.RefTable = name.Name // SQLite names are case-insensitive
				}
			}
			if fk.RefColumns[0] != "" {
				continue
			}
			if pk := pks[strings.ToLower(fk.RefTable)]; len(pk) == len(fk.Columns) {
				fk.RefColumns = pk
			} else {
				fk.RefColumns = nil
			}
		}
	}
}
