package resttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Writes: POST /api/{style}/shipments creates a shipment (201 with
// {"shipment": …} and Location; see AnswerCreate), PATCH and PUT
// /api/{style}/shipments/{tracking number} change one (200 with the
// shipment), DELETE removes one (204). A missing carrier, one with a "!"
// (the message quotes it), an order_id below 1 or a status "lost" are
// refused with 422 and a message; a
// duplicate tracking number with 409; an unknown one with 404. With
// WithETags reads send ETag "v<version>" and writes honour If-Match (412).

// AnswerCreate sets what a POST answers: "body" (default: 201 with the
// shipment and Location), "location" (201 with Location only, and 204
// without a body to PATCH and PUT), "id" (201 with {"shipment":
// {"tracking_number": …}} only).
func (a *API) AnswerCreate(mode string) {
	a.mu.Lock()
	a.created = mode
	a.mu.Unlock()
}

// LoseAnswers applies the next n writes of method and answers them with
// status all the same (the API did the work; its answer did not arrive).
func (a *API) LoseAnswers(method string, n, status int) {
	a.mu.Lock()
	a.lost, a.lostMethod, a.lostCode = n, method, status
	a.mu.Unlock()
}

// WithETags makes reads send ETags and writes honour If-Match.
func (a *API) WithETags() {
	a.mu.Lock()
	a.etags = true
	a.mu.Unlock()
}

// Requests counts the requests with method whose path starts with prefix.
func (a *API) Requests(method, prefix string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, m := range a.methods {
		if strings.HasPrefix(m, method+" "+prefix) {
			n++
		}
	}
	return n
}

// IfMatches are the If-Match headers of the changes and deletes so far.
func (a *API) IfMatches() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.ifMatch...)
}

// Get returns a copy of the shipment with tracking number tn, or nil.
func (a *API) Get(tn string) *Shipment {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s := a.find(tn); s != nil {
		c := *s
		return &c
	}
	return nil
}

// Len is the number of shipments.
func (a *API) Len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.Rows)
}

// Touch changes a shipment behind the gateway's back (a new version).
func (a *API) Touch(tn string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s := a.find(tn); s != nil {
		s.Version++
	}
}

// RenameCarrier makes the API store the carrier from as to in the
// shipments it creates and changes (a change the client did not send).
func (a *API) RenameCarrier(from, to string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.renamed == nil {
		a.renamed = map[string]string{}
	}
	a.renamed[from] = to
}

// rename applies RenameCarrier to s; a.mu is held.
func (a *API) rename(s *Shipment) {
	if to, ok := a.renamed[s.Carrier]; ok {
		s.Carrier = to
	}
}

func (a *API) find(tn string) *Shipment {
	for i := range a.Rows {
		if a.Rows[i].Tracking == tn {
			return &a.Rows[i]
		}
	}
	return nil
}

func (a *API) etag(w http.ResponseWriter, s *Shipment) {
	if a.etags {
		w.Header().Set("ETag", `"v`+strconv.Itoa(s.Version)+`"`)
	}
}

