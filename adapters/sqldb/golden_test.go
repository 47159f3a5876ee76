package sqldb

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

var update = flag.Bool("update", false, "rewrite the SQL files of testdata/golden")

// goldenDialects are the dialects each golden case is rendered for, by file name.
var goldenDialects = []struct {
	file string
	d    Dialect
}{{"sqlite.sql", SQLite}, {"mysql.sql", MySQL}, {"postgres.sql", Postgres}}

// TestGolden walks testdata/golden. Each folder is one case: request.txt
// holds the OData request (relative to the service root of the test model
// in model_test.go), parsed and bound by gateway/query and
// gateway/query/bound, optionally followed by a line `after: [json values]`
// for keyset continuation; <dialect>.sql holds the statement and its
// arguments, one per line. `go test -run TestGolden -update` rewrites the
// SQL files (add a case by adding a folder with a request.txt).
func TestGolden(t *testing.T) {
	tm := newTestModel()
	root := filepath.Join("testdata", "golden")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		dir := filepath.Join(root, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			q, count := goldenPlan(t, tm, filepath.Join(dir, "request.txt"))
			for _, gd := range goldenDialects {
				got := renderGolden(t, gd.d, q, count)
				path := filepath.Join(dir, gd.file)
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if string(want) != got {
					t.Errorf("%s differs from the translation:\n--- want\n%s--- got\n%s", path, want, got)
				}
			}
		})
	}
	if n < 40 {
		t.Errorf("only %d golden cases found", n)
	}
}

// goldenPlan reads a request.txt and plans it like the gateway.
func goldenPlan(t *testing.T, tm *testModel, path string) (*adapters.Query, bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	q, kind, err := adaptertest.Plan(tm.m, strings.TrimSpace(lines[0]))
	if err != nil {
		t.Fatalf("%s: %v", lines[0], err)
	}
	for _, l := range lines[1:] {
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), "after:")
		if !ok {
			continue
		}
		var raw []any
		if err := json.Unmarshal([]byte(rest), &raw); err != nil || len(raw) != len(q.OrderBy) {
			t.Fatalf("after: %q must be a JSON array with one value per order item (%d): %v", rest, len(q.OrderBy), err)
		}
		for i, v := range raw {
			q.After = append(q.After, afterValue(t, q.OrderBy[i], v))
		}
	}
	return q, kind == adaptertest.KindCount
}

// afterValue converts a JSON value to the Go value of the order item's type.
func afterValue(t *testing.T, it bound.OrderItem, v any) any {
	t.Helper()
	switch it.Expr.Type() {
	case metadata.EdmString:
		return v.(string)
	case metadata.EdmInt32, metadata.EdmInt64, metadata.EdmInt16, metadata.EdmByte:
		return int64(v.(float64))
	case metadata.EdmDateTimeOffset:
		ts, err := time.Parse(time.RFC3339Nano, v.(string))
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	t.Fatalf("after: unsupported type %s", it.Expr.Type())
	return nil
}

// renderGolden translates a plan and formats the SQL and its arguments, one per line.
func renderGolden(t *testing.T, d Dialect, q *adapters.Query, count bool) string {
	t.Helper()
	build := Build
	if count {
		build = BuildCount
	}
	sql, args, err := build(d, q)
	if err != nil {
		t.Fatalf("%s: %v", d.Name(), err)
	}
	if n := strings.Count(sql, "?"); d.Placeholder(1) == "?" && n != len(args) {
		t.Fatalf("%s: %d placeholders for %d args in %s", d.Name(), n, len(args), sql)
	}
	var sb strings.Builder
	sb.WriteString(sql)
	sb.WriteString("\n")
	for _, a := range args {
		sb.WriteString("-- ")
		sb.WriteString(formatArg(a))
		sb.WriteString("\n")
	}
	return sb.String()
}

func formatArg(a any) string {
	switch v := a.(type) {
	case string:
		return "string " + strconv.Quote(v)
	case time.Time:
		return "time " + v.Format(time.RFC3339Nano)
	case []byte:
		return "bytes " + base64.StdEncoding.EncodeToString(v)
	}
	return fmt.Sprintf("%T %v", a, a)
}
