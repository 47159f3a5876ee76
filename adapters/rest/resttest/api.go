// Package resttest is a shipping API for tests of the rest source: an
// in-process HTTP server (httptest) serving deterministic shipments with
// every paging style the rest source reads, the API's own filters and
// sorting, creates, updates and deletes (write.go), faults, latency, rate
// limiting and OAuth2 client credentials, and the configuration that
// describes it (Config).
package resttest

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

// Shipment is one row of the API.
type Shipment struct {
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
	Version   int // changes with every write; the ETag is "v<Version>" (WithETags)
}

// Generate returns n deterministic shipments with nulls, case variants
// and non-ASCII carriers.
func Generate(n int) []Shipment {
	statuses := []string{"shipped", "delivered", "pending", "Shipped"}
	carriers := []string{"DHL", "UPS", "dhl", "La Poste", "Österreichische Post"}
	var out []Shipment
	for i := 1; i <= n; i++ {
		s := Shipment{
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

// Object is the shipment as the API writes it: the weight under a nested
// member, the country deeper still, the cost as a JSON number.
func (s Shipment) Object() map[string]any {
	return map[string]any{
		"tracking_number": s.Tracking, "order_id": s.OrderID, "status": s.Status, "carrier": s.Carrier,
		"measures": map[string]any{"weight_kg": s.Weight}, "cost": json.Number(s.Cost),
		"shipped_at": s.ShippedAt, "delivered_on": s.Delivered, "fragile": s.Fragile,
		"destination": map[string]any{"country": s.Country},
	}
}

// API is the shipping API. Paths: /api/{style}/shipments for the styles
// none, page, offset, cursor, link and next (see Config), and
// /api/{style}/shipments/{tracking number} for one shipment. Its filters
// (status, matched case-insensitively; carrier, tracking (a comma list),
// order, from/to on shipped_at, after_tn) and sort (tracking_number,
// -tracking_number) are query parameters.
type API struct {
	URL  string
	Rows []Shipment
	srv  *httptest.Server

	mu        sync.Mutex
	calls     []string // request URIs, in order
	methods   []string // "METHOD path" of each request, in order
	fail      int      // answer the next fail requests with failStatus
	failCode  int
	limited   int // answer the next limited requests with 429
	retryIn   string
	latency   time.Duration
	apiKey    string // required X-API-Key when set
	tokenLife int    // OAuth2: expires_in of issued tokens (0: no OAuth2)
	tokens    []string
	valid     map[string]bool
	inflight  int // requests being answered now
	peak      int // most requests answered at once

	failMethod string // Fail applies to requests of this method only ("" all)
	etags      bool   // send ETags, honour If-Match (WithETags)
	created    string // what a POST answers (AnswerCreate)
	nextTN     int    // generated tracking numbers
	ifMatch    []string
	lost       int // apply the next lost writes of lostMethod, then answer lostCode
	lostMethod string
	lostCode   int
	renamed    map[string]string // carriers the API stores under another name (RenameCarrier)
}

// New starts an API serving n shipments, closed when the test ends.
func New(t testing.TB, n int) *API {
	a := &API{Rows: Generate(n), valid: map[string]bool{}, failCode: http.StatusInternalServerError}
	a.srv = httptest.NewServer(a)
	a.URL = a.srv.URL
	t.Cleanup(a.srv.Close)
	return a
}

// Calls counts the requests whose URI starts with prefix.
func (a *API) Calls(prefix string) int {
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

// ResetCalls forgets the requests so far.
func (a *API) ResetCalls() {
	a.mu.Lock()
	a.calls, a.methods = nil, nil
	a.mu.Unlock()
}

func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/token" {
		a.token(w, r)
		return
	}
	a.mu.Lock()
	a.calls = append(a.calls, r.URL.RequestURI())
	a.methods = append(a.methods, r.Method+" "+r.URL.Path)
	a.inflight++
	a.peak = max(a.peak, a.inflight)
	defer func() {
		a.mu.Lock()
		a.inflight--
		a.mu.Unlock()
	}()
	latency := a.latency
	var status int
	switch {
	case a.limited > 0:
		a.limited--
		status = http.StatusTooManyRequests
		w.Header().Set("Retry-After", a.retryIn)
	case a.fail > 0 && (a.failMethod == "" || a.failMethod == r.Method):
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
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case r.Method != http.MethodGet && a.lost > 0 && r.Method == a.lostMethod:
		a.lost--
		a.write(httptest.NewRecorder(), r, parts) // applied; the answer is lost
		http.Error(w, `{"error":"no"}`, a.lostCode)
	case r.Method != http.MethodGet:
		a.write(w, r, parts)
	case len(parts) == 4:
		a.one(w, parts[3])
	default:
		a.collection(w, r, parts[1])
	}
}

func (a *API) one(w http.ResponseWriter, key string) {
	if s := a.find(key); s != nil {
		a.etag(w, s)
		writeJSON(w, map[string]any{"shipment": s.Object()})
		return
	}
	http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
}

// selected applies the API's own filters and sort.
func (a *API) selected(r *http.Request) ([]Shipment, error) {
	q := r.URL.Query()
	var out []Shipment
	for _, s := range a.Rows {
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
		slices.SortStableFunc(out, func(x, y Shipment) int { return strings.Compare(x.Tracking, y.Tracking) })
	case "-tracking_number":
		slices.SortStableFunc(out, func(x, y Shipment) int { return strings.Compare(y.Tracking, x.Tracking) })
	default:
		return nil, fmt.Errorf("cannot sort by %q", q.Get("sort"))
	}
	return out, nil
}

func (a *API) collection(w http.ResponseWriter, r *http.Request, style string) {
	rows, err := a.selected(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	q := r.URL.Query()
	objs := func(rs []Shipment) []any {
		out := make([]any, len(rs))
		for i, s := range rs {
			out[i] = s.Object()
		}
		return out
	}
	window := func(start, size int) []Shipment {
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
func (a *API) token(w http.ResponseWriter, r *http.Request) {
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

// CallLog returns the request URIs so far, in order.
func (a *API) CallLog() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.calls...)
}

// Fail answers the next n requests with status.
func (a *API) Fail(n, status int) { a.FailMethod("", n, status) }

// FailMethod answers the next n requests of method with status (before
// looking at them: nothing changes).
func (a *API) FailMethod(method string, n, status int) {
	a.mu.Lock()
	a.fail, a.failCode, a.failMethod = n, status, method
	a.mu.Unlock()
}

// RateLimit answers the next n requests with 429 and Retry-After: retryAfter.
func (a *API) RateLimit(n int, retryAfter string) {
	a.mu.Lock()
	a.limited, a.retryIn = n, retryAfter
	a.mu.Unlock()
}

// SetLatency delays every answer by d.
func (a *API) SetLatency(d time.Duration) {
	a.mu.Lock()
	a.latency = d
	a.mu.Unlock()
}

// RequireKey makes the API answer 401 without X-API-Key: key.
func (a *API) RequireKey(key string) {
	a.mu.Lock()
	a.apiKey = key
	a.mu.Unlock()
}

// RequireOAuth2 makes the API demand tokens from /oauth/token (client
// "gw", secret "s3cret"), issued with expires_in lifetimeSeconds.
func (a *API) RequireOAuth2(lifetimeSeconds int) {
	a.mu.Lock()
	a.tokenLife = lifetimeSeconds
	a.mu.Unlock()
}

// TokensIssued is the number of tokens the token endpoint issued.
func (a *API) TokensIssued() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.tokens)
}

// RevokeTokens invalidates every token issued so far.
func (a *API) RevokeTokens() {
	a.mu.Lock()
	a.valid = map[string]bool{}
	a.mu.Unlock()
}

// PeakConcurrency is the most requests the API answered at once so far.
func (a *API) PeakConcurrency() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.peak
}
