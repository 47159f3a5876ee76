package tests

import (
	"database/sql"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"odatagw/metadata/csdltest"
)

// A legacy SQLite database without foreign keys: a view over the children
// and a parents table. The relationship between them is declared in the
// configuration; the binary, started with that file, serves navigation in
// both directions, in $metadata, in paths and inside $filter.
func TestConfigDeclaredRelationships(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "legacy.db")
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts := []string{
		"CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
		"CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER, label TEXT NOT NULL, qty INTEGER NOT NULL)",
		"CREATE VIEW child_view AS SELECT id, parent_id, label, qty FROM children",
		"INSERT INTO parents VALUES (1, 'Alpha'), (2, 'Beta'), (3, 'Gamma'), (4, 'Delta')",
	}
	for i := 1; i <= 40; i++ {
		parent := fmt.Sprint(1 + i%3) // 1, 2, 3: Delta has no children
		if i%7 == 0 {
			parent = "NULL"
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO children VALUES (%d, %s, 'child %d', %d)", i, parent, i, (i*7)%11))
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}

	bin := buildGateway(t, dir)
	cfg := `version: 1
sources:
  - name: legacy
    kind: sqlite
    dsn: ` + dbPath + `
    naming: pascal
    tables: [parents, child_view]
    entities:
      child_view: {name: Children, key: [id]}
    relationships:
      - from: child_view        # name derived from the column: ParentId → Parent
        columns: [parent_id]
        to: parents             # references: the key
        partner: Kids
`
	cfgPath := filepath.Join(dir, "gateway.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + freePort(t)
	g := startGateway(t, bin, addr, "/odata/legacy/", []string{"--config", cfgPath, "--listen", addr}, nil)
	e := &demoEnv{root: "http://" + addr + "/odata/legacy/"}

	// $metadata: both navigation properties, with partner and constraint, valid CSDL.
	doc := e.get(t, "$metadata").mustStatus(t, 200).body
	csdltest.ValidateXML(t, doc)
	navs := metadataNavigation(t, doc)
	// Nullable is the CSDL default (true) because the view's parent_id is nullable;
	// the constraint is written on the dependent side only.
	if got, want := navs["Children.Parent"], "legacy.Parents nullable= partner=Kids ParentId=Id"; got != want {
		t.Errorf("Children.Parent: %q, want %q (all: %v)", got, want, navs)
	}
	if got, want := navs["Parents.Kids"], "Collection(legacy.Children) nullable= partner=Parent"; got != want {
		t.Errorf("Parents.Kids: %q, want %q (all: %v)", got, want, navs)
	}

	// Dependent to principal, in the path.
	if ent := e.get(t, "Children(4)/Parent").entity(t); ent["Name"] != "Beta" || ent["@odata.context"] != e.root+"$metadata#Parents/$entity" {
		t.Errorf("Children(4)/Parent = %v", ent)
	}
	if r := e.get(t, "Children(7)/Parent"); r.status != 204 {
		t.Errorf("Children(7)/Parent (no parent): status %d: %s", r.status, trunc(r.body))
	}
	// Principal to dependents, with options.
	want := queryInts(t, db, "SELECT id FROM children WHERE parent_id = 2 AND qty > 3 ORDER BY qty DESC, id")
	got := e.readAllIDs(t, "Parents(2)/Kids?$select=Id&$filter="+qe("Qty gt 3")+"&$orderby="+qe("Qty desc,Id"), "Id")
	assertSame(t, "Parents(2)/Kids", got, want)
	if len(want) < 3 {
		t.Fatalf("fixture too small: %v", want)
	}
	// any() over the declared collection.
	want = queryInts(t, db, "SELECT id FROM parents p WHERE EXISTS (SELECT 1 FROM children c WHERE c.parent_id = p.id AND c.qty >= 9) ORDER BY id")
	got = e.readAllIDs(t, "Parents?$select=Id&$orderby=Id&$filter="+qe("Kids/any(k: k/Qty ge 9)"), "Id")
	assertSame(t, "Parents any", got, want)
	if len(want) == 0 || len(want) == 4 {
		t.Fatalf("any() does not discriminate: %v", want)
	}
	want = queryInts(t, db, "SELECT id FROM parents p WHERE NOT EXISTS (SELECT 1 FROM children c WHERE c.parent_id = p.id) ORDER BY id")
	assertSame(t, "Parents without kids", e.readAllIDs(t, "Parents?$select=Id&$filter="+qe("not Kids/any()"), "Id"), want)
	// The single-valued side inside $filter and $orderby.
	want = queryInts(t, db, "SELECT c.id FROM children c JOIN parents p ON p.id = c.parent_id WHERE p.name = 'Gamma' ORDER BY c.id")
	got = e.readAllIDs(t, "Children?$select=Id&$orderby=Id&$filter="+qe("Parent/Name eq 'Gamma'"), "Id")
	assertSame(t, "Children with Parent/Name eq 'Gamma'", got, want)
	if len(want) == 0 {
		t.Fatal("no child of Gamma in the fixture")
	}
	want = queryInts(t, db, "SELECT c.id FROM children c JOIN parents p ON p.id = c.parent_id ORDER BY p.name DESC, c.id")
	got = e.readAllIDs(t, "Children?$select=Id&$filter="+qe("ParentId ne null")+"&$orderby="+qe("Parent/Name desc,Id"), "Id")
	assertSame(t, "Children ordered by Parent/Name", got, want)
	g.stop(t)

	// A declaration the database contradicts stops the binary with the key path.
	bad := strings.Replace(cfg, "columns: [parent_id]", "columns: [parent_id, label]", 1)
	out, err := runGateway(t, bin, dir, bad, time.Minute)
	if err == nil || !strings.Contains(out, `source "legacy": relationships[0].columns: 2 column(s) but relationships[0].references (default: the key of parents) has 1`) {
		t.Errorf("bad relationship: err %v, output:\n%s", err, out)
	}
}

// metadataNavigation reads the navigation properties of a CSDL XML document
// as "Type.Name" → "target nullable=… partner=… constraints".
func metadataNavigation(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	var edmx struct {
		Schemas []struct {
			Types []struct {
				Name string `xml:"Name,attr"`
				Navs []struct {
					Name        string `xml:"Name,attr"`
					Type        string `xml:"Type,attr"`
					Nullable    string `xml:"Nullable,attr"`
					Partner     string `xml:"Partner,attr"`
					Constraints []struct {
						Property   string `xml:"Property,attr"`
						Referenced string `xml:"ReferencedProperty,attr"`
					} `xml:"ReferentialConstraint"`
				} `xml:"NavigationProperty"`
			} `xml:"EntityType"`
		} `xml:"DataServices>Schema"`
	}
	if err := xml.Unmarshal(doc, &edmx); err != nil {
		t.Fatalf("$metadata: %v", err)
	}
	out := map[string]string{}
	for _, s := range edmx.Schemas {
		for _, ty := range s.Types {
			for _, n := range ty.Navs {
				v := fmt.Sprintf("%s nullable=%s partner=%s", n.Type, n.Nullable, n.Partner)
				for _, c := range n.Constraints {
					v += " " + c.Property + "=" + c.Referenced
				}
				out[ty.Name+"."+n.Name] = v
			}
		}
	}
	return out
}
