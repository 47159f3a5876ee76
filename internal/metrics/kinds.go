package metrics

import (
	"math"
	"sort"
	"strconv"
	"sync/atomic"
)

// CounterVec is a counter per combination of label values.
type CounterVec struct{ v *vec[floatBits] }

// Counter registers a counter family.
func (r *Registry) Counter(name, help string, labels ...string) *CounterVec {
	c := &CounterVec{newVec(desc{name, help, CounterType, labels}, func() *floatBits { return new(floatBits) })}
	r.register(c.v.desc, c)
	return c
}

// Add adds d (which must not be negative) to the series of values.
func (c *CounterVec) Add(d float64, values ...string) {
	if d < 0 {
		panic("metrics: counter " + c.v.name + " decreased")
	}
	c.v.get(values).add(d)
}

// Inc adds 1.
func (c *CounterVec) Inc(values ...string) { c.v.get(values).add(1) }

// Value returns the series' value (tests).
func (c *CounterVec) Value(values ...string) float64 { return c.v.get(values).get() }

func (c *CounterVec) write(b []byte) []byte {
	b = c.v.header(b)
	c.v.each(func(vals []string, s *floatBits) { b = sample(b, c.v.name, c.v.labels, vals, "", "", s.get()) })
	return b
}

// GaugeVec is a gauge per combination of label values.
type GaugeVec struct{ v *vec[floatBits] }

// Gauge registers a gauge family.
func (r *Registry) Gauge(name, help string, labels ...string) *GaugeVec {
	g := &GaugeVec{newVec(desc{name, help, GaugeType, labels}, func() *floatBits { return new(floatBits) })}
	r.register(g.v.desc, g)
	return g
}

// Set sets the series of values to x.
func (g *GaugeVec) Set(x float64, values ...string) { g.v.get(values).set(x) }

// Add adds d (may be negative).
func (g *GaugeVec) Add(d float64, values ...string) { g.v.get(values).add(d) }

// Value returns the series' value (tests).
func (g *GaugeVec) Value(values ...string) float64 { return g.v.get(values).get() }

func (g *GaugeVec) write(b []byte) []byte {
	b = g.v.header(b)
	g.v.each(func(vals []string, s *floatBits) { b = sample(b, g.v.name, g.v.labels, vals, "", "", s.get()) })
	return b
}

// DefaultBuckets are latency buckets in seconds, from 1 ms to 30 s.
var DefaultBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// HistogramVec is a histogram per combination of label values.
type HistogramVec struct {
	v       *vec[histogram]
	buckets []float64 // upper bounds, ascending, without +Inf
}

type histogram struct {
	counts []atomic.Uint64 // per bucket (not cumulative), last is +Inf
	count  atomic.Uint64
	sum    floatBits
}

// Histogram registers a histogram family with the given bucket upper bounds
// (ascending; +Inf is implicit).
func (r *Registry) Histogram(name, help string, buckets []float64, labels ...string) *HistogramVec {
	if !sort.Float64sAreSorted(buckets) || len(buckets) == 0 || math.IsInf(buckets[len(buckets)-1], 1) {
		panic("metrics: histogram " + name + " needs ascending finite buckets")
	}
	n := len(buckets) + 1
	h := &HistogramVec{buckets: buckets}
	h.v = newVec(desc{name, help, HistogramType, labels}, func() *histogram { return &histogram{counts: make([]atomic.Uint64, n)} })
	r.register(h.v.desc, h)
	return h
}

// Observe records x in the series of values.
func (h *HistogramVec) Observe(x float64, values ...string) {
	s := h.v.get(values)
	s.counts[sort.SearchFloat64s(h.buckets, x)].Add(1) // first bound >= x
	s.sum.add(x)
	s.count.Add(1)
}

// Count returns the number of observations of the series (tests).
func (h *HistogramVec) Count(values ...string) uint64 { return h.v.get(values).count.Load() }

func (h *HistogramVec) write(b []byte) []byte {
	b = h.v.header(b)
	bucket, sum, count := h.v.name+"_bucket", h.v.name+"_sum", h.v.name+"_count"
	h.v.each(func(vals []string, s *histogram) {
		// Read the count first: buckets then add up to at least it.
		n := s.count.Load()
		var cum uint64
		for i, ub := range h.buckets {
			cum += s.counts[i].Load()
			b = sample(b, bucket, h.v.labels, vals, "le", strconv.FormatFloat(ub, 'g', -1, 64), float64(cum))
		}
		cum += s.counts[len(h.buckets)].Load()
		b = sample(b, bucket, h.v.labels, vals, "le", "+Inf", float64(max(cum, n)))
		b = sample(b, sum, h.v.labels, vals, "", "", s.sum.get())
		b = sample(b, count, h.v.labels, vals, "", "", float64(max(cum, n)))
	})
	return b
}

// Func is a family whose samples are read at scrape time (values kept
// elsewhere: cache counters, connection pools).
type Func struct {
	desc
	collect func(emit func(v float64, values ...string))
}

// Func registers a family of type typ whose samples collect emits at each scrape.
func (r *Registry) Func(name, help string, typ Type, collect func(emit func(v float64, values ...string)), labels ...string) {
	f := &Func{desc{name, help, typ, labels}, collect}
	r.register(f.desc, f)
}

func (f *Func) write(b []byte) []byte {
	b = f.header(b)
	f.collect(func(v float64, values ...string) {
		if len(values) != len(f.labels) {
			panic("metrics: " + f.name + ": wrong number of label values")
		}
		b = sample(b, f.name, f.labels, values, "", "", v)
	})
	return b
}
