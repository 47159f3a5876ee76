package mysql

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
)

// TestAdapterSuite runs the shared OData suite against its fixture in
// database odatagw_test_mysql_suite, opened through this package's Open.
func TestAdapterSuite(t *testing.T) {
	dsn := createDatabase(t, testDatabase+"_suite", strings.Join(adaptertest.Fixture("mysql"), ";\n"))
	src, err := Open(context.Background(), dsn, schema.Options{Namespace: "suite"},
		sqldb.Config{Name: "suite", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	adaptertest.Run(t, src)
}
