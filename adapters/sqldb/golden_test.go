package sqldb

import (
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/metadata"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// goldenDialects are the dialects each golden case is rendered for, by file name.
var goldenDialects = []struct {
	file string
	d    Dialect
}{{"sqlite.sql", SQLite}, {"mysql.sql", MySQL}, {"postgres.sql", Postgres}}

// TestGolden walks testdata/golden: each folder is one case with
// request.txt (what is asked, and the plan's name in goldenCases) and the
// SQL plus arguments per dialect. `go test -run TestGolden -update`
// rewrites the SQL files (and creates folders for new cases).
func TestGolden(t *testing.T) {
	tm := newTestModel()
	cases := goldenCases(tm)
	root := filepath.Join("testdata", "golden")
	if *update {
		for name, c := range cases {
			dir := filepath.Join(root, name)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "request.txt"), []byte(c.request+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		seen[name] = true
		t.Run(name, func(t *testing.T) {
			c, ok := cases[name]
			if !ok {
				t.Fatalf("folder %s has no case in goldenCases", name)
			}
			for _, gd := range goldenDialects {
				got := renderGolden(t, gd.d, c)
				path := filepath.Join(root, name, gd.file)
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
	var missing []string
	for name := range cases {
		if !seen[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("cases without a folder (run with -update): %v", missing)
	}
}

// renderGolden translates a case and formats the SQL and its arguments, one per line.
func renderGolden(t *testing.T, d Dialect, c goldenCase) string {
	t.Helper()
	build := Build
	if c.count {
		build = BuildCount
	}
	sql, args, err := build(d, c.q)
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
	case metadata.Decimal:
		return "decimal " + string(v)
	}
	return fmt.Sprintf("%T %v", a, a)
}

// goldenCase is one translation case: the request it stands for and the plan.
type goldenCase struct {
	request string
	q       *adapters.Query
	count   bool
}
