package schema

import (
	"strings"
	"testing"

	"odatagw/metadata"
)

// relSchema is salesSchema plus views without foreign keys.
func relSchema() []Table {
	return append(salesSchema(),
		Table{Name: "note_view", IsView: true, Columns: []Column{
			col("note_id", "int", true), col("ord", "int", true), col("line", "int", true), col("note", "varchar", true), col("secret", "int", true)}},
		Table{Name: "rep_view", IsView: true, Columns: []Column{col("rep", "int", true), col("total", "decimal", true)}},
	)
}

func relOpts(rels ...Relationship) Options {
	return Options{Namespace: "s", Naming: NamingPascal, Relationships: rels, TableOptions: map[string]TableOptions{
		"big_orders": {Key: []string{"order_id"}},
		"note_view":  {Key: []string{"note_id"}, Hide: []string{"secret"}},
		"rep_view":   {Key: []string{"rep"}},
	}}
}

func TestRelationshipsBothDirectionsDerivedNames(t *testing.T) {
	m, _ := mustBuild(t, relSchema(), relOpts(
		Relationship{From: "big_orders", Columns: []string{"order_id"}, To: "orders"},
		Relationship{From: "rep_view", Columns: []string{"rep"}, To: "employees", References: []string{"id"}},
	))
	big, orders := m.EntitySet("BigOrders").Type, m.EntitySet("Orders").Type
	// Dependent side: named like a foreign key (OrderId → Order), not
	// nullable (a key column), single-valued, with its constraint.
	o := big.NavigationProperty("Order")
	if o == nil || o.Collection || o.Nullable || o.Target != orders || o.TargetSet != m.EntitySet("Orders") || o.Partner != "BigOrders" {
		t.Fatalf("BigOrders.Order = %+v (navs %v)", o, navNames(big))
	}
	if len(o.Constraints) != 1 || o.Constraints[0].Property != big.Property("OrderId") || o.Constraints[0].Referenced != orders.Property("OrderId") {
		t.Fatalf("constraints %+v", o.Constraints)
	}
	// Principal side: the view's key is the whole reference → one-to-one.
	back := orders.NavigationProperty("BigOrders")
	if back == nil || back.Collection || !back.Nullable || !back.Principal || back.Partner != "Order" || back.Target != big {
		t.Fatalf("Orders.BigOrders = %+v", back)
	}
	// The catalog's foreign keys are still there.
	if orders.NavigationProperty("Customer") == nil || len(orders.Navigation) != 5 {
		t.Fatalf("orders navigation %v", navNames(orders))
	}
	reps := m.EntitySet("RepView").Type
	if e := reps.NavigationProperty("Employees"); e == nil || e.Partner != "RepView" || e.Nullable {
		t.Fatalf("RepView.Employees = %+v (navs %v)", e, navNames(reps))
	}
	if r := m.EntitySet("Employees").Type.NavigationProperty("RepView"); r == nil || r.Collection || r.Partner != "Employees" {
		t.Fatalf("Employees.RepView = %+v", r)
	}
}

func TestRelationshipsCompositeExplicitNamesAndRename(t *testing.T) {
	opts := relOpts(Relationship{Name: "OrderLine", From: "note_view", Columns: []string{"line", "ord"},
		To: "order_lines", References: []string{"line_no", "order_id"}, Partner: "Notes"})
	opts.TableOptions["order_lines"] = TableOptions{Navigation: map[string]string{"Notes": "Remarks"}}
	m, _ := mustBuild(t, relSchema(), opts)
	notes, lines := m.EntitySet("NoteView").Type, m.EntitySet("OrderLines").Type
	l := notes.NavigationProperty("OrderLine")
	if l == nil || l.Collection || !l.Nullable || l.Partner != "Remarks" || l.Target != lines || len(l.Constraints) != 2 {
		t.Fatalf("NoteView.OrderLine = %+v", l)
	}
	for i, want := range [][2]string{{"Line", "LineNo"}, {"Ord", "OrderId"}} {
		if c := l.Constraints[i]; c.Property != notes.Property(want[0]) || c.Referenced != lines.Property(want[1]) {
			t.Errorf("constraint %d = %s → %s, want %v", i, c.Property.Name, c.Referenced.Name, want)
		}
	}
	r := lines.NavigationProperty("Remarks")
	if r == nil || !r.Collection || r.Partner != "OrderLine" || lines.NavigationProperty("Notes") != nil || len(r.Constraints) != 2 ||
		r.Constraints[0].Property != lines.Property("LineNo") || r.Constraints[0].Referenced != notes.Property("Line") {
		t.Fatalf("OrderLines.Remarks = %+v", r)
	}
}

