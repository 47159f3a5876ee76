package observe

import (
	"database/sql"
	"sort"

	"odatagw/internal/metrics"
)

// registerStats registers the families read from the gateway at scrape
// time: the response cache's counters and the connection pools.
func (o *Observer) registerStats() {
	r := o.reg
	cacheFunc := func(name, help string, typ metrics.Type, v func(*Stats) float64) {
		r.Func(name, help, typ, func(emit func(float64, ...string)) {
			if s := o.read(); s.Cache != nil {
				emit(v(&s))
			}
		})
	}
	cacheFunc("odatagw_cache_hits_total", "Response-cache lookups answered from memory.", metrics.CounterType, func(s *Stats) float64 { return float64(s.Cache.Hits) })
	cacheFunc("odatagw_cache_misses_total", "Response-cache lookups that ran the request.", metrics.CounterType, func(s *Stats) float64 { return float64(s.Cache.Misses) })
	cacheFunc("odatagw_cache_coalesced_total", "Response-cache lookups that waited for an identical request's result.", metrics.CounterType, func(s *Stats) float64 { return float64(s.Cache.Coalesced) })
	cacheFunc("odatagw_cache_evictions_total", "Cached responses dropped to stay within cache.max_bytes.", metrics.CounterType, func(s *Stats) float64 { return float64(s.Cache.Evictions) })
	cacheFunc("odatagw_cache_expirations_total", "Cached responses dropped after their TTL.", metrics.CounterType, func(s *Stats) float64 { return float64(s.Cache.Expirations) })
	cacheFunc("odatagw_cache_invalidations_total", "Cached responses dropped by writes or schema changes.", metrics.CounterType, func(s *Stats) float64 { return float64(s.Cache.Invalidations) })
	cacheFunc("odatagw_cache_bytes", "Bytes held by the response cache.", metrics.GaugeType, func(s *Stats) float64 { return float64(s.Cache.Bytes) })
	cacheFunc("odatagw_cache_entries", "Responses held by the response cache.", metrics.GaugeType, func(s *Stats) float64 { return float64(s.Cache.Entries) })

	poolFunc := func(name, help string, typ metrics.Type, emitPool func(emit func(float64, ...string), src string, p sql.DBStats), labels ...string) {
		r.Func(name, help, typ, func(emit func(float64, ...string)) {
			s := o.read()
			names := make([]string, 0, len(s.Pools))
			for n := range s.Pools {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				emitPool(emit, n, s.Pools[n])
			}
		}, append([]string{"source"}, labels...)...)
	}
	poolFunc("odatagw_db_connections", "Database connections of a source's pool, by state (in_use, idle).", metrics.GaugeType, func(emit func(float64, ...string), src string, p sql.DBStats) {
		emit(float64(p.InUse), src, "in_use")
		emit(float64(p.Idle), src, "idle")
	}, "state")
	poolFunc("odatagw_db_connections_max", "The pool's connection limit (0: unlimited).", metrics.GaugeType, func(emit func(float64, ...string), src string, p sql.DBStats) {
		emit(float64(p.MaxOpenConnections), src)
	})
	poolFunc("odatagw_db_waits_total", "Times a query waited for a free connection.", metrics.CounterType, func(emit func(float64, ...string), src string, p sql.DBStats) {
		emit(float64(p.WaitCount), src)
	})
	poolFunc("odatagw_db_wait_seconds_total", "Time queries spent waiting for a free connection.", metrics.CounterType, func(emit func(float64, ...string), src string, p sql.DBStats) {
		emit(p.WaitDuration.Seconds(), src)
	})
}

func (o *Observer) read() Stats {
	if f := o.stats.Load(); f != nil {
		return (*f)()
	}
	return Stats{}
}
