package bound

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"odatagw/gateway/query"
	"odatagw/metadata"
)

// seg builds a path segment; keys alternate name, value ("" name = unnamed).
func seg(pos int, name string, keys ...any) query.PathSegment {
	s := query.PathSegment{P: query.Pos(pos), Name: name}
	if len(keys) > 0 {
		s.Keys = []query.KeyValue{}
	}
	for i := 0; i+1 < len(keys); i += 2 {
		s.Keys = append(s.Keys, query.KeyValue{P: query.Pos(pos), Name: keys[i].(string), Value: keys[i+1].(query.Expr)})
	}
	return s
}

// keySeg is a key-as-segment the way the parser produces it: the text as a
// string literal.
func keySeg(pos int, text string) query.PathSegment {
	l := &query.Literal{P: query.Pos(pos), Kind: query.LitString, Text: text, Value: text}
	return query.PathSegment{P: query.Pos(pos), Name: text, KeySegment: true, Keys: []query.KeyValue{{P: query.Pos(pos), Value: l}}}
}

func resource(segs ...query.PathSegment) *query.ResourcePath {
	return &query.ResourcePath{Kind: query.PathResource, Segments: segs}
}

// targetText renders a Target for assertions.
func targetText(t *Target) string {
	var b strings.Builder
	b.WriteString(t.Kind.String())
	if t.Set != nil {
		b.WriteString(" " + t.Set.Name)
	}
	key := func(kvs []KeyValue) {
		if kvs == nil {
			return
		}
		parts := []string{}
		for _, k := range kvs {
			parts = append(parts, fmt.Sprintf("%s=%s", k.Prop.Name, constText(&Const{T: k.Prop.Type, Value: k.Value})))
		}
		b.WriteString("(" + strings.Join(parts, ",") + ")")
	}
	key(t.Key)
	for _, h := range t.Hops {
		b.WriteString(" /" + h.Nav.Name)
		key(h.Key)
	}
	if t.Property != nil {
		b.WriteString(" /" + t.Property.Name)
	}
	if t.Ref {
		b.WriteString(" /$ref")
	}
	return b.String()
}

