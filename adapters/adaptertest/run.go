package adaptertest

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Run runs every case of Cases and ApplyCases against src, which must serve
// the fixture of Fixture, plus keyset continuation checks and a check that
// every value has the Go type metadata/values.go prescribes for its property.
func Run(t *testing.T, src adapters.Source) {
	t.Helper()
	RunReads(t, src)
	ctx := context.Background()
	m, err := src.Model(ctx)
	if err != nil {
		t.Fatalf("Model: %v", err)
	}
	for _, c := range ApplyCases {
		t.Run(c.Request, func(t *testing.T) { runApplyCase(t, ctx, src, m, c) })
	}
}

// RunReads is Run without the $apply cases, for sources that answer $apply
// with 501 (the in-memory evaluator of adapters/memquery and the sources
// built on it).
func RunReads(t *testing.T, src adapters.Source) {
	t.Helper()
	ctx := context.Background()
	m, err := src.Model(ctx)
	if err != nil {
		t.Fatalf("Model: %v", err)
	}
	for _, name := range []string{"Categories", "Products", "OrderLines", "Shipments"} {
		if m.EntitySet(name) == nil {
			t.Fatalf("the model has no entity set %s: is the fixture loaded?", name)
		}
	}
	for _, c := range Cases {
		t.Run(c.Request, func(t *testing.T) { runCase(t, ctx, src, m, c) })
	}
	for _, c := range ExpandCases {
		t.Run(c.Request, func(t *testing.T) { runExpandCase(t, ctx, src, m, c) })
	}
	for _, c := range NavCases {
		t.Run(c.Request, func(t *testing.T) { runNavCase(t, ctx, src, m, c) })
	}
	t.Run("expand budget", func(t *testing.T) { checkExpandBudget(t, ctx, src, m) })
	t.Run("value types", func(t *testing.T) { checkValueTypes(t, ctx, src, m) })
	for _, req := range []string{"Products?$orderby=Name", "Products?$orderby=Discontinued desc,Name", "Products?$orderby=Name desc",
		"Products?$compute=Price mul Stock as T&$filter=T ne null&$orderby=Name",
		"Products?$compute=length(Name) as L&$orderby=L desc", "Products?$compute=concat(Name,'-') as N,ProductID mul 2 as K&$orderby=N,K desc"} {
		t.Run("keyset "+req, func(t *testing.T) { checkKeyset(t, ctx, src, m, req) })
	}
}

// planAndRead plans request on m and runs it on src in one statement: a
// count request is checked against wantCount, any other returns its rows.
func planAndRead(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model, request string, wantCount int64) (*adapters.Query, Kind, [][]any) {
	t.Helper()
	q, kind, err := Plan(m, request)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	cs := &Counting{Source: src}
	src = cs
	defer func() {
		if n := cs.Statements(); n != 1 {
			t.Errorf("%d statements, want 1", n)
		}
	}()
	if kind == KindCount {
		n, err := src.Count(ctx, q)
		if err != nil {
			t.Fatalf("Count: %v", err)
		}
		if n != wantCount {
			t.Errorf("count %d, want %d", n, wantCount)
		}
		return q, kind, nil
	}
	rows, err := ReadRows(ctx, src, q)
	if err != nil {
		t.Fatalf("Query: %v", err)
	}
	return q, kind, rows
}

func runCase(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model, c Case) {
	q, kind, rows := planAndRead(t, ctx, src, m, c.Request, c.Count)
	if kind == KindCount {
		return
	}
	keyIdx := slices.Index(q.Columns(), q.Set.Type.Key[0])
	var ids []int64
	for _, r := range rows {
		id, _ := r[keyIdx].(int64)
		ids = append(ids, id)
	}
	if !slices.Equal(ids, c.IDs) {
		t.Errorf("rows %v, want %v", ids, c.IDs)
	}
	if c.Values == nil || len(rows) != 1 {
		return
	}
	for name, want := range c.Values {
		i := slices.IndexFunc(q.Columns(), func(p *metadata.Property) bool { return p.Name == name })
		if i < 0 {
			t.Errorf("property %s not returned", name)
			continue
		}
		if got := rows[0][i]; !sameValue(got, want) {
			t.Errorf("%s = %#v (%T), want %#v (%T)", name, got, got, want, want)
		}
	}
}

