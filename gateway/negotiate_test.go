package gateway

import (
	"net/http/httptest"
	"testing"
)

// The Accept header Power Query sends for data requests must get JSON.
const powerQueryAccept = "application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7"

func TestNegotiate(t *testing.T) {
	cases := []struct {
		name, accept, format string
		offer                []formatKind
		want                 formatKind
		meta                 metadataLevel
		ieee                 bool
		err                  bool
	}{
		{name: "no accept", offer: []formatKind{formatJSON}, want: formatJSON},
		{name: "power query", accept: powerQueryAccept, offer: []formatKind{formatJSON}, want: formatJSON},
		{name: "power query metadata", accept: powerQueryAccept, offer: []formatKind{formatXML, formatJSON}, want: formatJSON},
		{name: "star", accept: "*/*", offer: []formatKind{formatJSON}, want: formatJSON},
		{name: "full metadata", accept: "application/json;odata.metadata=full", offer: []formatKind{formatJSON}, want: formatJSON, meta: metadataFull},
		{name: "none + ieee754", accept: "application/json;odata.metadata=none;IEEE754Compatible=true", offer: []formatKind{formatJSON}, want: formatJSON, meta: metadataNone, ieee: true},
		{name: "atom only", accept: "application/atom+xml", offer: []formatKind{formatJSON}, err: true},
		{name: "xml only for data", accept: "application/xml", offer: []formatKind{formatJSON}, err: true},
		{name: "q=0 excludes", accept: "application/json;q=0, text/html", offer: []formatKind{formatJSON}, err: true},
		{name: "q ordering", accept: "text/plain;q=0.5, application/json;q=0.9", offer: []formatKind{formatText, formatJSON}, want: formatJSON},
		{name: "$format json wins", accept: "application/xml", format: "json", offer: []formatKind{formatJSON}, want: formatJSON},
		{name: "$format full", format: "application/json;odata.metadata=full", offer: []formatKind{formatJSON}, want: formatJSON, meta: metadataFull},
		{name: "$format atom", format: "atom", offer: []formatKind{formatJSON}, err: true},
		{name: "unknown metadata level", accept: "application/json;odata.metadata=verbose", offer: []formatKind{formatJSON}, err: true},
		{name: "garbage accept", accept: ";;;, ", offer: []formatKind{formatJSON}, err: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			f, err := negotiate(r, tc.format, tc.offer...)
			if tc.err {
				if err == nil {
					t.Fatalf("got %+v, want 406", f)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if f.kind != tc.want || f.metadata != tc.meta || f.value.ieee754 != tc.ieee {
				t.Fatalf("got %+v", f)
			}
		})
	}
}
