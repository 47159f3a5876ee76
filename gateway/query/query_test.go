package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"odatagw/odataerr"
)

func TestParseQueryPowerQuery(t *testing.T) {
	o, err := ParseQuery("$filter=ContactTitle%20eq%20'Sales%20Representative'&$select=CustomerID,Country")
	if err != nil {
		t.Fatal(err)
	}
	if got := Format(o.Filter); got != "(eq ContactTitle 'Sales Representative')" {
		t.Errorf("filter %s", got)
	}
	if len(o.Select) != 2 || o.Select[0].Path[0] != "CustomerID" || o.Select[1].Path[0] != "Country" || o.Select[1].P != 11 {
		t.Errorf("select %+v", o.Select)
	}
	if !o.Has("$filter") || !o.Has("$select") || o.Has("$top") {
		t.Errorf("Has: %v", o.present)
	}
}

func TestParseQuerySalesforce(t *testing.T) {
	raw := "$filter=contains(CompanyName,'Acme')%20eq%20true%20or%20contains(Phone,'Acme')%20eq%20true" +
		"&$orderby=CompanyName%20asc,CustomerID&$top=26&$skip=0&$count=true&$select=CustomerID,CompanyName,Phone"
	o, err := ParseQuery(raw)
	if err != nil {
		t.Fatal(err)
	}
	if *o.Top != 26 || *o.Skip != 0 || !*o.Count || len(o.OrderBy) != 2 || o.OrderBy[0].Desc || len(o.Select) != 3 {
		t.Errorf("options %+v", o)
	}
}

func TestParseQueryOptions(t *testing.T) {
	o, err := ParseQuery("$TOP=5&skip=10&Count=TRUE&$format=application/json;odata.metadata=full&$skiptoken=abc%3D%3D" +
		"&$orderby=Price%20desc,Name&$search=blue&$levels=max&$index=-3&$schemaversion=1.0&$deltatoken=d1&$apply=groupby((A))" +
		"&$compute=Price%20mul%202%20as%20Double&@p=5&@list=(1,2,3)&@arr=[%22a%22]&custom=x%26y&flag")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"top", *o.Top, int64(5)}, {"skip", *o.Skip, int64(10)}, {"count", *o.Count, true},
		{"format", o.Format, "application/json;odata.metadata=full"}, {"skiptoken", o.SkipToken, "abc=="},
		{"orderby", len(o.OrderBy), 2}, {"desc", o.OrderBy[0].Desc, true}, {"search", FormatSearch(o.Search), "blue"},
		{"levels", *o.Levels, -1}, {"index", *o.Index, int64(-3)}, {"schemaversion", o.SchemaVersion, "1.0"},
		{"deltatoken", o.DeltaToken, "d1"}, {"apply", o.Apply, "groupby((A))"}, {"compute", o.Compute, "Price mul 2 as Double"},
		{"@p", Format(o.Aliases["p"]), "5"}, {"@list", Format(o.Aliases["list"]), "(list 1 2 3)"},
		{"@arr", Format(o.Aliases["arr"]), `["a"]`}, {"custom", o.Custom["custom"], "x&y"}, {"flag", o.Custom["flag"], ""},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}
	for _, name := range []string{"$top", "$skip", "$count", "$format", "$skiptoken", "$orderby", "$search", "$levels", "$index", "$apply", "$compute"} {
		if !o.Has(name) {
			t.Errorf("Has(%s) = false", name)
		}
	}
	if o.Has("$filter") {
		t.Error("Has($filter) = true")
	}
	if o, err := ParseQuery(""); err != nil || o.Filter != nil || o.Has("$filter") {
		t.Errorf("empty query: %v %+v", err, o)
	}
	if o, err := ParseQuery("&&$top=1&"); err != nil || *o.Top != 1 {
		t.Errorf("empty pieces: %v", err)
	}
}

