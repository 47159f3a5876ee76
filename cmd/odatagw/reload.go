package main

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"sync"

	"odatagw/config"
	"odatagw/gateway"
	"odatagw/gateway/batch"
	"odatagw/internal/hotswap"
	"odatagw/internal/observe"
)

// server is the running gateway: the settings fixed at start and the
// handler a reload swaps.
type server struct {
	path, listen string // --config, --listen
	writableDemo bool   // --demo-writable (writes.go)
	addr         string
	log          *slog.Logger
	level        *slog.LevelVar
	obs          *observe.Observer
	handler      *hotswap.Handler

	mu  sync.Mutex     // one reload at a time
	cfg *config.Config // the configuration being served
}

// app is one generation of the gateway: its sources, gateway and handler.
type app struct {
	handler http.Handler
	close   func() // closes the gateway, then the sources
	stats   func() observe.Stats
	names   []string
}

// build opens the sources of cfg and makes the gateway over them. On error
// everything opened is closed again.
func (s *server) build(ctx context.Context, cfg *config.Config) (*app, error) {
	gwCfg := gateway.Config{Logger: s.log, Observer: s.obs}
	if cfg != nil {
		gwCfg.MaxPageSize, gwCfg.BaseURL = cfg.MaxPageSize, cfg.BaseURL
		gwCfg.MaxURLLength, gwCfg.Limits = limitsConfig(cfg.Limits) // limits.go
		gwCfg.Batch = batch.Limits{MaxRequests: cfg.Batch.MaxRequests, MaxBodyBytes: int64(cfg.Batch.MaxBodySize)}
		gwCfg.MaxBodyBytes = int64(cfg.MaxRequestBody) // writes.go
	}
	services, closeAll, err := openServing(ctx, cfg, s.writableDemo, s.log, s.obs)
	if err != nil {
		return nil, err
	}
	// Authentication, roles (checked against the models) and rate limits (security.go).
	if gwCfg.Guard, err = newGuard(ctx, cfg, s.addr, services, s.log); err != nil {
		closeAll()
		return nil, err
	}
	if metricsOnMainListener(cfg, s.addr) { // security.go
		gwCfg.MetricsPath = config.DefaultMetricsPath
		if cfg != nil {
			gwCfg.MetricsPath = cfg.Metrics.Path
		}
	}
	gwCfg.Cache = cacheConfig(cfg) // response cache (cache.go)
	logCacheSettings(ctx, cfg, services, s.log)
	gw, err := gateway.New(gwCfg, services...)
	if err != nil {
		closeAll()
		return nil, err
	}
	a := &app{handler: gw.Handler(), stats: gw.Stats, close: func() { gw.Close(); closeAll() }}
	for _, svc := range services {
		a.names = append(a.names, svc.Name)
	}
	return a, nil
}

// reload re-reads the configuration file and, when it is valid and every
// source opens, swaps the new gateway in: requests in flight finish on the
// old one, whose sources are closed after them. Otherwise the running
// configuration stays and the log says why. Settings read only at start
// (listen addresses, log format, metrics and tracing) are reported when
// they changed.
func (s *server) reload(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		s.log.Warn("SIGHUP: no configuration file to reload (serving the demo)")
		return nil
	}
	s.log.Info("reloading the configuration", "file", s.path)
	cfg, err := config.Load(s.path)
	var a *app
	if err == nil {
		a, err = s.build(ctx, cfg)
	}
	s.obs.Reloaded(err)
	if err != nil {
		s.log.Error("configuration reload failed; the running configuration stays in service", "error", err)
		return err
	}
	s.handler.Swap(a.handler, a.close)
	s.obs.SetStats(a.stats)
	s.level.Set(logLevel(cfg))
	for _, c := range restartOnly(s.cfg, cfg, s.listen) {
		s.log.Warn("configuration changed where a reload cannot apply it; restart to apply", "key", c)
	}
	s.cfg = cfg
	s.log.Info("configuration reloaded", "services", a.names)
	return nil
}

// restartOnly names the settings that differ between old and next but are
// only read at start.
func restartOnly(old, next *config.Config, listenFlag string) []string {
	if old == nil {
		return nil
	}
	var keys []string
	if listenFlag == "" && old.Listen != next.Listen {
		keys = append(keys, "listen")
	}
	if old.Log.Format != next.Log.Format {
		keys = append(keys, "log.format")
	}
	if !reflect.DeepEqual(old.Log.Requests, next.Log.Requests) {
		keys = append(keys, "log.requests")
	}
	if old.Metrics.Listen != next.Metrics.Listen || old.Metrics.Listen != "" && old.Metrics.MetricsOn() != next.Metrics.MetricsOn() {
		keys = append(keys, "metrics.listen")
	}
	if !reflect.DeepEqual(old.Tracing, next.Tracing) {
		keys = append(keys, "tracing")
	}
	return keys
}
