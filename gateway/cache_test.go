package gateway_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"odatagw/cache"
	"odatagw/gateway"
)

func TestCacheHitTTLAndAgeHeaders(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	first := e.get(t, "Orders?$top=5").must(t, 200)
	if cc := first.header.Get("Cache-Control"); cc != "private, max-age=60" {
		t.Errorf("miss Cache-Control = %q", cc)
	}
	e.clk.Advance(10 * time.Second)
	second := e.get(t, "Orders?$top=5").must(t, 200)
	e.wantQueries(t, 1)
	if !bytes.Equal(first.body, second.body) {
		t.Fatalf("cached body differs:\n%s\n%s", first.body, second.body)
	}
	if got := second.header.Get("Age"); got != "10" {
		t.Errorf("Age = %q, want 10", got)
	}
	if got := second.header.Get("Cache-Control"); got != "private, max-age=50" {
		t.Errorf("Cache-Control = %q, want private, max-age=50", got)
	}
	if !strings.HasPrefix(second.header.Get("Content-Type"), "application/json;odata.metadata=minimal") {
		t.Errorf("Content-Type = %q", second.header.Get("Content-Type"))
	}
	if second.header.Get("ETag") == "" || second.header.Get("OData-Version") != "4.0" {
		t.Errorf("headers %v", second.header)
	}
	e.clk.Advance(50 * time.Second) // TTL reached
	e.get(t, "Orders?$top=5").must(t, 200)
	e.wantQueries(t, 2)
	if s, _ := e.gw.CacheStats(); s.Hits != 1 || s.Misses != 2 || s.Entries != 1 || s.Bytes <= int64(len(first.body)) {
		t.Errorf("stats %+v", s)
	}
}

func TestCacheKeyIgnoresOptionOrderAndWhitespace(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	a := e.get(t, "Orders?$top=5&$filter=EmployeeID%20eq%201").must(t, 200)
	b := e.get(t, "Orders?$filter=EmployeeID%20eq%201&$top=5").must(t, 200)
	c := e.get(t, "Orders?$filter=EmployeeID%20%20eq%20%201&$top=5").must(t, 200)
	d := e.get(t, "Orders?$filter=EmployeeID+eq+1&$top=05").must(t, 200)
	e.wantQueries(t, 1)
	for _, r := range []*result{b, c, d} {
		if !bytes.Equal(a.body, r.body) {
			t.Errorf("different body for an equivalent request")
		}
	}
	// Different meaning, different entries.
	e.get(t, "Orders?$top=5&$filter=EmployeeID%20eq%202").must(t, 200)
	e.get(t, "Orders?$top=6&$filter=EmployeeID%20eq%201").must(t, 200)
	e.get(t, "Orders?$top=5&$filter=EmployeeID%20eq%201&$select=OrderID").must(t, 200)
	e.get(t, "Orders?$top=5&$filter=EmployeeID%20eq%201", "Accept", "application/json;odata.metadata=none").must(t, 200)
	e.get(t, "Orders?$top=5&$filter=EmployeeID%20eq%201", "Prefer", "odata.maxpagesize=2").must(t, 200)
	e.wantQueries(t, 6)
	// Key forms: parentheses and key-as-segment address the same entity.
	e.get(t, "Orders(10248)").must(t, 200)
	e.get(t, "Orders/10248").must(t, 200)
	e.wantQueries(t, 7)
}

