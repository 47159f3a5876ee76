package tests

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/gateway"
	"odatagw/internal/observe"
	"odatagw/internal/testenv"
)

// TestSecurityObservability: the request log (at debug level, SQL
// included) and the unauthenticated /metrics carry no hidden value, no
// value of a row outside the caller's filter and no literal of a role's
// filter; /metrics names no principal.
func TestSecurityObservability(t *testing.T) {
	path, _, _ := openAuthzSQLite(t)
	buf := &testenv.SyncBuffer{}
	logger := slog.New(observe.LogHandler(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	obs := observe.New(observe.Config{Logger: logger})
	src, err := sqlite.Open(context.Background(), path, schema.Options{Namespace: "shop", Naming: schema.NamingPascal},
		sqldb.Config{Name: "shop", QueryTimeout: 30 * time.Second, Logger: logger, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	g := authzGuard(t, src, authzRoles, authzKeys)
	e := newEnv(t, gateway.Config{Guard: g, Logger: logger, Observer: obs, MetricsPath: "/metrics"}, "", gateway.Service{Name: "shop", Source: src})
	for _, u := range []string{"Orders?$select=Id,Amount", "Customers", "Orders(3)", "Orders?$select=Note", "Customers('C4')/Orders",
		"Customers?$expand=Orders", "Orders?$apply=groupby((CustomerId),aggregate($count%20as%20N))", "OrderLines?$top=5"} {
		e.get(t, u, "X-API-Key", "key-emea")
	}
	metrics := string(e.get(t, e.srv.URL+"/metrics").mustStatus(t, 200).body)
	if !strings.Contains(metrics, "Orders") {
		t.Fatalf("/metrics has no request of Orders: the test proves nothing\n%s", metrics)
	}
	if strings.Contains(metrics, "key-emea") || strings.Contains(metrics, "emea") {
		t.Errorf("/metrics names the principal or its role")
	}
	log := buf.String()
	if !strings.Contains(log, "sql") || !strings.Contains(log, "key-emea") {
		t.Fatalf("the log has no SQL or no principal: the test proves nothing\n%s", log)
	}
	for _, s := range []string{"secret-", "note ", "'EMEA'", "APAC", "Customer 4"} {
		if strings.Contains(metrics, s) || strings.Contains(log, s) {
			t.Errorf("%q in the metrics or the log", s)
		}
	}
}
