package sqldb

import (
	"reflect"
	"testing"
)

// TestSelectMemo: statements built with the select-list memo, on first use
// and from the memo, are those built without it, for every engine case on
// every dialect, built in turn on one memo (so that the cases' different
// column lists of one type replace each other's entries).
func TestSelectMemo(t *testing.T) {
	tm := newTestModel()
	cases := engineCases(tm)
	for _, gd := range goldenDialects {
		var memo selectMemo
		for round := range 2 {
			for _, c := range cases {
				want, wantArgs, wantErr := Build(gd.d, c.q)
				got, args, err := build(gd.d, c.q, &memo)
				if got != want || !reflect.DeepEqual(args, wantArgs) || (err == nil) != (wantErr == nil) {
					t.Errorf("%s, %s, round %d:\n got %s %v %v\nwant %s %v %v", gd.d.Name(), c.name, round, got, args, err, want, wantArgs, wantErr)
				}
			}
		}
		if len(memo.m) == 0 {
			t.Errorf("%s: nothing kept", gd.d.Name())
		}
	}
	var memo selectMemo
	q := tm.query(nil)
	first, _, _ := build(SQLite, q, &memo)
	q.Select = q.Set.Type.Properties[:1]
	narrow, _, _ := build(SQLite, q, &memo)
	if want, _, _ := Build(SQLite, q); narrow != want || narrow == first {
		t.Errorf("a narrower $select of the same type: %s, want %s", narrow, want)
	}
}
