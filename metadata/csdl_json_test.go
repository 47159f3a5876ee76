package metadata_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	md "odatagw/metadata"
)

func decodeJSON(t *testing.T, doc []byte) map[string]any {
	t.Helper()
	var v map[string]any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return v
}

func member(t *testing.T, v map[string]any, path ...string) any {
	t.Helper()
	var cur any = v
	for _, p := range path {
		obj, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%v: not an object at %q", path, p)
		}
		if cur, ok = obj[p]; !ok {
			t.Fatalf("%v: no member %q", path, p)
		}
	}
	return cur
}

func TestJSONFacetsAndDefaults(t *testing.T) {
	doc := decodeJSON(t, writeJSON(t, salesModel()))
	n := func(i int) json.Number { return json.Number(string(rune('0' + i))) }
	cases := []struct {
		typ, prop string
		want      map[string]any
	}{
		// $Type is left out for Edm.String; $Nullable is written only when true.
		{"AllTypes", "String", map[string]any{"$Nullable": true}},
		{"AllTypes", "StringRequired", map[string]any{}},
		{"AllTypes", "Int32Required", map[string]any{"$Type": "Edm.Int32"}},
		{"AllTypes", "Binary16", map[string]any{"$Type": "Edm.Binary", "$MaxLength": json.Number("16")}},
		// Absent $Scale means variable, so an integer scale (0 too) is written.
		{"AllTypes", "Decimal38v", map[string]any{"$Type": "Edm.Decimal", "$Precision": json.Number("38")}},
		{"AllTypes", "DecimalVariable", map[string]any{"$Type": "Edm.Decimal", "$Nullable": true}},
		{"AllTypes", "DecimalScale0", map[string]any{"$Type": "Edm.Decimal", "$Precision": json.Number("12"), "$Scale": n(0)}},
		{"AllTypes", "Decimal5_5", map[string]any{"$Type": "Edm.Decimal", "$Precision": n(5), "$Scale": n(5)}},
		// Absent $Precision means unspecified, so a temporal precision of 0 is written.
		{"AllTypes", "TimeOfDay0", map[string]any{"$Type": "Edm.TimeOfDay", "$Precision": n(0)}},
		{"AllTypes", "DateTimeOffset", map[string]any{"$Type": "Edm.DateTimeOffset", "$Nullable": true}},
		{"AllTypes", "Computed", map[string]any{"$Type": "Edm.DateTimeOffset", "$Precision": n(6), "@Core.Computed": true}},
		{"AllTypes", "IntMaxLengthIgnored", map[string]any{"$Type": "Edm.Int32"}},
		{"Order", "Customer", map[string]any{"$Kind": "NavigationProperty", "$Type": "Sales.Demo.Customer",
			"$Nullable": true, "$Partner": "Orders", "$ReferentialConstraint": map[string]any{"CustomerID": "CustomerID"}}},
		{"Customer", "Orders", map[string]any{"$Kind": "NavigationProperty", "$Type": "Sales.Demo.Order",
			"$Collection": true, "$Partner": "Customer"}},
		{"Customer", "Detail", map[string]any{"$Kind": "NavigationProperty", "$Type": "Sales.Demo.CustomerDetail",
			"$Nullable": true, "$Partner": "Customer"}},
		{"OrderLine", "Order", map[string]any{"$Kind": "NavigationProperty", "$Type": "Sales.Demo.Order",
			"$Partner": "Lines", "$ReferentialConstraint": map[string]any{"OrderID": "OrderID"}}},
	}
	for _, c := range cases {
		got := member(t, doc, "Sales.Demo", c.typ, c.prop)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s/%s = %v, want %v", c.typ, c.prop, got, c.want)
		}
	}
	if got := member(t, doc, "$EntityContainer"); got != "Sales.Demo.SalesService" {
		t.Errorf("$EntityContainer = %v", got)
	}
	if got := member(t, doc, "Sales.Demo", "OrderLine", "$Key"); !reflect.DeepEqual(got, []any{"OrderID", "ProductID"}) {
		t.Errorf("OrderLine $Key = %v", got)
	}
	wantSet := map[string]any{"$Collection": true, "$Type": "Sales.Demo.Order",
		"$NavigationPropertyBinding": map[string]any{"Customer": "Customers", "Lines": "OrderLines", "Invoice": "Invoices"}}
	if got := member(t, doc, "Sales.Demo", "SalesService", "Orders"); !reflect.DeepEqual(got, wantSet) {
		t.Errorf("Orders set = %v, want %v", got, wantSet)
	}
}

