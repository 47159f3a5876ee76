package query

import (
	"strings"
	"testing"

	"odatagw/odataerr"
)

// formatPath renders a resource path for comparisons.
func formatPath(rp *ResourcePath) string {
	var parts []string
	for _, s := range rp.Segments {
		x := s.Name
		if s.KeySegment {
			x = "key:" + s.Name
		}
		if s.Filter != nil {
			x += "(" + Format(s.Filter) + ")"
		}
		if s.Params != nil {
			var b strings.Builder
			formatKeyValues(&b, s.Params)
			x += " params" + b.String()
		}
		if s.Keys != nil && !s.KeySegment {
			var b strings.Builder
			formatKeyValues(&b, s.Keys)
			x += b.String()
		}
		parts = append(parts, x)
	}
	return strings.Join(parts, " / ")
}

func TestParsePath(t *testing.T) {
	cases := []struct {
		in   string
		kind PathKind
		want string
	}{
		{"", PathServiceDocument, ""},
		{"/", PathServiceDocument, ""},
		{"$metadata", PathMetadata, ""},
		{"$batch", PathBatch, ""},
		{"$all", PathAll, ""},
		{"$entity/Model.Customer", PathEntity, "Model.Customer"},
		{"$crossjoin(Customers,Orders)", PathCrossjoin, "Customers / Orders"},
		{"Orders", PathResource, "Orders"},
		{"Orders/", PathResource, "Orders"},
		{"/Orders(10248)", PathResource, "Orders(10248)"},
		{"Order_Details(OrderID=10248,ProductID=11)", PathResource, "Order_Details(OrderID=10248,ProductID=11)"},
		{"Customers('ALFKI')", PathResource, "Customers('ALFKI')"},
		{"Customers('O''Neil')/Orders/$count", PathResource, "Customers('O''Neil') / Orders / $count"},
		{"Customers(%27O%27%27Neil%27)", PathResource, "Customers('O''Neil')"},
		{"Categories('Smartphone%2FTablet')", PathResource, "Categories('Smartphone/Tablet')"},
		{"Categories('Tablet%20)small(')", PathResource, "Categories('Tablet )small(')"},
		{"Things(01234567-89ab-cdef-0123-456789abcdef)", PathResource, "Things(01234567-89ab-cdef-0123-456789abcdef)"},
		{"Days(2012-09-03)/Name/$value", PathResource, "Days(2012-09-03) / Name / $value"},
		{"Events(2018-02-13T23%3A59%3A59Z)", PathResource, "Events(2018-02-13T23:59:59Z)"},
		{"Categories(@key)", PathResource, "Categories(@key)"},
		{"Categories(ID=@key)/$ref", PathResource, "Categories(ID=@key) / $ref"},
		{"Orders/10248", PathResource, "Orders / key:10248"},
		{"People/O'Neil", PathResource, "People / key:O'Neil"},
		{"Categories/Smartphone%2FTablet", PathResource, "Categories / key:Smartphone/Tablet"},
		{"TheBestProduct()", PathResource, "TheBestProduct params()"},
		{"ProductsByCategoryId(categoryId=2)(2)", PathResource, "ProductsByCategoryId params(categoryId=2)(2)"},
		{"Categories(1)/Model.ProductsByColor(color='red')", PathResource, "Categories(1) / Model.ProductsByColor params(color='red')"},
		{"Products/$filter(Age%20gt%203)/$count", PathResource, "Products / $filter((gt Age 3)) / $count"},
	}
	for _, c := range cases {
		rp, err := ParsePath(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if rp.Kind != c.kind || formatPath(rp) != c.want {
			t.Errorf("%q: kind %d %q, want kind %d %q", c.in, rp.Kind, formatPath(rp), c.kind, c.want)
		}
	}
	rp, _ := ParsePath("Customers('A%20B')/Orders(1)")
	if rp.Segments[1].P != 17 || rp.Segments[0].Keys[0].Value.Pos() != 10 {
		t.Errorf("positions: Orders at %d, key at %d", rp.Segments[1].P, rp.Segments[0].Keys[0].Value.Pos())
	}
	if v := rp.Segments[0].Keys[0].Value.(*Literal).Value; v != "A B" {
		t.Errorf("key value %q", v)
	}
}

func TestParsePathErrors(t *testing.T) {
	cases := []struct {
		in   string
		pos  int
		want string
	}{
		{"Customers('O%27Neil')", 13, "unknown literal prefix 'Neil'"},
		{"Categories('Smartphone/Tablet')", 11, "unterminated string"},
		{"Products.('foo')", 8, "unexpected character '.'"},
		{".Products", 0, "unexpected character '.'"},
		{"Model.Rejection", 5, "not a qualified name"},
		{"OrderItems(OrderID=1;ItemID='a')", 20, "expected ',' or ')'"},
		{"Orders(1", 8, "expected ')'"},
		{"Categories(ID=wrong)", 14, "must be a literal or a parameter alias"},
		{"Products/$count/foo", 16, "$count must be the last path segment"},
		{"Categories(1)/Products/$ref/$count", 28, "$ref must be the last"},
		{"Orders//Lines", 7, "empty path segment"},
		{"$count", 0, "cannot start with $count"},
		{"$metadata/Foo", 10, "unexpected segment"},
		{"Orders/$foo", 7, "unknown path segment"},
		{"Orders(1)x", 9, "expected '/': a segment takes one key"},
		{"Orders(1)(2)", 9, "expected '/': a segment takes one key or parameter list but found '('"},
		{"Orders%2", 6, "invalid percent-encoding"},
	}
	for _, c := range cases {
		_, err := ParsePath(c.in)
		e := odataerr.As(err)
		if e == nil {
			t.Errorf("%q: got %v, want an error", c.in, err)
			continue
		}
		if e.Status != 400 || e.Pos != c.pos || !strings.Contains(e.Message, c.want) {
			t.Errorf("%q: got %d pos %d %q; want pos %d containing %q", c.in, e.Status, e.Pos, e.Message, c.pos, c.want)
		}
	}
}

func TestCheckOptions(t *testing.T) {
	cases := []struct {
		path, query string
		ok          bool
	}{
		{"$metadata", "$format=json", true},
		{"$metadata", "$filter=true", false},
		{"$batch", "", true},
		{"$entity", "$id=urn:x", true},
		{"$entity", "$format=json", false},
		{"$entity", "$id=urn:x&$select=Name", false},
		{"$entity/Model.Customer", "$id=urn:x&$select=Name", true},
		{"Orders", "$filter=true&$top=1", true},
	}
	for _, c := range cases {
		rp, err := ParsePath(c.path)
		if err != nil {
			t.Fatal(err)
		}
		o, err := ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		if err := rp.CheckOptions(o); (err == nil) != c.ok {
			t.Errorf("%s?%s: %v", c.path, c.query, err)
		}
	}
}
