package schema

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"odatagw/metadata"
)

// Introspector reads the raw tables of one database.
type Introspector func(ctx context.Context) ([]Table, error)

// NewLoader returns a function that introspects the database and builds the
// model; it has the shape of sqldb.Loader. Warnings are logged at Warn level
// when they differ from the previous load's (so a periodic refresh does not
// repeat them). source names the source in log lines.
func NewLoader(source string, introspect Introspector, opts Options, mapType TypeMapper, logger *slog.Logger) func(ctx context.Context) (*metadata.Model, error) {
	if logger == nil {
		logger = slog.Default()
	}
	var (
		mu   sync.Mutex
		last []string
	)
	return func(ctx context.Context) (*metadata.Model, error) {
		raw, err := introspect(ctx)
		if err != nil {
			return nil, fmt.Errorf("source %q: reading the schema: %w", source, err)
		}
		m, warnings, err := Build(raw, opts, mapType)
		if err != nil {
			return nil, fmt.Errorf("source %q: %w", source, err)
		}
		texts := make([]string, len(warnings))
		for i, w := range warnings {
			texts[i] = w.String()
		}
		mu.Lock()
		changed := !slices.Equal(texts, last)
		last = texts
		mu.Unlock()
		if changed {
			for _, w := range texts {
				logger.Warn("schema warning", "source", source, "warning", w)
			}
		}
		return m, nil
	}
}

// DefaultPingTimeout bounds the connectivity check at start-up.
const DefaultPingTimeout = 10 * time.Second

// Ping checks that db answers within timeout (DefaultPingTimeout when 0). The
// error names the source and the driver's reason, never the DSN.
func Ping(ctx context.Context, db *sql.DB, source string, timeout time.Duration) error {
	if timeout <= 0 {
		timeout = DefaultPingTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("source %q: database unreachable: %w", source, err)
	}
	return nil
}
