// Package metrics is a small Prometheus instrumentation library: counters,
// gauges and histograms with labels, and collectors read at scrape time,
// written in the text exposition format 0.0.4.
//
// It is hand-written rather than github.com/prometheus/client_golang: the
// gateway needs four metric kinds and one output format, about 300 lines,
// where client_golang brings a dozen modules (protobuf among them) and a
// global default registry.
package metrics

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Type is a metric family's type.
type Type string

// The metric types.
const (
	CounterType   Type = "counter"
	GaugeType     Type = "gauge"
	HistogramType Type = "histogram"
)

var (
	validName  = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	validLabel = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// Registry holds metric families and writes them. Safe for concurrent use.
type Registry struct {
	mu   sync.Mutex
	fams map[string]family
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{fams: map[string]family{}} }

type family interface {
	write(b []byte) []byte
}

// desc is what every family has.
type desc struct {
	name, help string
	typ        Type
	labels     []string
}

func (r *Registry) register(d desc, f family) {
	if !validName.MatchString(d.name) {
		panic("metrics: invalid metric name " + d.name)
	}
	for _, l := range d.labels {
		if !validLabel.MatchString(l) || strings.HasPrefix(l, "__") || l == "le" {
			panic("metrics: invalid label name " + l)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.fams[d.name]; dup {
		panic("metrics: duplicate metric " + d.name)
	}
	r.fams[d.name] = f
}

// WriteText writes every family in the text format, sorted by name.
func (r *Registry) WriteText(w io.Writer) error {
	r.mu.Lock()
	names := make([]string, 0, len(r.fams))
	for n := range r.fams {
		names = append(names, n)
	}
	sort.Strings(names)
	fams := make([]family, len(names))
	for i, n := range names {
		fams[i] = r.fams[n]
	}
	r.mu.Unlock()
	b := make([]byte, 0, 16*1024)
	for _, f := range fams {
		b = f.write(b)
	}
	_, err := w.Write(b)
	return err
}

// Handler serves the registry.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		var buf bytes.Buffer
		_ = r.WriteText(&buf)
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(buf.Bytes())
	})
}

func (d *desc) header(b []byte) []byte {
	b = append(b, "# HELP "...)
	b = append(b, d.name...)
	b = append(b, ' ')
	b = append(b, escapeHelp(d.help)...)
	b = append(b, "\n# TYPE "...)
	b = append(b, d.name...)
	b = append(b, ' ')
	b = append(b, d.typ...)
	return append(b, '\n')
}

// sample appends `name{l="v",...} value`; extra is an additional label pair
// (the histogram's le) when non-empty.
func sample(b []byte, name string, labels, values []string, extraName, extraValue string, v float64) []byte {
	b = append(b, name...)
	if len(labels) > 0 || extraName != "" {
		b = append(b, '{')
		for i, l := range labels {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendLabel(b, l, values[i])
		}
		if extraName != "" {
			if len(labels) > 0 {
				b = append(b, ',')
			}
			b = appendLabel(b, extraName, extraValue)
		}
		b = append(b, '}')
	}
	b = append(b, ' ')
	b = appendFloat(b, v)
	return append(b, '\n')
}

func appendLabel(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, `="`...)
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '"':
			b = append(b, `\"`...)
		case '\n':
			b = append(b, `\n`...)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

func escapeHelp(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(s)
}

func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	case math.IsNaN(v):
		return append(b, "NaN"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// key joins label values into a map key.
func key(values []string) string { return strings.Join(values, "\xff") }

// vec is the label-values → series map shared by counters, gauges and histograms.
type vec[S any] struct {
	desc
	mu     sync.RWMutex
	series map[string]*S
	vals   map[string][]string
	newS   func() *S
}

func (v *vec[S]) get(values []string) *S {
	if len(values) != len(v.labels) {
		panic(fmt.Sprintf("metrics: %s takes %d label values, got %d", v.name, len(v.labels), len(values)))
	}
	k := key(values)
	v.mu.RLock()
	s := v.series[k]
	v.mu.RUnlock()
	if s != nil {
		return s
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if s = v.series[k]; s == nil {
		s = v.newS()
		v.series[k] = s
		v.vals[k] = slices.Clone(values)
	}
	return s
}

// each calls f for every series in label-value order.
func (v *vec[S]) each(f func(values []string, s *S)) {
	v.mu.RLock()
	keys := make([]string, 0, len(v.series))
	for k := range v.series {
		keys = append(keys, k)
	}
	v.mu.RUnlock()
	sort.Strings(keys)
	for _, k := range keys {
		v.mu.RLock()
		s, vals := v.series[k], v.vals[k]
		v.mu.RUnlock()
		f(vals, s)
	}
}

func newVec[S any](d desc, newS func() *S) *vec[S] {
	return &vec[S]{desc: d, series: map[string]*S{}, vals: map[string][]string{}, newS: newS}
}

// floatBits is a float64 updated atomically.
type floatBits struct{ bits atomic.Uint64 }

func (f *floatBits) add(d float64) {
	for {
		old := f.bits.Load()
		if f.bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

func (f *floatBits) set(v float64) { f.bits.Store(math.Float64bits(v)) }
func (f *floatBits) get() float64  { return math.Float64frombits(f.bits.Load()) }
