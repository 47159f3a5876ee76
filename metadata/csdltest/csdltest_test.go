package csdltest

import (
	"odatagw/internal/testenv"

	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// examplesDir returns the OASIS example folder beside the schemas, or skips
// (fails under CI=true) when the schemas are not there.
func examplesDir(t *testing.T) string {
	t.Helper()
	dir, err := SchemasDir()
	if err != nil {
		testenv.Missing(t, "the CSDL schemas", err)
	}
	return filepath.Join(dir, "examples")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOASISExamplesValidate checks the OASIS examples against the schemas.
// They are shape fixtures (snippets of the specification's examples), so the
// reference checks are tested separately below.
func TestOASISExamplesValidate(t *testing.T) {
	dir := examplesDir(t)
	for _, ext := range []string{"xml", "json"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*."+ext))
		if len(files) < 5 {
			t.Fatalf("found %d example .%s files in %s, want at least 5", len(files), ext, dir)
		}
		for _, f := range files {
			t.Run(filepath.Base(f), func(t *testing.T) {
				doc := readFile(t, f)
				check := checkJSONSchema
				if ext == "xml" {
					check = checkXMLSchema
				}
				if err := check(doc); err != nil {
					if errors.Is(err, ErrUnavailable) {
						skipOrFail(t, err)
					}
					t.Fatal(err)
				}
			})
		}
	}
}

// TestOASISExamplesReferences runs the full checks on the examples: the
// coherent ones pass, and the reference checks find exactly the slips the
// fixtures have (in both representations).
func TestOASISExamplesReferences(t *testing.T) {
	dir := examplesDir(t)
	cases := map[string][]string{
		"csdl-16.1":          nil,
		"csdl-16.2":          nil,
		"special-characters": {"key property id is not a property of the type"},
		"miscellaneous": {
			"StandardCustomers: binding path Orders is not a navigation property of self.Customer",
			"PreferredCustomers: binding path Orders is not a navigation property of self.Customer",
			"Categories34: binding Products targets SomeSet, which the container does not declare",
			"Suppliers: binding path Products is not a navigation property of self.Supplier",
		},
		"miscellaneous2": {
			"Freds: binding path MoreWaldos is not a navigation property of Two.Fred",
			"Freds: binding path EvenMoreWaldos is not a navigation property of Two.Fred",
		},
	}
	for name, want := range cases {
		for _, ext := range []string{".xml", ".json"} {
			t.Run(name+ext, func(t *testing.T) {
				doc := readFile(t, filepath.Join(dir, name+ext))
				check := CheckJSON
				if ext == ".xml" {
					check = CheckXML
				}
				err := check(doc)
				if errors.Is(err, ErrUnavailable) {
					skipOrFail(t, err)
				}
				if len(want) == 0 {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				if err == nil {
					t.Fatalf("accepted; want %q", want)
				}
				for _, w := range want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%q not reported in %v", w, err)
					}
				}
				if got, max := strings.Count(err.Error(), "; ")+1, len(want); got != max {
					t.Errorf("%d problems reported, want %d: %v", got, max, err)
				}
			})
		}
	}
}

// TestOASISCounterexamplesRejected checks that xmllint rejects each
// counterexample at the line test.properties names.
func TestOASISCounterexamplesRejected(t *testing.T) {
	dir := filepath.Join(examplesDir(t), "counterexamples")
	props := map[string]string{}
	f, err := os.Open(filepath.Join(dir, "test.properties"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for sc := bufio.NewScanner(f); sc.Scan(); {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			props[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	if len(files) < 3 {
		t.Fatalf("found %d counterexamples, want at least 3", len(files))
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			line := props[name+".line"]
			if line == "" {
				t.Fatalf("test.properties has no line for %s", name)
			}
			err := CheckXML(readFile(t, path))
			if errors.Is(err, ErrUnavailable) {
				skipOrFail(t, err)
			}
			if err == nil {
				t.Fatal("counterexample validated")
			}
			// xmllint reports "-:<line>: element …: Schemas validity error".
			if !regexp.MustCompile(`-:` + line + `: `).MatchString(err.Error()) {
				t.Errorf("rejected, but not at line %s: %v", line, err)
			}
		})
	}
}

func skipOrFail(t *testing.T, err error) {
	t.Helper()
	testenv.Missing(t, "a CSDL validator", err)
}

// TestJSONCounterexamplesRejected derives invalid documents from a valid OASIS
// example, one defect each, and checks CheckJSON rejects every one.
func TestJSONCounterexamplesRejected(t *testing.T) {
	valid := string(readFile(t, filepath.Join(examplesDir(t), "csdl-16.1.json")))
	if err := CheckJSON([]byte(valid)); err != nil {
		if errors.Is(err, ErrUnavailable) {
			skipOrFail(t, err)
		}
		t.Fatalf("base example invalid: %v", err)
	}
	cases := []struct{ name, old, new string }{
		{"unknown version", `"$Version": "4.0"`, `"$Version": "5.0"`},
		{"entity type without $Kind", `"$Kind": "EntityType",`, ``},
		{"name with a space", `"Product": {`, `"Pro duct": {`},
		{"name starting with a digit", `"Product": {`, `"1Product": {`},
		{"MaxLength zero", `"$Type": "Edm.Int32"`, `"$Type": "Edm.String", "$MaxLength": 0`},
		{"Nullable as string", `"$Type": "Edm.Int32"`, `"$Type": "Edm.Int32", "$Nullable": "yes"`},
		{"unknown member", `"$Kind": "EntityType",`, `"$Kind": "EntityType", "$Color": "red",`},
		{"duplicate member", `"$Kind": "EntityType",`, `"$Kind": "EntityType", "$Kind": "EntityType",`},
		{"not JSON", `{`, `{,`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(valid, c.old) {
				t.Fatalf("example lacks %q", c.old)
			}
			doc := strings.Replace(valid, c.old, c.new, 1)
			err := CheckJSON([]byte(doc))
			if err == nil || errors.Is(err, ErrUnavailable) {
				t.Fatalf("accepted or not checked (%v):\n%s", err, doc)
			}
		})
	}
}

func TestXMLDefectsRejected(t *testing.T) {
	valid := string(readFile(t, filepath.Join(examplesDir(t), "csdl-16.1.xml")))
	if err := CheckXML([]byte(valid)); err != nil {
		if errors.Is(err, ErrUnavailable) {
			skipOrFail(t, err)
		}
		t.Fatalf("base example invalid: %v", err)
	}
	cases := []struct{ name, old, new string }{
		{"unknown version", `Version="4.0"`, `Version="4.1"`},
		{"not well-formed", `</edmx:Edmx>`, ``},
		{"bad Nullable", `Nullable="false"`, `Nullable="no"`},
		{"unknown attribute", `<EntityType Name="Product"`, `<EntityType Color="red" Name="Product"`},
		{"bad name", `<EntityType Name="Product"`, `<EntityType Name="Pro duct"`},
		{"CJK name starting with a digit", `<EntityType Name="Product"`, `<EntityType Name="1名前"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(valid, c.old) {
				t.Fatalf("example lacks %q", c.old)
			}
			err := CheckXML([]byte(strings.Replace(valid, c.old, c.new, 1)))
			if err == nil || errors.Is(err, ErrUnavailable) {
				t.Fatalf("accepted or not checked: %v", err)
			}
		})
	}
}

func TestCJKAndHangulNamesValidate(t *testing.T) {
	// libxml2 alone rejects these valid identifiers (see CheckXML).
	valid := string(readFile(t, filepath.Join(examplesDir(t), "csdl-16.1.xml")))
	doc := strings.ReplaceAll(valid, `"Product"`, `"製品한국語"`)
	doc = strings.ReplaceAll(doc, `ODataDemo.Product`, `ODataDemo.製品한국語`)
	if doc == valid {
		t.Fatal("example lacks Product")
	}
	ValidateXML(t, []byte(doc))
}

// TestReferenceDefectsRejected derives documents with one broken reference
// each from the coherent OASIS example, in both representations.
func TestReferenceDefectsRejected(t *testing.T) {
	dir := examplesDir(t)
	xmlDoc := string(readFile(t, filepath.Join(dir, "csdl-16.1.xml")))
	jsonDoc := string(readFile(t, filepath.Join(dir, "csdl-16.1.json")))
	cases := []struct {
		name             string
		xmlOld, xmlNew   string
		jsonOld, jsonNew string
		want             string
	}{
		{"dangling navigation type",
			`Type="ODataDemo.Supplier" Partner="Products"`, `Type="ODataDemo.Vendor" Partner="Products"`,
			`"$Type": "ODataDemo.Supplier",
                "$Nullable": true,
                "$Partner": "Products"`, `"$Type": "ODataDemo.Vendor",
                "$Nullable": true,
                "$Partner": "Products"`,
			"type ODataDemo.Vendor is not declared"},
		{"entity set of a complex type",
			`EntityType="ODataDemo.Country"`, `EntityType="ODataDemo.Address"`,
			`"$Type": "ODataDemo.Country"
            }`, `"$Type": "ODataDemo.Address"
            }`,
			"ODataDemo.Address is not an entity type"},
		{"key property missing",
			`<PropertyRef Name="Code" />`, `<PropertyRef Name="Kode" />`,
			`"Code"
            ]`, `"Kode"
            ]`,
			"key property Kode is not a property of the type"},
		{"unknown partner",
			`Partner="Supplier" Type=`, `Partner="Vendor" Type=`,
			`"$Partner": "Supplier"`, `"$Partner": "Vendor"`,
			"partner Vendor is not a navigation property of ODataDemo.Product"},
		{"constraint on a missing property",
			`Property="CountryName" ReferencedProperty="Name"`, `Property="CountryName" ReferencedProperty="Label"`,
			`"CountryName": "Name"`, `"CountryName": "Label"`,
			"referenced property Label is not a property of ODataDemo.Country"},
		{"binding to an unknown set",
			`Path="Category" Target="Categories"`, `Path="Category" Target="Kategorien"`,
			`"Category": "Categories"`, `"Category": "Kategorien"`,
			"binding Category targets Kategorien"},
		{"binding an unknown navigation property",
			`Path="Category" Target="Categories"`, `Path="Kategorie" Target="Categories"`,
			`"Category": "Categories"`, `"Kategorie": "Categories"`,
			"binding path Kategorie is not a navigation property of ODataDemo.Product"},
		{"duplicate member",
			`<Property Name="Rating" Type="Edm.Int32" />`, `<Property Name="Rating" Type="Edm.Int32" /><Property Name="Rating" Type="Edm.Int32" />`,
			``, ``,
			`declares member "Rating" twice`},
		{"duplicate entity set",
			`<EntitySet Name="Countries" EntityType="ODataDemo.Country" />`, `<EntitySet Name="Countries" EntityType="ODataDemo.Country" /><EntitySet Name="Countries" EntityType="ODataDemo.Country" />`,
			``, ``,
			`declares "Countries" twice`},
		{"container named like a type",
			`<EntityContainer Name="DemoService">`, `<EntityContainer Name="Country">`,
			``, ``,
			`declares "Country" twice`},
		{"dangling $EntityContainer",
			``, ``,
			`"$EntityContainer": "ODataDemo.DemoService"`, `"$EntityContainer": "ODataDemo.Service"`,
			"$EntityContainer ODataDemo.Service is not declared"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, v := range []struct {
				base, old, new string
				check          func([]byte) error
			}{{xmlDoc, c.xmlOld, c.xmlNew, CheckXML}, {jsonDoc, c.jsonOld, c.jsonNew, CheckJSON}} {
				if v.old == "" {
					continue
				}
				if !strings.Contains(v.base, v.old) {
					t.Fatalf("example lacks %q", v.old)
				}
				err := v.check([]byte(strings.Replace(v.base, v.old, v.new, 1)))
				if errors.Is(err, ErrUnavailable) {
					skipOrFail(t, err)
				}
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("got %v, want %q", err, c.want)
				}
			}
		})
	}
}

func TestUnavailableSchemas(t *testing.T) {
	t.Setenv(EnvSchemas, t.TempDir())
	if err := CheckXML([]byte("<x/>")); !errors.Is(err, ErrUnavailable) {
		t.Errorf("CheckXML with no schemas: %v, want ErrUnavailable", err)
	}
	if err := CheckJSON([]byte("{}")); !errors.Is(err, ErrUnavailable) {
		t.Errorf("CheckJSON with no schemas: %v, want ErrUnavailable", err)
	}
}

func TestLibxml2LettersKeepsOtherText(t *testing.T) {
	in := []byte(`<a Name="x名前ÿ한𠀁z"/>`)
	got := string(libxml2Letters(in))
	if want := `<a Name="x一一ÿ가𠀀z"/>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	plain := []byte(`<a Name="Città"/>`)
	if out := libxml2Letters(plain); &out[0] != &plain[0] {
		t.Error("a document without such letters was copied")
	}
}