// memberOrder returns the member names of the object at path in doc, in
// document order.
func memberOrder(t *testing.T, doc []byte, path ...string) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	var out []string
	var walk func(at []string) error
	walk = func(at []string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				if slices.Equal(at, path) {
					out = append(out, k.(string))
				}
				if err := walk(append(at[:len(at):len(at)], k.(string))); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for dec.More() {
				if err := walk(append(at[:len(at):len(at)], "[]")); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	if err := walk([]string{}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSONMemberOrderFollowsTheModel(t *testing.T) {
	doc := writeJSON(t, salesModel())
	for _, c := range []struct {
		path []string
		want []string
	}{
		{nil, []string{"$Version", "$EntityContainer", "$Reference", "Sales.Demo"}},
		{[]string{"Sales.Demo"}, []string{"Customer", "CustomerDetail", "Order", "Product", "OrderLine",
			"Invoice", "Employee", "AllTypes", "SalesService"}},
		{[]string{"Sales.Demo", "Order"}, []string{"$Kind", "$Key", "OrderID", "CustomerID", "OrderedAt",
			"ShippedAt", "CreatedAt", "Freight", "Customer", "Lines", "Invoice"}},
		{[]string{"Sales.Demo", "Order", "Freight"}, []string{"$Type", "$Nullable", "$Precision", "$Scale"}},
		{[]string{"Sales.Demo", "SalesService", "Orders", "$NavigationPropertyBinding"}, []string{"Customer", "Lines", "Invoice"}},
	} {
		if got := memberOrder(t, doc, c.path...); !reflect.DeepEqual(got, c.want) {
			t.Errorf("members of %v: %v, want %v", c.path, got, c.want)
		}
	}
}

func TestJSONCapabilitiesAndVocabularies(t *testing.T) {
	doc := decodeJSON(t, writeJSON(t, readOnlyModel()))
	refs := member(t, doc, "$Reference").(map[string]any)
	if len(refs) != 2 {
		t.Fatalf("references %v", refs)
	}
	caps := member(t, doc, "$Reference",
		"https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.json", "$Include")
	if !reflect.DeepEqual(caps, []any{map[string]any{"$Namespace": "Org.OData.Capabilities.V1", "$Alias": "Capabilities"}}) {
		t.Errorf("Capabilities include %v", caps)
	}
	set := member(t, doc, "Sales.Demo", "SalesService", "Customers").(map[string]any)
	for term, prop := range map[string]string{"@Capabilities.InsertRestrictions": "Insertable",
		"@Capabilities.UpdateRestrictions": "Updatable", "@Capabilities.DeleteRestrictions": "Deletable"} {
		if !reflect.DeepEqual(set[term], map[string]any{prop: false}) {
			t.Errorf("%s = %v", term, set[term])
		}
	}
	ff := member(t, doc, "Sales.Demo", "SalesService", "@Capabilities.FilterFunctions").([]any)
	if len(ff) != 40 || ff[0] != "eq" || ff[39] != "isof" {
		t.Errorf("FilterFunctions %v", ff)
	}

	plain := decodeJSON(t, writeJSON(t, salesModel()))
	if _, ok := member(t, plain, "$Reference").(map[string]any)["https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.json"]; ok {
		t.Error("a model without Capabilities references the Capabilities vocabulary")
	}
	uni := decodeJSON(t, writeJSON(t, unicodeModel()))
	if got := member(t, uni, "Core", "Città", "名前"); !reflect.DeepEqual(got, map[string]any{"@Org.OData.Core.V1.Computed": true}) {
		t.Errorf("namespace Core: computed key %v, want the full vocabulary namespace", got)
	}
	empty := decodeJSON(t, writeJSON(t, emptyModel()))
	if !reflect.DeepEqual(empty, map[string]any{"$Version": md.CSDLVersion, "empty": map[string]any{}}) {
		t.Errorf("empty model %v", empty)
	}
}
