package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"odatagw/adapters/sqldb/schema"
)

// introspect reads the tables and views of database dbName from
// information_schema (TABLES, COLUMNS, TABLE_CONSTRAINTS, KEY_COLUMN_USAGE).
func introspect(ctx context.Context, db *sql.DB, dbName string) ([]schema.Table, error) {
	tables, index, err := readTables(ctx, db, dbName)
	if err != nil {
		return nil, err
	}
	if err := readColumns(ctx, db, dbName, tables, index); err != nil {
		return nil, err
	}
	if err := readPrimaryKeys(ctx, db, dbName, tables, index); err != nil {
		return nil, err
	}
	if err := readForeignKeys(ctx, db, dbName, tables, index); err != nil {
		return nil, err
	}
	return tables, nil
}

func readTables(ctx context.Context, db *sql.DB, dbName string) ([]schema.Table, map[string]int, error) {
	rows, err := db.QueryContext(ctx, `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
		ORDER BY TABLE_NAME`, dbName)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var tables []schema.Table
	index := map[string]int{}
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, nil, err
		}
		index[name] = len(tables)
		tables = append(tables, schema.Table{Schema: dbName, Name: name, IsView: typ == "VIEW"})
	}
	return tables, index, rows.Err()
}

func readColumns(ctx context.Context, db *sql.DB, dbName string, tables []schema.Table, index map[string]int) error {
	rows, err := db.QueryContext(ctx, `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE,
			CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, EXTRA, COLUMN_DEFAULT
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`, dbName)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			table, name, colType, dataType, nullable, extra string
			maxLen, prec, scale, dtPrec                     sql.NullInt64
			dflt                                            sql.NullString
		)
		if err := rows.Scan(&table, &name, &colType, &dataType, &nullable, &maxLen, &prec, &scale, &dtPrec, &extra, &dflt); err != nil {
			return err
		}
		i, ok := index[table]
		if !ok {
			continue // a table created between the two queries
		}
		lowerType, lowerExtra := strings.ToLower(colType), strings.ToLower(extra)
		c := schema.Column{
			Name: name, DeclaredType: colType, BaseType: strings.ToLower(dataType), Nullable: nullable == "YES",
			MaxLength: int(min(maxLen.Int64, 1<<31-1)), Precision: -1, Scale: -1,
			Unsigned:      strings.Contains(lowerType, "unsigned"),
			AutoIncrement: strings.Contains(lowerExtra, "auto_increment"),
			Generated: strings.Contains(lowerExtra, "generated") || lowerExtra == "virtual" ||
				lowerExtra == "persistent" || lowerExtra == "stored",
			// MariaDB shows a NULL default as the text NULL.
			Default: dflt.String, HasDefault: dflt.Valid && dflt.String != "NULL",
		}
		switch {
		case dtPrec.Valid:
			c.Precision = int(dtPrec.Int64)
		case prec.Valid:
			c.Precision = int(prec.Int64)
			if scale.Valid {
				c.Scale = int(scale.Int64)
			}
		}
		tables[i].Columns = append(tables[i].Columns, c)
	}
	return rows.Err()
}

func readPrimaryKeys(ctx context.Context, db *sql.DB, dbName string, tables []schema.Table, index map[string]int) error {
	rows, err := db.QueryContext(ctx, `SELECT k.TABLE_NAME, k.COLUMN_NAME
		FROM information_schema.TABLE_CONSTRAINTS c
		JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA
			AND k.TABLE_NAME = c.TABLE_NAME AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME
		WHERE c.TABLE_SCHEMA = ? AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'
		ORDER BY k.TABLE_NAME, k.ORDINAL_POSITION`, dbName)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			return err
		}
		if i, ok := index[table]; ok {
			tables[i].PrimaryKey = append(tables[i].PrimaryKey, column)
		}
	}
	return rows.Err()
}

func readForeignKeys(ctx context.Context, db *sql.DB, dbName string, tables []schema.Table, index map[string]int) error {
	rows, err := db.QueryContext(ctx, `SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME,
			k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
		FROM information_schema.TABLE_CONSTRAINTS c
		JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA
			AND k.TABLE_NAME = c.TABLE_NAME AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME
		WHERE c.TABLE_SCHEMA = ? AND c.CONSTRAINT_TYPE = 'FOREIGN KEY'
		ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`, dbName)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var table, name, column, refSchema, refTable, refColumn string
		if err := rows.Scan(&table, &name, &column, &refSchema, &refTable, &refColumn); err != nil {
			return err
		}
		i, ok := index[table]
		if !ok {
			continue
		}
		fks := &tables[i].ForeignKeys
		if n := len(*fks); n == 0 || (*fks)[n-1].Name != name {
			*fks = append(*fks, schema.ForeignKey{Name: name, RefSchema: refSchema, RefTable: refTable})
		}
		fk := &(*fks)[len(*fks)-1]
		fk.Columns = append(fk.Columns, column)
		fk.RefColumns = append(fk.RefColumns, refColumn)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("foreign keys: %w", err)
	}
	return nil
}
