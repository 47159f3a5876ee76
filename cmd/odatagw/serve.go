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
	"odatagw/gateway"
)

// runServe parses flags, opens the sources and serves until SIGINT or SIGTERM.
func runServe(ctx context.Context, args []string, _, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	cfgPath := configFlag(fs)
	listen := fs.String("listen", os.Getenv("ODATAGW_LISTEN"), "listen address host:port, overrides the file (env ODATAGW_LISTEN; default "+config.DefaultListen+")")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)
	addr := config.DefaultListen
	if cfg != nil && cfg.Listen != "" {
		addr = cfg.Listen
	}
	if *listen != "" {
		addr = *listen
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	services, closeAll, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()

	gwCfg := gateway.Config{Logger: logger}
	if cfg != nil {
		gwCfg.MaxPageSize, gwCfg.BaseURL = cfg.MaxPageSize, cfg.BaseURL
		gwCfg.MaxURLLength, gwCfg.Limits = limitsConfig(cfg.Limits) // limits.go
	}
	gwCfg.Cache = cacheConfig(cfg) // response cache (cache.go)
	// Authentication and rate limits (security.go).
	if gwCfg.Guard, err = newGuard(cfg, addr, logger); err != nil {
		return err
	}
	logCacheSettings(ctx, cfg, services, logger)
	gw, err := gateway.New(gwCfg, services...)
	if err != nil {
		return err
	}
	defer gw.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           gw.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	for _, s := range services {
		logger.Info("serving", "service", s.Name, "url", "http://"+ln.Addr().String()+"/odata/"+s.Name+"/")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadConfig reads the file at path; "" means no file (the demo): nil, nil.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return nil, nil
	}
	return config.Load(path)
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	format := "text"
	if cfg != nil {
		switch cfg.Log.Level {
		case "debug":
			level = slog.LevelDebug
		case "warn":
			level = slog.LevelWarn
		case "error":
			level = slog.LevelError
		}
		if cfg.Log.Format != "" {
			format = cfg.Log.Format
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
