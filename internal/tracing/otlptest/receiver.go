// Package otlptest is an OTLP/HTTP JSON trace receiver for tests, decoding
// what an exporter sends with types of its own.
package otlptest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Receiver is an OTLP/HTTP JSON trace receiver for tests: it decodes every
// export into ReceivedSpans and keeps the request headers.
type Receiver struct {
	*httptest.Server
	mu      sync.Mutex
	spans   []ReceivedSpan
	headers []http.Header
	bad     []string
}

// ReceivedSpan is one span as the receiver decoded it, with its resource's
// service.name.
type ReceivedSpan struct {
	Service      string
	TraceID      string
	SpanID       string
	ParentSpanID string
	Name         string
	Kind         int
	Start, End   string
	Attributes   map[string]any // values as decoded from the OTLP AnyValue (strings for intValue)
	StatusCode   int
	StatusMsg    string
}

// NewReceiver starts a receiver; Close stops it.
func NewReceiver() *Receiver {
	rv := &Receiver{}
	rv.Server = httptest.NewServer(http.HandlerFunc(rv.serve))
	return rv
}

// URL returns the traces endpoint.
func (rv *Receiver) URL() string { return rv.Server.URL + "/v1/traces" }

func (rv *Receiver) serve(w http.ResponseWriter, r *http.Request) {
	var req otlpDecoded
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	rv.mu.Lock()
	defer rv.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/json" || err != nil {
		rv.bad = append(rv.bad, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type")+" "+errString(err))
		http.Error(w, "bad export", http.StatusBadRequest)
		return
	}
	rv.headers = append(rv.headers, r.Header.Clone())
	for _, rs := range req.ResourceSpans {
		svc := ""
		for _, a := range rs.Resource.Attributes {
			if a.Key == "service.name" && a.Value.StringValue != nil {
				svc = *a.Value.StringValue
			}
		}
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				got := ReceivedSpan{Service: svc, TraceID: s.TraceID, SpanID: s.SpanID, ParentSpanID: s.ParentSpanID,
					Name: s.Name, Kind: s.Kind, Start: s.StartTimeUnixNano, End: s.EndTimeUnixNano,
					Attributes: map[string]any{}, StatusCode: s.Status.Code, StatusMsg: s.Status.Message}
				for _, a := range s.Attributes {
					got.Attributes[a.Key] = a.Value.any()
				}
				rv.spans = append(rv.spans, got)
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte("{}"))
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Spans returns the spans received so far.
func (rv *Receiver) Spans() []ReceivedSpan {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return append([]ReceivedSpan(nil), rv.spans...)
}

// Headers returns the headers of the exports received so far.
func (rv *Receiver) Headers() []http.Header {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return append([]http.Header(nil), rv.headers...)
}

// Rejected returns the exports the receiver could not decode.
func (rv *Receiver) Rejected() []string {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	return append([]string(nil), rv.bad...)
}

// otlpDecoded is the receiving side's view of ExportTraceServiceRequest,
// written independently of the exporter's types.
type otlpDecoded struct {
	ResourceSpans []struct {
		Resource struct {
			Attributes []decodedKV `json:"attributes"`
		} `json:"resource"`
		ScopeSpans []struct {
			Scope struct {
				Name    string `json:"name"`
				Version string `json:"version"`
			} `json:"scope"`
			Spans []struct {
				TraceID           string      `json:"traceId"`
				SpanID            string      `json:"spanId"`
				ParentSpanID      string      `json:"parentSpanId"`
				Name              string      `json:"name"`
				Kind              int         `json:"kind"`
				StartTimeUnixNano string      `json:"startTimeUnixNano"`
				EndTimeUnixNano   string      `json:"endTimeUnixNano"`
				Attributes        []decodedKV `json:"attributes"`
				Status            struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
				} `json:"status"`
			} `json:"spans"`
		} `json:"scopeSpans"`
	} `json:"resourceSpans"`
}

type decodedKV struct {
	Key   string       `json:"key"`
	Value decodedValue `json:"value"`
}

type decodedValue struct {
	StringValue *string  `json:"stringValue"`
	IntValue    *string  `json:"intValue"`
	DoubleValue *float64 `json:"doubleValue"`
	BoolValue   *bool    `json:"boolValue"`
}

// any returns the one value set (int values stay strings, as OTLP JSON sends them).
func (v decodedValue) any() any {
	switch {
	case v.StringValue != nil:
		return *v.StringValue
	case v.IntValue != nil:
		return *v.IntValue
	case v.DoubleValue != nil:
		return *v.DoubleValue
	case v.BoolValue != nil:
		return *v.BoolValue
	}
	return nil
}
