package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"odatagw/config"
	"odatagw/internal/buildinfo"
	"odatagw/internal/hotswap"
	"odatagw/internal/observe"
	"odatagw/internal/tracing"
)

// runServe parses flags, opens the sources and serves until SIGINT or
// SIGTERM; SIGHUP reloads the configuration file (reload.go).
func runServe(ctx context.Context, args []string, _, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	cfgPath := configFlag(fs)
	listen := fs.String("listen", os.Getenv("ODATAGW_LISTEN"), "listen address host:port, overrides the file (env ODATAGW_LISTEN; default "+config.DefaultListen+")")
	writableDemo := fs.Bool("demo-writable", false, "without a configuration: serve a writable copy of the demo in a temporary file (deleted at exit)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	level := new(slog.LevelVar)
	logger := newLogger(cfg, stderr, level)
	addr := listenAddr(cfg, *listen)
	tracer := newTracer(cfg, logger) // nil unless tracing.endpoint is set
	obs := observe.New(observe.Config{Logger: logger, NoRequestLog: cfg != nil && !cfg.Log.RequestLogOn(), Tracer: tracer})
	if tracer != nil {
		defer func() { // after the last request: export the spans still queued
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = tracer.Shutdown(sctx)
		}()
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *writableDemo && cfg != nil {
		return fmt.Errorf("--demo-writable only applies without a configuration (writes are configured per source)")
	}
	s := &server{path: *cfgPath, listen: *listen, addr: addr, log: logger, level: level, obs: obs, writableDemo: *writableDemo}
	app, err := s.build(ctx, cfg)
	if err != nil {
		return err
	}
	s.cfg, s.handler = cfg, hotswap.New(app.handler, app.close)
	obs.SetStats(app.stats)
	defer s.handler.Close() // after the server stopped: closes the sources once their requests ended

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	ln, scheme, err := secureListener(cfg, ln) // TLS, HSTS and CORS (security.go)
	if err != nil {
		return err
	}
	srv := newHTTPServer(secureHandler(cfg, s.handler), logger)
	for _, name := range app.names {
		logger.Info("serving", "service", name, "url", scheme+"://"+ln.Addr().String()+"/odata/"+name+"/")
	}
	errc := make(chan error, 2)
	go func() { errc <- srv.Serve(ln) }()
	var msrv *http.Server
	if cfg != nil && cfg.Metrics.MetricsOn() && cfg.Metrics.Listen != "" {
		mln, err := net.Listen("tcp", cfg.Metrics.Listen)
		if err != nil {
			_ = srv.Close()
			return fmt.Errorf("metrics.listen: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET "+cfg.Metrics.Path, obs.MetricsHandler())
		msrv = newHTTPServer(mux, logger)
		logger.Info("serving metrics", "url", "http://"+mln.Addr().String()+cfg.Metrics.Path)
		go func() { errc <- msrv.Serve(mln) }()
	}

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	for running := true; running; {
		select {
		case err := <-errc:
			return err
		case <-hup:
			s.reload(ctx)
		case <-ctx.Done():
			running = false
		}
	}
	logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if msrv != nil {
		_ = msrv.Shutdown(shutCtx)
	}
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newTracer returns the OTLP tracer the configuration asks for, or nil.
func newTracer(cfg *config.Config, logger *slog.Logger) *tracing.Tracer {
	if cfg == nil || cfg.Tracing.Endpoint == "" {
		return nil
	}
	t := cfg.Tracing
	ratio := 1.0
	if t.SampleRatio != nil {
		ratio = *t.SampleRatio
	}
	logger.Info("tracing on", "endpoint", t.Endpoint, "sample_ratio", ratio)
	return tracing.New(tracing.Config{Endpoint: t.Endpoint, Headers: t.Headers, ServiceName: t.ServiceName,
		ServiceVersion: buildinfo.Read().Version, SampleRatio: ratio, Timeout: t.Timeout, Logger: logger})
}

func newHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// listenAddr is the flag's address, else the file's, else the default.
func listenAddr(cfg *config.Config, flagAddr string) string {
	switch {
	case flagAddr != "":
		return flagAddr
	case cfg != nil && cfg.Listen != "":
		return cfg.Listen
	}
	return config.DefaultListen
}

// loadConfig reads the file at path; "" means no file (the demo): nil, nil.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return nil, nil
	}
	return config.Load(path)
}

// newLogger returns the process logger; level holds the configured level so
// that a reload can change it. Records logged with a request's context carry
// its ID (observe.LogHandler).
func newLogger(cfg *config.Config, w io.Writer, level *slog.LevelVar) *slog.Logger {
	level.Set(logLevel(cfg))
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg != nil && cfg.Log.Format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(observe.LogHandler(h))
}

func logLevel(cfg *config.Config) slog.Level {
	if cfg != nil {
		switch cfg.Log.Level {
		case "debug":
			return slog.LevelDebug
		case "warn":
			return slog.LevelWarn
		case "error":
			return slog.LevelError
		}
	}
	return slog.LevelInfo
}