// write serves POST, PATCH, PUT and DELETE; a.mu is held.
func (a *API) write(w http.ResponseWriter, r *http.Request, parts []string) {
	if len(parts) == 3 && r.Method == http.MethodPost {
		a.create(w, r, "/"+strings.Join(parts, "/"))
		return
	}
	if len(parts) != 4 {
		http.Error(w, `{"error":"method not allowed"}`, http.StatusMethodNotAllowed)
		return
	}
	s := a.find(parts[3])
	if s == nil {
		apiError(w, http.StatusNotFound, "no shipment "+parts[3])
		return
	}
	a.ifMatch = append(a.ifMatch, r.Header.Get("If-Match"))
	if im := r.Header.Get("If-Match"); a.etags && im != "" && im != `"v`+strconv.Itoa(s.Version)+`"` {
		apiError(w, http.StatusPreconditionFailed, "the shipment changed")
		return
	}
	switch r.Method {
	case http.MethodDelete:
		for i := range a.Rows {
			if &a.Rows[i] == s {
				a.Rows = append(a.Rows[:i], a.Rows[i+1:]...)
				break
			}
		}
		w.WriteHeader(http.StatusNoContent)
	case http.MethodPatch, http.MethodPut:
		obj, ok := decodeObject(w, r)
		if !ok {
			return
		}
		next := *s
		if r.Method == http.MethodPut {
			next = Shipment{Tracking: s.Tracking}
		}
		if msg := next.apply(obj); msg != "" {
			apiError(w, http.StatusUnprocessableEntity, msg)
			return
		}
		next.Tracking, next.Version = s.Tracking, s.Version+1
		a.rename(&next)
		*s = next
		a.etag(w, s)
		if a.created == "location" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, map[string]any{"shipment": s.Object()})
	default:
		http.Error(w, `{"error":"method not allowed"}`, http.StatusMethodNotAllowed)
	}
}

func (a *API) create(w http.ResponseWriter, r *http.Request, path string) {
	obj, ok := decodeObject(w, r)
	if !ok {
		return
	}
	var s Shipment
	if msg := s.apply(obj); msg != "" {
		apiError(w, http.StatusUnprocessableEntity, msg)
		return
	}
	a.rename(&s)
	if s.Tracking == "" {
		a.nextTN++
		s.Tracking = fmt.Sprintf("NEW%05d", a.nextTN)
	}
	if a.find(s.Tracking) != nil {
		apiError(w, http.StatusConflict, "tracking number "+s.Tracking+" exists")
		return
	}
	a.Rows = append(a.Rows, s)
	w.Header().Set("Location", path+"/"+s.Tracking)
	a.etag(w, &s)
	switch a.created {
	case "location":
		w.WriteHeader(http.StatusCreated)
	case "id":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"shipment": map[string]any{"tracking_number": s.Tracking}})
	default:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]any{"shipment": s.Object()})
	}
}

func decodeObject(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		apiError(w, http.StatusBadRequest, "the body is not a JSON object")
		return nil, false
	}
	return obj, true
}

func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg}})
}

// apply sets the members obj holds and validates the result: "" or the
// API's message.
func (s *Shipment) apply(obj map[string]any) string {
	str := func(v any) *string {
		if t, ok := v.(string); ok {
			return &t
		}
		return nil
	}
	for k, v := range obj {
		switch k {
		case "tracking_number":
			if t := str(v); t != nil {
				s.Tracking = *t
			}
		case "order_id":
			num, _ := v.(json.Number)
			n, _ := num.Int64()
			s.OrderID = int(n)
		case "status":
			s.Status = str(v)
		case "carrier":
			if t := str(v); t != nil {
				s.Carrier = *t
			} else {
				s.Carrier = ""
			}
		case "cost":
			if n, ok := v.(json.Number); ok {
				s.Cost = string(n)
			}
		case "shipped_at":
			s.ShippedAt = str(v)
		case "delivered_on":
			s.Delivered = str(v)
		case "fragile":
			s.Fragile, _ = v.(bool)
		case "measures":
			m, _ := v.(map[string]any)
			s.Weight = nil
			if n, ok := m["weight_kg"].(json.Number); ok {
				f, _ := n.Float64()
				s.Weight = &f
			}
		case "destination":
			m, _ := v.(map[string]any)
			s.Country, _ = m["country"].(string)
		}
	}
	switch {
	case s.Carrier == "":
		return "carrier is required"
	case s.OrderID < 1:
		return "order_id must be positive"
	case strings.Contains(s.Carrier, "!"):
		return fmt.Sprintf("carrier %q is invalid", s.Carrier)
	case s.Status != nil && *s.Status == "lost":
		return "status 'lost' is reserved for the carrier"
	}
	return ""
}