func TestPath(t *testing.T) {
	guid := "0f8fad5b-d9cb-469f-a165-70867728950e"
	cases := []struct {
		name    string
		path    *query.ResourcePath
		aliases map[string]query.Expr
		want    string
	}{
		{"service document", &query.ResourcePath{Kind: query.PathServiceDocument}, nil, "service document"},
		{"nil path", nil, nil, "service document"},
		{"metadata", &query.ResourcePath{Kind: query.PathMetadata}, nil, "metadata"},
		{"batch", &query.ResourcePath{Kind: query.PathBatch}, nil, "batch"},
		{"collection", resource(seg(0, "Orders")), nil, "collection Orders"},
		{"entity", resource(seg(0, "Orders", "", lInt(10248))), nil, "entity Orders(OrderID=10248)"},
		{"named key", resource(seg(0, "Orders", "OrderID", lInt(10248))), nil, "entity Orders(OrderID=10248)"},
		{"decimal literal with integral value", resource(seg(0, "Orders", "", lDec("10248.0"))), nil, "entity Orders(OrderID=10248)"},
		{"composite key", resource(seg(0, "Order_Details", "OrderID", lInt(1), "ProductID", lInt(2))), nil,
			"entity Order_Details(OrderID=1,ProductID=2)"},
		{"composite key in another order", resource(seg(0, "Order_Details", "ProductID", lInt(2), "OrderID", lInt(1))), nil,
			"entity Order_Details(OrderID=1,ProductID=2)"},
		{"string key", resource(seg(0, "Customers", "", lStr("AL'FKI"))), nil, "entity Customers(CustomerID='AL''FKI')"},
		{"guid key", resource(seg(0, "Devices", "", lGuid(guid))), nil, "entity Devices(DeviceID='" + guid + "')"},
		{"guid key as string", resource(seg(0, "Devices", "", lStr(strings.ToUpper(guid)))), nil, "entity Devices(DeviceID='" + guid + "')"},
		{"date key", resource(seg(0, "Holidays", "", lDate(2024, 12, 25))), nil, "entity Holidays(Day=2024-12-25)"},
		{"alias key", resource(seg(0, "Orders", "", aliasRef("k"))), map[string]query.Expr{"k": lInt(7)}, "entity Orders(OrderID=7)"},
		{"key as segment", resource(seg(0, "Orders"), keySeg(7, "10248")), nil, "entity Orders(OrderID=10248)"},
		{"key as segment, literal value", resource(seg(0, "Orders"), query.PathSegment{P: 7, KeySegment: true, Keys: []query.KeyValue{{Value: lInt(5)}}}), nil,
			"entity Orders(OrderID=5)"},
		{"key as segment, guid", resource(seg(0, "Devices"), keySeg(8, "0F8FAD5B-D9CB-469F-A165-70867728950E")), nil,
			"entity Devices(DeviceID='0f8fad5b-d9cb-469f-a165-70867728950e')"},
		{"key as segment, date", resource(seg(0, "Holidays"), keySeg(9, "2024-12-25")), nil, "entity Holidays(Day=2024-12-25)"},
		{"key as segment, name-like string", resource(seg(0, "Customers"), seg(10, "ALFKI"), seg(16, "City")), nil,
			"property Customers(CustomerID='ALFKI') /City"},
		{"property", resource(seg(0, "Orders", "", lInt(1)), seg(10, "ShipCity")), nil, "property Orders(OrderID=1) /ShipCity"},
		{"property value", resource(seg(0, "Orders", "", lInt(1)), seg(10, "ShipCity"), seg(19, "$value")), nil,
			"property value Orders(OrderID=1) /ShipCity"},
		{"count", resource(seg(0, "Orders"), seg(7, "$count")), nil, "count Orders"},
		{"navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer")), nil, "navigation Orders(OrderID=1) /Customer"},
		{"navigation after navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "Orders")), nil,
			"navigation Orders(OrderID=1) /Customer /Orders"},
		{"key after collection navigation", resource(seg(0, "Customers", "", lStr("A")), seg(15, "Orders", "", lInt(1)), seg(25, "Order_Details")), nil,
			"navigation Customers(CustomerID='A') /Orders(OrderID=1) /Order_Details"},
		{"key segment after collection navigation", resource(seg(0, "Customers", "", lStr("A")), seg(15, "Orders"), keySeg(22, "7")), nil,
			"entity Customers(CustomerID='A') /Orders(OrderID=7)"},
		{"property after single-valued navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "City"), seg(24, "$value")), nil,
			"property value Orders(OrderID=1) /Customer /City"},
		{"key after navigation after single-valued navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "Orders", "", lInt(2))), nil,
			"entity Orders(OrderID=1) /Customer /Orders(OrderID=2)"},
		{"count after two hops", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "Orders"), seg(26, "$count")), nil,
			"count Orders(OrderID=1) /Customer /Orders"},
		{"$ref of navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "$ref")), nil,
			"navigation Orders(OrderID=1) /Customer /$ref"},
		{"$ref of entity", resource(seg(0, "Orders", "", lInt(1)), seg(10, "$ref")), nil, "entity Orders(OrderID=1) /$ref"},
		{"$ref of collection", resource(seg(0, "Orders"), seg(7, "$ref")), nil, "collection Orders /$ref"},
		{"cast after navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "demo.Customers")), nil,
			"navigation Orders(OrderID=1) /Customer"},
		{"cast to own type", resource(seg(0, "Orders", "", lInt(1)), seg(10, "demo.Orders"), seg(22, "Freight")), nil,
			"property Orders(OrderID=1) /Freight"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := testBinder(c.aliases).Path(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if s := targetText(got); s != c.want {
				t.Errorf("got  %s\nwant %s", s, c.want)
			}
		})
	}
}

func TestPathKeyValueTypes(t *testing.T) {
	b := testBinder(nil)
	check := func(set string, lit *query.Literal, want any) {
		t.Helper()
		got, err := b.Path(resource(seg(0, set, "", lit)))
		if err != nil {
			t.Fatal(err)
		}
		if v := got.Key[0].Value; fmt.Sprintf("%T %v", v, v) != fmt.Sprintf("%T %v", want, want) {
			t.Errorf("%s key = %T %v, want %T %v", set, v, v, want, want)
		}
	}
	check("Orders", lInt(5), int64(5))
	check("Customers", lStr("ALFKI"), "ALFKI")
	check("Devices", lGuid("0F8FAD5B-D9CB-469F-A165-70867728950E"), "0f8fad5b-d9cb-469f-a165-70867728950e")
	check("Holidays", lDate(2024, 12, 25), metadata.Date{Year: 2024, Month: time.December, Day: 25})
	check("Holidays", lDTO("2024-12-25T00:00:00Z"), metadata.Date{Year: 2024, Month: time.December, Day: 25})
}

