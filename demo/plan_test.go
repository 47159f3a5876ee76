package demo

import (
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqlite"
)

// TestNewestOrdersWalkTheOrderDateIndex: the benchmark's page of the newest
// orders of a country compares and orders OrderDate as stored (the demo
// writes one form), so SQLite walks Orders_OrderDate backwards and stops
// after 50 matches, instead of sorting every order by STRFTIME(OrderDate).
func TestNewestOrdersWalkTheOrderDateIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := Create(ctx, path); err != nil {
		t.Fatal(err)
	}
	src, err := sqlite.Open(ctx, path, Options(), sqldb.Config{Name: "demo", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m, err := src.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	orders := m.EntitySet("Orders").Type
	if f := orders.Property("OrderDate").StoredForm; f != "2006-01-02 15:04:05" {
		t.Errorf("OrderDate stored form %q", f)
	}
	if f := orders.Property("ShippedDate").StoredForm; f != "" {
		t.Errorf("ShippedDate (no index) stored form %q", f)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, req := range []string{
		"Orders?$filter=ShipCountry eq 'Germany'&$orderby=OrderDate desc,OrderID desc&$top=50",
		"Orders?$filter=OrderDate ge 2024-06-01T00:00:00Z and OrderDate lt 2024-07-01T00:00:00Z&$orderby=OrderDate,OrderID",
	} {
		q, _, err := adaptertest.Plan(m, req)
		if err != nil {
			t.Fatal(err)
		}
		stmt, args, err := sqldb.Build(sqldb.SQLite, q)
		if err != nil {
			t.Fatal(err)
		}
		plan := adaptertest.SQLiteQueryPlan(t, db, stmt, args)
		if !strings.Contains(plan, "USING INDEX Orders_OrderDate") || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s\n%s\nplan:\n%s", req, stmt, plan)
		}
	}
}
