package main

import (
	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/config"
	"odatagw/gateway"
)

// limitsConfig maps the configuration's limits onto the gateway's: the URL
// length and the other request limits (zero values take the gateway's defaults).
func limitsConfig(l config.Limits) (int, gateway.Limits) {
	return int(l.MaxURLLength), gateway.Limits{
		MaxQueryLength: int(l.MaxQueryLength),
		MaxExprNodes:   l.MaxExprNodes,
		MaxExprDepth:   l.MaxExprDepth,
		MaxExpandDepth: l.MaxExpandDepth,
		MaxExpandItems: l.MaxExpandItems,
		MaxSearchTerms: l.MaxSearchTerms,

		MaxExpandedEntities: l.MaxExpandedEntities,
	}
}

// poolConfig maps a source's pool settings (zero values keep the engine's defaults).
func poolConfig(p config.Pool) sqldb.Pool {
	return sqldb.Pool{MaxOpenConns: p.MaxOpenConns, MaxIdleConns: p.MaxIdleConns,
		ConnMaxLifetime: p.ConnMaxLifetime, ConnMaxIdleTime: p.ConnMaxIdleTime}
}

// guardedService is the service of source sc with its concurrency and
// circuit breaker settings and whether /readyz requires it.
func guardedService(sc config.Source, src adapters.Source) gateway.Service {
	c, b := sc.Concurrency, sc.Breaker
	return gateway.Service{Name: sc.Name, Source: src, Optional: sc.Required != nil && !*sc.Required,
		Admission: gateway.Admission{MaxRequests: c.MaxRequests, MaxQueued: c.MaxQueued, QueueTimeout: c.QueueTimeout,
			BreakerFailures: b.Failures, BreakerOpen: b.OpenFor, PingTimeout: b.PingTimeout}}
}
