// Command odatagw serves live databases as OData v4 services.
//
//	odatagw                       serve the embedded demo database at /odata/demo/
//	odatagw --config gw.yaml      serve the sources of a configuration file
//	odatagw --listen 0.0.0.0:8080 override the listen address
//
// ODATAGW_CONFIG and ODATAGW_LISTEN stand in for the flags.
package main

import (
	"context"
	"errors"
	"flag"
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

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "odatagw:", err)
		os.Exit(1)
	}
}

// run parses flags, opens the sources and serves until SIGINT or SIGTERM.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("odatagw", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", os.Getenv("ODATAGW_CONFIG"), "configuration file (YAML); without one the embedded demo is served (env ODATAGW_CONFIG)")
	listen := fs.String("listen", os.Getenv("ODATAGW_LISTEN"), "listen address host:port, overrides the file (env ODATAGW_LISTEN; default "+config.DefaultListen+")")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}

	var cfg *config.Config
	if *cfgPath != "" {
		c, err := config.Load(*cfgPath)
		if err != nil {
			return err
		}
		cfg = c
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
	}
	gwCfg.Cache = cacheConfig(cfg) // response cache (cache.go)
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
