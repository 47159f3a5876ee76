package sqlite

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
)

// The loader re-reads the catalog on every call (schema changes show up on
// the next refresh) and logs warnings only when they change.
func TestLoaderSeesSchemaChangesAndLogsWarningsOnce(t *testing.T) {
	db, _ := testDB(t)
	var logs bytes.Buffer
	load := Loader("t", db, schema.Options{Namespace: "t"}, slog.New(slog.NewTextHandler(&logs, nil)))
	ctx := context.Background()
	m1, err := load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Count(logs.String(), "level=WARN")
	if first != 4 {
		t.Fatalf("%d warnings logged:\n%s", first, logs.String())
	}
	if _, err := db.Exec(`ALTER TABLE customers ADD COLUMN vip BOOLEAN`); err != nil {
		t.Fatal(err)
	}
	m2, err := load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m1.EntitySet("customers").Type.Property("vip") != nil || m2.EntitySet("customers").Type.Property("vip") == nil {
		t.Fatal("the new column is not in the reloaded model (or leaked into the old one)")
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != first {
		t.Fatalf("unchanged warnings logged again (%d lines)", n)
	}
	if _, err := db.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	if _, err := load(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "notes: skipped: table has no primary key") {
		t.Fatalf("new warning not logged:\n%s", logs.String())
	}
}
