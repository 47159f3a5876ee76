package bound

import (
	"odatagw/metadata"
)

// testModel builds a small sales model: Customers 1—* Orders 1—* Order_Details
// (composite key) *—1 Products, plus Products with one property of most Edm
// types, Devices with a Guid key, Holidays with a Date key and Staff with a
// self-reference (Staff/Manager, Staff/Reports).
func testModel() *metadata.Model {
	prop := func(name string, t metadata.EdmType, nullable bool) *metadata.Property {
		return &metadata.Property{Name: name, Column: name, Type: t, Nullable: nullable, Precision: -1}
	}
	customers := &metadata.EntityType{Name: "Customers", Table: "customers", Properties: []*metadata.Property{
		prop("CustomerID", metadata.EdmString, false),
		prop("CompanyName", metadata.EdmString, false),
		prop("City", metadata.EdmString, true),
		prop("Country", metadata.EdmString, true),
	}}
	customers.Key = customers.Properties[:1]

	freight := prop("Freight", metadata.EdmDecimal, true)
	freight.Precision, freight.Scale = 10, 2
	orders := &metadata.EntityType{Name: "Orders", Table: "orders", Properties: []*metadata.Property{
		prop("OrderID", metadata.EdmInt32, false),
		prop("CustomerID", metadata.EdmString, true),
		prop("OrderDate", metadata.EdmDateTimeOffset, true),
		prop("ShippedDate", metadata.EdmDate, true),
		freight,
		prop("ShipCity", metadata.EdmString, true),
		prop("Priority", metadata.EdmInt16, false),
		prop("Paid", metadata.EdmBoolean, false),
	}}
	orders.Key = orders.Properties[:1]

	details := &metadata.EntityType{Name: "Order_Details", Table: "order_details", Properties: []*metadata.Property{
		prop("OrderID", metadata.EdmInt32, false),
		prop("ProductID", metadata.EdmInt32, false),
		prop("UnitPrice", metadata.EdmDecimal, false),
		prop("Quantity", metadata.EdmInt16, false),
		prop("Discount", metadata.EdmSingle, false),
	}}
	details.Key = details.Properties[:2]

	products := &metadata.EntityType{Name: "Products", Table: "products", Properties: []*metadata.Property{
		prop("ProductID", metadata.EdmInt32, false),
		prop("Name", metadata.EdmString, false),
		prop("Description", metadata.EdmString, true),
		prop("Price", metadata.EdmDecimal, true),
		prop("Weight", metadata.EdmDouble, true),
		prop("Released", metadata.EdmDate, true),
		prop("LastSold", metadata.EdmDateTimeOffset, true),
		prop("Code", metadata.EdmGuid, true),
		prop("Discontinued", metadata.EdmBoolean, false),
		prop("Featured", metadata.EdmBoolean, true),
		prop("Photo", metadata.EdmBinary, true),
		prop("Views", metadata.EdmInt64, true),
		prop("Rating", metadata.EdmByte, true),
		prop("Delta", metadata.EdmSByte, true),
		prop("OpensAt", metadata.EdmTimeOfDay, true),
		prop("Warranty", metadata.EdmDuration, true),
	}}
	products.Key = products.Properties[:1]

	devices := &metadata.EntityType{Name: "Devices", Table: "devices", Properties: []*metadata.Property{
		prop("DeviceID", metadata.EdmGuid, false),
		prop("Label", metadata.EdmString, true),
	}}
	devices.Key = devices.Properties[:1]
	holidays := &metadata.EntityType{Name: "Holidays", Table: "holidays", Properties: []*metadata.Property{
		prop("Day", metadata.EdmDate, false),
		prop("Name", metadata.EdmString, false),
	}}
	holidays.Key = holidays.Properties[:1]
	staff := &metadata.EntityType{Name: "Staff", Table: "staff", Properties: []*metadata.Property{
		prop("StaffID", metadata.EdmInt32, false),
		prop("Name", metadata.EdmString, false),
		prop("ManagerID", metadata.EdmInt32, true),
	}}
	staff.Key = staff.Properties[:1]

	m := &metadata.Model{Namespace: "demo", Container: "Container",
		Types: []*metadata.EntityType{customers, orders, details, products, devices, holidays, staff}}
	for _, t := range m.Types {
		m.Sets = append(m.Sets, &metadata.EntitySet{Name: t.Name, Type: t})
	}
	set := func(t *metadata.EntityType) *metadata.EntitySet { return m.SetForType(t) }
	link := func(from *metadata.EntityType, name string, to *metadata.EntityType, coll, nullable bool, partner string, pairs ...*metadata.Property) {
		n := &metadata.NavigationProperty{Name: name, Target: to, TargetSet: set(to), Collection: coll, Nullable: nullable, Partner: partner}
		for i := 0; i+1 < len(pairs); i += 2 {
			n.Constraints = append(n.Constraints, metadata.ReferentialConstraint{Property: pairs[i], Referenced: pairs[i+1]})
		}
		from.Navigation = append(from.Navigation, n)
	}
	link(orders, "Customer", customers, false, true, "Orders", orders.Properties[1], customers.Properties[0])
	link(customers, "Orders", orders, true, false, "Customer", customers.Properties[0], orders.Properties[1])
	link(orders, "Order_Details", details, true, false, "Order", orders.Properties[0], details.Properties[0])
	link(details, "Order", orders, false, false, "Order_Details", details.Properties[0], orders.Properties[0])
	link(details, "Product", products, false, false, "", details.Properties[1], products.Properties[0])
	link(staff, "Manager", staff, false, true, "Reports", staff.Properties[2], staff.Properties[0])
	link(staff, "Reports", staff, true, false, "Manager", staff.Properties[0], staff.Properties[2])
	m.Index()
	return m
}
