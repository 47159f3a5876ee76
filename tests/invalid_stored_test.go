package tests

import (
	"net/http"
	"strings"
	"testing"

	"odatagw/adapters/sqldb/schema"
	"odatagw/gateway"
)

// TestInvalidStoredValues: SQLite keeps whatever is written into a typed
// column ('abc' in an INT column, 'not a date' in a DATE one). Reading such
// a row is a 502 SourceInvalidData naming the property (the source answered
// with data its schema does not allow; neither the gateway nor the request
// is at fault), sent as a proper error even after good rows, never a 500 or
// a dropped connection; the rows around it stay readable.
func TestInvalidStoredValues(t *testing.T) {
	src, _, _ := openSQLiteFixture(t, []string{
		"CREATE TABLE b (id INTEGER PRIMARY KEY, n INT, d DATE)",
		"INSERT INTO b VALUES (1, 5, '2024-01-01'), (2, 6, '2024-01-02'), (3, 'abc', '2024-01-03'), (4, 7, 'not a date')",
	}, schema.Options{Namespace: "bad"})
	e := newEnv(t, gateway.Config{}, "", gateway.Service{Name: "bad", Source: src})
	for url, prop := range map[string]string{"b?$orderby=id": "n", "b(3)": "n", "b?$select=id,d": "d", "b(4)?$select=d": "d"} {
		r := e.get(t, url)
		if r.status != http.StatusBadGateway {
			t.Errorf("%s: status %d, want 502: %s", url, r.status, trunc(r.body))
			continue
		}
		if oe := r.odataError(t); oe.Error.Code != "SourceInvalidData" || !strings.Contains(oe.Error.Message, "property "+prop+" ") {
			t.Errorf("%s: %s %q", url, oe.Error.Code, oe.Error.Message)
		}
	}
	if rows := e.get(t, "b?$filter=id%20le%202").collection(t).rows(t); len(rows) != 2 {
		t.Errorf("the good rows: %v", rows)
	}
}
