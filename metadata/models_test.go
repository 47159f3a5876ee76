package metadata_test

import (
	"fmt"
	"strings"

	md "odatagw/metadata"
)

// Models the CSDL tests write, validate and compare with golden files.

func prop(name string, t md.EdmType, nullable bool) *md.Property {
	return &md.Property{Name: name, Column: name, Type: t, Nullable: nullable, Precision: unspecifiedPrecision(t)}
}

// unspecifiedPrecision mirrors what the schema builder sets when the database
// does not say: -1 for temporal types, 0 (unspecified) for Decimal.
func unspecifiedPrecision(t md.EdmType) int {
	switch t {
	case md.EdmDateTimeOffset, md.EdmTimeOfDay, md.EdmDuration:
		return -1
	}
	return 0
}

func entity(name string, key []*md.Property, props ...*md.Property) *md.EntityType {
	return &md.EntityType{Name: name, Table: name, Properties: append(append([]*md.Property(nil), key...), props...), Key: key}
}

// relate adds a foreign-key relationship: dep's depProps reference prin's
// prinProps. The dependent side gets a single-valued navigation property, the
// principal side a collection (or, when oneToOne, an optional single-valued
// one), as the schema builder does.
func relate(dep *md.EntityType, depSet *md.EntitySet, depNav string, depProps []*md.Property,
	prin *md.EntityType, prinSet *md.EntitySet, prinNav string, prinProps []*md.Property, oneToOne, markPrincipal bool) {
	nullable := false
	for _, p := range depProps {
		nullable = nullable || p.Nullable
	}
	d := &md.NavigationProperty{Name: depNav, Target: prin, TargetSet: prinSet, Nullable: nullable, Partner: prinNav}
	p := &md.NavigationProperty{Name: prinNav, Target: dep, TargetSet: depSet, Collection: !oneToOne,
		Nullable: oneToOne, Partner: depNav, Principal: markPrincipal && oneToOne}
	for i := range depProps {
		d.Constraints = append(d.Constraints, md.ReferentialConstraint{Property: depProps[i], Referenced: prinProps[i]})
		p.Constraints = append(p.Constraints, md.ReferentialConstraint{Property: prinProps[i], Referenced: depProps[i]})
	}
	dep.Navigation = append(dep.Navigation, d)
	prin.Navigation = append(prin.Navigation, p)
}

// smallModel is one entity type, one set, no navigation.
func smallModel() *md.Model {
	id := prop("ID", md.EdmInt32, false)
	id.Computed = true
	name := prop("Name", md.EdmString, true)
	name.MaxLength = 40
	t := entity("Category", []*md.Property{id}, name)
	m := &md.Model{Namespace: "demo", Container: "Container", Types: []*md.EntityType{t},
		Sets: []*md.EntitySet{{Name: "Categories", Type: t}}}
	m.Index()
	return m
}

