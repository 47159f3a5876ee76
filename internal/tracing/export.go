package tracing

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// exporter batches spans and posts them to the collector as OTLP JSON.
type exporter struct {
	cfg     Config
	log     *slog.Logger
	client  *http.Client
	queue   chan *Span
	flush   chan chan struct{}
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
	dropped atomic.Int64
}

func newExporter(cfg Config) *exporter {
	cfg.Timeout = cmp.Or(cfg.Timeout, 10*time.Second)
	cfg.BatchSize = cmp.Or(cfg.BatchSize, 512)
	cfg.FlushInterval = cmp.Or(cfg.FlushInterval, 2*time.Second)
	cfg.QueueSize = cmp.Or(cfg.QueueSize, 4096)
	e := &exporter{cfg: cfg, log: cfg.Logger, client: cfg.Client, queue: make(chan *Span, cfg.QueueSize),
		flush: make(chan chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.client == nil {
		e.client = &http.Client{Timeout: cfg.Timeout}
	}
	go e.loop()
	return e
}

func (e *exporter) enqueue(s *Span) {
	select {
	case e.queue <- s:
	default:
		e.dropped.Add(1)
	}
}

func (e *exporter) loop() {
	defer close(e.done)
	tick := time.NewTicker(e.cfg.FlushInterval)
	defer tick.Stop()
	var batch []*Span
	send := func() {
		if len(batch) > 0 {
			e.post(batch)
			batch = nil
		}
	}
	for {
		select {
		case s := <-e.queue:
			if batch = append(batch, s); len(batch) >= e.cfg.BatchSize {
				send()
			}
		case <-tick.C:
			send()
		case ack := <-e.flush:
			batch = e.drain(batch)
			send()
			close(ack)
		case <-e.stop:
			batch = e.drain(batch)
			send()
			return
		}
	}
}

func (e *exporter) drain(batch []*Span) []*Span {
	for {
		select {
		case s := <-e.queue:
			batch = append(batch, s)
		default:
			return batch
		}
	}
}

// Flush exports everything queued so far (tests, shutdown).
func (t *Tracer) Flush(ctx context.Context) error {
	ack := make(chan struct{})
	select {
	case t.exp.flush <- ack:
	case <-t.exp.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-ack:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *exporter) shutdown(ctx context.Context) error {
	e.once.Do(func() { close(e.stop) })
	select {
	case <-e.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *exporter) post(spans []*Span) {
	body, err := json.Marshal(e.request(spans))
	if err != nil {
		e.log.Error("tracing: cannot encode spans", "error", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), e.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.cfg.Endpoint, bytes.NewReader(body))
	if err != nil {
		e.log.Error("tracing: bad endpoint", "error", err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range e.cfg.Headers {
		req.Header.Set(k, v)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.log.Warn("tracing: export failed; spans dropped", "spans", len(spans), "error", err)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		e.log.Warn("tracing: the collector refused the export; spans dropped", "spans", len(spans), "status", resp.StatusCode)
	}
}

// OTLP JSON (opentelemetry-proto ExportTraceServiceRequest, JSON mapping:
// IDs as hex, 64-bit integers as strings, enums as numbers).
type (
	otlpRequest struct {
		ResourceSpans []otlpResourceSpans `json:"resourceSpans"`
	}
	otlpResourceSpans struct {
		Resource   otlpResource     `json:"resource"`
		ScopeSpans []otlpScopeSpans `json:"scopeSpans"`
	}
	otlpResource struct {
		Attributes []otlpKV `json:"attributes"`
	}
	otlpScopeSpans struct {
		Scope otlpScope  `json:"scope"`
		Spans []otlpSpan `json:"spans"`
	}
	otlpScope struct {
		Name    string `json:"name"`
		Version string `json:"version,omitempty"`
	}
	otlpSpan struct {
		TraceID      string     `json:"traceId"`
		SpanID       string     `json:"spanId"`
		ParentSpanID string     `json:"parentSpanId,omitempty"`
		Name         string     `json:"name"`
		Kind         int        `json:"kind"`
		Start        string     `json:"startTimeUnixNano"`
		End          string     `json:"endTimeUnixNano"`
		Attributes   []otlpKV   `json:"attributes,omitempty"`
		Status       otlpStatus `json:"status"`
	}
	otlpStatus struct {
		Code    int    `json:"code,omitempty"`
		Message string `json:"message,omitempty"`
	}
	otlpKV struct {
		Key   string    `json:"key"`
		Value otlpValue `json:"value"`
	}
	otlpValue struct {
		String *string  `json:"stringValue,omitempty"`
		Int    *string  `json:"intValue,omitempty"`
		Double *float64 `json:"doubleValue,omitempty"`
		Bool   *bool    `json:"boolValue,omitempty"`
	}
)

func (e *exporter) request(spans []*Span) otlpRequest {
	res := []otlpKV{kv(Attr{"service.name", e.cfg.ServiceName})}
	if e.cfg.ServiceVersion != "" {
		res = append(res, kv(Attr{"service.version", e.cfg.ServiceVersion}))
	}
	out := make([]otlpSpan, 0, len(spans))
	for _, s := range spans {
		s.mu.Lock()
		os := otlpSpan{TraceID: s.trace.String(), SpanID: s.id.String(), Name: s.name, Kind: s.kind,
			Start: strconv.FormatInt(s.start.UnixNano(), 10), End: strconv.FormatInt(s.end.UnixNano(), 10),
			Status: otlpStatus{Code: s.status, Message: s.statusMs}}
		if s.parent != (SpanID{}) {
			os.ParentSpanID = s.parent.String()
		}
		for _, a := range s.attrs {
			os.Attributes = append(os.Attributes, kv(a))
		}
		s.mu.Unlock()
		out = append(out, os)
	}
	return otlpRequest{ResourceSpans: []otlpResourceSpans{{
		Resource:   otlpResource{Attributes: res},
		ScopeSpans: []otlpScopeSpans{{Scope: otlpScope{Name: "odatagw", Version: e.cfg.ServiceVersion}, Spans: out}},
	}}}
}

func kv(a Attr) otlpKV {
	var v otlpValue
	switch x := a.Value.(type) {
	case string:
		v.String = &x
	case int:
		s := strconv.Itoa(x)
		v.Int = &s
	case int64:
		s := strconv.FormatInt(x, 10)
		v.Int = &s
	case float64:
		v.Double = &x
	case bool:
		v.Bool = &x
	default:
		s := fmt.Sprint(x)
		v.String = &s
	}
	return otlpKV{Key: a.Key, Value: v}
}
