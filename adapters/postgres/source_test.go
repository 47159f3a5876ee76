package postgres

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
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE v (id int PRIMARY KEY, flag bool, small int2, big int8, amount numeric(10,2), ratio numeric, f4 real,
  f8 float8, born date, at timestamptz(3), naive timestamp, uid uuid, data bytea, name varchar(20), doc jsonb,
  tags text[], took interval, starts time, feeling mood, ip inet, bits bit(3));
INSERT INTO v VALUES (1, true, -3, 9007199254740993, 12.5, 3.14159, 1.5, 2.25, '1968-12-08',
  '2023-04-05 16:30:00.125+02', '2023-04-05 14:30:00', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', '\x0102ff', 'O''Brien',
  '{"a": 1}', '{x,y}', '1 day 02:00:00', '12:34:56', 'happy', '10.0.0.1', B'101');
INSERT INTO v (id) VALUES (2);
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
		"id": int64(1), "flag": true, "small": int64(-3), "big": int64(9007199254740993),
		"amount": metadata.Decimal("12.50"), "ratio": metadata.Decimal("3.14159"), "f4": 1.5, "f8": 2.25,
		"born": metadata.Date{Year: 1968, Month: 12, Day: 8},
		"at":   time.Date(2023, 4, 5, 14, 30, 0, 125e6, time.UTC), "naive": time.Date(2023, 4, 5, 14, 30, 0, 0, time.UTC),
		"uid": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "data": []byte{1, 2, 0xff}, "name": "O'Brien",
		"doc": `{"a": 1}`, "tags": "{x,y}", "took": "1 day 02:00:00", "starts": "12:34:56", "feeling": "happy",
		"ip": "10.0.0.1/32", "bits": "101",
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

func TestOpenUnreachableNamesSource(t *testing.T) {
	_, err := Open(context.Background(), "postgres://u:pw@127.0.0.1:1/db?connect_timeout=2", schema.Options{Namespace: "t"}, sqldb.Config{Name: "erp"})
	if err == nil || !strings.Contains(err.Error(), `source "erp"`) || strings.Contains(err.Error(), ":pw@") {
		t.Fatalf("err = %v", err)
	}
}
