package auth

import (
	"strings"
	"testing"

	"odatagw/config"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// testModel: Customers (1) — (n) Orders, Customers has a Secret column.
func testModel() *metadata.Model {
	cid := &metadata.Property{Name: "ID", Column: "id", Type: metadata.EdmString}
	country := &metadata.Property{Name: "Country", Column: "country", Type: metadata.EdmString, Nullable: true}
	secret := &metadata.Property{Name: "Secret", Column: "secret", Type: metadata.EdmString, Nullable: true}
	oid := &metadata.Property{Name: "ID", Column: "id", Type: metadata.EdmInt32}
	ocust := &metadata.Property{Name: "CustomerID", Column: "customer_id", Type: metadata.EdmString, Nullable: true}
	region := &metadata.Property{Name: "Region", Column: "region", Type: metadata.EdmString, Nullable: true}
	freight := &metadata.Property{Name: "Freight", Column: "freight", Type: metadata.EdmDecimal}
	cust := &metadata.EntityType{Name: "Customer", Table: "customers", Properties: []*metadata.Property{cid, country, secret}, Key: []*metadata.Property{cid},
		SearchProperties: []*metadata.Property{country, secret}}
	ord := &metadata.EntityType{Name: "Order", Table: "orders", Properties: []*metadata.Property{oid, ocust, region, freight}, Key: []*metadata.Property{oid}}
	cs := &metadata.EntitySet{Name: "Customers", Type: cust}
	os := &metadata.EntitySet{Name: "Orders", Type: ord}
	cust.Navigation = []*metadata.NavigationProperty{{Name: "Orders", Target: ord, TargetSet: os, Collection: true, Partner: "Customer",
		Constraints: []metadata.ReferentialConstraint{{Property: cid, Referenced: ocust}}}}
	ord.Navigation = []*metadata.NavigationProperty{{Name: "Customer", Target: cust, TargetSet: cs, Nullable: true, Partner: "Orders",
		Constraints: []metadata.ReferentialConstraint{{Property: ocust, Referenced: cid}}}}
	m := &metadata.Model{Namespace: "t", Container: "C", Types: []*metadata.EntityType{cust, ord}, Sets: []*metadata.EntitySet{cs, os}}
	m.Index()
	return m
}

func mustPolicy(t *testing.T, roles map[string]config.Role) *Policy {
	t.Helper()
	p, err := NewPolicy("svc", `source "svc"`, roles)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPolicyViews(t *testing.T) {
	m := testModel()
	p := mustPolicy(t, map[string]config.Role{
		"emea": {Sets: map[string]config.SetRule{
			"Orders":    {Access: "write", Filter: "Region eq 'EMEA'", Hide: []string{"Freight"}},
			"Customers": {Hide: []string{"Secret"}},
		}},
		"apac":    {Sets: map[string]config.SetRule{"Orders": {Filter: "Region eq 'APAC'"}}},
		"auditor": {Default: "read"},
	})
	if err := p.Check(m); err != nil {
		t.Fatal(err)
	}
	view := func(roles ...string) *View {
		t.Helper()
		v, err := p.View(newPrincipal(MethodBasic, "u", roles), m)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// emea: both sets, Orders filtered and writable, Freight and Secret hidden.
	v := view("emea")
	if err := v.Model.Validate(); err != nil {
		t.Fatalf("the view is not a valid model: %v", err)
	}
	if len(v.Model.Sets) != 2 || v.Model.EntitySet("Orders").Type.Property("Freight") != nil ||
		v.Model.EntitySet("Customers").Type.Property("Secret") != nil || v.Model.EntitySet("Orders").Type.Property("Region") == nil {
		t.Fatalf("emea model: %+v", v.Model.Sets)
	}
	if got := len(v.Model.EntitySet("Customers").Type.Searchable()); got != 1 {
		t.Fatalf("hidden properties are still searched: %d", got)
	}
	if f := describe(v.RowFilter("Orders")); f != "Region eq EMEA" || !v.CanWrite("Orders") || v.CanWrite("Customers") || v.RowFilter("Customers") != nil {
		t.Fatalf("emea: filter %q write %v/%v", f, v.CanWrite("Orders"), v.CanWrite("Customers"))
	}
	nav := v.Model.EntitySet("Orders").Type.NavigationProperty("Customer")
	if nav == nil || nav.TargetSet != v.Model.EntitySet("Customers") || nav.Target != v.Model.EntitySet("Customers").Type {
		t.Fatalf("navigation not re-pointed at the view: %+v", nav)
	}
	// The model itself is untouched.
	if m.EntitySet("Orders").Type.Property("Freight") == nil {
		t.Fatal("the view changed the service model")
	}
	// apac: Orders only (Customers not granted: no navigation to it).
	v = view("apac")
	if len(v.Model.Sets) != 1 || v.Model.EntitySet("Customers") != nil || len(v.Model.EntitySet("Orders").Type.Navigation) != 0 {
		t.Fatalf("apac model: %+v", v.Model.Sets)
	}
	if v.CanWrite("Orders") {
		t.Fatal("apac may write")
	}
	// emea+apac: rows of either; Freight hidden only by emea → visible; writes only emea's rows.
	v = view("apac", "emea")
	if f := describe(v.RowFilter("Orders")); f != "(Region eq APAC) or (Region eq EMEA)" {
		t.Fatalf("union filter %q", f)
	}
	if f := describe(v.WriteFilter("Orders")); f != "Region eq EMEA" {
		t.Fatalf("write filter %q", f)
	}
	if v.Model.EntitySet("Orders").Type.Property("Freight") == nil {
		t.Fatal("Freight hidden although apac shows it")
	}
	// auditor with emea: no filter (auditor reads every row), nothing hidden.
	v = view("auditor", "emea")
	if v.RowFilter("Orders") != nil {
		t.Fatal("auditor reads every row, yet a filter is applied")
	}
	if v.Model.EntitySet("Customers").Type.Property("Secret") == nil {
		t.Fatal("Secret hidden although auditor sees it")
	}
	// Roles nobody configured do not count; no role at all is forbidden.
	if _, err := p.View(newPrincipal(MethodBasic, "u", []string{"other"}), m); err == nil {
		t.Fatal("a principal without roles got a view")
	}
	// Views are cached per model and role combination.
	if view("emea") != view("emea") {
		t.Fatal("view not cached")
	}
	m2 := testModel()
	v2, _ := p.View(newPrincipal(MethodBasic, "u", []string{"emea"}), m2)
	if v2.Model.EntitySet("Orders").Type.Properties[0] != m2.EntitySet("Orders").Type.Properties[0] {
		t.Fatal("a view of the old model served after a refresh")
	}
}

func TestPolicyEveryoneRoleAndHiddenForeignKey(t *testing.T) {
	m := testModel()
	p := mustPolicy(t, map[string]config.Role{
		"*": {Sets: map[string]config.SetRule{"Orders": {Hide: []string{"CustomerID"}}, "Customers": {}}},
	})
	v, err := p.View(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	// Hiding the foreign key removes the relationship in both directions.
	if len(v.Model.EntitySet("Orders").Type.Navigation) != 0 || len(v.Model.EntitySet("Customers").Type.Navigation) != 0 {
		t.Fatal("navigation over a hidden foreign key kept")
	}
	if err := v.Model.Validate(); err != nil {
		t.Fatalf("the view is not a valid model: %v", err)
	}
}

func TestPolicyErrorsNameTheKey(t *testing.T) {
	m := testModel()
	cases := []struct {
		sets map[string]config.SetRule
		want string
	}{
		{map[string]config.SetRule{"Nope": {}}, `source "svc": security.roles.r.sets.Nope: service 'svc' has no entity set 'Nope'`},
		{map[string]config.SetRule{"Orders": {Hide: []string{"Nope"}}}, `security.roles.r.sets.Orders.hide: entity set 'Orders' has no property 'Nope'`},
		{map[string]config.SetRule{"Orders": {Hide: []string{"ID"}}}, `'ID' is part of the key`},
		{map[string]config.SetRule{"Orders": {Filter: "Nope eq 1"}}, `security.roles.r.sets.Orders.filter: "Nope eq 1"`},
		{map[string]config.SetRule{"Orders": {Filter: "Region"}}, `security.roles.r.sets.Orders.filter`},
	}
	for _, c := range cases {
		p := mustPolicy(t, map[string]config.Role{"r": {Sets: c.sets}})
		if err := p.Check(m); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	if _, err := NewPolicy("svc", `source "svc"`, map[string]config.Role{"r": {Sets: map[string]config.SetRule{"Orders": {Filter: "Region eq"}}}}); err == nil ||
		!strings.Contains(err.Error(), "security.roles.r.sets.Orders.filter") {
		t.Errorf("syntax error: %v", err)
	}
}

// describe renders simple bound filters for assertions.
func describe(e bound.Expr) string {
	switch x := e.(type) {
	case nil:
		return ""
	case *bound.Binary:
		l, r := describe(x.Left), describe(x.Right)
		if x.Op == bound.Or || x.Op == bound.And {
			return "(" + l + ") " + x.Op.String() + " (" + r + ")"
		}
		return l + " " + x.Op.String() + " " + r
	case *bound.Property:
		return x.Prop.Name
	case *bound.Const:
		s, _ := x.Value.(string)
		return s
	}
	return "?"
}

func TestPrincipalKeyIsUnambiguous(t *testing.T) {
	a := newPrincipal(MethodBasic, `alice"]["x`, nil)
	b := newPrincipal(MethodBasic, "alice", []string{"x"})
	c := newPrincipal(MethodAPIKey, "alice", []string{"x"})
	if a.Key() == b.Key() || b.Key() == c.Key() {
		t.Fatalf("keys collide: %s %s %s", a.Key(), b.Key(), c.Key())
	}
	if got := newPrincipal(MethodJWT, "svc", []string{"sales", "eu", "eu"}).Key(); got != `jwt:"svc"["eu","sales"]` {
		t.Fatalf("key %s", got)
	}
}
