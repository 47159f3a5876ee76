// Package postgres exposes PostgreSQL schemas as an OData source
// (github.com/jackc/pgx/v5 through database/sql).
//
// # DSN
//
// The configured dsn is anything pgx.ParseConfig accepts: a URL
// (postgres://user:password@host:5432/db?sslmode=disable) or key=value pairs;
// PG* environment variables fill what it leaves out. Whatever the DSN says,
// the session time zone is set to UTC (so timestamptz values and casts of
// them are UTC) and the connect timeout defaults to 10 s. The DSN is never
// logged or shown in an error; a DSN that cannot be parsed gives a message
// without it.
//
// Options.Schemas selects the schemas to expose (default ["public"]); with
// more than one, entity sets are named schema_table.
package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

// DefaultSchemas is the schema list used when Options.Schemas is empty.
var DefaultSchemas = []string{"public"}

// ConnConfig parses dsn and applies the forced settings (see the package doc).
func ConnConfig(source, dsn string) (*pgx.ConnConfig, error) {
	if dsn == "" {
		return nil, fmt.Errorf("source %q: the PostgreSQL dsn is empty", source)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's parse errors may quote the DSN (redaction is best effort):
		// say what is expected instead.
		return nil, fmt.Errorf("source %q: the PostgreSQL dsn cannot be parsed (want postgres://user:password@host:5432/dbname or key=value pairs)", source)
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["timezone"] = "UTC"
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	return cfg, nil
}

// OpenDB opens a connection pool for dsn, with the gateway's pool defaults,
// and pings the server.
func OpenDB(ctx context.Context, source, dsn string) (*sql.DB, error) {
	cfg, err := ConnConfig(source, dsn)
	if err != nil {
		return nil, err
	}
	db := stdlib.OpenDB(*cfg)
	sqldb.DefaultPool.Apply(db)
	if err := schema.Ping(ctx, db, source, 0); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Loader returns the function that introspects the schemas opts.Schemas
// (default ["public"]) and builds the model (sqldb.Loader's shape). Warnings
// are logged through logger.
func Loader(source string, db *sql.DB, opts schema.Options, logger *slog.Logger) func(ctx context.Context) (*metadata.Model, error) {
	if len(opts.Schemas) == 0 {
		opts.Schemas = DefaultSchemas
	}
	schemas := opts.Schemas
	return schema.NewLoader(source, func(ctx context.Context) ([]schema.Table, error) {
		return introspect(ctx, db, schemas)
	}, opts, mapType, logger)
}