func TestRelationshipsExplicitNamesWinOverDerived(t *testing.T) {
	// "Customer" is the name orders.customer_id would derive; the declared
	// relationship claims it first, the catalog foreign key moves aside.
	m, _ := mustBuild(t, relSchema(), relOpts(
		Relationship{Name: "Customer", From: "orders", Columns: []string{"employee_id"}, To: "employees", Partner: "Orders"}))
	orders, emps := m.EntitySet("Orders").Type, m.EntitySet("Employees").Type
	if c := orders.NavigationProperty("Customer"); c == nil || c.Target != emps || c.Partner != "Orders" {
		t.Fatalf("Orders.Customer = %+v", c)
	}
	if c := orders.NavigationProperty("Customers"); c == nil || c.Target != m.EntitySet("Customers").Type {
		t.Fatalf("the catalog FK was not renamed aside: %v", navNames(orders))
	}
	if o := emps.NavigationProperty("Orders"); o == nil || o.Partner != "Customer" {
		t.Fatalf("Employees.Orders = %+v", o)
	}
}

func TestRelationshipsReplaceSameCatalogForeignKey(t *testing.T) {
	m, warns := mustBuild(t, relSchema(), relOpts(
		Relationship{Name: "Buyer", From: "orders", Columns: []string{"customer_id"}, To: "customers", Partner: "Purchases"}))
	orders := m.EntitySet("Orders").Type
	if orders.NavigationProperty("Customer") != nil || orders.NavigationProperty("Buyer") == nil {
		t.Fatalf("orders navigation %v", navNames(orders))
	}
	cust := m.EntitySet("Customers").Type
	if len(cust.Navigation) != 1 || cust.Navigation[0].Name != "Purchases" || cust.Navigation[0].Partner != "Buyer" {
		t.Fatalf("customers navigation %v", navNames(cust))
	}
	found := false
	for _, w := range warns {
		found = found || strings.Contains(w.String(), `orders: foreign key "fk_cust" is also declared in relationships[0]`)
	}
	if !found {
		t.Fatalf("no warning about the replaced foreign key: %v", warns)
	}
}

func TestRelationshipsErrors(t *testing.T) {
	ok := Relationship{From: "note_view", Columns: []string{"ord"}, To: "orders"}
	with := func(f func(r *Relationship)) Relationship { r := ok; f(&r); return r }
	cases := []struct {
		rels []Relationship
		want string
	}{
		{[]Relationship{with(func(r *Relationship) { r.From = "" })}, "relationships[0].from: missing"},
		{[]Relationship{ok, with(func(r *Relationship) { r.From = "ghost" })}, `relationships[1].from: no table or view "ghost"`},
		{[]Relationship{with(func(r *Relationship) { r.To = "nope" })}, `relationships[0].to: no table or view "nope"`},
		{[]Relationship{with(func(r *Relationship) { r.To = "audit_log" })}, `relationships[0].to: "audit_log" is not exposed`},
		{[]Relationship{with(func(r *Relationship) { r.Columns = nil })}, "relationships[0].columns: missing"},
		{[]Relationship{with(func(r *Relationship) { r.Columns = []string{"nope"} })}, `relationships[0].columns: "note_view" has no column "nope"`},
		{[]Relationship{with(func(r *Relationship) { r.Columns = []string{"secret"} })}, `relationships[0].columns: column "secret" of "note_view" is hidden`},
		{[]Relationship{with(func(r *Relationship) { r.Columns = []string{"ord", "ord"} })}, `relationships[0].columns: column "ord" is listed twice`},
		{[]Relationship{with(func(r *Relationship) { r.Columns = []string{"ord", "line"} })},
			"relationships[0].columns: 2 column(s) but relationships[0].references (default: the key of orders) has 1"},
		{[]Relationship{with(func(r *Relationship) { r.References = []string{"order_id", "employee_id"} })},
			"relationships[0].columns: 1 column(s) but relationships[0].references has 2"},
		{[]Relationship{with(func(r *Relationship) { r.References = []string{"nope"} })}, `relationships[0].references: "orders" has no column "nope"`},
		{[]Relationship{with(func(r *Relationship) { r.Columns, r.To = []string{"note"}, "orders" })},
			`relationships[0].columns[0]: column "note" of "note_view" is Edm.String but references[0] "order_id" of "orders" is Edm.Int32`},
		{[]Relationship{with(func(r *Relationship) { r.References = []string{"employee_id"} })},
			`relationships[0].references: [employee_id] is not the key of "orders" (key: [order_id]); only the key can be referenced`},
		{[]Relationship{with(func(r *Relationship) { r.Name = "9x" })}, `relationships[0].name: "9x" is not a valid OData identifier`},
		{[]Relationship{with(func(r *Relationship) { r.Partner = "a-b" })}, `relationships[0].partner: "a-b" is not a valid OData identifier`},
		{[]Relationship{with(func(r *Relationship) { r.Name = "Note" })}, `relationships[0].name: "Note" is already the name of another member of NoteView`},
		{[]Relationship{with(func(r *Relationship) { r.Partner = "Freight" })}, `relationships[0].partner: "Freight" is already the name of another member of Orders`},
		{[]Relationship{with(func(r *Relationship) { r.Name = "Order" }), with(func(r *Relationship) { r.Name = "Order" })},
			`relationships[1].name: "Order" is already the name of another member of NoteView`},
		{[]Relationship{{Name: "Boss", Partner: "Boss", From: "employees", Columns: []string{"reports_to"}, To: "employees"}},
			`relationships[0].partner: "Boss" is already the name of another member of Employees`},
	}
	for _, c := range cases {
		_, _, err := Build(relSchema(), relOpts(c.rels...), testMapper)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v:\n err = %v\nwant %q", c.rels, err, c.want)
		}
	}
}

