package federation

import (
	"context"
	"errors"
	"strings"
	"testing"

	"odatagw/adapters"
	"odatagw/adapters/memquery"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// model returns a one-set model: set name, key Id (Int32) and the given
// String properties.
func model(ns, set string, props ...string) *metadata.Model {
	t := &metadata.EntityType{Name: set, Properties: []*metadata.Property{{Name: "Id", Type: metadata.EdmInt32}}}
	for _, p := range props {
		t.Properties = append(t.Properties, &metadata.Property{Name: p, Type: metadata.EdmString, Nullable: true})
	}
	t.Key = t.Properties[:1]
	m := &metadata.Model{Namespace: ns, Container: "C", Types: []*metadata.EntityType{t}, Sets: []*metadata.EntitySet{{Name: set, Type: t}}}
	m.Index()
	return m
}

func store(t *testing.T, m *metadata.Model, rows [][]any) *memquery.Store {
	s, err := memquery.NewStore(m, map[string][][]any{m.Sets[0].Name: rows})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMergeErrorsNameTheProblem(t *testing.T) {
	a := store(t, model("a", "Orders", "Code"), nil)
	b := store(t, model("b", "Items", "Code"), nil)
	dup := store(t, model("c", "Orders"), nil)
	ctx := context.Background()
	for _, c := range []struct {
		members []Member
		links   []Link
		want    string
	}{
		{[]Member{{"a", a}, {"c", dup}}, nil, `entity type Orders is in sources "a" and "c"`},
		{[]Member{{"a", a}, {"b", b}}, []Link{{Name: "Item", From: "Orders", To: "Nope", Properties: []string{"Code"}}}, `links[0] (Item): to: no entity set "Nope"`},
		{[]Member{{"a", a}, {"b", b}}, []Link{{Name: "Item", From: "Orders", To: "Items", Properties: []string{"Code"}}}, "Orders.Code is Edm.String but Items.Id is Edm.Int32"},
		{[]Member{{"a", a}, {"b", b}}, []Link{{Name: "Code", From: "Orders", To: "Items", Properties: []string{"Code"}, References: []string{"Code"}}}, "already has a property Code"},
	} {
		_, err := New(ctx, "all", c.members, c.links)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one saying %s", err, c.want)
		}
	}
}

// TestRoutingAndLinks: queries go to the owning member, the link is a
// collection when it does not reference the target's key, member models
// stay untouched, writes to a read-only member are ErrReadOnly.
func TestRoutingAndLinks(t *testing.T) {
	ma, mb := model("a", "Orders", "Code"), model("b", "Items", "Code")
	a := store(t, ma, [][]any{{int64(1), "x"}, {int64(2), "y"}})
	b := store(t, mb, [][]any{{int64(10), "x"}, {int64(11), "x"}, {int64(12), "z"}})
	ctx := context.Background()
	fed, err := New(ctx, "all", []Member{{"a", a}, {"b", b}},
		[]Link{{Name: "Items", From: "Orders", To: "Items", Properties: []string{"Code"}, References: []string{"Code"}, Partner: "Orders"}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := fed.Model(ctx)
	nav := m.EntitySet("Orders").Type.NavigationProperty("Items")
	if nav == nil || !nav.Collection || nav.TargetSet != m.EntitySet("Items") || nav.Partner != "Orders" {
		t.Fatalf("link = %+v", nav)
	}
	if len(ma.Types[0].Navigation) != 0 || len(mb.Types[0].Navigation) != 0 {
		t.Fatal("the members' models were changed")
	}
	rows, err := fed.Query(ctx, &adapters.Query{Set: m.EntitySet("Items"), Top: -1})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	if n != 3 {
		t.Errorf("Items: %d rows, want 3", n)
	}
	_, err = fed.Insert(ctx, &adapters.Insert{Set: m.EntitySet("Orders")})
	if oe := odataerr.As(err); oe == nil || oe.Status != 405 || !errors.Is(err, adapters.ErrReadOnly) {
		t.Errorf("insert into a read-only member: %v, want a 405", err)
	}
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
}
