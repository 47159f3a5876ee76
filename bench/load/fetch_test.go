package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

func TestNextLink(t *testing.T) {
	for _, c := range []struct{ page, from, want string }{
		{`{"value":[],"@odata.nextLink":"http://h/odata/demo/Orders?$skiptoken=x"}`, "http://h/odata/demo/Orders", "http://h/odata/demo/Orders?$skiptoken=x"},
		{`{"@odata.context":"$metadata#Orders","@odata.nextLink":"Orders?%24top=5000&%24skiptoken=JHJ%3D","value":[]}`,
			"http://h/odata/v4/demo/Orders?$top=5000", "http://h/odata/v4/demo/Orders?%24top=5000&%24skiptoken=JHJ%3D"},
		{`{"value":[{"a":"\"@odata.nextLink\""}]}`, "http://h/x", ""},
		{`{"value":[]}`, "http://h/x", ""},
	} {
		got, err := nextLink([]byte(c.page), c.from)
		if err != nil || got != c.want {
			t.Errorf("nextLink(%s) = %q, %v; want %q", c.page, got, err, c.want)
		}
	}
}

// TestExportFollowsPages: a three-page collection is read to its end and
// every row is counted.
func TestExportFollowsPages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, _ := strconv.Atoi(r.URL.Query().Get("p"))
		next := ""
		if p < 2 {
			next = fmt.Sprintf(`,"@odata.nextLink":"?p=%d"`, p+1)
		}
		fmt.Fprintf(w, `{"value":[{"n":1},{"n":2}]%s}`, next)
	}))
	defer srv.Close()
	rows := 0
	pages, err := export(srv.URL+"/Orders", func(page []byte) {
		n, err := countRows(page)
		if err != nil {
			t.Error(err)
		}
		rows += n
	})
	if err != nil || pages != 3 || rows != 6 {
		t.Errorf("export: %d pages, %d rows, %v; want 3 pages of 2 rows", pages, rows, err)
	}
}