func TestParseQueryErrors(t *testing.T) {
	cases := []struct{ in, target, want string }{
		{"$top=1&$TOP=2", "$top", "given more than once"},
		{"$filter=a&filter=b", "$filter", "given more than once"},
		{"$top=-1", "$top", "non-negative integer"},
		{"$top=1.5", "$top", "non-negative integer"},
		{"$top=99999999999999999999", "$top", "non-negative integer"},
		{"$skip=", "$skip", "non-negative integer"},
		{"$count=yes", "$count", "true or false"},
		{"$count", "$count", "needs a value"},
		{"$levels=0", "$levels", "positive integer"},
		{"$format=csv", "$format", "json, xml, atom or a media type"},
		{"$skiptoken=", "$skiptoken", "must not be empty"},
		{"$foo=1", "$foo", "unknown system query option"},
		{"$search=a;b", "$search", "';' must be percent-encoded"},
		{"$search=\"blue", "$search", "expected '\"'"},
		{"$search=", "$search", "expected a search term"},
		{"$search=(a", "$search", "expected ')'"},
		{"$compute=Price%20mul%202", "$compute", "'as'"},
		{"@p=1&@p=2", "@p", "more than once"},
		{"@p", "@p", "needs a value"},
		{"@1p=1", "@1p", "invalid parameter alias name"},
		{"@p=(1", "@p", "expected"},
		{"$filter=a%2", "$filter", "invalid percent-encoding"},
		{"$filter=%FF", "$filter", "invalid UTF-8"},
		{"$orderby=Name%20up", "$orderby", "but found 'up'"},
		{"$orderby=", "$orderby", "expected an expression"},
		{"$select=Name,", "$select", "expected a property name or '*'"},
		{"$select=$value", "$select", "unexpected '$value'"},
		{"$expand=Orders($levels=04)", "$expand", "positive integer without leading zeros"},
		{"$expand=Orders/$ref($select=Name)", "$expand", "not allowed here in $expand after /$ref"},
		{"$expand=Orders/$count($top=1)", "$expand", "not allowed here"},
		{"$expand=Orders($foo=1)", "$expand", "unknown query option '$foo'"},
		{"$expand=Orders($top=1;$top=2)", "$expand", "more than once"},
		{"$expand=Orders($top=1", "$expand", "expected ';' or ')'"},
		{"$expand=Orders($filter=)", "$expand", "expected an expression"},
		{"$expand=Orders($filter= a)", "$expand", "unexpected whitespace"},
		{"$select=Addresses($expand=X)", "$expand", ""},
	}
	for _, c := range cases {
		_, err := ParseQuery(c.in)
		e := odataerr.As(err)
		if e == nil {
			t.Errorf("%q: got %v, want an error", c.in, err)
			continue
		}
		if c.want == "" { // any 400 will do
			if e.Status != 400 {
				t.Errorf("%q: status %d", c.in, e.Status)
			}
			continue
		}
		if e.Status != 400 || e.Target != c.target || !strings.Contains(e.Message, c.want) {
			t.Errorf("%q: got %d target %q %q; want target %q containing %q", c.in, e.Status, e.Target, e.Message, c.target, c.want)
		}
	}
	if _, err := ParseQuery("$search=a#b"); err == nil || !strings.Contains(err.Error(), "'#'") {
		t.Errorf("raw '#': %v", err)
	}
	if _, err := ParseQuery("@p=" + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300)); !errors.Is(err, ErrTooDeep) {
		t.Errorf("deep alias: %v", err)
	}
}

