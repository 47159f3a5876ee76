package sqldb

import (
	"testing"

	"odatagw/adapters"
)

// BenchmarkBuildByKey: the SQL of a by-key read (Items(7)), built for every
// request; it was about a tenth of the gateway's CPU for by-key reads under
// bench/run.sh.
func BenchmarkBuildByKey(b *testing.B) {
	tm := newTestModel()
	q := tm.query(nil)
	q.Key = []adapters.KeyValue{{Prop: tm.p("ID").Prop, Value: int64(7)}}
	q.Top = 2
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Build(SQLite, q); err != nil {
			b.Fatal(err)
		}
	}
}
