package sqldb

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// TestBuildRejects: what the translator cannot push down is a clear
// *odataerr.Error (501 for valid OData not supported, 400 for bad plans), on
// every dialect, and never a panic.
func TestBuildRejects(t *testing.T) {
	tm := newTestModel()
	lines := tm.items.Type.NavigationProperty("Lines")
	noJoin := &metadata.NavigationProperty{Name: "Loose", Target: tm.cats.Type}
	noJoins := &metadata.NavigationProperty{Name: "Looses", Target: tm.cats.Type, Collection: true}
	B, S := metadata.EdmBoolean, metadata.EdmString
	cases := []struct {
		name   string
		filter bound.Expr
		status int
	}{
		{"lambda without constraint", &bound.Lambda{Nav: []*metadata.NavigationProperty{noJoins}, Variable: "l", Pred: boolC(true)}, http.StatusNotImplemented},
		{"count without constraint", bin(bound.Gt, &bound.Count{Nav: []*metadata.NavigationProperty{noJoins}}, i32(1)), http.StatusNotImplemented},
		{"all without predicate", &bound.Lambda{Nav: []*metadata.NavigationProperty{lines}, All: true}, http.StatusBadRequest},
		{"collection in path", eq(&bound.Property{Nav: []*metadata.NavigationProperty{lines}, Prop: tm.lines.Type.Property("Amount")}, i32(1)), http.StatusNotImplemented},
		{"navigation without constraint", eq(&bound.Property{Nav: []*metadata.NavigationProperty{noJoin}, Prop: tm.cats.Type.Property("Title")}, str("x")), http.StatusNotImplemented},
		{"duration constant", eq(&bound.Const{T: metadata.EdmDuration, Value: time.Hour}, &bound.Const{T: metadata.EdmDuration, Value: time.Hour}), http.StatusNotImplemented},
		{"date difference", bin(bound.Gt, &bound.Binary{Op: bound.Sub, Left: tm.p("Updated"), Right: tm.p("Stamp"), T: metadata.EdmDuration}, &bound.Const{T: metadata.EdmDuration, Value: time.Hour}), http.StatusNotImplemented},
		{"date add non-constant duration", eq(&bound.Binary{Op: bound.Add, Left: tm.p("Updated"), Right: &bound.Binary{Op: bound.Sub, Left: tm.p("Updated"), Right: tm.p("Stamp"), T: metadata.EdmDuration}, T: metadata.EdmDateTimeOffset}, dto("2024-01-01T00:00:00Z")), http.StatusNotImplemented},
		{"unknown function", eq(call("geo.distance", metadata.EdmDouble, tm.p("Ratio")), dbl(1)), http.StatusNotImplemented},
		{"maxdatetime unfolded", eq(call(bound.FnMaxDateTime, metadata.EdmDateTimeOffset), tm.p("Updated")), http.StatusNotImplemented},
		{"cast unsupported", eq(&bound.Cast{X: tm.p("Updated"), T: metadata.EdmInt32}, i32(1)), http.StatusNotImplemented},
		{"non-boolean filter", tm.p("Qty"), http.StatusBadRequest},
		{"contains arity", call(bound.FnContains, B, tm.p("Name")), http.StatusBadRequest},
		{"substring arity", eq(call(bound.FnSubstring, S, tm.p("Name")), str("x")), http.StatusBadRequest},
	}
	for _, c := range cases {
		for _, gd := range goldenDialects {
			_, _, err := Build(gd.d, tm.query(c.filter))
			oe := odataerr.As(err)
			if oe == nil || oe.Status != c.status {
				t.Errorf("%s on %s: got %v, want status %d", c.name, gd.d.Name(), err, c.status)
			}
		}
	}
}

func TestBuildPlanErrors(t *testing.T) {
	tm := newTestModel()
	bad := []*adapters.Query{
		nil,
		{Top: -1},
		{Set: tm.items, Top: -1, Key: []adapters.KeyValue{{Prop: tm.p("ID").Prop, Value: nil}}},
		{Set: tm.items, Top: -1, OrderBy: []bound.OrderItem{asc(tm.p("Name"))}, After: []any{"x"}},           // nullable item
		{Set: tm.items, Top: -1, OrderBy: []bound.OrderItem{asc(tm.p("Code"))}, After: []any{"x", "y"}},      // count mismatch
		{Set: tm.items, Top: -1, Filter: eq(tm.p("Qty"), &bound.Const{T: metadata.EdmInt32, Value: "5"})},    // Go type mismatch
		{Set: tm.items, Top: -1, Filter: eq(&bound.Property{Variable: "x", Prop: tm.p("Qty").Prop}, i32(1))}, // variable out of scope
		{Set: tm.items, Top: -1, Filter: &bound.Lambda{Variable: "l", Pred: boolC(true)}},                    // lambda without path
	}
	for i, q := range bad {
		if _, _, err := Build(SQLite, q); err == nil {
			t.Errorf("plan %d: no error", i)
		}
	}
	weird := &metadata.EntitySet{Name: "W", Type: &metadata.EntityType{Name: "W", Table: "bad\x00name",
		Properties: tm.items.Type.Properties[:1], Key: tm.items.Type.Properties[:1]}}
	if _, _, err := Build(Postgres, &adapters.Query{Set: weird, Top: -1}); err == nil {
		t.Error("an identifier with NUL must be refused")
	}
}

// TestQuoting: identifiers are quoted from the model with the quote doubled;
// every literal is a parameter.
func TestQuoting(t *testing.T) {
	typ := &metadata.EntityType{Name: "T", Table: `we"ird`, DBSchema: "s`x", Properties: []*metadata.Property{
		{Name: "A", Column: "co`l\"x", Type: metadata.EdmString, Nullable: true}}}
	typ.Key = typ.Properties
	set := &metadata.EntitySet{Name: "T", Type: typ}
	q := &adapters.Query{Set: set, Top: -1, Filter: eq(&bound.Property{Prop: typ.Properties[0]}, str("'; DROP TABLE x; --"))}
	want := map[string]string{
		"sqlite":   `FROM "s` + "`" + `x"."we""ird" t0`,
		"mysql":    "FROM `s``x`.`we\"ird` t0",
		"postgres": `FROM "s` + "`" + `x"."we""ird" t0`,
	}
	for _, gd := range goldenDialects {
		sql, args, err := Build(gd.d, q)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sql, want[gd.d.Name()]) {
			t.Errorf("%s: %s", gd.d.Name(), sql)
		}
		if strings.Contains(sql, "DROP") || len(args) == 0 || args[0] != "'; DROP TABLE x; --" {
			t.Errorf("%s: literal not bound: %s %v", gd.d.Name(), sql, args)
		}
	}
}

func TestEscaping(t *testing.T) {
	if got := likePattern(MatchContains, "50%_off!"); got != "%50!%!_off!!%" {
		t.Errorf("likePattern = %q", got)
	}
	if got := likePattern(MatchStartsWith, "a"); got != "a%" {
		t.Errorf("startswith pattern = %q", got)
	}
	if got := escapeGlob("a*b?c[d]"); got != "a[*]b[?]c[[]d]" {
		t.Errorf("escapeGlob = %q", got)
	}
}
