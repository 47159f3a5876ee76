package bound

import (
	"strconv"
	"strings"
	"testing"
)

// dumpApply renders a bound pipeline: steps separated by " / ", then
// " => " and the output shape. Dynamic properties show as Name:Type, with a
// trailing ? when nullable.
func dumpApply(a *Apply) string {
	var parts []string
	for _, st := range a.Steps {
		parts = append(parts, dumpStep(st))
	}
	return strings.Join(parts, " / ") + " => " + dumpShape(a.Out)
}

func dumpDyn(d *Dynamic) string {
	s := d.Name + ":" + short(d.T)
	if d.Nullable {
		s += "?"
	}
	return s
}

func dumpShape(sh *Shape) string {
	var parts []string
	if sh.Entity {
		parts = append(parts, "entity")
	}
	for _, g := range sh.Groups {
		parts = append(parts, dump(g))
	}
	for _, d := range sh.Dynamic {
		parts = append(parts, dumpDyn(d))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func dumpAggs(items []*Aggregation) string {
	var parts []string
	for _, it := range items {
		s := "(" + string(it.Method)
		if it.Expr != nil {
			s += " " + dump(it.Expr)
		}
		parts = append(parts, s+" as "+dumpDyn(it.Out)+")")
	}
	return strings.Join(parts, " ")
}

func dumpOrder(items []OrderItem) string {
	var parts []string
	for _, it := range items {
		s := dump(it.Expr)
		if it.Desc {
			s += " desc"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

func dumpStep(st Step) string {
	switch st := st.(type) {
	case *Filter:
		return "filter " + dump(st.Cond)
	case *SearchStep:
		return "search"
	case *OrderBy:
		return "orderby " + dumpOrder(st.Items)
	case *Top:
		return "top " + strconv.FormatInt(st.N, 10)
	case *Skip:
		return "skip " + strconv.FormatInt(st.N, 10)
	case *Compute:
		var parts []string
		for _, it := range st.Items {
			parts = append(parts, dump(it.Expr)+" as "+dumpDyn(it.Out))
		}
		return "compute " + strings.Join(parts, ", ")
	case *Aggregate:
		return "aggregate " + dumpAggs(st.Items)
	case *GroupBy:
		var keys []string
		for _, k := range st.Keys {
			keys = append(keys, dump(k))
		}
		s := "groupby [" + strings.Join(keys, " ") + "]"
		if len(st.Items) > 0 {
			s += " " + dumpAggs(st.Items)
		}
		return s
	case *Concat:
		var parts []string
		for _, br := range st.Branches {
			parts = append(parts, "{"+dumpApply(br)+"}")
		}
		return "concat " + strings.Join(parts, " ")
	}
	return "?"
}

func bindApply(t *testing.T, set, apply string) (*Apply, error) {
	t.Helper()
	o := parseOptions(t, "$apply="+apply)
	b := testBinder(o.Aliases)
	return b.Apply(b.Model.EntitySet(set).Type, o.ApplyTree)
}

func TestApplyTypes(t *testing.T) {
	cases := []struct{ set, apply, want string }{
		{"Orders", "aggregate(Freight with sum as T)", "T:Decimal?"},
		{"Orders", "aggregate(Priority with sum as T)", "T:Int64?"},
		{"Orders", "aggregate(OrderID with sum as T)", "T:Int64?"},
		{"Products", "aggregate(Views with sum as T)", "T:Int64?"},
		{"Products", "aggregate(Weight with sum as T)", "T:Double?"},
		{"Order_Details", "aggregate(Discount with sum as T)", "T:Double?"},
		{"Order_Details", "aggregate(Discount with average as A)", "A:Double?"},
		{"Order_Details", "aggregate(Quantity with average as A)", "A:Decimal?"},
		{"Orders", "aggregate(Freight with average as A)", "A:Decimal?"},
		{"Orders", "aggregate(OrderDate with min as M)", "M:DateTimeOffset?"},
		{"Orders", "aggregate(ShipCity with max as M)", "M:String?"},
		{"Products", "aggregate(Rating with max as M)", "M:Byte?"},
		{"Orders", "aggregate(CustomerID with countdistinct as N)", "N:Int64"},
		{"Orders", "aggregate($count as N)", "N:Int64"},
		{"Orders", "aggregate(Freight mul 2 with sum as T)", "T:Decimal?"},
		{"Order_Details", "aggregate(UnitPrice mul Quantity with sum as Revenue)", "Revenue:Decimal?"},
		{"Orders", "aggregate(Customer/Country with countdistinct as N)", "N:Int64"},
		{"Orders", "aggregate(Freight with sum as S,Freight with min as Lo,$count as N)", "S:Decimal? Lo:Decimal? N:Int64"},
	}
	for _, c := range cases {
		t.Run(c.apply, func(t *testing.T) {
			a, err := bindApply(t, c.set, c.apply)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range a.Out.Dynamic {
				got = append(got, dumpDyn(d))
			}
			if s := strings.Join(got, " "); s != c.want {
				t.Errorf("got %s, want %s", s, c.want)
			}
			if a.Out.Entity || len(a.Out.Groups) != 0 {
				t.Errorf("shape after aggregate: %s", dumpShape(a.Out))
			}
		})
	}
}

func TestApplyPipelines(t *testing.T) {
	cases := []struct{ set, apply, want string }{
		{"Orders", "groupby((Customer/Country),aggregate(Freight with sum as Total))/filter(Total gt 100)/orderby(Total desc)/top(5)",
			"groupby [Customer/Country] (sum Freight as Total:Decimal?) / filter (gt #Total:Decimal 100:Decimal) / orderby #Total:Decimal desc / top 5 => [Customer/Country Total:Decimal?]"},
		{"Orders", "filter(Freight gt 10)/groupby((ShipCity))",
			"filter (gt Freight 10:Decimal) / groupby [ShipCity] => [ShipCity]"},
		{"Orders", "groupby((ShipCity,Customer/Country),aggregate($count as N))/groupby((Customer/Country),aggregate(N with sum as Cities))",
			"groupby [ShipCity Customer/Country] ($count as N:Int64) / groupby [Customer/Country] (sum #N:Int64 as Cities:Int64?) => [Customer/Country Cities:Int64?]"},
		{"Orders", "groupby((ShipCity),aggregate($count as N))/groupby((N),aggregate($count as Cities))",
			"groupby [ShipCity] ($count as N:Int64) / groupby [#N:Int64] ($count as Cities:Int64) => [N:Int64 Cities:Int64]"},
		{"Orders", "compute(Freight mul 2 as F2)/filter(F2 gt 5)/aggregate(F2 with max as M)",
			"compute (mul:Decimal Freight 2:Decimal) as F2:Decimal? / filter (gt #F2:Decimal 5:Decimal) / aggregate (max #F2:Decimal as M:Decimal?) => [M:Decimal?]"},
		{"Orders", "identity/skip(2)/top(3)", "skip 2 / top 3 => [entity]"},
		{"Orders", "filter(Customer/Country eq 'DE' and Order_Details/any(d:d/Quantity gt 5))/aggregate($count as N)",
			"filter (and (eq Customer/Country 'DE':String) (any d Order_Details (gt d/Quantity 5:Int16))) / aggregate ($count as N:Int64) => [N:Int64]"},
		{"Orders", "groupby((Customer/Country),aggregate(Freight with sum as T))/filter(Customer/Country ne null)",
			"groupby [Customer/Country] (sum Freight as T:Decimal?) / filter (ne Customer/Country null:String) => [Customer/Country T:Decimal?]"},
		{"Customers", "search(Berlin)/groupby((Country))", "search / groupby [Country] => [Country]"},
		{"Orders", "concat(groupby((ShipCity),aggregate(Freight with sum as T)),aggregate(Freight with sum as T,$count as N))",
			"concat {groupby [ShipCity] (sum Freight as T:Decimal?) => [ShipCity T:Decimal?]} {aggregate (sum Freight as T:Decimal?) ($count as N:Int64) => [T:Decimal? N:Int64]} => [ShipCity T:Decimal? N:Int64?]"},
		{"Orders", "concat(top(1),orderby(Freight desc)/top(1))",
			"concat {top 1 => [entity]} {orderby Freight desc / top 1 => [entity]} => [entity]"},
	}
	for _, c := range cases {
		t.Run(c.apply, func(t *testing.T) {
			a, err := bindApply(t, c.set, c.apply)
			if err != nil {
				t.Fatal(err)
			}
			if got := dumpApply(a); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestApplyErrors(t *testing.T) {
	cases := []struct {
		set, apply string
		status     int
		msg        string
		pos        int
	}{
		{"Orders", "groupby((Nope))", 400, "property 'Nope' does not exist on type 'demo.Orders'", 9},
		{"Orders", "groupby((ShipCity),aggregate(Freight with sum as T))/filter(Freight gt 1)", 400,
			"'Freight' is not available after aggregation: use a grouping property or an alias (available: ShipCity, T)", 60},
		{"Orders", "aggregate(Freight with sum as T)/filter(Totl gt 1)", 400, "property 'Totl' does not exist", 40},
		{"Orders", "aggregate(ShipCity with sum as T)", 400, "sum needs a numeric value, not Edm.String", 24},
		{"Orders", "aggregate(Paid with max as T)", 400, "max needs an ordered value, not Edm.Boolean", 20},
		{"Orders", "aggregate(Freight with sum as Freight)", 400, "the alias 'Freight' is already the name of a property", 30},
		{"Orders", "aggregate(Freight with sum as T,$count as T)", 400, "the alias 'T' is already the name of a property", 42},
		{"Orders", "compute(Freight as ShipCity)", 400, "the alias 'ShipCity' is already the name of a property", 19},
		{"Orders", "topcount(2,Freight)", 501, "the transformation topcount is not supported", 0},
		{"Orders", "filter(Freight gt 1)/join(Order_Details as D)", 501, "the transformation join is not supported", 21},
		{"Orders", "groupby((rollup(Customer/Country,ShipCity)))", 501, "rollup in groupby is not supported", 9},
		{"Orders", "aggregate(Freight with sum from ShipCity with average as T)", 501, "'from' in aggregate is not supported", 27},
		{"Orders", "aggregate(Budget as T)", 501, "the custom aggregate 'Budget' is not supported", 10},
		{"Orders", "aggregate(Freight with Custom.median as T)", 501, "the custom aggregation method 'Custom.median' is not supported", 23},
		{"Orders", "aggregate(Order_Details/$count as T)", 501, "counting related entities in aggregate", 10},
		{"Customers", "aggregate(Orders/Freight with sum as T)", 501, "aggregating across the collection-valued navigation property 'Orders' is not supported", 10},
		{"Customers", "groupby((Orders/ShipCity))", 400, "cannot group by a path through the collection-valued navigation property 'Orders'", 9},
		{"Orders", "groupby((Customer))", 501, "grouping by the entity 'Customer' is not supported", 9},
		{"Orders", "groupby((ShipCity),filter(Freight gt 1)/aggregate($count as N))", 501, "groupby with the transformation filter is not supported", 19},
		{"Orders", "aggregate($count as N)/search(x)", 400, "search is only possible before aggregate or groupby", 23},
		{"Orders", "aggregate($count as N)/filter(Order_Details/any())", 400, "'Order_Details' is not available after aggregation (available: N)", 44},
		{"Orders", "filter($these/aggregate(Freight with sum) gt 1)", 501, "the aggregate function in expressions ('$these/aggregate(…)') is not supported", 14},
		{"Orders", "compute(null as N)", 400, "the value of 'N' is null without a type", 8},
		{"Orders", "concat(aggregate(Freight with sum as T),compute(OrderID as T))", 400, "concat: 'T' is Edm.Decimal in one branch and Edm.Int32 in another", 40},
	}
	for _, c := range cases {
		t.Run(c.apply, func(t *testing.T) {
			a, err := bindApply(t, c.set, c.apply)
			if err == nil {
				t.Fatalf("no error, bound %s", dumpApply(a))
			}
			wantErr(t, err, c.status, c.msg, "$apply", c.pos)
		})
	}
}

func TestAfterApply(t *testing.T) {
	o := parseOptions(t, "$apply=groupby((Customer/Country),aggregate(Freight with sum as Total,$count as N))"+
		"&$filter=Total gt 10 and Customer/Country ne 'DE'&$orderby=N desc,Customer/Country&$select=Total,Customer/Country")
	b := testBinder(nil)
	a, err := b.Apply(b.Model.EntitySet("Orders").Type, o.ApplyTree)
	if err != nil {
		t.Fatal(err)
	}
	f, err := b.FilterOn(a.Out, o.Filter)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dump(f), "(and (gt #Total:Decimal 10:Decimal) (ne Customer/Country 'DE':String))"; got != want {
		t.Errorf("filter %s, want %s", got, want)
	}
	ob, err := b.OrderByOn(a.Out, o.OrderBy)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpOrder(ob), "#N:Int64 desc, Customer/Country"; got != want {
		t.Errorf("orderby %s, want %s", got, want)
	}
	if i := a.Out.GroupIndex(ob[1].Expr.(*Property)); i != 0 {
		t.Errorf("GroupIndex(Customer/Country) = %d, want 0", i)
	}
	other := &Property{Prop: b.Model.EntitySet("Orders").Type.Property("ShipCity")}
	if i := a.Out.GroupIndex(other); i != -1 {
		t.Errorf("GroupIndex(ShipCity) = %d, want -1", i)
	}
	sel, err := b.SelectOn(a.Out, o.Select)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range sel {
		names = append(names, dump(x))
	}
	if got, want := strings.Join(names, " "), "#Total:Decimal Customer/Country"; got != want {
		t.Errorf("select %s, want %s", got, want)
	}

	bad := parseOptions(t, "$filter=Freight gt 1&$select=ShipCity&$orderby=Customer/City")
	_, err = b.FilterOn(a.Out, bad.Filter)
	wantErr(t, err, 400, "'Freight' is not available after aggregation", "$filter", 0)
	_, err = b.SelectOn(a.Out, bad.Select)
	wantErr(t, err, 400, "'ShipCity' is not available after aggregation", "$select", 0)
	_, err = b.OrderByOn(a.Out, bad.OrderBy)
	wantErr(t, err, 400, "'Customer/City' is not available after aggregation", "$orderby", 0)
}

func TestCompute(t *testing.T) {
	o := parseOptions(t, "$compute=Freight mul 2 as Double,year(OrderDate) as Y,Customer/Country as C"+
		"&$filter=Double gt 10 and Y eq 2024&$orderby=C,Double desc&$select=OrderID,Double")
	b := testBinder(nil)
	orders := b.Model.EntitySet("Orders").Type
	c, sh, err := b.Compute(EntityShape(orders), o.ComputeItems)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpStep(c), "compute (mul:Decimal Freight 2:Decimal) as Double:Decimal?, (year:Int32 OrderDate) as Y:Int32?, Customer/Country as C:String?"; got != want {
		t.Errorf("compute %s\nwant    %s", got, want)
	}
	if got, want := dumpShape(sh), "[entity Double:Decimal? Y:Int32? C:String?]"; got != want {
		t.Errorf("shape %s, want %s", got, want)
	}
	f, err := b.FilterOn(sh, o.Filter)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dump(f), "(and (gt #Double:Decimal 10:Decimal) (eq #Y:Int32 2024:Int32))"; got != want {
		t.Errorf("filter %s, want %s", got, want)
	}
	ob, err := b.OrderByOn(sh, o.OrderBy)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := dumpOrder(ob), "#C:String, #Double:Decimal desc"; got != want {
		t.Errorf("orderby %s, want %s", got, want)
	}
	sel, err := b.SelectOn(sh, o.Select)
	if err != nil {
		t.Fatal(err)
	}
	if len(sel) != 2 || dump(sel[0]) != "OrderID" || dump(sel[1]) != "#Double:Decimal" {
		t.Errorf("select %v", sel)
	}
	// entity properties stay usable next to computed ones
	if _, err := b.FilterOn(sh, parseOptions(t, "$filter=Freight gt 1").Filter); err != nil {
		t.Error(err)
	}

	_, err = b.SelectOn(sh, parseOptions(t, "$select=Customer/Country").Select)
	wantErr(t, err, 400, "navigation property 'Customer' cannot be selected; use $expand", "$select", 0)

	bad := parseOptions(t, "$compute=Nope add 1 as X")
	_, _, err = b.Compute(EntityShape(orders), bad.ComputeItems)
	wantErr(t, err, 400, "property 'Nope' does not exist", "$compute", 0)
	dup := parseOptions(t, "$compute=1 as X,2 as X")
	_, _, err = b.Compute(EntityShape(orders), dup.ComputeItems)
	wantErr(t, err, 400, "the alias 'X' is already the name of a property", "$compute", 12)
}

func TestApplyNil(t *testing.T) {
	b := testBinder(nil)
	a, err := b.Apply(b.Model.EntitySet("Orders").Type, nil)
	if a != nil || err != nil {
		t.Errorf("Apply(nil) = %v, %v", a, err)
	}
	c, sh, err := b.Compute(EntityShape(b.Model.EntitySet("Orders").Type), nil)
	if c != nil || err != nil || !sh.Entity {
		t.Errorf("Compute(nil) = %v, %v, %v", c, sh, err)
	}
}
