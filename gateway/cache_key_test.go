package gateway

import (
	"net/http"
	"testing"

	"odatagw/gateway/query"
)

func optionsKey(t *testing.T, raw string) string {
	t.Helper()
	o, err := query.ParseQuery(raw)
	if err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	var k keyBuilder
	k.options(o)
	return string(k.b)
}

func TestCacheKeyOptionsCanonical(t *testing.T) {
	same := [][]string{
		{"$top=5&$filter=x%20eq%201", "$filter=x%20eq%201&$top=5", "$filter=x+eq+1&$top=5", "$filter=x%20%20eq%20%201&$top=5"},
		{"$filter=Name%20eq%20@p&@p='a'&@q=1", "@q=1&@p='a'&$filter=Name%20eq%20@p"},
		{"$orderby=A%20desc,B&$select=A,B", "$select=A,B&$orderby=A%20desc,%20B%20asc"},
		{"$search=blue%20OR%20red&x=1&y=2", "y=2&x=1&$search=blue%20OR%20red"},
		{"$format=json&$top=1", "$top=1"}, // the negotiated format is keyed separately
	}
	for _, group := range same {
		want := optionsKey(t, group[0])
		for _, raw := range group[1:] {
			if got := optionsKey(t, raw); got != want {
				t.Errorf("%q and %q: keys differ\n%s\n%s", group[0], raw, want, got)
			}
		}
	}
	different := []string{
		"", "$top=5", "$skip=5", "$top=5&$skip=0", "$count=true", "$count=false",
		"$filter=x%20eq%201", "$filter=x%20eq%20'1'", "$filter=x%20eq%20@p&@p=1", "$filter=x%20eq%20@p&@p=2",
		"$filter=Name%20eq%20'a%20b'", "$filter=Name%20eq%20'a%20%20b'",
		"$orderby=A", "$orderby=A%20desc", "$orderby=A,B", "$orderby=B,A",
		"$select=A,B", "$select=B,A", "$select=*",
		"$search=blue", "$search=%22blue%22", "$skiptoken=abc", "x=1", "x=2", "$top=5&x=1",
	}
	seen := map[string]string{}
	for _, raw := range different {
		k := optionsKey(t, raw)
		if prev, dup := seen[k]; dup {
			t.Errorf("%q and %q share the key %s", prev, raw, k)
		}
		seen[k] = raw
	}
}

func TestRequestCacheControl(t *testing.T) {
	for _, tc := range []struct {
		header, value    string
		noCache, noStore bool
		maxAge           int
	}{
		{"", "", false, false, -1},
		{"Cache-Control", "no-cache", true, false, -1},
		{"Cache-Control", "max-age=0", true, false, -1},
		{"Cache-Control", "MAX-AGE=30, no-store", false, true, 30},
		{"Pragma", "no-cache", true, false, -1},
		{"Cache-Control", "no-transform", false, false, -1},
	} {
		r := httptestRequest(tc.header, tc.value)
		cc := requestCacheControl(r)
		if cc.noCache != tc.noCache || cc.noStore != tc.noStore || cc.maxAge != tc.maxAge {
			t.Errorf("%s: %s → %+v", tc.header, tc.value, cc)
		}
	}
}

func TestETagMatch(t *testing.T) {
	tag := `W/"abc"`
	for h, want := range map[string]bool{`W/"abc"`: true, `"abc"`: true, `"x", W/"abc"`: true, `*`: true, `"abd"`: false, ``: false} {
		if got := etagMatch([]string{h}, tag); got != want {
			t.Errorf("If-None-Match %q: %v, want %v", h, got, want)
		}
	}
}

func httptestRequest(name, value string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, "http://x/odata/demo/", nil)
	if name != "" {
		r.Header.Set(name, value)
	}
	return r
}
