package sqldb

import (
	"context"
	"reflect"
	"testing"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

func TestStoredType(t *testing.T) {
	cases := map[string]metadata.EdmType{
		"character(36)": metadata.EdmString, "varchar(10)": metadata.EdmString, "TEXT": metadata.EdmString,
		"smallint": metadata.EdmInt64, "tinyint(1)": metadata.EdmInt64, "INTEGER": metadata.EdmInt64, "bigint unsigned": metadata.EdmInt64,
		"boolean": metadata.EdmBoolean, "numeric(10,2)": metadata.EdmDecimal, "double precision": metadata.EdmDouble,
		"timestamp with time zone": metadata.EdmDateTimeOffset, "DATETIME": metadata.EdmDateTimeOffset, "date": metadata.EdmDate,
		"time without time zone": metadata.EdmTimeOfDay, "uuid": metadata.EdmGuid, "interval": "", "": "", "jsonb": "",
	}
	for in, want := range cases {
		if got := storedType(in); got != want {
			t.Errorf("storedType(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEngineOverriddenColumns: columns exposed with a configured Edm type
// (text as Guid and Date, integers as Boolean, a date-time as Date) filter,
// order and read as that type on every engine.
func TestEngineOverriddenColumns(t *testing.T) {
	ddl := map[string][]string{
		"sqlite":   {`CREATE TABLE "Ov" ("id" INTEGER PRIMARY KEY, "g" VARCHAR(36) NOT NULL, "b" INTEGER NOT NULL, "d" VARCHAR(10), "ts" DATETIME)`},
		"mysql":    {"CREATE TABLE `Ov` (`id` INT PRIMARY KEY, `g` CHAR(36) NOT NULL, `b` SMALLINT NOT NULL, `d` VARCHAR(10), `ts` DATETIME(3))"},
		"postgres": {`CREATE TABLE "Ov" ("id" INT PRIMARY KEY, "g" CHAR(36) NOT NULL, "b" SMALLINT NOT NULL, "d" VARCHAR(10), "ts" TIMESTAMPTZ)`},
	}
	dbTypes := map[string][]string{ // as the engines' introspection reports them
		"sqlite":   {"INTEGER", "UUID", "INTEGER", "VARCHAR(10)", "DATETIME"}, // g: a GUID column holding upper-case text
		"mysql":    {"int(11)", "char(36)", "smallint(6)", "varchar(10)", "datetime(3)"},
		"postgres": {"integer", "character(36)", "smallint", "character varying(10)", "timestamp with time zone"},
	}
	const rows = `INSERT INTO Ov VALUES (1, 'A3F1C2D4-0000-4000-8000-00000000000C', 2, '2024-03-15', '2024-03-15 23:00:00'),
		(2, 'a3f1c2d4-0000-4000-8000-000000000002', 0, '2023-12-31', '2024-03-16 00:30:00'), (3, 'a3f1c2d4-0000-4000-8000-000000000003', 1, NULL, NULL)`
	for _, e := range openEngines(t) {
		t.Run(e.name, func(t *testing.T) {
			kind := e.d.Name()
			if e.name != "mysql-bytes" {
				stmts := append([]string(nil), ddl[kind]...)
				ins := rows
				if kind == "mysql" {
					ins = mysqlQuote(`INSERT INTO "Ov" VALUES`) + rows[len("INSERT INTO Ov VALUES"):]
				} else {
					ins = `INSERT INTO "Ov" VALUES` + rows[len("INSERT INTO Ov VALUES"):]
				}
				load(t, e.db, append(stmts, ins))
			}
			types := dbTypes[kind]
			props := []*metadata.Property{
				{Name: "id", Column: "id", Type: metadata.EdmInt32, DBType: types[0]},
				{Name: "g", Column: "g", Type: metadata.EdmGuid, DBType: types[1]},
				{Name: "b", Column: "b", Type: metadata.EdmBoolean, DBType: types[2]},
				{Name: "d", Column: "d", Type: metadata.EdmDate, Nullable: true, DBType: types[3]},
				{Name: "ts", Column: "ts", Type: metadata.EdmDate, Nullable: true, DBType: types[4]},
			}
			typ := &metadata.EntityType{Name: "Ov", Table: "Ov", Properties: props, Key: props[:1]}
			set := &metadata.EntitySet{Name: "Ov", Type: typ}
			src := newTestSource(t, e, newTestModel())
			p := func(i int) *bound.Property { return &bound.Property{Prop: props[i]} }
			q := func(f bound.Expr, order ...bound.OrderItem) *adapters.Query {
				return &adapters.Query{Set: set, Top: -1, Filter: f, OrderBy: append(order, asc(p(0)))}
			}
			cases := []struct {
				name string
				q    *adapters.Query
				want []int64
			}{
				{"guid stored upper case", q(eq(p(1), guid("a3f1c2d4-0000-4000-8000-00000000000c"))), []int64{1}},
				{"guid in", q(in(p(1), guid("a3f1c2d4-0000-4000-8000-00000000000c"), guid("a3f1c2d4-0000-4000-8000-000000000002"))), []int64{1, 2}},
				{"integer as boolean", q(p(2)), []int64{1, 3}},
				{"integer as boolean eq false", q(eq(p(2), boolC(false))), []int64{2}},
				{"not integer as boolean", q(not(p(2))), []int64{2}},
				{"text as date ge", q(bin(bound.Ge, p(3), date(2024, 1, 1))), []int64{1}},
				{"text as date year", q(eq(call(bound.FnYear, metadata.EdmInt32, p(3)), i32(2023))), []int64{2}},
				{"text as date order", q(nil, desc(p(3))), []int64{1, 2, 3}},
				{"date-time as date", q(eq(p(4), date(2024, 3, 16))), []int64{2}},
			}
			for _, c := range cases {
				got, err := queryIDs(context.Background(), src, c.q)
				if err != nil || !reflect.DeepEqual(got, c.want) {
					sql, args, _ := Build(e.d, c.q)
					t.Errorf("%s: got %v, %v; want %v\n%s %v", c.name, got, err, c.want, sql, args)
				}
			}
			// Keyset pages over the GUID follow the order of the full result.
			byG := func(after []any) *adapters.Query {
				return &adapters.Query{Set: set, Top: 1, After: after, OrderBy: []bound.OrderItem{asc(p(1)), asc(p(0))}}
			}
			full, err := queryIDs(context.Background(), src, &adapters.Query{Set: set, Top: -1, OrderBy: byG(nil).OrderBy})
			if err != nil || !reflect.DeepEqual(full, []int64{2, 3, 1}) {
				t.Errorf("order by GUID: %v, %v", full, err)
			}
			var paged []int64
			var after []any
			for range 4 {
				rows, err := src.Query(context.Background(), byG(after))
				if err != nil {
					t.Fatal(err)
				}
				if !rows.Next() {
					rows.Close()
					break
				}
				v := rows.Values()
				paged, after = append(paged, v[0].(int64)), []any{v[1], v[0]}
				rows.Close()
			}
			if !reflect.DeepEqual(paged, full) {
				t.Errorf("keyset pages by GUID %v, full order %v", paged, full)
			}
			all, err := src.Query(context.Background(), q(nil))
			if err != nil {
				t.Fatal(err)
			}
			defer all.Close()
			var first []any
			if all.Next() {
				first = append(first, all.Values()...)
			}
			want := []any{int64(1), "a3f1c2d4-0000-4000-8000-00000000000c", true, metadata.Date{Year: 2024, Month: 3, Day: 15}, metadata.Date{Year: 2024, Month: 3, Day: 15}}
			if !reflect.DeepEqual(first, want) {
				t.Errorf("row 1 = %#v, want %#v", first, want)
			}
		})
	}
}
