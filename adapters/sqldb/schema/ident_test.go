package schema

import (
	"strings"
	"testing"
)

func TestIdentifiers(t *testing.T) {
	for s, want := range map[string]bool{"a": true, "_a1": true, "Größe": true, "1a": false, "a b": false, "": false,
		strings.Repeat("x", 128): true, strings.Repeat("x", 129): false, "a-b": false} {
		if IsIdentifier(s) != want {
			t.Errorf("IsIdentifier(%q) = %v", s, !want)
		}
	}
	for in, want := range map[string]string{"Order Details": "Order_Details", "1st": "_1st", "a.b-c": "a_b_c", "%%": "", "": ""} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNamingConventions(t *testing.T) {
	cases := []struct{ in, pascal, camel string }{
		{"order_details", "OrderDetails", "orderDetails"},
		{"CustomerID", "CustomerID", "customerID"},
		{"ID", "ID", "id"},
		{"URL_path", "URLPath", "urlPath"},
		{"item_2", "Item_2", "item_2"},
		{"_private_thing", "_PrivateThing", "_privateThing"},
		{"a__b", "AB", "ab"},
	}
	for _, c := range cases {
		if got := applyNaming(NamingPascal, c.in); got != c.pascal {
			t.Errorf("pascal(%q) = %q, want %q", c.in, got, c.pascal)
		}
		if got := applyNaming(NamingCamel, c.in); got != c.camel {
			t.Errorf("camel(%q) = %q, want %q", c.in, got, c.camel)
		}
		if got := applyNaming("", c.in); got != c.in {
			t.Errorf("keep(%q) = %q", c.in, got)
		}
	}
}
