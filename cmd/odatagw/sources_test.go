package main

import (
	"reflect"
	"testing"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/config"
	"odatagw/gateway"
)

func TestSchemaOptionsMapsRelationships(t *testing.T) {
	c, err := config.Parse([]byte(`
version: 1
sources:
  - name: legacy
    kind: sqlite
    dsn: x
    naming: pascal
    entities:
      orders_view: {key: [id], navigation: {Customer: Buyer}}
    relationships:
      - {name: Customer, from: orders_view, columns: [customer_id], to: customers, references: [id], partner: Orders}
      - {from: lines, columns: [order_id, line_no], to: order_lines}
`), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	o := schemaOptions(c.Sources[0])
	want := []schema.Relationship{
		{Name: "Customer", From: "orders_view", Columns: []string{"customer_id"}, To: "customers", References: []string{"id"}, Partner: "Orders"},
		{From: "lines", Columns: []string{"order_id", "line_no"}, To: "order_lines"},
	}
	if !reflect.DeepEqual(o.Relationships, want) {
		t.Fatalf("Relationships = %+v\nwant %+v", o.Relationships, want)
	}
	if to := o.TableOptions["orders_view"]; to.Navigation["Customer"] != "Buyer" || len(to.Key) != 1 || o.Namespace != "legacy" || o.Naming != "pascal" {
		t.Fatalf("options = %+v", o)
	}
}

func TestSchemaOptionsMapsStringMaxLength(t *testing.T) {
	c, err := config.Parse([]byte(`
version: 1
sources:
  - name: crm
    kind: postgres
    dsn: x
    string_max_length: {unbounded: 128, cap: 255}
    entities:
      notes: {string_max_length: {cap: 4000}}
      tags: {name: Tags}
`), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	o := schemaOptions(c.Sources[0])
	if o.StringMaxLength != (schema.StringMaxLength{Unbounded: 128, Cap: 255}) ||
		o.TableOptions["notes"].StringMaxLength != (schema.StringMaxLength{Cap: 4000}) ||
		o.TableOptions["tags"].StringMaxLength != (schema.StringMaxLength{}) {
		t.Fatalf("string_max_length mapped as %+v, notes %+v, tags %+v", o.StringMaxLength, o.TableOptions["notes"].StringMaxLength, o.TableOptions["tags"].StringMaxLength)
	}
}

func TestGuardedServiceMapsSourceLimits(t *testing.T) {
	no := false
	sc := config.Source{Name: "erp"}
	sc.Concurrency = config.Concurrency{MaxRequests: 7, MaxQueued: -1, QueueTimeout: time.Second}
	sc.Breaker = config.Breaker{Failures: 2, OpenFor: time.Minute, PingTimeout: 3 * time.Second}
	s := guardedService(sc, nil)
	want := gateway.Admission{MaxRequests: 7, MaxQueued: -1, QueueTimeout: time.Second, BreakerFailures: 2, BreakerOpen: time.Minute, PingTimeout: 3 * time.Second}
	if s.Name != "erp" || s.Admission != want || s.Optional {
		t.Errorf("service %+v", s)
	}
	sc.Required = &no
	if !guardedService(sc, nil).Optional {
		t.Error("required: false is not optional")
	}
	p := poolConfig(config.Pool{MaxOpenConns: 5, MaxIdleConns: 2, ConnMaxLifetime: time.Hour})
	if p != (sqldb.Pool{MaxOpenConns: 5, MaxIdleConns: 2, ConnMaxLifetime: time.Hour}) {
		t.Errorf("pool %+v", p)
	}
}