func TestExpandAndSelect(t *testing.T) {
	o, err := ParseQuery("$expand=Customer,Items($select=Quantity;$expand=Product($select=Name,Price);@c=15;$filter=Qty%20gt%201;" +
		"$orderby=Qty%20desc;$top=2;$skip=1;$count=true;$search=a%3Bb;$levels=3),Orders/$ref,Lines/$count($filter=X%20eq%201)," +
		"*,*/$ref,*($levels=2),Address/Model.Special/Country,$value,@Ns.Term($top=2)" +
		"&$select=*,Model.*,Address/Street,Fn(A,B),Addresses($filter=startswith(City,'H');$top=5;$select=City)")
	if err != nil {
		t.Fatal(err)
	}
	ex := o.Expand
	if len(ex) != 10 {
		t.Fatalf("%d expand items", len(ex))
	}
	it := ex[1].Options
	if ex[1].Path[0] != "Items" || len(it.Select) != 1 || it.Expand[0].Path[0] != "Product" || len(it.Expand[0].Options.Select) != 2 ||
		Format(it.Aliases["c"]) != "15" || Format(it.Filter) != "(gt Qty 1)" || !it.OrderBy[0].Desc || *it.Top != 2 ||
		*it.Skip != 1 || !*it.Count || FormatSearch(it.Search) != "a;b" || *it.Levels != 3 || !it.Has("$search") {
		t.Errorf("nested options %+v", it)
	}
	if !ex[2].Ref || ex[2].Path[0] != "Orders" || !ex[3].Count || Format(ex[3].Options.Filter) != "(eq X 1)" {
		t.Errorf("ref/count items %+v %+v", ex[2], ex[3])
	}
	if !ex[4].Star || !ex[5].Star || !ex[5].Ref || !ex[6].Star || *ex[6].Options.Levels != 2 {
		t.Errorf("star items %+v %+v %+v", ex[4], ex[5], ex[6])
	}
	if strings.Join(ex[7].Path, "/") != "Address/Model.Special/Country" || ex[8].Path[0] != "$value" || ex[9].Path[0] != "@Ns.Term" {
		t.Errorf("paths %+v %+v %+v", ex[7], ex[8], ex[9])
	}
	for i, e := range ex {
		if e.Options == nil {
			t.Errorf("item %d: nil Options", i)
		}
	}
	if ex[1].P != 9 {
		t.Errorf("Items at %d, want 9", ex[1].P)
	}
	sel := o.Select
	if len(sel) != 5 || !sel[0].Star || sel[1].Namespace != "Model" || strings.Join(sel[2].Path, "/") != "Address/Street" ||
		strings.Join(sel[3].Params, ",") != "A,B" || *sel[4].Options.Top != 5 || len(sel[4].Options.Select) != 1 ||
		Format(sel[4].Options.Filter) != "(startswith City 'H')" {
		t.Errorf("select %+v", sel)
	}
}

func TestSearch(t *testing.T) {
	cases := []struct{ in, want string }{
		{"blue", "blue"},
		{"blue green", "(AND blue green)"},
		{"blue%20green", "(AND blue green)"},
		{"blue AND green", "(AND blue green)"},
		{"blue OR green", "(OR blue green)"},
		{"NOT blue", "(NOT blue)"},
		{"blue NOT green", "(AND blue (NOT green))"},
		{"a OR b c", "(OR a (AND b c))"},
		{"a b OR c", "(OR (AND a b) c)"},
		{"NOT a AND b", "(AND (NOT a) b)"},
		{"(a OR b) AND NOT (c d)", "(AND (OR a b) (NOT (AND c d)))"},
		{"\"blue green\"", `"blue green"`},
		{`"say \"hi\""`, `"say \"hi\""`},
		{"AND", "AND"}, {"OR AND", "(AND OR AND)"}, {"NOT NOT", "(NOT NOT)"}, {"AND OR NOT", "(OR AND NOT)"},
		{"Daniel's", "Daniel's"}, {"3.14", "3.14"}, {"08/15", "08/15"}, {"%CE%94", "Δ"}, {"a%3Bb", "a;b"},
		{"'\"blue'", `"\"blue"`}, {" blue", "blue"},
	}
	for _, c := range cases {
		o, err := ParseQuery("$search=" + c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := FormatSearch(o.Search); got != c.want {
			t.Errorf("%q: got %s, want %s", c.in, got, c.want)
		}
	}
	o, _ := ParseQuery("$search=foo%20bar")
	if b := o.Search.(*SearchBinary); b.Right.Pos() != 4 {
		t.Errorf("bar at %d", b.Right.Pos())
	}
	o, err := ParseQuery("$expand=Manager($search=(green)),X($search='gr(een';$top=1)")
	if err != nil {
		t.Fatal(err)
	}
	if FormatSearch(o.Expand[0].Options.Search) != "green" || FormatSearch(o.Expand[1].Options.Search) != `"gr(een"` {
		t.Errorf("nested search %s %s", FormatSearch(o.Expand[0].Options.Search), FormatSearch(o.Expand[1].Options.Search))
	}
}
