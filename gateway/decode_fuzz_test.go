package gateway

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// fuzzModel is a small model with every writable type, a composite-free key
// and a relationship both ways, for the body decoder.
func fuzzModel() *metadata.Model {
	prop := func(name string, t metadata.EdmType, nullable bool) *metadata.Property {
		return &metadata.Property{Name: name, Column: name, Type: t, Nullable: nullable, Precision: -1}
	}
	cat := &metadata.EntityType{Name: "Cat", Table: "Cat", Properties: []*metadata.Property{
		prop("ID", metadata.EdmInt32, false), prop("Name", metadata.EdmString, false)}}
	cat.Key = cat.Properties[:1]
	cat.Properties[1].MaxLength = 10
	item := &metadata.EntityType{Name: "Item", Table: "Item", Properties: []*metadata.Property{
		prop("ID", metadata.EdmInt64, false), prop("S", metadata.EdmString, true), prop("B", metadata.EdmBoolean, true),
		prop("U8", metadata.EdmByte, true), prop("I16", metadata.EdmInt16, true), prop("F", metadata.EdmSingle, true),
		prop("D", metadata.EdmDouble, true), {Name: "M", Column: "M", Type: metadata.EdmDecimal, Nullable: true, Precision: 6, Scale: 2},
		{Name: "V", Column: "V", Type: metadata.EdmDecimal, Nullable: true, Scale: metadata.ScaleVariable},
		prop("Day", metadata.EdmDate, true), prop("At", metadata.EdmDateTimeOffset, true), prop("T", metadata.EdmTimeOfDay, true),
		prop("G", metadata.EdmGuid, true), prop("Bin", metadata.EdmBinary, true), prop("CatID", metadata.EdmInt32, true)}}
	item.Key = item.Properties[:1]
	cats := &metadata.EntitySet{Name: "Cats", Type: cat}
	items := &metadata.EntitySet{Name: "Items", Type: item}
	toCat := &metadata.NavigationProperty{Name: "Cat", Target: cat, TargetSet: cats, Nullable: true, Partner: "Items",
		Constraints: []metadata.ReferentialConstraint{{Property: item.Properties[14], Referenced: cat.Properties[0]}}}
	toItems := &metadata.NavigationProperty{Name: "Items", Target: item, TargetSet: items, Collection: true, Partner: "Cat",
		Constraints: []metadata.ReferentialConstraint{{Property: cat.Properties[0], Referenced: item.Properties[14]}}}
	item.Navigation = []*metadata.NavigationProperty{toCat}
	cat.Navigation = []*metadata.NavigationProperty{toItems}
	m := &metadata.Model{Namespace: "f", Container: "C", Types: []*metadata.EntityType{cat, item}, Sets: []*metadata.EntitySet{cats, items}}
	m.Index()
	return m
}

// FuzzDecodeEntity checks that no request body makes the decoder panic,
// that every rejection is a 4xx/501 *odataerr.Error, and that every value
// it accepts is the Go value of its property's type.
func FuzzDecodeEntity(f *testing.F) {
	for _, s := range []string{
		`{"ID":1,"S":"x","B":true,"U8":255,"I16":-32768,"F":1.5,"D":"INF","M":"1234.56","V":1e-3,"Day":"2024-02-29","At":"2024-01-01T00:00:00+01:00","T":"10:00:00.5","G":"0F8FAD5B-D9CB-469F-A165-70867728950E","Bin":"AAEC","Cat@odata.bind":"Cats(1)"}`,
		`{"@odata.type":"#f.Item","@odata.etag":"W/\"x\"","S@odata.type":"Edm.String","Cat":{"ID":2,"Name":"n","Items":[{"ID":3}]}}`,
		`{"M":12345.6}`, `{"M":1e400}`, `{"V":1e-300}`, `{"S":"a","S":"b"}`, `{"Nope":1}`, `[1]`, `{"Cat@odata.bind":["Cats(1)"]}`,
		`{"Cat@odata.bind":"http://h/odata/svc/Cats(1)"}`, `{"ID":9223372036854775808}`, `{"U8":-1}`, `{"G":"x"}`,
	} {
		f.Add(s)
	}
	m := fuzzModel()
	g, err := New(Config{})
	if err != nil {
		f.Fatal(err)
	}
	svc := &service{Service: Service{Name: "svc"}}
	f.Fuzz(func(t *testing.T, body string) {
		q := &request{g: g, svc: svc, model: m, binder: &bound.Binder{Model: m},
			r: httptest.NewRequest(http.MethodPost, "/odata/svc/Items", nil)}
		obj, err := decodeJSONObject([]byte(body))
		if err == nil {
			var e *entityBody
			if e, err = q.decodeEntity(m.EntitySet("Items"), obj, true); err == nil {
				checkDecoded(t, e)
				return
			}
		}
		if e := odataerr.As(err); e == nil || (e.Status != 400 && e.Status != 501) {
			t.Fatalf("%q: error %v is not a 400/501 *odataerr.Error", body, err)
		}
	})
}

func checkDecoded(t *testing.T, e *entityBody) {
	for _, pv := range e.values {
		if !metadata.ValidValue(pv.Prop.Type, pv.Value) {
			t.Fatalf("%s: %#v is not a %s value", pv.Prop.Name, pv.Value, pv.Prop.Type)
		}
	}
	for _, d := range e.deep {
		for _, it := range d.items {
			checkDecoded(t, it)
		}
	}
}
