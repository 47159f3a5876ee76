package main

import (
	"context"
	"log/slog"
	"time"

	"odatagw/cache"
	"odatagw/config"
	"odatagw/gateway"
)

// cacheConfig maps the file's cache settings onto the gateway's. Without a
// configuration file (the demo) the cache is off.
func cacheConfig(cfg *config.Config) gateway.CacheConfig {
	if cfg == nil {
		return gateway.CacheConfig{}
	}
	p := cache.Policy{Default: cfg.Cache.TTL}
	for _, s := range cfg.Sources {
		if s.Cache.TTL != nil {
			if p.Services == nil {
				p.Services = map[string]time.Duration{}
			}
			p.Services[s.Name] = *s.Cache.TTL
		}
		if len(s.Cache.Sets) > 0 {
			if p.Sets == nil {
				p.Sets = map[string]map[string]time.Duration{}
			}
			p.Sets[s.Name] = s.Cache.Sets
		}
	}
	return gateway.CacheConfig{Policy: p, MaxBytes: int64(cfg.Cache.MaxBytes), MaxEntryBytes: int64(cfg.Cache.MaxEntryBytes)}
}

// logCacheSettings says whether responses are cached, and warns about
// per-set TTLs naming sets a source does not have (a typo would otherwise
// silently leave the set on the source's TTL).
func logCacheSettings(ctx context.Context, cfg *config.Config, services []gateway.Service, log *slog.Logger) {
	cc := cacheConfig(cfg)
	if !cc.Policy.Enabled() {
		return
	}
	log.Info("response cache on: source data is held in process memory for at most its TTL, per caller",
		"ttl", cc.Policy.Default, "max_bytes", cc.MaxBytes, "max_entry_bytes", cc.MaxEntryBytes)
	for _, svc := range services {
		sets := cc.Policy.Sets[svc.Name]
		if len(sets) == 0 {
			continue
		}
		m, err := svc.Source.Model(ctx)
		if err != nil {
			continue
		}
		for name := range sets {
			if m.EntitySet(name) == nil {
				log.Warn("cache.sets names an entity set the source does not have", "source", svc.Name, "set", name)
			}
		}
	}
}
