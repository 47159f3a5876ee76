package observe

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
)

// BenchmarkRequestRecord is the observation cost of one request: record,
// one backend call, metrics, and a JSON log line written to io.Discard.
func BenchmarkRequestRecord(b *testing.B) {
	o := New(Config{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	req := httptest.NewRequest("GET", "/odata/demo/Orders", nil)
	b.ReportAllocs()
	for b.Loop() {
		rec, r := o.StartRequest(req, "0123456789abcdef")
		_, end := o.StartCall(r.Context(), "demo", "query")
		end(nil)
		rec.Service, rec.Set, rec.Status, rec.Rows, rec.Bytes, rec.Cache = "demo", "Orders", 200, 50, 12000, CacheMiss
		o.EndRequest(rec)
	}
}
