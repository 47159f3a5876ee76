package mysql

import (
	"context"

	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
)

// Open connects to the MySQL/MariaDB database named in dsn (see the package
// doc for the settings forced on it), introspects it with opts and returns it
// as a source. cfg.Name names the source in errors and logs; the DSN never
// appears in either.
func Open(ctx context.Context, dsn string, opts schema.Options, cfg sqldb.Config) (*sqldb.Source, error) {
	db, dbName, err := OpenDB(ctx, cfg.Name, dsn, cfg.Logger)
	if err != nil {
		return nil, err
	}
	src, err := sqldb.NewSource(ctx, db, sqldb.MySQL, Loader(cfg.Name, db, dbName, opts, cfg.Logger), cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	return src, nil
}
