// Package sqlite exposes a SQLite database file (modernc.org/sqlite, pure Go,
// driver name "sqlite") as an OData source.
//
// # DSN
//
// The configured dsn is a file path. The file must exist (a missing file is
// an error naming the source; it is never created). The driver is opened with
// a file: URI carrying mode=rw, busy_timeout 5000 ms, foreign_keys on and
// _time_format=sqlite, so time values the gateway binds are written as
// "2006-01-02 15:04:05.999999999-07:00" (UTC for the gateway), the format the
// driver parses back for columns declared DATE, DATETIME or TIMESTAMP; and
// with _txlock=immediate, so that a transaction takes the write lock when it
// begins.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/metadata"

	_ "modernc.org/sqlite" // registers driver "sqlite"
)

// BusyTimeout is how long a statement waits for a lock held by another
// connection or process before failing.
const BusyTimeout = 5 * time.Second

// OpenDB opens the database file at path (which must exist) with the
// gateway's connection settings and checks that it is a readable SQLite
// database. source names the source in errors.
func OpenDB(ctx context.Context, source, path string) (*sql.DB, error) {
	if path == "" {
		return nil, fmt.Errorf("source %q: the SQLite dsn (a file path) is empty", source)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("source %q: SQLite file path: %w", source, err)
	}
	st, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("source %q: SQLite database file %s does not exist", source, abs)
	case err != nil:
		return nil, fmt.Errorf("source %q: SQLite database file: %w", source, err)
	case st.IsDir():
		return nil, fmt.Errorf("source %q: SQLite database path %s is a directory", source, abs)
	}
	q := url.Values{}
	q.Set("mode", "rw")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_time_format", "sqlite")
	// Transactions (writes) take the write lock when they begin, so that
	// concurrent writers wait for each other (busy_timeout) instead of
	// failing when a read lock cannot be upgraded.
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("source %q: %w", source, err)
	}
	// Every connection stays open while idle: opening one (file, pragmas,
	// schema, prepared statements) costs more than most reads, and a pool
	// that keeps fewer than it opens churns under concurrent requests.
	sqldb.Pool{MaxOpenConns: sqldb.SQLiteMaxOpenConns, MaxIdleConns: sqldb.SQLiteMaxOpenConns, ConnMaxIdleTime: 5 * time.Minute}.Apply(db)
	// A query (unlike a bare ping) reads the file, so a file that is not a
	// SQLite database fails here.
	pctx, cancel := context.WithTimeout(ctx, schema.DefaultPingTimeout)
	defer cancel()
	var n int
	if err := db.QueryRowContext(pctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("source %q: %s is not a readable SQLite database: %w", source, abs, err)
	}
	return db, nil
}

// Loader returns the function that introspects db and builds its model
// (sqldb.Loader's shape). Warnings are logged through logger.
func Loader(source string, db *sql.DB, opts schema.Options, logger *slog.Logger) func(ctx context.Context) (*metadata.Model, error) {
	load := schema.NewLoader(source, func(ctx context.Context) ([]schema.Table, error) {
		return introspect(ctx, db)
	}, opts, mapType, logger)
	return func(ctx context.Context) (*metadata.Model, error) {
		m, err := load(ctx)
		if err != nil {
			return nil, err
		}
		log := logger
		if log == nil {
			log = slog.Default()
		}
		if err := detectStoredForms(ctx, db, m, formCheckBudget, log.With("source", source)); err != nil {
			return nil, fmt.Errorf("source %q: reading the forms of date-time columns: %w", source, err)
		}
		return m, nil
	}
}
