package sqldb

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/metadata"
)

// TestWriteGolden renders the write statements of fixed plans against the
// test model for each dialect and compares them with
// testdata/golden_writes/<case>/<dialect>.sql (-update rewrites them).
func TestWriteGolden(t *testing.T) {
	tm := newTestModel()
	items, lines := tm.items, tm.lines
	p := func(set *metadata.EntitySet, name string) *metadata.Property { return set.Type.Property(name) }
	itemKey := []adapters.KeyValue{{Prop: items.Type.Key[0], Value: int64(7)}}
	lineKey := []adapters.KeyValue{{Prop: lines.Type.Key[0], Value: int64(1)}, {Prop: lines.Type.Key[1], Value: int64(2)}}
	values := []adapters.PropertyValue{
		{Prop: p(items, "Name"), Value: "O'Brien"}, {Prop: p(items, "Price"), Value: metadata.Decimal("12.5")},
		{Prop: p(items, "Active"), Value: true}, {Prop: p(items, "Released"), Value: metadata.Date{Year: 2024, Month: 2, Day: 29}},
		{Prop: p(items, "Updated"), Value: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)}, {Prop: p(items, "Qty"), Value: nil},
	}
	type render func(d Dialect) (string, []any, error)
	cases := []struct {
		name string
		f    render
	}{
		{"insert_returning", func(d Dialect) (string, []any, error) {
			return BuildInsert(d, &adapters.Insert{Set: items, Values: values}, WriteOptions{Returning: true})
		}},
		{"insert_plain", func(d Dialect) (string, []any, error) {
			return BuildInsert(d, &adapters.Insert{Set: lines, Values: []adapters.PropertyValue{
				{Prop: p(lines, "OrderID"), Value: int64(1)}, {Prop: p(lines, "ItemID"), Value: int64(2)}, {Prop: p(lines, "Amount"), Value: int64(3)}}}, WriteOptions{})
		}},
		{"insert_defaults", func(d Dialect) (string, []any, error) {
			return BuildInsert(d, &adapters.Insert{Set: items}, WriteOptions{Returning: true})
		}},
		{"update_merge", func(d Dialect) (string, []any, error) {
			return BuildUpdate(d, &adapters.Update{Set: items, Key: itemKey, Values: values[:2]})
		}},
		{"update_replace", func(d Dialect) (string, []any, error) {
			return BuildUpdate(d, &adapters.Update{Set: lines, Key: lineKey, Replace: true})
		}},
		{"delete_composite", func(d Dialect) (string, []any, error) { return BuildDelete(d, lines, lineKey) }},
		// An explicit value for the generated key: PostgreSQL moves the
		// sequence past it, the others have nothing to do (empty).
		{"sequence_advance", func(d Dialect) (string, []any, error) {
			key := items.Type.Key[0]
			key.Computed = true
			defer func() { key.Computed = false }()
			return BuildSequenceAdvance(d, &adapters.Insert{Set: items, Values: append([]adapters.PropertyValue{
				{Prop: items.Type.Key[0], Value: int64(40)}}, values...)})
		}},
		{"locked_read", func(d Dialect) (string, []any, error) { return BuildLockedRead(d, items, itemKey) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, gd := range goldenDialects {
				sql, args, err := c.f(gd.d)
				if err != nil {
					t.Fatalf("%s: %v", gd.d.Name(), err)
				}
				if n := strings.Count(sql, "?"); gd.d.Placeholder(1) == "?" && n != len(args) {
					t.Fatalf("%s: %d placeholders for %d args in %s", gd.d.Name(), n, len(args), sql)
				}
				var sb strings.Builder
				sb.WriteString(sql + "\n")
				for _, a := range args {
					sb.WriteString("-- " + formatArg(a) + "\n")
				}
				path := filepath.Join("testdata", "golden_writes", c.name, gd.file)
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if string(want) != sb.String() {
					t.Errorf("%s differs:\n--- want\n%s--- got\n%s", path, want, sb.String())
				}
			}
		})
	}
}
