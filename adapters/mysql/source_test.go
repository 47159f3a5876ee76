package mysql

import (
	"context"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"odatagw/adapters/adaptertest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

const valuesSchema = `
CREATE TABLE v (id INT PRIMARY KEY, flag TINYINT(1), bit1 BIT(1), mask BIT(8), tiny TINYINT, utiny TINYINT UNSIGNED,
  amount DECIMAL(10,2), born DATE, at DATETIME(3), ts TIMESTAMP NULL, yr YEAR, f FLOAT, d DOUBLE,
  name VARCHAR(20), kind ENUM('a','b'), doc JSON, starts TIME, data VARBINARY(10), uid UUID, addr INET6);
INSERT INTO v VALUES (1, 1, b'1', b'00000101', -5, 200, '12.50', '1968-12-08',
  '2023-04-05 14:30:00.125', '2023-04-05 14:30:00', 2024, 1.5, 2.25, 'O''Brien', 'b', '{"a": 1}', '12:34:56',
  x'0102ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '::1');
INSERT INTO v (id) VALUES (2);
CREATE TABLE u (id INT PRIMARY KEY, ubig BIGINT UNSIGNED);
INSERT INTO u VALUES (1, 18446744073709551615);
`

func TestSourceReadsEveryMappedType(t *testing.T) {
	dsn := createDatabase(t, testDatabase+"_values", valuesSchema)
	src, err := Open(context.Background(), dsn, schema.Options{Namespace: "t"},
		sqldb.Config{Name: "t", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rows := adaptertest.ReadAll(t, src, "v")
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	want := map[string]any{
		"id": int64(1), "flag": true, "bit1": true, "mask": []byte{5}, "tiny": int64(-5), "utiny": int64(200),
		"amount": metadata.Decimal("12.50"),
		"born":   metadata.Date{Year: 1968, Month: 12, Day: 8},
		"at":     time.Date(2023, 4, 5, 14, 30, 0, 125e6, time.UTC), "ts": time.Date(2023, 4, 5, 14, 30, 0, 0, time.UTC),
		"yr": int64(2024), "f": 1.5, "d": 2.25, "name": "O'Brien", "kind": "b", "doc": `{"a": 1}`,
		"starts": "12:34:56", "data": []byte{1, 2, 0xff}, "uid": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "addr": "::1",
	}
	for k, w := range want {
		if got := rows[0][k]; !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %#v, want %#v", k, got, w)
		}
	}
	for k, v := range rows[1] {
		if k != "id" && v != nil {
			t.Errorf("row 2: %s = %#v, want null", k, v)
		}
	}
}

// BIGINT UNSIGNED is Edm.Decimal(20,0); the driver hands it over as uint64.
func TestSourceReadsUnsignedBigint(t *testing.T) {
	dsn := createDatabase(t, testDatabase+"_values", valuesSchema)
	src, err := Open(context.Background(), dsn, schema.Options{Namespace: "t"},
		sqldb.Config{Name: "t", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rows := adaptertest.ReadAll(t, src, "u")
	if got, w := rows[0]["ubig"], metadata.Decimal("18446744073709551615"); !reflect.DeepEqual(got, w) {
		t.Errorf("ubig = %#v, want %#v", got, w)
	}
}

func TestOpenUnreachableNamesSource(t *testing.T) {
	_, err := Open(context.Background(), "root:pw@tcp(127.0.0.1:1)/db", schema.Options{Namespace: "t"}, sqldb.Config{Name: "erp"})
	if err == nil || !strings.Contains(err.Error(), `source "erp"`) || strings.Contains(err.Error(), "pw@") {
		t.Fatalf("err = %v", err)
	}
}
