package sqldb

import (
	"time"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// testModel is the hand-built model of the test database: Items (tricky
// data of every type), Categories (target of Items/Category), Lines
// (composite key; Lines/Item, Items/Lines) and Shipments (related to Lines
// by a composite foreign key: Lines/Shipments, Shipments/Line). Every
// relationship is navigable both ways, the principal side's constraints
// reversed as the schema builder makes them.
type testModel struct {
	m                             *metadata.Model
	items, cats, lines, shipments *metadata.EntitySet
	category                      *metadata.NavigationProperty
}

func newTestModel() *testModel {
	prop := func(name string, t metadata.EdmType, nullable bool) *metadata.Property {
		return &metadata.Property{Name: name, Column: name, Type: t, Nullable: nullable, Precision: -1}
	}
	items := &metadata.EntityType{Name: "Item", Table: "Items", Properties: []*metadata.Property{
		prop("ID", metadata.EdmInt32, false),
		prop("Name", metadata.EdmString, true),
		prop("Code", metadata.EdmString, false),
		{Name: "Price", Column: "Price", Type: metadata.EdmDecimal, Nullable: true, Precision: 12, Scale: 4},
		prop("Qty", metadata.EdmInt32, true),
		prop("Big", metadata.EdmInt64, true),
		prop("Ratio", metadata.EdmDouble, true),
		prop("Active", metadata.EdmBoolean, true),
		prop("Released", metadata.EdmDate, true),
		prop("Updated", metadata.EdmDateTimeOffset, true),
		prop("Uid", metadata.EdmGuid, true),
		prop("CategoryID", metadata.EdmInt32, true),
		prop("Rank", metadata.EdmInt32, false),
		prop("Stamp", metadata.EdmDateTimeOffset, false),
	}}
	items.Key = items.Properties[:1]
	cats := &metadata.EntityType{Name: "Category", Table: "Categories", Properties: []*metadata.Property{
		prop("ID", metadata.EdmInt32, false),
		prop("Title", metadata.EdmString, false),
		prop("Country", metadata.EdmString, true),
	}}
	cats.Key = cats.Properties[:1]
	lines := &metadata.EntityType{Name: "Line", Table: "Lines", Properties: []*metadata.Property{
		prop("OrderID", metadata.EdmInt32, false),
		prop("ItemID", metadata.EdmInt32, false),
		prop("Amount", metadata.EdmInt32, false),
	}}
	lines.Key = lines.Properties[:2]
	ships := &metadata.EntityType{Name: "Shipment", Table: "Shipments", Properties: []*metadata.Property{
		prop("ShipID", metadata.EdmInt32, false),
		prop("OrderID", metadata.EdmInt32, false),
		prop("ItemID", metadata.EdmInt32, false),
		prop("Shipped", metadata.EdmBoolean, true),
	}}
	ships.Key = ships.Properties[:1]
	tm := &testModel{
		items:     &metadata.EntitySet{Name: "Items", Type: items},
		cats:      &metadata.EntitySet{Name: "Categories", Type: cats},
		lines:     &metadata.EntitySet{Name: "Lines", Type: lines},
		shipments: &metadata.EntitySet{Name: "Shipments", Type: ships},
	}
	// relate adds the dependent side dep/name (single-valued) and the
	// principal side prin/back (collection), pairing dep's columns with prin's.
	relate := func(dep *metadata.EntityType, name string, prin *metadata.EntityType, prinSet *metadata.EntitySet, back string,
		depSet *metadata.EntitySet, nullable bool, cols ...string) *metadata.NavigationProperty {
		d := &metadata.NavigationProperty{Name: name, Target: prin, TargetSet: prinSet, Nullable: nullable, Partner: back}
		p := &metadata.NavigationProperty{Name: back, Target: dep, TargetSet: depSet, Collection: true, Principal: true, Partner: name}
		for i := 0; i < len(cols); i += 2 {
			dc, pc := dep.Property(cols[i]), prin.Property(cols[i+1])
			d.Constraints = append(d.Constraints, metadata.ReferentialConstraint{Property: dc, Referenced: pc})
			p.Constraints = append(p.Constraints, metadata.ReferentialConstraint{Property: pc, Referenced: dc})
		}
		dep.Navigation = append(dep.Navigation, d)
		prin.Navigation = append(prin.Navigation, p)
		return d
	}
	tm.category = relate(items, "Category", cats, tm.cats, "Items", tm.items, true, "CategoryID", "ID")
	relate(lines, "Item", items, tm.items, "Lines", tm.lines, false, "ItemID", "ID")
	relate(ships, "Line", lines, tm.lines, "Shipments", tm.shipments, false, "OrderID", "OrderID", "ItemID", "ItemID")
	tm.m = &metadata.Model{Namespace: "test", Container: "Container",
		Types: []*metadata.EntityType{items, cats, lines, ships}, Sets: []*metadata.EntitySet{tm.items, tm.cats, tm.lines, tm.shipments}}
	tm.m.Index()
	return tm
}

// Expression builders for bound trees.

func (tm *testModel) p(name string) *bound.Property {
	return &bound.Property{Prop: tm.items.Type.Property(name)}
}

func (tm *testModel) nav(name string) *bound.Property {
	return &bound.Property{Nav: []*metadata.NavigationProperty{tm.category}, Prop: tm.cats.Type.Property(name)}
}

func str(s string) *bound.Const { return &bound.Const{T: metadata.EdmString, Value: s} }
func i32(v int64) *bound.Const  { return &bound.Const{T: metadata.EdmInt32, Value: v} }
func dec(s string) *bound.Const {
	return &bound.Const{T: metadata.EdmDecimal, Value: metadata.Decimal(s)}
}
func dbl(v float64) *bound.Const           { return &bound.Const{T: metadata.EdmDouble, Value: v} }
func boolC(v bool) *bound.Const            { return &bound.Const{T: metadata.EdmBoolean, Value: v} }
func null(t metadata.EdmType) *bound.Const { return &bound.Const{T: t} }
func guid(s string) *bound.Const           { return &bound.Const{T: metadata.EdmGuid, Value: s} }
func date(y int, m time.Month, d int) *bound.Const {
	return &bound.Const{T: metadata.EdmDate, Value: metadata.Date{Year: y, Month: m, Day: d}}
}
func dto(s string) *bound.Const {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &bound.Const{T: metadata.EdmDateTimeOffset, Value: t}
}
func tod(h, m, s int) *bound.Const {
	return &bound.Const{T: metadata.EdmTimeOfDay, Value: metadata.TimeOfDay{Hour: h, Minute: m, Second: s}}
}

func bin(op bound.Op, l, r bound.Expr) *bound.Binary {
	t := metadata.EdmBoolean
	if !op.IsComparison() && op != bound.And && op != bound.Or {
		t = l.Type()
		if pt, ok := metadata.Promote(l.Type(), r.Type()); ok {
			t = pt
		}
		if op == bound.DivBy && t.IsIntegral() {
			t = metadata.EdmDecimal
		}
	}
	return &bound.Binary{Op: op, Left: l, Right: r, T: t}
}
func eq(l, r bound.Expr) *bound.Binary  { return bin(bound.Eq, l, r) }
func ne(l, r bound.Expr) *bound.Binary  { return bin(bound.Ne, l, r) }
func and(l, r bound.Expr) *bound.Binary { return bin(bound.And, l, r) }
func or(l, r bound.Expr) *bound.Binary  { return bin(bound.Or, l, r) }
func not(x bound.Expr) *bound.Not       { return &bound.Not{X: x} }
func call(f bound.Func, t metadata.EdmType, args ...bound.Expr) *bound.Call {
	return &bound.Call{Fn: f, Args: args, T: t}
}
func in(x bound.Expr, items ...bound.Expr) *bound.In { return &bound.In{X: x, List: items} }

func asc(e bound.Expr) bound.OrderItem  { return bound.OrderItem{Expr: e} }
func desc(e bound.Expr) bound.OrderItem { return bound.OrderItem{Expr: e, Desc: true} }

// query returns a plan over Items ordered by ID (as the gateway appends the key).
func (tm *testModel) query(filter bound.Expr) *adapters.Query {
	return &adapters.Query{Set: tm.items, Filter: filter, Top: -1,
		OrderBy: []bound.OrderItem{asc(tm.p("ID"))}}
}