func TestPathErrors(t *testing.T) {
	cases := []struct {
		name    string
		path    *query.ResourcePath
		aliases map[string]query.Expr
		status  int
		msg     string
		pos     int
	}{
		{"unknown entity set", resource(seg(0, "Nope")), nil, 404, "entity set 'Nope' does not exist", 0},
		{"unknown segment", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Nope")), nil, 404,
			"'Nope' is not a property or navigation property of type 'demo.Orders'", 10},
		{"composite key unnamed", resource(seg(0, "Order_Details", "", lInt(1))), nil, 400,
			"type 'demo.Order_Details' has a composite key (OrderID,ProductID): name every key property", 0},
		{"composite key partly unnamed", resource(seg(0, "Order_Details", "OrderID", lInt(1), "", lInt(2))), nil, 400,
			"name every key property", 0},
		{"missing key property", resource(seg(0, "Order_Details", "OrderID", lInt(1))), nil, 400,
			"key property 'ProductID' is missing; the key of type 'demo.Order_Details' is (OrderID,ProductID)", 0},
		{"key property twice", resource(seg(0, "Order_Details", "OrderID", lInt(1), "OrderID", lInt(2))), nil, 400,
			"key property 'OrderID' is given twice", 0},
		{"not a key property", resource(seg(0, "Order_Details", "OrderID", lInt(1), "Quantity", lInt(2))), nil, 400,
			"'Quantity' is not a key property of type 'demo.Order_Details'; the key is (OrderID,ProductID)", 0},
		{"unknown key property", resource(seg(0, "Orders", "Nope", lInt(1))), nil, 400,
			"key property 'Nope' does not exist on type 'demo.Orders'", 0},
		{"string for int key", resource(seg(0, "Orders", "", at(7, lStr("x")))), nil, 400,
			"key value 'x' (Edm.String) does not match the type Edm.Int32 of key property 'OrderID'", 7},
		{"int out of range", resource(seg(0, "Orders", "", at(7, lInt(3000000000)))), nil, 400,
			"key value 3000000000 (Edm.Int64) does not match the type Edm.Int32 of key property 'OrderID'", 7},
		{"fractional decimal for int key", resource(seg(0, "Orders", "", at(7, lDec("1.5")))), nil, 400,
			"key value 1.5 (Edm.Decimal) does not match the type Edm.Int32", 7},
		{"int for string key", resource(seg(0, "Customers", "", at(10, lInt(1)))), nil, 400,
			"key value 1 (Edm.Int32) does not match the type Edm.String of key property 'CustomerID'", 10},
		{"bad guid string", resource(seg(0, "Devices", "", at(8, lStr("nope")))), nil, 400,
			"key value 'nope' (Edm.String) does not match the type Edm.Guid", 8},
		{"null key", resource(seg(0, "Orders", "", at(7, lNull()))), nil, 400, "the value of key property 'OrderID' must not be null", 7},
		{"missing alias is null", resource(seg(0, "Orders", "", at(7, aliasRef("k")))), nil, 400,
			"the value of key property 'OrderID' must not be null", 7},
		{"non-literal key", resource(seg(0, "Orders", "", at(7, p("OrderID")))), nil, 400,
			"the value of key property 'OrderID' must be a literal", 0},
		{"empty key", resource(seg(0, "Orders", "")), nil, 400, "empty key predicate", 0},
		{"$value on an entity", resource(seg(0, "Orders", "", lInt(1)), seg(10, "$value")), nil, 400, "$value may only follow a property", 10},
		{"$value on a collection", resource(seg(0, "Orders"), seg(7, "$value")), nil, 400, "$value may only follow a property", 7},
		{"$count on an entity", resource(seg(0, "Orders", "", lInt(1)), seg(10, "$count")), nil, 400, "$count may only follow a collection", 10},
		{"after $count", resource(seg(0, "Orders"), seg(7, "$count"), seg(14, "x")), nil, 400, "no segment may follow $count", 14},
		{"after $value", resource(seg(0, "Orders", "", lInt(1)), seg(10, "ShipCity"), seg(19, "$value"), seg(26, "x")), nil, 400,
			"no segment may follow $value", 26},
		{"property of a collection", resource(seg(0, "Orders"), seg(7, "ShipCity")), nil, 400,
			"'ShipCity' cannot follow the collection 'Orders': address one entity by its key first", 7},
		{"member of a property", resource(seg(0, "Orders", "", lInt(1)), seg(10, "ShipCity"), seg(19, "Length")), nil, 400,
			"property 'ShipCity' has the primitive type Edm.String and no member 'Length'", 19},
		{"key on a property", resource(seg(0, "Orders", "", lInt(1)), seg(10, "ShipCity", "", lInt(1))), nil, 400,
			"property 'ShipCity' cannot have a key predicate", 10},
		{"second key", resource(seg(0, "Orders", "", lInt(1)), query.PathSegment{P: 9, KeySegment: true, Keys: []query.KeyValue{{Value: lInt(5)}}}), nil, 400,
			"a key may only follow a collection", 9},
		{"foreign type cast", resource(seg(0, "Orders", "", lInt(1)), seg(10, "demo.Customers")), nil, 404,
			"type cast 'demo.Customers' is not valid on 'demo.Orders'", 10},
		{"key on single-valued navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer", "", lStr("A"))), nil, 400,
			"a key may only follow a collection; 'Customer' is single-valued", 10},
		{"key segment on single-valued navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), keySeg(19, "A1")), nil, 400,
			"a key may only follow a collection; 'Customer' is single-valued", 19},
		{"property of collection navigation", resource(seg(0, "Customers", "", lStr("A")), seg(15, "Orders"), seg(22, "Freight")), nil, 400,
			"'Freight' cannot follow the collection-valued navigation property 'Orders': address one entity by its key first", 22},
		{"$count after single-valued navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "$count")), nil, 400,
			"$count may only follow a collection; 'Customer' is single-valued", 19},
		{"unknown member after navigation", resource(seg(0, "Orders", "", lInt(1)), seg(10, "Customer"), seg(19, "Nope")), nil, 404,
			"'Nope' is not a property or navigation property of type 'demo.Customers'", 19},
		{"$ref after property", resource(seg(0, "Orders", "", lInt(1)), seg(10, "ShipCity"), seg(19, "$ref")), nil, 400,
			"$ref may only follow entities, not property 'ShipCity'", 19},
		{"bad key after navigation", resource(seg(0, "Customers", "", lStr("A")), seg(15, "Orders", "", at(22, lStr("x")))), nil, 400,
			"key value 'x' (Edm.String) does not match the type Edm.Int32 of key property 'OrderID'", 22},
		{"function call segment", resource(seg(0, "Orders", "", lInt(1)), query.PathSegment{P: 10, Name: "Fn", Params: []query.KeyValue{}}), nil, 404,
			"'Fn' is not a property or navigation property", 10},
		{"key segment not a number", resource(seg(0, "Orders"), keySeg(7, "1x")), nil, 400,
			"key segment '1x' is not a valid Edm.Int32 value for key property 'OrderID'", 7},
		{"key segment on a composite key", resource(seg(0, "Order_Details"), keySeg(14, "1")), nil, 400,
			"type 'demo.Order_Details' has a composite key (OrderID,ProductID): a key segment cannot address it", 14},
		{"name-like segment on an integer key", resource(seg(0, "Orders"), seg(7, "abc")), nil, 404,
			"'abc' is not a property or navigation property of type 'demo.Orders'", 7},
		{"$each", resource(seg(0, "Orders"), seg(7, "$each")), nil, 501, "path segment $each is not supported", 7},
		{"$all", &query.ResourcePath{Kind: query.PathAll}, nil, 501, "$all is not supported", 0},
		{"$crossjoin", &query.ResourcePath{Kind: query.PathCrossjoin}, nil, 501, "$crossjoin is not supported", 0},
		{"$entity", &query.ResourcePath{Kind: query.PathEntity}, nil, 501, "$entity is not supported", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := testBinder(c.aliases).Path(c.path)
			if err == nil {
				t.Fatalf("no error, got %s", targetText(got))
			}
			wantErr(t, err, c.status, c.msg, "resource path", c.pos)
		})
	}
}

func TestPathAliasErrorTarget(t *testing.T) {
	b := testBinder(map[string]query.Expr{"k": mpath(0, "Nope")})
	_, err := b.Path(resource(seg(0, "Orders", "", aliasRef("k"))))
	wantErr(t, err, 400, "property 'Nope' does not exist on type 'demo.Orders'", "@k", 0)
}
