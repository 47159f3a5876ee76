package postgres

import (
	"context"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
)

// Open connects to the PostgreSQL database named in dsn (session time zone
// forced to UTC), introspects opts.Schemas (default ["public"]) with opts and
// returns it as a source. cfg.Name names the source in errors and logs; the
// DSN never appears in either.
func Open(ctx context.Context, dsn string, opts schema.Options, cfg sqldb.Config) (*sqldb.Source, error) {
	db, err := OpenDB(ctx, cfg.Name, dsn)
	if err != nil {
		return nil, err
	}
	src, err := sqldb.NewSource(ctx, db, sqldb.Postgres, Loader(cfg.Name, db, opts, cfg.Logger), cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	return src, nil
}