// ReadRows runs q on src and copies every row.
func ReadRows(ctx context.Context, src adapters.Source, q *adapters.Query) ([][]any, error) {
	rows, err := src.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		out = append(out, slices.Clone(rows.Values()))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}

func sameValue(got, want any) bool {
	if w, ok := want.(time.Time); ok {
		g, ok := got.(time.Time)
		return ok && g.Equal(w)
	}
	return reflect.DeepEqual(got, want)
}

// checkValueTypes reads every entity set and checks each value's Go type.
func checkValueTypes(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model) {
	for _, name := range []string{"Categories", "Products", "OrderLines", "Shipments"} {
		q, _, err := Plan(m, name)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := ReadRows(ctx, src, q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, r := range rows {
			for i, p := range q.Columns() {
				if r[i] == nil {
					if !p.Nullable {
						t.Errorf("%s.%s: null in a non-nullable property", name, p.Name)
					}
					continue
				}
				if !goTypeFits(p.Type, r[i]) {
					t.Errorf("%s.%s (%s): value %#v has Go type %T", name, p.Name, p.Type, r[i], r[i])
				}
			}
		}
	}
}

// goTypeFits reports whether v is the Go representation of t (metadata/values.go).
func goTypeFits(t metadata.EdmType, v any) bool {
	switch t {
	case metadata.EdmString:
		_, ok := v.(string)
		return ok
	case metadata.EdmGuid:
		s, ok := v.(string)
		return ok && len(s) == 36 && s == lower(s)
	case metadata.EdmBoolean:
		_, ok := v.(bool)
		return ok
	case metadata.EdmByte, metadata.EdmSByte, metadata.EdmInt16, metadata.EdmInt32, metadata.EdmInt64:
		_, ok := v.(int64)
		return ok
	case metadata.EdmSingle, metadata.EdmDouble:
		_, ok := v.(float64)
		return ok
	case metadata.EdmDecimal:
		_, ok := v.(metadata.Decimal)
		return ok
	case metadata.EdmDate:
		_, ok := v.(metadata.Date)
		return ok
	case metadata.EdmDateTimeOffset:
		tv, ok := v.(time.Time)
		return ok && tv.Location() == time.UTC
	case metadata.EdmTimeOfDay:
		_, ok := v.(metadata.TimeOfDay)
		return ok
	case metadata.EdmBinary:
		_, ok := v.([]byte)
		return ok
	}
	return false
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// checkKeyset reads req page by page (3 rows a page) with keyset
// continuation, as the gateway does, and compares with the full result.
func checkKeyset(t *testing.T, ctx context.Context, src adapters.Source, m *metadata.Model, req string) {
	full, _, err := Plan(m, req)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, len(full.OrderBy))
	for i, it := range full.OrderBy {
		var prop *metadata.Property
		switch x := it.Expr.(type) {
		case *bound.Property:
			if !x.Prop.Nullable && len(x.Nav) == 0 {
				prop = x.Prop
			}
		case *bound.AliasRef:
			if j := full.ComputedIndex(x.Prop.Name); j >= 0 && !x.Prop.Nullable {
				prop = full.Compute[j].Prop
			}
		}
		if idx[i] = slices.Index(full.Columns(), prop); prop == nil || idx[i] < 0 {
			t.Fatalf("order item %d is not keyset-eligible", i)
		}
	}
	want, err := ReadRows(ctx, src, full)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]any
	var after []any
	for page := 0; page <= len(want); page++ {
		q := *full
		q.Top, q.After = 3, after
		rows, err := ReadRows(ctx, src, &q)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		got = append(got, rows...)
		if len(rows) < 3 {
			break
		}
		last := rows[len(rows)-1]
		after = make([]any, len(idx))
		for i, j := range idx {
			after[i] = last[j]
		}
	}
	if !reflect.DeepEqual(keys(got, full), keys(want, full)) {
		t.Errorf("keyset pages %v, full result %v", keys(got, full), keys(want, full))
	}
}

func keys(rows [][]any, q *adapters.Query) []any {
	i := slices.Index(q.Columns(), q.Set.Type.Key[0])
	var out []any
	for _, r := range rows {
		out = append(out, r[i])
	}
	return out
}