// salesModel has composite keys, navigation both ways (one-to-many, a
// self-reference, two one-to-one pairs), every primitive type and facet.
func salesModel() *md.Model {
	custID := prop("CustomerID", md.EdmString, false)
	custID.MaxLength = 5
	company := prop("CompanyName", md.EdmString, false)
	company.MaxLength = 40
	customer := entity("Customer", []*md.Property{custID}, company, prop("Notes", md.EdmString, true))

	detailID := prop("CustomerID", md.EdmString, false)
	detailID.MaxLength = 5
	detail := entity("CustomerDetail", []*md.Property{detailID}, prop("Website", md.EdmString, true))

	orderID := prop("OrderID", md.EdmInt64, false)
	orderID.Computed = true
	orderCust := prop("CustomerID", md.EdmString, true)
	orderCust.MaxLength = 5
	ordered := prop("OrderedAt", md.EdmDateTimeOffset, false)
	ordered.Precision = 3
	shipped := prop("ShippedAt", md.EdmDateTimeOffset, true) // precision unknown (-1)
	created := prop("CreatedAt", md.EdmDateTimeOffset, false)
	created.Precision = 0
	freight := prop("Freight", md.EdmDecimal, true)
	freight.Precision, freight.Scale = 10, 4
	order := entity("Order", []*md.Property{orderID}, orderCust, ordered, shipped, created, freight)

	prodID := prop("ProductID", md.EdmInt32, false)
	prodCode := prop("Code", md.EdmGuid, false)
	product := entity("Product", []*md.Property{prodID}, prodCode)

	lineOrder := prop("OrderID", md.EdmInt64, false)
	lineProduct := prop("ProductID", md.EdmInt32, false)
	quantity := prop("Quantity", md.EdmInt16, false)
	price := prop("UnitPrice", md.EdmDecimal, false)
	price.Precision, price.Scale = 19, 0
	line := entity("OrderLine", []*md.Property{lineOrder, lineProduct}, quantity, price)

	invoiceOrder := prop("OrderID", md.EdmInt64, false)
	invoice := entity("Invoice", []*md.Property{invoiceOrder}, prop("PDF", md.EdmBinary, true))

	empID := prop("EmployeeID", md.EdmInt32, false)
	boss := prop("ReportsTo", md.EdmInt32, true)
	employee := entity("Employee", []*md.Property{empID}, boss)

	// Every primitive type with and without facets.
	all := entity("AllTypes", []*md.Property{prop("Key", md.EdmGuid, false)})
	for _, t := range md.PrimitiveTypes {
		short := strings.TrimPrefix(string(t), "Edm.")
		all.Properties = append(all.Properties, prop(short, t, true), prop(short+"Required", t, false))
	}
	facets := []*md.Property{
		{Name: "String255", Type: md.EdmString, MaxLength: 255, Nullable: true},
		{Name: "Binary16", Type: md.EdmBinary, MaxLength: 16},
		{Name: "Decimal38v", Type: md.EdmDecimal, Precision: 38, Scale: md.ScaleVariable},
		{Name: "DecimalVariable", Type: md.EdmDecimal, Scale: md.ScaleVariable, Nullable: true},
		{Name: "Decimal5_5", Type: md.EdmDecimal, Precision: 5, Scale: 5},
		{Name: "DecimalScale0", Type: md.EdmDecimal, Precision: 12},
		{Name: "DateTimeOffset12", Type: md.EdmDateTimeOffset, Precision: 12},
		{Name: "TimeOfDay6", Type: md.EdmTimeOfDay, Precision: 6},
		{Name: "TimeOfDay0", Type: md.EdmTimeOfDay},
		{Name: "Duration3", Type: md.EdmDuration, Precision: 3, Nullable: true},
		{Name: "IntMaxLengthIgnored", Type: md.EdmInt32, MaxLength: 9},
		{Name: "Computed", Type: md.EdmDateTimeOffset, Precision: 6, Computed: true},
	}
	all.Properties = append(all.Properties, facets...)

	sets := map[string]*md.EntitySet{}
	m := &md.Model{Namespace: "Sales.Demo", Container: "SalesService"}
	for _, t := range []*md.EntityType{customer, detail, order, product, line, invoice, employee, all} {
		s := &md.EntitySet{Name: t.Name + "s", Type: t}
		sets[t.Name] = s
		m.Types = append(m.Types, t)
		m.Sets = append(m.Sets, s)
	}
	relate(order, sets["Order"], "Customer", []*md.Property{orderCust},
		customer, sets["Customer"], "Orders", []*md.Property{custID}, false, false)
	relate(line, sets["OrderLine"], "Order", []*md.Property{lineOrder},
		order, sets["Order"], "Lines", []*md.Property{orderID}, false, false)
	relate(line, sets["OrderLine"], "Product", []*md.Property{lineProduct},
		product, sets["Product"], "OrderLines", []*md.Property{prodID}, false, false)
	relate(employee, sets["Employee"], "Manager", []*md.Property{boss},
		employee, sets["Employee"], "DirectReports", []*md.Property{empID}, false, false)
	// One-to-one sharing the key: once with Principal set, once told apart
	// by nullability only.
	relate(detail, sets["CustomerDetail"], "Customer", []*md.Property{detailID},
		customer, sets["Customer"], "Detail", []*md.Property{custID}, true, true)
	relate(invoice, sets["Invoice"], "Order", []*md.Property{invoiceOrder},
		order, sets["Order"], "Invoice", []*md.Property{orderID}, true, false)
	// A navigation property without TargetSet binds to the first set of its type.
	order.Navigation[0].TargetSet = nil
	m.Index()
	return m
}

