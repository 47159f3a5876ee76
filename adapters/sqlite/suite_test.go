package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"testing"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
)

// TestAdapterSuite runs the shared OData suite against its fixture, opened
// through this package's Open.
func TestAdapterSuite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "suite.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range adaptertest.Fixture("sqlite") {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	db.Close()
	src, err := Open(context.Background(), path, schema.Options{Namespace: "suite"},
		sqldb.Config{Name: "suite", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	adaptertest.Run(t, src)
}