func TestCachePrincipalsNeverShareEntries(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	users := []string{"alice", "bob", "carol", "dave", ""}
	const perUser = 20
	var wg sync.WaitGroup
	errs := make(chan string, len(users)*perUser)
	for _, u := range users {
		for i := range perUser {
			wg.Go(func() {
				url := "Orders?$top=3&$select=OrderID,ShipName"
				if i%2 == 1 {
					url = "Orders?$select=OrderID,ShipName&$top=3" // same entry
				}
				req := httptest.NewRequest(http.MethodGet, "/odata/demo/"+url, nil)
				if u != "" {
					req.Header.Set("X-Test-User", u)
				}
				rec := httptest.NewRecorder()
				e.h.ServeHTTP(rec, req)
				var page struct {
					Value []struct{ ShipName string } `json:"value"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || len(page.Value) != 3 {
					errs <- fmt.Sprintf("%s: %d %s", u, rec.Code, rec.Body.String())
					return
				}
				for _, row := range page.Value {
					owner, _, marked := strings.Cut(row.ShipName, ":")
					if u == "" && marked || u != "" && owner != u {
						errs <- fmt.Sprintf("principal %q got row %q", u, row.ShipName)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
	// Each principal loaded its own entry (coalescing makes it exactly one each).
	e.wantQueries(t, int64(len(users)))
	if s, _ := e.gw.CacheStats(); s.Entries != int64(len(users)) {
		t.Errorf("entries = %d, want %d", s.Entries, len(users))
	}
}

func TestCacheCoalescesConcurrentMisses(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	const n = 25
	// The backend call waits until the other n-1 requests are waiting for it.
	e.src.hold = func() {
		for {
			if s, _ := e.gw.CacheStats(); s.Coalesced >= n-1 {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}
	var wg sync.WaitGroup
	bodies := make([][]byte, n)
	for i := range n {
		wg.Go(func() {
			r := e.get(t, "Orders?$top=50&$orderby=OrderDate%20desc", "Accept-Encoding", "gzip")
			if r.status != 200 {
				t.Errorf("status %d", r.status)
			}
			bodies[i] = r.body
		})
	}
	wg.Wait()
	e.wantQueries(t, 1)
	for i := 1; i < n; i++ {
		if !bytes.Equal(bodies[0], bodies[i]) {
			t.Fatalf("response %d differs", i)
		}
	}
	var page struct{ Value []json.RawMessage }
	if err := json.Unmarshal(bodies[0], &page); err != nil || len(page.Value) != 50 {
		t.Fatalf("not a 50-row page: %v", err)
	}
}

func TestCacheFailedLoadIsNotCached(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	e.src.fail.Store(true)
	e.get(t, "Orders?$top=2").must(t, http.StatusServiceUnavailable)
	e.get(t, "Orders?$top=2").must(t, http.StatusServiceUnavailable)
	e.wantQueries(t, 2)
	e.src.fail.Store(false)
	e.get(t, "Orders?$top=2").must(t, 200)
	e.get(t, "Orders?$top=2").must(t, 200)
	e.wantQueries(t, 3)
	// Client errors are not cached either.
	e.get(t, "Orders(1)").must(t, 404)
	e.get(t, "Orders(1)").must(t, 404)
	e.wantQueries(t, 5)
}

func TestCacheInvalidateSet(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	e.get(t, "Orders?$top=2").must(t, 200)
	e.get(t, "Orders(10248)").must(t, 200)
	e.get(t, "Customers?$top=2").must(t, 200)
	e.wantQueries(t, 3)
	if n := e.gw.InvalidateSet("demo", "Orders"); n != 2 {
		t.Errorf("InvalidateSet removed %d, want 2", n)
	}
	e.get(t, "Orders?$top=2").must(t, 200)
	e.get(t, "Orders(10248)").must(t, 200)
	e.get(t, "Customers?$top=2").must(t, 200)
	e.wantQueries(t, 5)
}

func TestCacheBypassRefreshesEntry(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	e.get(t, "Orders?$top=2").must(t, 200)
	e.clk.Advance(20 * time.Second)
	for _, h := range [][]string{{"Cache-Control", "no-cache"}, {"Cache-Control", "max-age=0"}, {"Pragma", "no-cache"}} {
		r := e.get(t, "Orders?$top=2", h...).must(t, 200)
		if r.header.Get("Age") != "0" {
			t.Errorf("%v: Age %q on a fresh read", h, r.header.Get("Age"))
		}
	}
	e.wantQueries(t, 4)
	e.clk.Advance(5 * time.Second)
	r := e.get(t, "Orders?$top=2").must(t, 200)
	e.wantQueries(t, 4)
	if r.header.Get("Age") != "5" {
		t.Errorf("Age = %q after refresh, want 5", r.header.Get("Age"))
	}
	// max-age=N accepts entries up to N seconds old.
	e.get(t, "Orders?$top=2", "Cache-Control", "max-age=10").must(t, 200)
	e.wantQueries(t, 4)
	e.clk.Advance(10 * time.Second)
	if r := e.get(t, "Orders?$top=2", "Cache-Control", "max-age=10").must(t, 200); r.header.Get("Age") != "0" {
		t.Errorf("entry older than max-age served: Age %q", r.header.Get("Age"))
	}
	e.wantQueries(t, 5)
	e.clk.Advance(5 * time.Second)
	// no-store neither reads nor replaces.
	e.get(t, "Orders?$top=2", "Cache-Control", "no-store").must(t, 200)
	e.wantQueries(t, 6)
	if r := e.get(t, "Orders?$top=2"); r.header.Get("Age") != "5" {
		t.Errorf("no-store replaced the entry: Age %q", r.header.Get("Age"))
	}
}

func TestCacheIfNoneMatch(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	e.get(t, "Orders(10248)").must(t, 200)
	hit := e.get(t, "Orders(10248)").must(t, 200)
	etag := hit.header.Get("ETag")
	if !strings.HasPrefix(etag, `W/"`) {
		t.Fatalf("ETag %q", etag)
	}
	r := e.get(t, "Orders(10248)", "If-None-Match", `"other", `+etag).must(t, http.StatusNotModified)
	if len(r.body) != 0 || r.header.Get("ETag") != etag || r.header.Get("Cache-Control") == "" {
		t.Errorf("304: body %q, headers %v", r.body, r.header)
	}
	e.get(t, "Orders(10248)", "If-None-Match", `W/"stale"`).must(t, 200)
	// Another entity has another tag.
	e.get(t, "Orders(10249)").must(t, 200)
	if other := e.get(t, "Orders(10249)").header.Get("ETag"); other == etag {
		t.Error("two bodies share an ETag")
	}
	e.wantQueries(t, 2)
}

func TestCacheGzipOnHit(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	miss := e.get(t, "Orders?$top=10", "Accept-Encoding", "gzip").must(t, 200)
	hit := e.get(t, "Orders?$top=10", "Accept-Encoding", "gzip").must(t, 200)
	plain := e.get(t, "Orders?$top=10").must(t, 200)
	e.wantQueries(t, 1)
	if miss.header.Get("Content-Encoding") != "gzip" || hit.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Content-Encoding miss %q hit %q", miss.header.Get("Content-Encoding"), hit.header.Get("Content-Encoding"))
	}
	if plain.header.Get("Content-Encoding") != "" {
		t.Error("gzip without Accept-Encoding")
	}
	if !bytes.Equal(miss.body, hit.body) || !bytes.Equal(hit.body, plain.body) {
		t.Error("bodies differ between gzip and identity")
	}
}

func TestCacheLargeResponseStreamsUncached(t *testing.T) {
	e := newCacheEnv(t, gateway.CacheConfig{Policy: cache.Policy{Default: time.Minute}, MaxEntryBytes: 4 << 10})
	var pages [2]struct{ Value []json.RawMessage }
	for i := range pages {
		r := e.get(t, "Orders?$top=200", "Accept-Encoding", "gzip").must(t, 200)
		if err := json.Unmarshal(r.body, &pages[i]); err != nil || len(pages[i].Value) != 200 {
			t.Fatalf("page %d incomplete: %v", i, err)
		}
	}
	e.wantQueries(t, 2)
	small := e.get(t, "Orders?$top=1").must(t, 200)
	e.get(t, "Orders?$top=1").must(t, 200)
	e.wantQueries(t, 3)
	if s, _ := e.gw.CacheStats(); s.Entries != 1 || s.Uncached != 2 {
		t.Errorf("stats %+v (small body %d bytes)", s, len(small.body))
	}
}

func TestCacheOtherResources(t *testing.T) {
	e := newCacheEnv(t, minutePolicy())
	for _, url := range []string{"Orders/$count", "Orders(10248)/ShipName", "Orders(10248)/ShipName/$value", "Orders(10248)/ShippedDate", "", "$metadata"} {
		a := e.get(t, url).must(t, 200)
		b := e.get(t, url).must(t, 200)
		if !bytes.Equal(a.body, b.body) || b.header.Get("ETag") == "" || a.header.Get("Content-Type") != b.header.Get("Content-Type") {
			t.Errorf("%q: not served from the cache (ETag %q)", url, b.header.Get("ETag"))
		}
	}
	if q, c := e.src.queries.Load(), e.src.counts.Load(); q != 3 || c != 1 {
		t.Errorf("backend queries %d counts %d, want 3 and 1", q, c)
	}
}

func TestCachePolicyPerSet(t *testing.T) {
	e := newCacheEnv(t, gateway.CacheConfig{Policy: cache.Policy{
		Sets: map[string]map[string]time.Duration{"demo": {"Orders": time.Minute}},
	}})
	e.get(t, "Orders?$top=1").must(t, 200)
	e.get(t, "Orders?$top=1").must(t, 200)
	e.get(t, "Customers?$top=1").must(t, 200)
	r := e.get(t, "Customers?$top=1").must(t, 200)
	e.wantQueries(t, 3)
	if r.header.Get("Cache-Control") != "" || r.header.Get("ETag") != "" {
		t.Errorf("uncached set has cache headers: %v", r.header)
	}
}

// TestCachedResponsesEqualUncached serves the same reads through a gateway
// without a cache and through one with a cache (a miss, then a hit): bodies
// and content types must be identical.
func TestCachedResponsesEqualUncached(t *testing.T) {
	plain := newCacheEnv(t, gateway.CacheConfig{})
	cached := newCacheEnv(t, minutePolicy())
	for _, url := range []string{
		"",
		"$metadata",
		"$metadata?$format=json",
		"Orders?$top=3&$count=true",
		"Orders?$filter=ShipCountry%20eq%20'Germany'&$orderby=Freight%20desc&$select=OrderID,Freight&$top=4",
		"Orders?$top=3&$format=application/json;odata.metadata=full",
		"Orders?$top=3&$skip=2",
		"Customers?$search=market&$top=2",
		"Customers('ALFRA')",
		"Customers('ALFRA')/CompanyName/$value",
		"Orders/$count?$filter=Freight%20gt%20100",
		"Orders(10248)/ShippedDate",
	} {
		for _, hdr := range [][]string{nil, {"Prefer", "odata.maxpagesize=2"}, {"Accept", "application/json;odata.metadata=none;IEEE754Compatible=true"}} {
			want := plain.get(t, url, hdr...)
			if hdr == nil {
				want.must(t, 200)
			}
			miss := cached.get(t, url, hdr...)
			hit := cached.get(t, url, hdr...)
			for _, got := range []*result{miss, hit} {
				if got.status != want.status || !bytes.Equal(got.body, want.body) ||
					got.header.Get("Content-Type") != want.header.Get("Content-Type") ||
					got.header.Get("Preference-Applied") != want.header.Get("Preference-Applied") {
					t.Errorf("%s %v: cached %d %q %s\nuncached %d %q %s", url, hdr,
						got.status, got.header.Get("Content-Type"), got.body, want.status, want.header.Get("Content-Type"), want.body)
				}
			}
			if want.status == 200 && hit.header.Get("ETag") == "" {
				t.Errorf("%s %v: second read not served from the cache", url, hdr)
			}
		}
	}
	// Following next links through the cache reads every row once.
	seen := map[string]bool{}
	next := "Orders?$select=OrderID&$top=7"
	for next != "" {
		var page struct {
			Value []struct{ OrderID json.Number } `json:"value"`
			Next  string                          `json:"@odata.nextLink"`
		}
		r := cached.get(t, next, "Prefer", "odata.maxpagesize=3").must(t, 200)
		if err := json.Unmarshal(r.body, &page); err != nil {
			t.Fatal(err)
		}
		for _, v := range page.Value {
			if seen[v.OrderID.String()] {
				t.Errorf("order %s twice", v.OrderID)
			}
			seen[v.OrderID.String()] = true
		}
		next = ""
		if page.Next != "" {
			_, next, _ = strings.Cut(page.Next, "/odata/demo/")
		}
	}
	if len(seen) != 7 {
		t.Errorf("read %d orders through next links, want 7", len(seen))
	}
}