// unicodeModel uses unusual but valid identifiers: letters outside Latin,
// letter numbers, combining marks, connector punctuation, format characters,
// the longest allowed name, and a namespace whose alias-like segment
// collides with the Core vocabulary's alias.
func unicodeModel() *md.Model {
	long := "L" + strings.Repeat("o", md.MaxIdentifierLength-2) + "g"
	key := prop("名前", md.EdmString, false)
	key.Computed = true
	t := entity("Città",
		[]*md.Property{key},
		prop("_private", md.EdmInt32, true),
		prop("Ⅻ_roman", md.EdmBoolean, true),  // starts with a letter number (Nl)
		prop("e\u0301te", md.EdmString, true), // combining acute accent (Mn)
		prop("a‿b⁀c", md.EdmString, true),     // connector punctuation (Pc)
		prop("zw\u200dj", md.EdmString, true), // zero-width joiner (Cf)
		prop("Col٣", md.EdmInt16, true),       // Arabic-Indic digit (Nd)
		prop("Ωμέγα", md.EdmDouble, true),
		prop(long, md.EdmString, true),
	)
	other := entity("Straße", []*md.Property{prop("Schlüssel", md.EdmInt64, false)}, prop("名前", md.EdmString, true))
	m := &md.Model{Namespace: "Core", Container: "Контейнер", Types: []*md.EntityType{t, other},
		Sets: []*md.EntitySet{{Name: "Città_Set", Type: t}, {Name: "Straßen", Type: other}}}
	relate(other, m.Sets[1], "Stadt", []*md.Property{other.Properties[1]}, t, m.Sets[0], "Straßen", []*md.Property{key}, false, false)
	m.Index()
	return m
}

// readOnlyModel is salesModel with capability annotations.
func readOnlyModel() *md.Model {
	m := salesModel()
	m.Capabilities = &md.Capabilities{ReadOnly: true, FilterFunctions: []string{
		"eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not", "add", "sub", "mul", "div", "mod", "in",
		"contains", "startswith", "endswith", "length", "indexof", "substring", "tolower", "toupper",
		"trim", "concat", "year", "month", "day", "hour", "minute", "second", "fractionalseconds",
		"date", "time", "now", "round", "floor", "ceiling", "cast", "isof",
	}}
	return m
}

// writableModel is salesModel with per-set write capabilities: the first
// set accepts everything, the second inserts only, the others nothing.
func writableModel() *md.Model {
	m := salesModel()
	m.Capabilities = &md.Capabilities{Writes: map[string]md.SetCapabilities{
		m.Sets[0].Name: {Insertable: true, Updatable: true, Deletable: true},
		m.Sets[1].Name: {Insertable: true},
	}}
	return m
}

// emptyModel has no entity sets: no container is written.
func emptyModel() *md.Model {
	return &md.Model{Namespace: "empty", Container: "Container"}
}

// wideModel has n entity types of 20 properties each, chained by foreign keys.
func wideModel(n int) *md.Model {
	m := &md.Model{Namespace: "wide", Container: "Container"}
	types := md.PrimitiveTypes
	for i := 0; i < n; i++ {
		id := prop("ID", md.EdmInt64, false)
		t := entity(fmt.Sprintf("Table%02d", i), []*md.Property{id})
		for j := 0; j < 19; j++ {
			p := prop(fmt.Sprintf("Column%02d", j), types[j%len(types)], j%3 != 0)
			if p.Type == md.EdmString {
				p.MaxLength = 100
			}
			t.Properties = append(t.Properties, p)
		}
		m.Types = append(m.Types, t)
		m.Sets = append(m.Sets, &md.EntitySet{Name: t.Name, Type: t})
	}
	for i := 1; i < n; i++ {
		fk := prop("ParentID", md.EdmInt64, true)
		dep := m.Types[i]
		dep.Properties = append(dep.Properties, fk)
		relate(dep, m.Sets[i], "Parent", []*md.Property{fk}, m.Types[i-1], m.Sets[i-1], "Children",
			[]*md.Property{m.Types[i-1].Key[0]}, false, false)
	}
	m.Capabilities = &md.Capabilities{ReadOnly: true}
	m.Index()
	return m
}
