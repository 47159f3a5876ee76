// Package mysql exposes a MySQL or MariaDB database as an OData source
// (github.com/go-sql-driver/mysql).
//
// # DSN
//
// The configured dsn uses the driver's syntax
// (user:password@tcp(host:3306)/dbname?param=value) and must name a
// database; that database's tables and views are exposed. Whatever the DSN
// says, these settings are forced through the driver's Config API:
//
//	parseTime=true          DATE/DATETIME/TIMESTAMP arrive as time.Time
//	loc=UTC                 DATETIME values are read and written as UTC
//	time_zone='+00:00'      the session time zone, so TIMESTAMP values are UTC too
//	interpolateParams=false arguments travel as real bound parameters
//	timeout=10s             dial timeout, when the DSN sets none
//
// The DSN is never logged or shown in an error.
package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-sql-driver/mysql"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"
)

// Config parses dsn and applies the forced settings (see the package doc).
// Errors name the source, never the DSN.
func Config(source, dsn string) (*mysql.Config, error) {
	if dsn == "" {
		return nil, fmt.Errorf("source %q: the MySQL dsn is empty", source)
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		// The driver's parse errors describe the problem without echoing the DSN.
		return nil, fmt.Errorf("source %q: MySQL dsn: %w", source, err)
	}
	if cfg.DBName == "" {
		return nil, fmt.Errorf("source %q: the MySQL dsn names no database (…/dbname)", source)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.InterpolateParams = false
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	return cfg, nil
}

// OpenDB opens a connection pool for dsn, with the gateway's pool defaults,
// and pings the server. It returns the pool and the database name. The
// driver's own messages go to logger (nil: nowhere), see driverLog.
func OpenDB(ctx context.Context, source, dsn string, logger *slog.Logger) (*sql.DB, string, error) {
	cfg, err := Config(source, dsn)
	if err != nil {
		return nil, "", err
	}
	cfg.Logger = driverLog{log: logger, source: source}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, "", fmt.Errorf("source %q: MySQL dsn: %w", source, err)
	}
	db := sql.OpenDB(connector)
	sqldb.DefaultPool.Apply(db)
	if err := schema.Ping(ctx, db, source, 0); err != nil {
		db.Close()
		return nil, "", err
	}
	return db, cfg.DBName, nil
}

// Loader returns the function that introspects database dbName and builds its
// model (sqldb.Loader's shape). Warnings are logged through logger.
func Loader(source string, db *sql.DB, dbName string, opts schema.Options, logger *slog.Logger) func(ctx context.Context) (*metadata.Model, error) {
	return schema.NewLoader(source, func(ctx context.Context) ([]schema.Table, error) {
		return introspect(ctx, db, dbName)
	}, opts, mapType, logger)
}

// driverLog takes the driver's own messages ("closing bad idle connection:
// EOF", "write: broken pipe"), which it otherwise prints to stderr outside
// the structured log, one per broken connection: hundreds while a server is
// down, when the source already logs each failure it answers (WARN data
// source unreachable). They go to the source's log at debug level.
type driverLog struct {
	log    *slog.Logger
	source string
}

func (d driverLog) Print(v ...any) {
	if d.log != nil {
		d.log.Debug("mysql driver", "source", d.source, "message", fmt.Sprint(v...))
	}
}
