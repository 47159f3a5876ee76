package schema

import (
	"strings"
	"testing"

	"odatagw/metadata"
)

// testMapper is a tiny engine-neutral mapper for the builder's tests.
func testMapper(c Column) Mapping {
	switch c.BaseType {
	case "int":
		return Simple(metadata.EdmInt32)
	case "bigint":
		return Simple(metadata.EdmInt64)
	case "varchar":
		return String(c.MaxLength)
	case "char":
		return String(c.MaxLength)
	case "decimal":
		return Decimal(c.Precision, c.Scale)
	case "timestamp":
		return DateTimeOffset(c.Precision)
	case "blob":
		return Binary(0)
	case "double":
		return Simple(metadata.EdmDouble)
	case "json":
		return Text()
	}
	return String(0)
}

func col(name, base string, nullable bool) Column {
	return Column{Name: name, BaseType: base, DeclaredType: base, Nullable: nullable, Precision: -1, Scale: -1}
}

func salesSchema() []Table {
	return []Table{
		{Name: "customers", Columns: []Column{col("customer_id", "char", false), col("company_name", "varchar", false)}, PrimaryKey: []string{"customer_id"}},
		{Name: "employees", Columns: []Column{col("id", "int", false), col("name", "varchar", false), col("reports_to", "int", true)},
			PrimaryKey:  []string{"id"},
			ForeignKeys: []ForeignKey{{Name: "fk_boss", Columns: []string{"reports_to"}, RefTable: "employees", RefColumns: []string{"id"}}}},
		{Name: "orders", Columns: []Column{
			col("order_id", "int", false), col("customer_id", "char", true), col("employee_id", "int", false),
			col("sales_rep", "int", true), col("freight", "decimal", true), col("meta", "json", true)},
			PrimaryKey: []string{"order_id"},
			ForeignKeys: []ForeignKey{
				{Name: "fk_cust", Columns: []string{"customer_id"}, RefTable: "customers", RefColumns: []string{"customer_id"}},
				{Name: "fk_emp", Columns: []string{"employee_id"}, RefTable: "employees", RefColumns: []string{"id"}},
				{Name: "fk_rep", Columns: []string{"sales_rep"}, RefTable: "employees", RefColumns: []string{"id"}},
			}},
		{Name: "order_lines", Columns: []Column{col("order_id", "int", false), col("line_no", "int", false), col("qty", "int", false)},
			PrimaryKey:  []string{"order_id", "line_no"},
			ForeignKeys: []ForeignKey{{Name: "fk_order", Columns: []string{"order_id"}, RefTable: "orders", RefColumns: []string{"order_id"}}}},
		{Name: "line_notes", Columns: []Column{col("order_id", "int", false), col("line_no", "int", false), col("note", "varchar", true)},
			PrimaryKey:  []string{"order_id", "line_no"},
			ForeignKeys: []ForeignKey{{Name: "fk_line", Columns: []string{"order_id", "line_no"}, RefTable: "order_lines", RefColumns: []string{"order_id", "line_no"}}}},
		{Name: "audit_log", Columns: []Column{col("at", "timestamp", false), col("what", "varchar", true)}},
		{Name: "big_orders", IsView: true, Columns: []Column{col("order_id", "int", true), col("freight", "decimal", true)}},
	}
}

func mustBuild(t *testing.T, raw []Table, opts Options) (*metadata.Model, []Warning) {
	t.Helper()
	m, w, err := Build(raw, opts, testMapper)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return m, w
}

func navNames(t *metadata.EntityType) map[string]*metadata.NavigationProperty {
	out := map[string]*metadata.NavigationProperty{}
	for _, n := range t.Navigation {
		out[n.Name] = n
	}
	return out
}

func TestBuildDefaultsSkipKeylessAndKeepNames(t *testing.T) {
	m, warns := mustBuild(t, salesSchema(), Options{Namespace: "sales"})
	var sets []string
	for _, s := range m.Sets {
		sets = append(sets, s.Name)
	}
	if got := strings.Join(sets, ","); got != "customers,employees,line_notes,order_lines,orders" {
		t.Fatalf("sets = %s", got)
	}
	joined := ""
	for _, w := range warns {
		joined += w.String() + "\n"
	}
	for _, want := range []string{"audit_log: skipped: table has no primary key", "big_orders: skipped: views have no primary key"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings %q lack %q", joined, want)
		}
	}
	if m.EntitySet("orders") == nil || m.Container != ContainerName || m.Namespace != "sales" {
		t.Fatal("model not indexed or named")
	}
}

