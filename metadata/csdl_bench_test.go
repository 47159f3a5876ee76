package metadata_test

import (
	"io"
	"testing"

	md "odatagw/metadata"
)

// BenchmarkWriteXML50 writes $metadata for 50 entity types of 20 properties,
// chained by foreign keys (49 relationships, both directions), read-only
// capability annotations on every set.
func BenchmarkWriteXML50(b *testing.B) {
	m := wideModel(50)
	b.ReportAllocs()
	for b.Loop() {
		if err := md.WriteXML(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteJSON50 is BenchmarkWriteXML50 for CSDL JSON.
func BenchmarkWriteJSON50(b *testing.B) {
	m := wideModel(50)
	b.ReportAllocs()
	for b.Loop() {
		if err := md.WriteJSON(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate50 is Model.Validate on the same model.
func BenchmarkValidate50(b *testing.B) {
	m := wideModel(50)
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
