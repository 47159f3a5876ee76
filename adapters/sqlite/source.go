package sqlite

import (
	"context"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
)

// Open opens the SQLite database file at dsn (a path; the file must exist),
// introspects it with opts and returns it as a source. cfg.Name names the
// source in errors and logs.
func Open(ctx context.Context, dsn string, opts schema.Options, cfg sqldb.Config) (*sqldb.Source, error) {
	db, err := OpenDB(ctx, cfg.Name, dsn)
	if err != nil {
		return nil, err
	}
	src, err := sqldb.NewSource(ctx, db, sqldb.SQLite, Loader(cfg.Name, db, opts, cfg.Logger), cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	return src, nil
}
