package tests

import (
	"fmt"
	"testing"

	"odatagw/gateway"
)

// BenchmarkBatchReads compares 20 reads of 20 orders each sent as one
// multipart $batch with the same 20 GETs sent one by one, over loopback HTTP
// against the demo (SQLite, no cache).
func BenchmarkBatchReads(b *testing.B) {
	e := newDemoEnv(b, gateway.Config{})
	var urls []string
	var parts []any
	for i := range 20 {
		u := fmt.Sprintf("Orders?$top=20&$skip=%d&$select=OrderID,Freight,ShipCountry", i*20)
		urls = append(urls, u)
		parts = append(parts, "GET "+u+" HTTP/1.1\n")
	}
	body := multipartBatch(parts...)
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			if ps := e.postBatch(b, multipartBatchType, body).parts(b); len(ps) != len(urls) || ps[19].Status != 200 {
				b.Fatalf("%d parts", len(ps))
			}
		}
	})
	b.Run("separate", func(b *testing.B) {
		for b.Loop() {
			for _, u := range urls {
				e.get(b, u).mustStatus(b, 200)
			}
		}
	})
}