// recorder is a testing.TB that records Fatalf and Skipf instead of stopping.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Fatalf(format string, a ...any) { r.fatal = fmt.Sprintf(format, a...) }
func (r *recorder) Skipf(format string, a ...any)  { r.skip = fmt.Sprintf(format, a...) }

func TestValidateFailsUnderCIAndSkipsOtherwise(t *testing.T) {
	t.Setenv(EnvSchemas, t.TempDir()) // no schemas there
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		for name, validate := range map[string]func(testing.TB, []byte){"xml": ValidateXML, "json": ValidateJSON} {
			r := &recorder{TB: t}
			validate(r, []byte("{}"))
			if ci == "true" && (r.fatal == "" || r.skip != "") {
				t.Errorf("%s, CI=true: fatal %q, skip %q; want a failure", name, r.fatal, r.skip)
			}
			if ci == "" && (r.skip == "" || r.fatal != "") {
				t.Errorf("%s, CI unset: fatal %q, skip %q; want a skip", name, r.fatal, r.skip)
			}
		}
	}
}

func TestValidateFailsOnInvalidDocuments(t *testing.T) {
	if _, err := SchemasDir(); err != nil {
		skipOrFail(t, err)
	}
	for name, c := range map[string]struct {
		validate func(testing.TB, []byte)
		doc      string
	}{
		"xml":  {ValidateXML, `<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"/>`},
		"json": {ValidateJSON, `{"$Version": "4.0", "bad name": {}}`},
	} {
		r := &recorder{TB: t}
		c.validate(r, []byte(c.doc))
		if r.skip != "" { // no validator here (xmllint missing) and CI unset
			t.Skipf("%s: %s", name, r.skip)
		}
		if r.fatal == "" || !strings.Contains(r.fatal, c.doc) {
			t.Errorf("%s: failure %q should quote the document", name, r.fatal)
		}
	}
}
