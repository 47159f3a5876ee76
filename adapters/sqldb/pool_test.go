package sqldb

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"odatagw/metadata"
)

// The configured pool replaces the engine's defaults field by field.
func TestPoolApply(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	DefaultPool.Apply(db)
	if n := db.Stats().MaxOpenConnections; n != 16 {
		t.Fatalf("default max open %d", n)
	}
	load := func(context.Context) (*metadata.Model, error) { return &metadata.Model{}, nil }
	src, err := NewSource(context.Background(), db, SQLite, load, Config{Name: "p", Pool: Pool{MaxOpenConns: 3, ConnMaxLifetime: time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	if n := db.Stats().MaxOpenConnections; n != 3 {
		t.Errorf("configured max open: %d, want 3", n)
	}
	// Ping answers through the pool.
	if err := src.Ping(context.Background()); err != nil {
		t.Errorf("ping: %v", err)
	}
	db.Close()
	if err := src.Ping(context.Background()); err == nil {
		t.Error("ping of a closed pool succeeded")
	}
}