// The declared relationship behaves in the model like a catalog one: the
// same model comes out of a foreign key and of its declaration.
func TestRelationshipsEqualCatalogForeignKeys(t *testing.T) {
	raw := relSchema()
	for i := range raw {
		if raw[i].Name == "orders" {
			raw[i].ForeignKeys = nil
		}
	}
	declared, _ := mustBuild(t, raw, relOpts(
		Relationship{From: "orders", Columns: []string{"customer_id"}, To: "customers", References: []string{"customer_id"}},
		Relationship{From: "orders", Columns: []string{"employee_id"}, To: "employees"},
		Relationship{From: "orders", Columns: []string{"sales_rep"}, To: "employees"},
	))
	catalog, _ := mustBuild(t, relSchema(), relOpts())
	describe := func(m *metadata.Model) string {
		var b strings.Builder
		for _, s := range m.Sets {
			for _, n := range s.Type.Navigation {
				b.WriteString(s.Name + "." + n.Name + "→" + n.TargetSet.Name + " partner=" + n.Partner)
				for _, c := range n.Constraints {
					b.WriteString(" " + c.Property.Name + "=" + c.Referenced.Name)
				}
				if n.Collection {
					b.WriteString(" many")
				}
				if n.Nullable {
					b.WriteString(" nullable")
				}
				b.WriteString("\n")
			}
		}
		return b.String()
	}
	if d, c := describe(declared), describe(catalog); d != c || !strings.Contains(d, "Orders.Customer→Customers") {
		t.Fatalf("declared:\n%s\ncatalog:\n%s", d, c)
	}
}

func TestRelationshipsAcrossSchemas(t *testing.T) {
	raw := []Table{
		{Schema: "public", Name: "items", Columns: []Column{col("id", "int", false)}, PrimaryKey: []string{"id"}},
		{Schema: "archive", Name: "items", Columns: []Column{col("id", "int", false), col("orig", "int", true)}, PrimaryKey: []string{"id"}},
	}
	opts := Options{Namespace: "s", Schemas: []string{"public", "archive"}, Naming: NamingPascal,
		Relationships: []Relationship{{From: "archive.items", Columns: []string{"orig"}, To: "public.items", Partner: "Archived"}}}
	m, _ := mustBuild(t, raw, opts)
	a, p := m.EntitySet("ArchiveItems").Type, m.EntitySet("PublicItems").Type
	if n := a.NavigationProperty("PublicItems"); n == nil || n.Target != p || n.Partner != "Archived" || !n.Nullable {
		t.Fatalf("ArchiveItems navigation %v", navNames(a))
	}
	if n := p.NavigationProperty("Archived"); n == nil || n.Target != a || !n.Collection {
		t.Fatalf("PublicItems navigation %v", navNames(p))
	}
	opts.Relationships[0].To = "items"
	if _, _, err := Build(raw, opts, testMapper); err == nil || !strings.Contains(err.Error(), `relationships[0].to: "items" is ambiguous`) {
		t.Fatalf("ambiguous to: %v", err)
	}
}
