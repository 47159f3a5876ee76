package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

const secret = "Pw-not-to-be-shown-77"

// sqliteFile creates a database with a JSON column (read as text), a table
// without a primary key (skipped) and a foreign key.
func sqliteFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shop.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, stmt := range []string{
		`CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
		`CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), extra JSON, flag INTEGER)`,
		`CREATE TABLE audit_log (at TEXT, what TEXT)`,
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gateway.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(context.Background(), args, &o, &e)
	return o.String(), e.String(), err
}

func TestCheckDescribesSourcesAndFailsOnUnreachable(t *testing.T) {
	db := sqliteFile(t)
	good := "version: 1\nsources:\n  - name: shop\n    kind: sqlite\n    dsn: " + db +
		"\n    entities:\n      orders: {properties: {flag: {type: Edm.Boolean}}}\n"
	out, errOut, err := runCmd(t, "check", "--config", writeConfig(t, good))
	if err != nil {
		t.Fatalf("check of a good configuration: %v\n%s%s", err, out, errOut)
	}
	for _, want := range []string{
		"service shop (sqlite): 2 entity sets",
		"orders  key (id), 4 properties, table orders",
		"navigation customer → customers (0..1) on customer_id=id",
		"navigation orders → orders (*) on id=customer_id",
		"lossy      extra: JSON read as text (Edm.String): no native OData type",
		"lossy      flag: INTEGER (natively Edm.Int64) converted to Edm.Boolean by configuration",
		"warning: schema warning: audit_log: skipped:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// A second source that cannot be reached: both are reported, exit status 1, no password.
	bad := good + "  - {name: erp, kind: mysql, dsn: \"root:" + secret + "@tcp(127.0.0.1:1)/shop\"}\n"
	out, errOut, err = runCmd(t, "check", "--config", writeConfig(t, bad))
	var ex exitError
	if !errors.As(err, &ex) || ex.code != 1 {
		t.Fatalf("err = %v, want exit status 1\n%s", err, out)
	}
	if !strings.Contains(out, "service shop (sqlite): 2 entity sets") || !strings.Contains(out, "service erp (mysql): FAILED:") {
		t.Errorf("both sources must be reported:\n%s", out)
	}
	if !strings.Contains(errOut, "1 of 2 source(s) failed") {
		t.Errorf("stderr: %q", errOut)
	}
	if strings.Contains(out+errOut, secret) {
		t.Errorf("the password is shown:\n%s%s", out, errOut)
	}

	// An invalid file is an error naming the key.
	_, _, err = runCmd(t, "check", "--config", writeConfig(t, "version: 1\nlisten_addr: x\nsources: []\n"))
	if err == nil || !strings.Contains(err.Error(), "listen_addr") {
		t.Errorf("invalid configuration: %v", err)
	}
}

func TestMetadataPrintsOneServiceCSDL(t *testing.T) {
	db := sqliteFile(t)
	two := writeConfig(t, "version: 1\nsources:\n  - {name: a, kind: sqlite, dsn: "+db+"}\n  - {name: b, kind: sqlite, dsn: "+db+", naming: pascal}\n")
	if _, _, err := runCmd(t, "metadata", "--config", two); err == nil || !strings.Contains(err.Error(), "a, b") {
		t.Errorf("without --service and two services: %v", err)
	}
	if _, _, err := runCmd(t, "metadata", "--config", two, "--service", "c"); err == nil || !strings.Contains(err.Error(), `"c"`) {
		t.Errorf("unknown service: %v", err)
	}
	out, _, err := runCmd(t, "metadata", "--config", two, "--service", "b")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		DataServices struct {
			Schema []struct {
				Namespace  string `xml:"Namespace,attr"`
				EntityType []struct {
					Name string `xml:"Name,attr"`
				}
			}
		}
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	if s := doc.DataServices.Schema; len(s) != 1 || s[0].Namespace != "b" || len(s[0].EntityType) != 2 || s[0].EntityType[1].Name != "Orders" {
		t.Errorf("schema: %+v", s)
	}
	out, _, err = runCmd(t, "metadata", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var j map[string]any
	if err := json.Unmarshal([]byte(out), &j); err != nil || j["$EntityContainer"] != "demo.Container" {
		t.Errorf("demo CSDL JSON: %v %v", err, j["$EntityContainer"])
	}
}

func TestVersionAndUnknownCommand(t *testing.T) {
	out, _, err := runCmd(t, "version")
	if err != nil || !strings.HasPrefix(out, "odatagw ") || !strings.Contains(out, "go1.") {
		t.Errorf("version: %q %v", out, err)
	}
	if _, errOut, err := runCmd(t, "frobnicate"); err == nil || !strings.Contains(errOut, "check") {
		t.Errorf("unknown command: %v, usage %q", err, errOut)
	}
	if _, _, err := runCmd(t, "serve", "extra"); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Errorf("positional argument: %v", err)
	}
}
