package rest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// shipment is one row of the test API, as it serves it.
type shipment struct {
	Tracking  string  `json:"tracking_number"`
	OrderID   int     `json:"order_id"`
	Status    *string `json:"status"`
	Carrier   string  `json:"carrier"`
	Weight    *float64
	Cost      string  `json:"cost"`
	ShippedAt *string `json:"shipped_at"`
	Delivered *string `json:"delivered_on"`
	Fragile   bool    `json:"fragile"`
	Country   string
}

// testRows generates n deterministic shipments with nulls, case variants
// and non-ASCII carriers.
func testRows(n int) []shipment {
	statuses := []string{"shipped", "delivered", "pending", "Shipped"}
	carriers := []string{"DHL", "UPS", "dhl", "La Poste", "Österreichische Post"}
	var out []shipment
	for i := 1; i <= n; i++ {
		s := shipment{
			Tracking: fmt.Sprintf("TN%06d", (i*7919)%100000), OrderID: 10000 + i%60,
			Carrier: carriers[i%len(carriers)], Cost: fmt.Sprintf("%d.%02d", i%40, (i*7)%100),
			Fragile: i%3 == 0, Country: []string{"DE", "FR", "US"}[i%3],
		}
		if i%9 != 0 {
			st := statuses[i%len(statuses)]
			s.Status = &st
		}
		if i%11 != 0 {
			w := float64(i%17) * 0.25
			s.Weight = &w
		}
		if i%5 != 0 {
			at := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Hour).Format(time.RFC3339)
			s.ShippedAt = &at
			if i%4 != 0 {
				d := time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/3).Format(time.DateOnly)
				s.Delivered = &d
			}
		}
		out = append(out, s)
	}
	return out
}

// object is how the API writes a shipment: weight under a nested member,
// the country deeper still.
func (s shipment) object() map[string]any {
	return map[string]any{
		"tracking_number": s.Tracking, "order_id": s.OrderID, "status": s.Status, "carrier": s.Carrier,
		"measures": map[string]any{"weight_kg": s.Weight}, "cost": json.Number(s.Cost),
		"shipped_at": s.ShippedAt, "delivered_on": s.Delivered, "fragile": s.Fragile,
		"destination": map[string]any{"country": s.Country},
	}
}

// testAPI is a shipping API with every paging style, filters, sorting,
// faults, latency, rate limiting and OAuth2.
type testAPI struct {
	t    *testing.T
	srv  *httptest.Server
	rows []shipment

	mu        sync.Mutex
	calls     []string // request URIs, in order
	fail      int      // answer the next fail requests with failStatus
	failCode  int
	limited   int // answer the next limited requests with 429
	retryIn   string
	latency   time.Duration
	apiKey    string // required X-API-Key when set
	tokenLife int    // OAuth2: expires_in of issued tokens (0: no OAuth2)
	tokens    []string
	valid     map[string]bool
}

func newTestAPI(t *testing.T, n int) *testAPI {
	a := &testAPI{t: t, rows: testRows(n), valid: map[string]bool{}, failCode: http.StatusInternalServerError}
	a.srv = httptest.NewServer(a)
	t.Cleanup(a.srv.Close)
	return a
}

