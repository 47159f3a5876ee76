package sqldb

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/adapters/expand"
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
			q, count, related := goldenPlan(t, tm, filepath.Join(dir, "request.txt"))
			for _, gd := range goldenDialects {
				got := renderGolden(t, gd.d, q, count)
				for _, r := range related {
					got += "-- related " + r.path + "\n" + renderGolden(t, gd.d, &r.q, false)
				}
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

// goldenRead is the read of the entities related to given parents through
// an expanded navigation path.
type goldenRead struct {
	path string
	q    adapters.Query
}

// goldenPlan reads a request.txt and plans it like the gateway. A line
// `related Nav/Nav: [[values of the constraint], …]` adds the statement
// reading the entities related through that expanded path to parents with
// those constraint values (package expand).
func goldenPlan(t *testing.T, tm *testModel, path string) (*adapters.Query, bool, []goldenRead) {
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
	var related []goldenRead
	var levels []*expand.Level
	for _, l := range lines[1:] {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "related "); ok {
			if levels == nil {
				if q, levels, err = adaptertest.PlanExpand(tm.m, strings.TrimSpace(lines[0])); err != nil {
					t.Fatal(err)
				}
			}
			related = append(related, goldenRelated(t, levels, rest))
			continue
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), "after:")
		if !ok {
			continue
		}
		var raw []any
		if err := json.Unmarshal([]byte(rest), &raw); err != nil || len(raw) != len(q.OrderBy) {
			t.Fatalf("after: %q must be a JSON array with one value per order item (%d): %v", rest, len(q.OrderBy), err)
		}
		for i, v := range raw {
			q.After = append(q.After, afterValue(t, q.OrderBy[i].Expr.Type(), v))
		}
	}
	return q, kind == adaptertest.KindCount, related
}

// goldenRelated plans `Nav/Nav: [[v, …], …]`.
func goldenRelated(t *testing.T, levels []*expand.Level, line string) goldenRead {
	t.Helper()
	path, rest, _ := strings.Cut(line, ":")
	var l *expand.Level
	for _, name := range strings.Split(path, "/") {
		i := slices.IndexFunc(levels, func(l *expand.Level) bool { return l.Nav.Name == name })
		if i < 0 {
			t.Fatalf("related %s: %s is not expanded", path, name)
		}
		l, levels = levels[i], levels[i].Levels
	}
	var raw [][]any
	if err := json.Unmarshal([]byte(rest), &raw); err != nil {
		t.Fatalf("related %s: %v", path, err)
	}
	tuples := make([][]any, len(raw))
	for i, r := range raw {
		if len(r) != len(l.Nav.Constraints) {
			t.Fatalf("related %s: %v needs %d values", path, r, len(l.Nav.Constraints))
		}
		for j, v := range r {
			tuples[i] = append(tuples[i], afterValue(t, l.Nav.Constraints[j].Referenced.Type, v))
		}
	}
	return goldenRead{path: path, q: l.ReadFor(tuples)}
}

// afterValue converts a JSON value to the Go value of type typ.
func afterValue(t *testing.T, typ metadata.EdmType, v any) any {
	t.Helper()
	switch typ {
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
	t.Fatalf("after: unsupported type %s", typ)
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
