package schema

import (
	"fmt"
	"strings"
	"testing"

	"odatagw/metadata"
)

// stringTables have a String column of each kind string_max_length treats
// differently: no length, a short one, a long one, JSON read as text, a
// column with its own max_length and a Binary one (never restated).
func stringTables() []Table {
	short, long := col("code", "varchar", false), col("body", "varchar", true)
	short.MaxLength, long.MaxLength = 20, 65535
	return []Table{
		{Name: "notes", Columns: []Column{col("id", "int", false), col("title", "text", false), short, long,
			col("fixed", "text", true), col("doc", "json", true), col("data", "blob", true)}, PrimaryKey: []string{"id"}},
		{Name: "tags", Columns: []Column{col("id", "int", false), col("label", "text", false), long}, PrimaryKey: []string{"id"}},
	}
}

// lengths describes each String and Binary property of set as
// "MaxLength/write limit", with " restated" where configuration stated it.
func lengths(t *testing.T, m *metadata.Model, set string) string {
	t.Helper()
	es := m.EntitySet(set)
	if es == nil {
		t.Fatalf("no entity set %s", set)
	}
	et := es.Type
	var out []string
	for _, p := range et.Properties {
		if p.Type != metadata.EdmString && p.Type != metadata.EdmBinary {
			continue
		}
		s := fmt.Sprintf("%s=%d/%d", p.Name, p.MaxLength, p.WriteMaxLength())
		if p.LengthRestated {
			s += " restated"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

func TestBuildStringMaxLength(t *testing.T) {
	fixed := map[string]ColumnOptions{"fixed": {MaxLength: 40}}
	cases := []struct {
		name        string
		opts        Options
		notes, tags string
	}{
		{"unset: the columns' own lengths", Options{TableOptions: map[string]TableOptions{"notes": {Columns: fixed}}},
			"title=0/0, code=20/20, body=65535/65535, fixed=40/40, doc=0/0, data=0/0", "label=0/0, body=65535/65535"},
		{"unbounded only", Options{StringMaxLength: StringMaxLength{Unbounded: 1000}, TableOptions: map[string]TableOptions{"notes": {Columns: fixed}}},
			"title=1000/0 restated, code=20/20, body=65535/65535, fixed=40/40, doc=1000/0 restated, data=0/0",
			"label=1000/0 restated, body=65535/65535"},
		{"cap only: long lengths stated as the cap, writes still up to the column's", Options{StringMaxLength: StringMaxLength{Cap: 255}},
			"title=0/0, code=20/20, body=255/65535 restated, fixed=0/0, doc=0/0, data=0/0", "label=0/0, body=255/65535 restated"},
		{"both; a table overrides one field and inherits the other", Options{StringMaxLength: StringMaxLength{Unbounded: 128, Cap: 255},
			TableOptions: map[string]TableOptions{"tags": {StringMaxLength: StringMaxLength{Cap: 4000}}, "notes": {Columns: fixed}}},
			"title=128/0 restated, code=20/20, body=255/65535 restated, fixed=40/40, doc=128/0 restated, data=0/0",
			"label=128/0 restated, body=4000/65535 restated"},
		{"the cap bounds an inherited unbounded too", Options{StringMaxLength: StringMaxLength{Unbounded: 1000},
			TableOptions: map[string]TableOptions{"tags": {StringMaxLength: StringMaxLength{Cap: 255}}}},
			"title=1000/0 restated, code=20/20, body=65535/65535, fixed=1000/0 restated, doc=1000/0 restated, data=0/0",
			"label=255/0 restated, body=255/65535 restated"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.opts.Namespace = "s"
			m, _ := mustBuild(t, stringTables(), c.opts)
			if err := m.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := lengths(t, m, "notes"); got != c.notes {
				t.Errorf("notes:\n got %s\nwant %s", got, c.notes)
			}
			if got := lengths(t, m, "tags"); got != c.tags {
				t.Errorf("tags:\n got %s\nwant %s", got, c.tags)
			}
		})
	}
}

func TestBuildStringMaxLengthErrors(t *testing.T) {
	for _, c := range []struct {
		opts Options
		want string
	}{
		{Options{Namespace: "s", StringMaxLength: StringMaxLength{Unbounded: -1}}, "string_max_length: unbounded and cap must be positive"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"tags": {StringMaxLength: StringMaxLength{Cap: -5}}}},
			"entities.tags.string_max_length: unbounded and cap must be positive"},
	} {
		if _, _, err := Build(stringTables(), c.opts, testMapper); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err = %v, want %q", c.opts, err, c.want)
		}
	}
}