func (a *testAPI) callCount(prefix string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, c := range a.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

func (a *testAPI) resetCalls() {
	a.mu.Lock()
	a.calls = nil
	a.mu.Unlock()
}

func (a *testAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/token" {
		a.token(w, r)
		return
	}
	a.mu.Lock()
	a.calls = append(a.calls, r.URL.RequestURI())
	latency := a.latency
	var status int
	switch {
	case a.limited > 0:
		a.limited--
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", a.retryIn)
	case a.fail > 0:
		a.fail--
		status = a.failCode
	case a.apiKey != "" && r.Header.Get("X-API-Key") != a.apiKey:
		status = http.StatusUnauthorized
	case a.tokenLife > 0 && !a.valid[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]:
		status = http.StatusUnauthorized
	}
	a.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	if status != 0 {
		http.Error(w, `{"error":"no"}`, status)
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/") // api/{style}/shipments[/{key}]
	if len(parts) < 3 || parts[0] != "api" || parts[2] != "shipments" {
		http.NotFound(w, r)
		return
	}
	if len(parts) == 4 {
		a.one(w, parts[3])
		return
	}
	a.collection(w, r, parts[1])
}

func (a *testAPI) one(w http.ResponseWriter, key string) {
	for _, s := range a.rows {
		if s.Tracking == key {
			writeJSON(w, map[string]any{"shipment": s.object()})
			return
		}
	}
	http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
}

// selected applies the API's own filters and sort.
func (a *testAPI) selected(r *http.Request) ([]shipment, error) {
	q := r.URL.Query()
	var out []shipment
	for _, s := range a.rows {
		if v := q.Get("status"); v != "" && (s.Status == nil || !strings.EqualFold(*s.Status, v)) {
			continue // the API matches case-insensitively: looser than OData's eq
		}
		if v := q.Get("carrier"); v != "" && s.Carrier != v {
			continue
		}
		if v := q.Get("tracking"); v != "" && !slices.Contains(strings.Split(v, ","), s.Tracking) {
			continue
		}
		if v := q.Get("order"); v != "" && strconv.Itoa(s.OrderID) != v {
			continue
		}
		if v := q.Get("from"); v != "" && (s.ShippedAt == nil || *s.ShippedAt < v) {
			continue
		}
		if v := q.Get("to"); v != "" && (s.ShippedAt == nil || *s.ShippedAt > v) {
			continue
		}
		if v := q.Get("after_tn"); v != "" && s.Tracking <= v {
			continue
		}
		out = append(out, s)
	}
	switch q.Get("sort") {
	case "":
	case "tracking_number":
		slices.SortStableFunc(out, func(x, y shipment) int { return strings.Compare(x.Tracking, y.Tracking) })
	case "-tracking_number":
		slices.SortStableFunc(out, func(x, y shipment) int { return strings.Compare(y.Tracking, x.Tracking) })
	default:
		return nil, fmt.Errorf("cannot sort by %q", q.Get("sort"))
	}
	return out, nil
}

func (a *testAPI) collection(w http.ResponseWriter, r *http.Request, style string) {
	rows, err := a.selected(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q := r.URL.Query()
	objs := func(rs []shipment) []any {
		out := make([]any, len(rs))
		for i, s := range rs {
			out[i] = s.object()
		}
		return out
	}
	window := func(start, size int) []shipment {
		start = min(max(start, 0), len(rows))
		return rows[start:min(start+size, len(rows))]
	}
	size, _ := strconv.Atoi(q.Get("size"))
	switch style {
	case "none":
		writeJSON(w, objs(rows))
	case "page": // ?page=1&size=N, 1-based
		page, _ := strconv.Atoi(q.Get("page"))
		writeJSON(w, map[string]any{"data": objs(window((page-1)*size, size)), "meta": map[string]any{"total": len(rows)}})
	case "offset": // ?offset=&limit=
		off, _ := strconv.Atoi(q.Get("offset"))
		lim, _ := strconv.Atoi(q.Get("limit"))
		writeJSON(w, map[string]any{"items": objs(window(off, lim)), "total": len(rows)})
	case "cursor": // ?cursor=opaque&size=N
		start := 0
		if c := q.Get("cursor"); c != "" {
			start, _ = strconv.Atoi(strings.TrimPrefix(c, "c-"))
		}
		body := map[string]any{"results": objs(window(start, size))}
		if start+size < len(rows) {
			body["next_cursor"] = "c-" + strconv.Itoa(start+size)
		} else {
			body["next_cursor"] = nil
		}
		writeJSON(w, body)
	case "link": // ?p=&size=, next page in the Link header
		p, _ := strconv.Atoi(q.Get("p"))
		if (p+1)*size < len(rows) {
			nq := r.URL.Query()
			nq.Set("p", strconv.Itoa(p+1))
			w.Header().Set("Link", fmt.Sprintf(`</api/link/shipments?%s>; rel="next", </api/link/shipments>; rel="first"`, nq.Encode()))
		}
		writeJSON(w, objs(window(p*size, size)))
	case "next": // next URL in the body, absolute
		start, _ := strconv.Atoi(q.Get("skip"))
		body := map[string]any{"data": objs(window(start, size))}
		if start+size < len(rows) {
			nq := r.URL.Query()
			nq.Set("skip", strconv.Itoa(start+size))
			body["links"] = map[string]any{"next": a.srv.URL + "/api/next/shipments?" + nq.Encode()}
		}
		writeJSON(w, body)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// token is the OAuth2 client-credentials endpoint (client "gw", secret "s3cret").
func (a *testAPI) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok || id != "gw" || secret != "s3cret" || r.FormValue("grant_type") != "client_credentials" {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	a.mu.Lock()
	tok := fmt.Sprintf("tok-%d", len(a.tokens)+1)
	a.tokens = append(a.tokens, tok)
	a.valid[tok] = true
	life := a.tokenLife
	a.mu.Unlock()
	writeJSON(w, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": life})
}
