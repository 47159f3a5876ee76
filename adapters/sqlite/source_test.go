package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

func TestSourceReadsEveryMappedType(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	setup, _ := sql.Open("sqlite", path)
	_, err := setup.Exec(`CREATE TABLE v (id INTEGER PRIMARY KEY, flag BOOLEAN, amount DECIMAL(10,2), born DATE,
		at DATETIME, uid UUID, data BLOB, doc JSON, name VARCHAR(20), ratio REAL, misc);
		INSERT INTO v VALUES (1, 1, '12.50', '1968-12-08', '2023-04-05 14:30:00', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
		  x'0102ff', '{"a": [1, 2]}', 'O''Brien', 0.25, 42);
		INSERT INTO v (id) VALUES (2);`)
	setup.Close()
	if err != nil {
		t.Fatal(err)
	}
	src, err := Open(context.Background(), path, schema.Options{Namespace: "t"},
		sqldb.Config{Name: "t", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rows := adaptertest.ReadAll(t, src, "v")
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	want := map[string]any{
		"id": int64(1), "flag": true, "amount": metadata.Decimal("12.50"), "born": metadata.Date{Year: 1968, Month: 12, Day: 8},
		"at": time.Date(2023, 4, 5, 14, 30, 0, 0, time.UTC), "uid": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
		"data": []byte{1, 2, 0xff}, "doc": `{"a": [1, 2]}`, "name": "O'Brien", "ratio": 0.25, "misc": "42",
	}
	for k, w := range want {
		if got := rows[0][k]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", k, got, w)
		}
	}
	for k, v := range rows[1] {
		if k != "id" && v != nil {
			t.Errorf("row 2: %s = %#v, want null", k, v)
		}
	}
}

func TestOpenMissingFileNamesSource(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), schema.Options{Namespace: "t"}, sqldb.Config{Name: "erp"})
	if err == nil || !strings.Contains(err.Error(), `source "erp"`) {
		t.Fatalf("err = %v", err)
	}
}

func orderBy(p *metadata.Property) bound.OrderItem {
	return bound.OrderItem{Expr: &bound.Property{Prop: p}}
}