func TestBuildNavigationBothDirections(t *testing.T) {
	m, _ := mustBuild(t, salesSchema(), Options{Namespace: "sales", Naming: NamingPascal})
	orders := m.EntitySet("Orders").Type
	emps := m.EntitySet("Employees").Type
	cust := m.EntitySet("Customers").Type
	on, en, cn := navNames(orders), navNames(emps), navNames(cust)

	c := on["Customer"]
	if c == nil || c.Collection || !c.Nullable || c.Target != cust || c.TargetSet.Name != "Customers" || c.Partner != "Orders" {
		t.Fatalf("Orders.Customer = %+v", c)
	}
	if c.Constraints[0].Property.Name != "CustomerId" || c.Constraints[0].Referenced.Name != "CustomerId" {
		t.Fatalf("constraint %+v", c.Constraints[0])
	}
	back := cn["Orders"]
	if back == nil || !back.Collection || back.Partner != "Customer" || back.Constraints[0].Property.Name != "CustomerId" ||
		back.Constraints[0].Referenced != orders.Property("CustomerId") {
		t.Fatalf("Customers.Orders = %+v", back)
	}
	if e := on["Employee"]; e == nil || e.Nullable || e.Partner != "Orders" {
		t.Fatalf("Orders.Employee = %+v", e)
	}
	// Second FK to Employees: SalesRep has no ID suffix → target set name.
	if r := on["Employees"]; r == nil || !r.Nullable || r.Partner != "Orders_Employees" {
		t.Fatalf("Orders.Employees = %+v (navs %v)", r, on)
	}
	if r := en["Orders_Employees"]; r == nil || r.Partner != "Employees" || !r.Collection {
		t.Fatalf("Employees.Orders_Employees = %+v", r)
	}
	// Self reference.
	if boss := en["ReportsTo_Employees"]; boss == nil || boss.Target != emps || boss.Partner != "Employees" {
		t.Fatalf("Employees.ReportsTo_Employees = %+v (navs %v)", boss, en)
	}
	if reps := en["Employees"]; reps == nil || !reps.Collection || reps.Partner != "ReportsTo_Employees" {
		t.Fatalf("Employees.Employees = %+v", reps)
	}
	// Composite FK which is the whole key: one-to-one.
	notes, lines := m.EntitySet("LineNotes").Type, m.EntitySet("OrderLines").Type
	nl := navNames(notes)["OrderLines"]
	if nl == nil || len(nl.Constraints) != 2 || nl.Constraints[1].Property.Name != "LineNo" || nl.Collection {
		t.Fatalf("LineNotes.OrderLines = %+v", nl)
	}
	ln := navNames(lines)["LineNotes"]
	if ln == nil || ln.Collection || !ln.Nullable || ln.Partner != "OrderLines" {
		t.Fatalf("OrderLines.LineNotes = %+v", ln)
	}
	if k := lines.Key; len(k) != 2 || k[0].Name != "OrderId" || k[1].Name != "LineNo" {
		t.Fatalf("composite key %v", k)
	}
}

func TestBuildOptions(t *testing.T) {
	opts := Options{Namespace: "sales", Naming: NamingCamel,
		Tables: []string{"orders", "big_orders", "customers"},
		TableOptions: map[string]TableOptions{
			"big_orders": {Key: []string{"order_id"}, EntitySet: "BigOrders"},
			"orders": {Hide: []string{"employee_id"}, Search: []string{"customer_id"},
				Columns: map[string]ColumnOptions{
					"freight":     {Type: "Edm.Double"},
					"order_id":    {Name: "ID"},
					"customer_id": {MaxLength: 5},
					"meta":        {Name: "Meta"},
				}},
		}}
	m, _ := mustBuild(t, salesSchema(), opts)
	if len(m.Sets) != 3 {
		t.Fatalf("sets %d", len(m.Sets))
	}
	v := m.EntitySet("BigOrders")
	if v == nil || !v.Type.IsView || v.Type.Key[0].Name != "orderId" || v.Type.Key[0].Nullable {
		t.Fatalf("view with configured key: %+v", v)
	}
	o := m.EntitySet("orders").Type
	if o.Property("employeeId") != nil || o.Property("ID") == nil || o.Property("freight").Type != metadata.EdmDouble {
		t.Fatalf("hide/rename/override not applied: %+v", o.Properties)
	}
	if p := o.Property("freight"); p.NativeType != metadata.EdmDecimal {
		t.Fatalf("freight native type %q", p.NativeType)
	}
	if p := o.Property("ID"); p.NativeType != metadata.EdmInt32 || p.Type != metadata.EdmInt32 {
		t.Fatalf("ID native type %q", p.NativeType)
	}
	if p := o.Property("customerId"); p.MaxLength != 5 || len(o.SearchProperties) != 1 || o.SearchProperties[0] != p {
		t.Fatalf("max length / search: %+v", p)
	}
	if p := o.Property("Meta"); !p.ReadAsText || p.Type != metadata.EdmString {
		t.Fatalf("json column not read as text: %+v", p)
	}
	if n := navNames(o); n["customer"] == nil || len(n) != 1 {
		t.Fatalf("navigation of orders: %v (employees not exposed, customers is)", n)
	}
}

