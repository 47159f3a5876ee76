package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/adaptertest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// formsDB has date-time columns in one form each (at: the demo's
// 'YYYY-MM-DD HH:MM:SS'; at3: 'T' and milliseconds; nix: Unix seconds) and
// in forms the loader must not take for one: mixed 'T'/space, zone
// suffixes, and a uniform column without an index.
func formsDB(t *testing.T) (*sqldb.Source, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "f.db")
	setup, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	stmts := []string{`CREATE TABLE ev (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, at3 DATETIME, nix DATETIME,
		mixed DATETIME, zoned DATETIME, noidx DATETIME, kind TEXT, js DATETIME, utc DATETIME, zmix DATETIME, zoff DATETIME)`,
		`CREATE INDEX ev_at ON ev(at)`, `CREATE INDEX ev_at3 ON ev(at3)`, `CREATE INDEX ev_nix ON ev(nix)`,
		`CREATE INDEX ev_mixed ON ev(mixed)`, `CREATE INDEX ev_zoned ON ev(zoned)`, `CREATE INDEX ev_js ON ev(js)`,
		`CREATE INDEX ev_utc ON ev(utc)`, `CREATE INDEX ev_zmix ON ev(zmix)`, `CREATE INDEX ev_zoff ON ev(zoff)`}
	base := time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)
	for i := 1; i <= 40; i++ {
		at := base.Add(time.Duration((i*7919)%40) * 90 * time.Minute) // shuffled, some equal to the second
		at3 := at.Add(time.Duration(i*125) * time.Millisecond)
		sep := " "
		if i%2 == 0 {
			sep = "T"
		}
		var at3v, jsv any = at3.Format("2006-01-02T15:04:05.000"), at3.Format("2006-01-02T15:04:05.000Z")
		if i%9 == 0 {
			at3v, jsv = nil, nil
		}
		// zmix: "Z" with and without fractional digits; zoff: one value
		// not in UTC. Neither sorts as text.
		zmix, zoff := at.Format(time.RFC3339), at.Format("2006-01-02 15:04:05+00:00")
		if i%5 == 0 {
			zmix = at3.Format("2006-01-02T15:04:05.000Z")
			zoff = at.In(time.FixedZone("", 3600)).Format("2006-01-02 15:04:05-07:00")
		}
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO ev VALUES (%d, '%s', %s, %d, '%s', '%s', '%s', '%s', %s, '%s', '%s', '%s')`,
			i, at.Format("2006-01-02 15:04:05"), sqlText(at3v), at.Unix(),
			at.Format("2006-01-02"+sep+"15:04:05"), at.Format(time.RFC3339), at.Format("2006-01-02 15:04:05"), []string{"a", "b", "c"}[i%3],
			sqlText(jsv), at.Format("2006-01-02 15:04:05+00:00"), zmix, zoff))
	}
	for _, s := range stmts {
		if _, err := setup.Exec(s); err != nil {
			t.Fatal(s, err)
		}
	}
	setup.Close()
	src, err := Open(context.Background(), path, schema.Options{Namespace: "t"},
		sqldb.Config{Name: "t", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src, path
}

func sqlText(v any) string {
	if v == nil {
		return "NULL"
	}
	return "'" + v.(string) + "'"
}

func TestStoredFormsDetected(t *testing.T) {
	src, _ := formsDB(t)
	m, err := src.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"at": "2006-01-02 15:04:05", "at3": "2006-01-02T15:04:05.000", "nix": sqldb.StoredFormUnixEpoch,
		"mixed": "", "zoned": "2006-01-02T15:04:05Z", "noidx": "",
		"js": "2006-01-02T15:04:05.000Z", "utc": "2006-01-02 15:04:05+00:00", "zmix": "", "zoff": "",
	}
	ev := m.EntitySet("ev").Type
	for name, form := range want {
		if got := ev.Property(name).StoredForm; got != form {
			t.Errorf("%s: stored form %q, want %q", name, got, form)
		}
	}
}

// TestStoredFormUsesIndex: a range filter and ORDER BY on a column in a
// stored form compare it as stored, and SQLite's plan walks its index
// without sorting (before, STRFTIME(col) served by no index meant a scan
// of the table and a temporary B-tree for the order).
func TestStoredFormUsesIndex(t *testing.T) {
	src, path := formsDB(t)
	m, _ := src.Model(context.Background())
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for req, index := range map[string]string{
		"ev?$filter=kind eq 'a'&$orderby=at desc,id desc&$top=5":                                "ev_at",
		"ev?$filter=at ge 2024-01-02T00:00:00Z and at lt 2024-01-02T12:00:00.5Z&$orderby=at,id": "ev_at",
		"ev?$orderby=at3,id&$top=3":                           "ev_at3",
		"ev?$filter=nix gt 2024-01-02T00:00:00Z&$orderby=nix": "ev_nix",
		"ev?$filter=js ge 2024-01-02T00:00:00Z and js lt 2024-01-02T12:00:00.5Z&$orderby=js desc,id desc&$top=5": "ev_js",
		"ev?$filter=utc gt 2024-01-02T00:00:00+02:00&$orderby=utc,id":                                            "ev_utc",
		"ev?$orderby=zoned desc,id desc&$top=3":                                                                  "ev_zoned",
	} {
		q, _, err := adaptertest.Plan(m, req)
		if err != nil {
			t.Fatal(req, err)
		}
		stmt, args, err := sqldb.Build(sqldb.SQLite, q)
		if err != nil {
			t.Fatal(req, err)
		}
		if strings.Contains(stmt, "STRFTIME") {
			t.Errorf("%s: %s", req, stmt)
		}
		plan := adaptertest.SQLiteQueryPlan(t, db, stmt, args)
		if !strings.Contains(plan, "INDEX "+index) || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s: the plan does not walk %s:\n%s\n%s", req, index, stmt, plan)
		}
	}
}

// TestStoredFormSameResults: every comparison and order on the text forms
// returns what the STRFTIME form returns (constants of more precision than
// the column, equal instants, nulls, keyset continuation), and the Unix
// seconds column what the date-times say.
func TestStoredFormSameResults(t *testing.T) {
	src, _ := formsDB(t)
	ctx := context.Background()
	m, _ := src.Model(ctx)
	ev := m.EntitySet("ev").Type
	reqs := []string{
		"ev?$orderby=at desc,id desc&$top=15",
		"ev?$orderby=at3,id",
		"ev?$orderby=at3 desc,id",
		"ev?$filter=at eq 2024-01-02T04:00:00Z",
		"ev?$filter=at eq 2024-01-02T04:00:00.5Z",
		"ev?$filter=at lt 2024-01-02T04:00:00.5Z&$orderby=at,id",
		"ev?$filter=at gt 2024-01-02T04:00:00.5Z&$orderby=at,id",
		"ev?$filter=at le 2024-01-02T04:00:00Z and at ge 2024-01-01T13:00:00Z",
		"ev?$filter=not (at ne 2024-01-02T04:00:00Z)",
		"ev?$filter=at in (2024-01-02T04:00:00Z, 2024-01-03T11:30:00Z, 2024-01-01T10:00:00.001Z)",
		"ev?$filter=at3 gt 2024-01-02T04:00:01.25Z&$orderby=at3 desc,id",
		"ev?$filter=at3 ge 2024-01-02T04:00:01.2505Z&$orderby=at3,id",
		"ev?$filter=at3 eq null",
		"ev?$filter=at3 ne 2024-01-02T04:00:01.250Z&$orderby=id",
		"ev?$filter=at3 lt at&$orderby=id",
		"ev?$filter=at eq mixed&$orderby=id",
		"ev?$filter=at gt 2024-01-02T03:00:00-02:00&$orderby=at,id",
		"ev?$orderby=js desc,id",
		"ev?$filter=js gt 2024-01-02T04:00:01.25Z&$orderby=js,id",
		"ev?$filter=js ge 2024-01-02T04:00:01.2505Z&$orderby=js,id", // more precision than the column: STRFTIME
		"ev?$filter=js le 2024-01-02T04:00:01.2505Z&$orderby=js desc,id",
		"ev?$filter=js ge 2024-01-03T19:00:00.2505Z&$orderby=js,id", // just after row 2's value
		"ev?$filter=js lt 2024-01-03T19:00:00.2505Z&$orderby=js,id",
		"ev?$filter=js eq 2024-01-03T19:00:00.250Z",
		"ev?$filter=js in (2024-01-03T19:00:00.250Z, 2024-01-03T17:30:00.375Z, 2024-01-01T11:30:01.125Z)&$orderby=id",
		"ev?$filter=js eq null",
		"ev?$filter=js eq at3&$orderby=id",
		"ev?$filter=utc ge 2024-01-02T06:00:00+02:00 and utc lt 2024-01-02T12:00:00Z&$orderby=utc desc,id",
		"ev?$filter=utc eq 2024-01-02T04:00:00Z",
		"ev?$filter=utc gt 2024-01-02T04:00:00.5Z&$orderby=utc,id",
		"ev?$filter=zoned lt 2024-01-02T04:00:00Z&$orderby=zoned desc,id",
		"ev?$filter=zoned eq utc&$orderby=id",
	}
	run := func() [][][]any {
		var out [][][]any
		for _, req := range reqs {
			q, _, err := adaptertest.Plan(m, req)
			if err != nil {
				t.Fatal(req, err)
			}
			rows, err := adaptertest.ReadRows(ctx, src, q)
			if err != nil {
				t.Fatal(req, err)
			}
			out = append(out, rows)
		}
		return out
	}
	stored := run()
	nonEmpty := 0
	for i, rows := range stored {
		if len(rows) > 0 {
			nonEmpty++
		} else {
			t.Logf("empty: %s", reqs[i])
		}
	}
	if nonEmpty < len(reqs)-2 {
		t.Fatalf("only %d of %d requests return rows: the cases test little", nonEmpty, len(reqs))
	}
	forms := map[*metadata.Property]string{}
	for _, p := range ev.Properties {
		forms[p] = p.StoredForm
		p.StoredForm = ""
	}
	plain := run()
	for p, f := range forms {
		p.StoredForm = f
	}
	for i, req := range reqs {
		if !reflect.DeepEqual(stored[i], plain[i]) {
			t.Errorf("%s:\nstored form %v\nSTRFTIME    %v", req, stored[i], plain[i])
		}
	}

	// Keyset continuation in the stored form: page through by (at desc, id).
	q, _, _ := adaptertest.Plan(m, "ev?$orderby=at desc,id")
	all, _ := adaptertest.ReadRows(ctx, src, q)
	var paged [][]any
	for len(paged) < len(all) {
		q, _, _ := adaptertest.Plan(m, "ev?$orderby=at desc,id&$top=7")
		if n := len(paged); n > 0 {
			q.After = []any{paged[n-1][1], paged[n-1][0]}
		}
		page, err := adaptertest.ReadRows(ctx, src, q)
		if err != nil || len(page) == 0 {
			t.Fatalf("page after %d rows: %v", len(paged), err)
		}
		paged = append(paged, page...)
	}
	if !reflect.DeepEqual(paged, all) {
		t.Errorf("keyset pages differ from the full read")
	}

	// Unix seconds: the STRFTIME form took them for Julian days.
	q, _, _ = adaptertest.Plan(m, "ev?$filter=nix gt 2024-01-02T04:00:00Z and nix le 2024-01-02T10:00:00.5Z&$orderby=nix,id")
	rows, err := adaptertest.ReadRows(ctx, src, q)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := time.Date(2024, 1, 2, 4, 0, 0, 0, time.UTC), time.Date(2024, 1, 2, 10, 0, 0, 5e8, time.UTC)
	var want []int64
	for _, r := range all {
		if at := r[1].(time.Time); at.After(lo) && !at.After(hi) {
			want = append(want, r[0].(int64))
		}
	}
	var got []int64
	for _, r := range rows {
		got = append(got, r[0].(int64))
		if r[3].(time.Time) != r[1].(time.Time) {
			t.Errorf("row %v: nix %v, at %v", r[0], r[3], r[1])
		}
	}
	if len(want) == 0 || fmt.Sprint(got) != fmt.Sprint(sortedByAt(all, want)) {
		t.Errorf("nix range: ids %v, want %v", got, sortedByAt(all, want))
	}
}

// sortedByAt orders ids as rows (sorted by at, id) list them.
func sortedByAt(all [][]any, ids []int64) []int64 {
	in := map[int64]bool{}
	for _, id := range ids {
		in[id] = true
	}
	var byAt [][]any
	for _, r := range all {
		if in[r[0].(int64)] {
			byAt = append(byAt, r)
		}
	}
	// all is ordered at desc, id asc; the request orders nix (= at) asc, id asc.
	out := make([]int64, 0, len(byAt))
	for i := len(byAt) - 1; i >= 0; {
		j := i
		for j > 0 && byAt[j-1][1].(time.Time).Equal(byAt[i][1].(time.Time)) {
			j--
		}
		for k := j; k <= i; k++ {
			out = append(out, byAt[k][0].(int64))
		}
		i = j - 1
	}
	return out
}

// TestStoredFormBudget: out of time, the check leaves the remaining columns
// in the STRFTIME form (always correct) and the model loads.
func TestStoredFormBudget(t *testing.T) {
	src, path := formsDB(t)
	ctx := context.Background()
	m, _ := src.Model(ctx)
	db, err := OpenDB(ctx, "t", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ev := m.EntitySet("ev").Type
	for _, p := range ev.Properties {
		p.StoredForm = ""
	}
	if err := detectStoredForms(ctx, db, m, time.Nanosecond, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	for _, p := range ev.Properties {
		if p.StoredForm != "" {
			t.Errorf("%s: stored form %q without time to check it", p.Name, p.StoredForm)
		}
	}
	if err := detectStoredForms(ctx, db, m, time.Minute, slog.New(slog.DiscardHandler)); err != nil || ev.Property("at").StoredForm == "" {
		t.Errorf("with time: %v, at %q", err, ev.Property("at").StoredForm)
	}
}

// TestStoredFormZonedWrites: a write keeps a zoned column in its form (the
// instant in UTC, the form's digits and suffix); a value of more precision
// than the form holds is refused with a 400 rather than stored in a text
// that would sort wrongly, and nothing is written.
func TestStoredFormZonedWrites(t *testing.T) {
	src, path := formsDB(t)
	ctx := context.Background()
	m, _ := src.Model(ctx)
	set := m.EntitySet("ev")
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("", 3600))
	insert := func(id int64, js, utc time.Time) error {
		tx, err := src.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tx.(*sqldb.Tx).Insert(ctx, &adapters.Insert{Set: set, Values: []adapters.PropertyValue{
			{Prop: set.Type.Property("id"), Value: id}, {Prop: set.Type.Property("at"), Value: at},
			{Prop: set.Type.Property("js"), Value: js}, {Prop: set.Type.Property("utc"), Value: utc}}})
		if err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	if err := insert(100, at.Add(123*time.Millisecond), at); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ js, utc time.Time }{
		{at.Add(123*time.Millisecond + time.Microsecond), at},
		{at, at.Add(500 * time.Millisecond)},
	} {
		err := insert(101, c.js, c.utc)
		if e := odataerr.As(err); e == nil || e.Status != 400 {
			t.Errorf("js %v, utc %v: %v, want a 400", c.js, c.utc, err)
		}
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var js, utc string
	var n int
	if err := db.QueryRow(`SELECT CAST(js AS TEXT), CAST(utc AS TEXT), (SELECT COUNT(*) FROM ev WHERE id = 101) FROM ev WHERE id = 100`).Scan(&js, &utc, &n); err != nil {
		t.Fatal(err)
	}
	if js != "2024-03-01T11:00:00.123Z" || utc != "2024-03-01 11:00:00+00:00" || n != 0 {
		t.Errorf("stored js %q, utc %q, %d refused rows", js, utc, n)
	}
}
