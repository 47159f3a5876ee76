package metadata_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	md "odatagw/metadata"
	"odatagw/metadata/csdltest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var models = []struct {
	name  string
	build func() *md.Model
}{
	{"small", smallModel},
	{"sales", salesModel},
	{"unicode", unicodeModel},
	{"readonly", readOnlyModel},
	{"writable", writableModel},
	{"empty", emptyModel},
}

func writeXML(t testing.TB, m *md.Model) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := md.WriteXML(&b, m); err != nil {
		t.Fatalf("WriteXML: %v", err)
	}
	return b.Bytes()
}

func writeJSON(t testing.TB, m *md.Model) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := md.WriteJSON(&b, m); err != nil {
		t.Fatalf("WriteJSON: %v", err)
	}
	return b.Bytes()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./metadata -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking the diff)\n--- got ---\n%s", path, got)
	}
}

func TestModelsAreValid(t *testing.T) {
	for _, tc := range models {
		if err := tc.build().Validate(); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if err := wideModel(50).Validate(); err != nil {
		t.Errorf("wide: %v", err)
	}
}

func TestWriteXMLValidatesAndMatchesGolden(t *testing.T) {
	for _, tc := range models {
		t.Run(tc.name, func(t *testing.T) {
			doc := writeXML(t, tc.build())
			if again := writeXML(t, tc.build()); !bytes.Equal(doc, again) {
				t.Fatal("two writes of the same model differ")
			}
			golden(t, tc.name+".xml", doc)
			csdltest.ValidateXML(t, doc)
		})
	}
}

func TestWriteJSONValidatesAndMatchesGolden(t *testing.T) {
	for _, tc := range models {
		t.Run(tc.name, func(t *testing.T) {
			doc := writeJSON(t, tc.build())
			if again := writeJSON(t, tc.build()); !bytes.Equal(doc, again) {
				t.Fatal("two writes of the same model differ")
			}
			if !json.Valid(doc) {
				t.Fatalf("not valid JSON:\n%s", doc)
			}
			golden(t, tc.name+".json", doc)
			csdltest.ValidateJSON(t, doc)
		})
	}
}

func TestWideModelValidates(t *testing.T) {
	m := wideModel(50)
	csdltest.ValidateXML(t, writeXML(t, m))
	csdltest.ValidateJSON(t, writeJSON(t, m))
}

// failingWriter fails every write.
type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWritersReportWriteErrors(t *testing.T) {
	if err := md.WriteXML(failingWriter{}, smallModel()); !errors.Is(err, errWrite) {
		t.Errorf("WriteXML: got %v, want the writer's error", err)
	}
	if err := md.WriteJSON(failingWriter{}, smallModel()); !errors.Is(err, errWrite) {
		t.Errorf("WriteJSON: got %v, want the writer's error", err)
	}
}

func TestWritersRejectUnwritableModels(t *testing.T) {
	broken := map[string]func(m *md.Model){
		"nil type":          func(m *md.Model) { m.Types = append(m.Types, nil) },
		"nil property":      func(m *md.Model) { m.Types[0].Properties = append(m.Types[0].Properties, nil) },
		"nil key":           func(m *md.Model) { m.Types[0].Key = append(m.Types[0].Key, nil) },
		"nav without type":  func(m *md.Model) { m.Types[0].Navigation[0].Target = nil },
		"half a constraint": func(m *md.Model) { m.Types[2].Navigation[0].Constraints[0].Referenced = nil },
		"set without type":  func(m *md.Model) { m.Sets[0].Type = nil },
	}
	for name, breakIt := range broken {
		m := salesModel()
		breakIt(m)
		var b bytes.Buffer
		if err := md.WriteXML(&b, m); err == nil {
			t.Errorf("%s: WriteXML succeeded", name)
		}
		if err := md.WriteJSON(&b, m); err == nil {
			t.Errorf("%s: WriteJSON succeeded", name)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing", name, b.Len())
		}
	}
	if err := md.WriteXML(&bytes.Buffer{}, nil); err == nil {
		t.Error("WriteXML(nil model) succeeded")
	}
}

// xmlElem is a generic element tree for asserting on written XML.
type xmlElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []xmlElem  `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (e *xmlElem) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// find returns the descendants with local name `name` and attribute Name=n
// (any Name when n is "").
func (e *xmlElem) find(name, n string) []*xmlElem {
	var out []*xmlElem
	for i := range e.Children {
		c := &e.Children[i]
		if v, _ := c.attr("Name"); c.XMLName.Local == name && (n == "" || v == n) {
			out = append(out, c)
		}
		out = append(out, c.find(name, n)...)
	}
	return out
}

func parseXML(t *testing.T, doc []byte) *xmlElem {
	t.Helper()
	var root xmlElem
	if err := xml.Unmarshal(doc, &root); err != nil {
		t.Fatalf("parse: %v", err)
	}
	return &root
}

// propertyAttrs returns the attributes of property typ/prop in doc.
func propertyAttrs(t *testing.T, root *xmlElem, typ, prop string) map[string]string {
	t.Helper()
	types := root.find("EntityType", typ)
	if len(types) != 1 {
		t.Fatalf("entity type %s: found %d", typ, len(types))
	}
	var ps []*xmlElem
	for _, kind := range []string{"Property", "NavigationProperty"} {
		ps = append(ps, types[0].find(kind, prop)...)
	}
	if len(ps) != 1 {
		t.Fatalf("%s/%s: found %d", typ, prop, len(ps))
	}
	out := map[string]string{}
	for _, a := range ps[0].Attrs {
		out[a.Name.Local] = a.Value
	}
	return out
}

func TestXMLFacetsAndNullability(t *testing.T) {
	root := parseXML(t, writeXML(t, salesModel()))
	cases := []struct {
		typ, prop string
		want      map[string]string
	}{
		{"AllTypes", "String", map[string]string{"Name": "String", "Type": "Edm.String"}},
		{"AllTypes", "StringRequired", map[string]string{"Name": "StringRequired", "Type": "Edm.String", "Nullable": "false"}},
		{"AllTypes", "String255", map[string]string{"Name": "String255", "Type": "Edm.String", "MaxLength": "255"}},
		{"AllTypes", "Binary16", map[string]string{"Name": "Binary16", "Type": "Edm.Binary", "Nullable": "false", "MaxLength": "16"}},
		{"AllTypes", "Decimal38v", map[string]string{"Name": "Decimal38v", "Type": "Edm.Decimal", "Nullable": "false", "Precision": "38", "Scale": "variable"}},
		{"AllTypes", "DecimalVariable", map[string]string{"Name": "DecimalVariable", "Type": "Edm.Decimal", "Scale": "variable"}},
		{"AllTypes", "Decimal5_5", map[string]string{"Name": "Decimal5_5", "Type": "Edm.Decimal", "Nullable": "false", "Precision": "5", "Scale": "5"}},
		// Absent Scale means 0 in XML.
		{"AllTypes", "DecimalScale0", map[string]string{"Name": "DecimalScale0", "Type": "Edm.Decimal", "Nullable": "false", "Precision": "12"}},
		{"AllTypes", "DateTimeOffset12", map[string]string{"Name": "DateTimeOffset12", "Type": "Edm.DateTimeOffset", "Nullable": "false", "Precision": "12"}},
		// Precision 0 is the XML default; unspecified (-1) has no spelling.
		{"AllTypes", "TimeOfDay0", map[string]string{"Name": "TimeOfDay0", "Type": "Edm.TimeOfDay", "Nullable": "false"}},
		{"AllTypes", "DateTimeOffset", map[string]string{"Name": "DateTimeOffset", "Type": "Edm.DateTimeOffset"}},
		{"AllTypes", "IntMaxLengthIgnored", map[string]string{"Name": "IntMaxLengthIgnored", "Type": "Edm.Int32", "Nullable": "false"}},
		{"Order", "Customer", map[string]string{"Name": "Customer", "Type": "Sales.Demo.Customer", "Partner": "Orders"}},
		{"Customer", "Orders", map[string]string{"Name": "Orders", "Type": "Collection(Sales.Demo.Order)", "Partner": "Customer"}},
		{"OrderLine", "Order", map[string]string{"Name": "Order", "Type": "Sales.Demo.Order", "Nullable": "false", "Partner": "Lines"}},
	}
	for _, c := range cases {
		got := propertyAttrs(t, root, c.typ, c.prop)
		if len(got) != len(c.want) {
			t.Errorf("%s/%s: attributes %v, want %v", c.typ, c.prop, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s/%s: %s=%q, want %q", c.typ, c.prop, k, got[k], v)
			}
		}
	}
}

func TestXMLKeysConstraintsAndBindings(t *testing.T) {
	root := parseXML(t, writeXML(t, salesModel()))
	line := root.find("EntityType", "OrderLine")[0]
	var keys []string
	for _, r := range line.find("PropertyRef", "") {
		v, _ := r.attr("Name")
		keys = append(keys, v)
	}
	if strings.Join(keys, ",") != "OrderID,ProductID" {
		t.Errorf("OrderLine key %v, want OrderID,ProductID in key order", keys)
	}
	if line.Children[0].XMLName.Local != "Key" {
		t.Errorf("first child of EntityType is %s, want Key", line.Children[0].XMLName.Local)
	}

	constraints := func(typ, nav string) []string {
		var out []string
		n := root.find("EntityType", typ)[0].find("NavigationProperty", nav)[0]
		for _, c := range n.find("ReferentialConstraint", "") {
			p, _ := c.attr("Property")
			r, _ := c.attr("ReferencedProperty")
			out = append(out, p+"="+r)
		}
		return out
	}
	for _, c := range []struct {
		typ, nav, want string
	}{
		{"OrderLine", "Order", "OrderID=OrderID"},
		{"Order", "Customer", "CustomerID=CustomerID"},
		{"Employee", "Manager", "ReportsTo=EmployeeID"},
		{"Customer", "Orders", ""},              // principal side, collection
		{"Customer", "Detail", ""},              // principal side of one-to-one, marked Principal
		{"Order", "Invoice", ""},                // principal side of one-to-one, optional
		{"Invoice", "Order", "OrderID=OrderID"}, // dependent side of one-to-one
		{"CustomerDetail", "Customer", "CustomerID=CustomerID"},
	} {
		if got := strings.Join(constraints(c.typ, c.nav), ","); got != c.want {
			t.Errorf("%s/%s constraints %q, want %q", c.typ, c.nav, got, c.want)
		}
	}

	bindings := map[string]string{}
	for _, b := range root.find("EntitySet", "Orders")[0].Children {
		p, _ := b.attr("Path")
		tg, _ := b.attr("Target")
		bindings[p] = tg
	}
	want := map[string]string{"Customer": "Customers", "Lines": "OrderLines", "Invoice": "Invoices"}
	if len(bindings) != len(want) {
		t.Errorf("Orders bindings %v, want %v", bindings, want)
	}
	for p, tg := range want {
		if bindings[p] != tg {
			t.Errorf("Orders binding %s → %q, want %q", p, bindings[p], tg)
		}
	}
}

func TestXMLAnnotations(t *testing.T) {
	small := writeXML(t, smallModel())
	for _, want := range []string{
		`<edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>`,
		`<Annotation Term="Core.Computed" Bool="true"/>`,
	} {
		if !bytes.Contains(small, []byte(want)) {
			t.Errorf("small model lacks %s", want)
		}
	}
	if bytes.Contains(small, []byte("Capabilities")) {
		t.Error("a model without Capabilities references the Capabilities vocabulary")
	}
	// A namespace equal to the alias makes the writer use the full namespace.
	uni := writeXML(t, unicodeModel())
	if !bytes.Contains(uni, []byte(`<Annotation Term="Org.OData.Core.V1.Computed" Bool="true"/>`)) ||
		bytes.Contains(uni, []byte(`Alias="Core"`)) {
		t.Errorf("unicode model (namespace Core) must not use the Core alias:\n%s", uni)
	}
	ro := parseXML(t, writeXML(t, readOnlyModel()))
	for _, s := range ro.find("EntitySet", "") {
		var terms []string
		for _, a := range s.find("Annotation", "") {
			term, _ := a.attr("Term")
			pv := a.find("PropertyValue", "")
			if len(pv) != 1 {
				t.Fatalf("%s: %d property values", term, len(pv))
			}
			prop, _ := pv[0].attr("Property")
			val, _ := pv[0].attr("Bool")
			terms = append(terms, term+":"+prop+"="+val)
		}
		want := "Capabilities.InsertRestrictions:Insertable=false,Capabilities.UpdateRestrictions:Updatable=false,Capabilities.DeleteRestrictions:Deletable=false"
		if got := strings.Join(terms, ","); got != want {
			name, _ := s.attr("Name")
			t.Errorf("%s annotations %s, want %s", name, got, want)
		}
	}
	if got := len(ro.find("EntityContainer", "")[0].find("String", "")); got != 40 {
		t.Errorf("FilterFunctions has %d strings, want 40", got)
	}
	empty := writeXML(t, emptyModel())
	if bytes.Contains(empty, []byte("EntityContainer")) {
		t.Error("a model without entity sets must not write an (XSD-invalid) empty container")
	}
}