func TestBuildErrors(t *testing.T) {
	cases := []struct {
		opts Options
		want string
	}{
		{Options{}, "namespace is empty"},
		{Options{Namespace: "a..b"}, "not a valid OData namespace"},
		{Options{Namespace: "s", Naming: "kebab"}, `naming "kebab"`},
		{Options{Namespace: "s", Tables: []string{"orders", "nope", "zilch"}}, `no table or view "nope"; no table or view "zilch"`},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"ghost": {}}}, `entities: no table or view "ghost"`},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Hide: []string{"nope"}}}}, `hide: no column "nope"`},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Hide: []string{"order_id"}}}}, `column "order_id" is hidden`},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {EntitySet: "9x"}}}, "not a valid OData identifier"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {EntitySet: "customers"}}}, `both become entity set "customers"`},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Columns: map[string]ColumnOptions{"freight": {Name: "customer_id"}}}}}, `both become property "customer_id"`},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Columns: map[string]ColumnOptions{"freight": {Type: "Edm.Guid"}}}}}, "cannot expose a decimal column"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Columns: map[string]ColumnOptions{"freight": {Type: "Edm.SByte"}}}}}, "not supported by the gateway's clients"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Columns: map[string]ColumnOptions{"freight": {Type: "Edm.Money"}}}}}, "unknown Edm type"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Columns: map[string]ColumnOptions{"meta": {Type: "Edm.Date"}}}}}, "can only be exposed as Edm.String"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Columns: map[string]ColumnOptions{"freight": {MaxLength: 3}}}}}, "max_length"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"orders": {Search: []string{"freight"}}}}, "only String columns can be searched"},
		{Options{Namespace: "s", TableOptions: map[string]TableOptions{"big_orders": {Key: []string{"nope"}}}}, `column "nope" does not exist`},
	}
	for _, c := range cases {
		_, _, err := Build(salesSchema(), c.opts, testMapper)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("opts %+v: err = %v, want %q", c.opts, err, c.want)
		}
	}
}

func TestBuildSanitisesNames(t *testing.T) {
	raw := []Table{
		{Name: "Order Details", Columns: []Column{col("Order ID", "int", false), col("2nd-try", "int", true), col("%%", "int", true)},
			PrimaryKey: []string{"Order ID"}},
		{Name: "€€", Columns: []Column{col("id", "int", false)}, PrimaryKey: []string{"id"}},
	}
	m, warns := mustBuild(t, raw, Options{Namespace: "s"})
	if len(m.Sets) != 1 || m.Sets[0].Name != "Order_Details" {
		t.Fatalf("sets %+v", m.Sets)
	}
	ty := m.Sets[0].Type
	if ty.Property("Order_ID") == nil || ty.Property("_2nd_try") == nil || len(ty.Properties) != 2 || ty.Table != "Order Details" {
		t.Fatalf("properties %+v", ty.Properties)
	}
	if len(warns) != 5 {
		t.Fatalf("warnings %v", warns)
	}
}

func TestBuildMultiSchemaQualifies(t *testing.T) {
	raw := []Table{
		{Schema: "public", Name: "items", Columns: []Column{col("id", "int", false)}, PrimaryKey: []string{"id"}},
		{Schema: "archive", Name: "items", Columns: []Column{col("id", "int", false), col("orig", "int", true)}, PrimaryKey: []string{"id"},
			ForeignKeys: []ForeignKey{{Name: "fk", Columns: []string{"orig"}, RefSchema: "public", RefTable: "items", RefColumns: []string{"id"}}}},
	}
	m, _ := mustBuild(t, raw, Options{Namespace: "s", Schemas: []string{"public", "archive"}, Naming: NamingPascal})
	a, p := m.EntitySet("ArchiveItems"), m.EntitySet("PublicItems")
	if a == nil || p == nil || a.Type.DBSchema != "archive" {
		t.Fatalf("sets %+v", m.Sets)
	}
	if n := navNames(a.Type)["PublicItems"]; n == nil || n.Target != p.Type {
		t.Fatalf("cross-schema nav: %v", navNames(a.Type))
	}
	if _, _, err := Build(raw, Options{Namespace: "s", Schemas: []string{"public", "archive"}, Tables: []string{"items"}}, testMapper); err == nil ||
		!strings.Contains(err.Error(), "ambiguous") {
		t.Fatalf("ambiguous table name accepted: %v", err)
	}
}

func TestBuildTypeMismatchContainerAndPrincipal(t *testing.T) {
	raw := []Table{
		{Name: "Container", Columns: []Column{col("id", "char", false)}, PrimaryKey: []string{"id"}},
		{Name: "parts", Columns: []Column{col("id", "int", false), col("container_id", "char", true), col("other_id", "int", true)},
			PrimaryKey: []string{"id"},
			ForeignKeys: []ForeignKey{
				{Name: "fk_c", Columns: []string{"container_id"}, RefTable: "Container", RefColumns: []string{"id"}},
				{Name: "fk_p", Columns: []string{"other_id"}, RefTable: "parts", RefColumns: []string{"id"}},
			}},
	}
	opts := Options{Namespace: "s", TableOptions: map[string]TableOptions{
		"Container": {Columns: map[string]ColumnOptions{"id": {Type: "Edm.Guid"}}}}}
	m, warns := mustBuild(t, raw, opts)
	if m.Container != "EntityContainer" {
		t.Fatalf("container %q collides with the entity type", m.Container)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Message, `foreign key "fk_c"`) || !strings.Contains(warns[0].Message, "Edm.String but") {
		t.Fatalf("warnings %v", warns)
	}
	parts := m.EntitySet("parts").Type
	if len(parts.Navigation) != 2 {
		t.Fatalf("navigation %+v", parts.Navigation)
	}
	for _, n := range parts.Navigation {
		if n.Principal != n.Collection {
			t.Errorf("%s: Principal=%v Collection=%v", n.Name, n.Principal, n.Collection)
		}
	}
}

func TestBuildRenamesNavigation(t *testing.T) {
	opts := Options{Namespace: "s", TableOptions: map[string]TableOptions{
		"employees": {Navigation: map[string]string{"reports_to_employees": "Manager", "employees": "DirectReports"}},
		"customers": {Navigation: map[string]string{"orders": "Purchases"}},
	}}
	m, _ := mustBuild(t, salesSchema(), opts)
	emp := m.EntitySet("employees").Type
	mgr, reps := emp.NavigationProperty("Manager"), emp.NavigationProperty("DirectReports")
	if mgr == nil || reps == nil || mgr.Partner != "DirectReports" || reps.Partner != "Manager" || mgr.Collection || !reps.Collection {
		t.Fatalf("employees navigation %+v", emp.Navigation)
	}
	c := m.EntitySet("orders").Type.NavigationProperty("customer")
	if c == nil || c.Partner != "Purchases" || m.EntitySet("customers").Type.NavigationProperty("Purchases") == nil {
		t.Fatalf("partner of a renamed navigation property: %+v", c)
	}
	for _, bad := range []struct {
		nav  map[string]string
		want string
	}{
		{map[string]string{"nope": "X"}, `no navigation property "nope" (derived ones: `},
		{map[string]string{"orders": "9x"}, "not a valid OData identifier"},
		{map[string]string{"orders": "company_name"}, "already the name of another member"},
	} {
		o := Options{Namespace: "s", TableOptions: map[string]TableOptions{"customers": {Navigation: bad.nav}}}
		if _, _, err := Build(salesSchema(), o, testMapper); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%v: err = %v, want %q", bad.nav, err, bad.want)
		}
	}
}
