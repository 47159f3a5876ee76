package sqldb

import (
	"database/sql"
	"time"
)

// Pool configures a source's connection pool. Zero fields keep the engine's
// default (DefaultPool; SQLite opens at most SQLiteMaxOpenConns).
type Pool struct {
	MaxOpenConns    int           // connections open at once
	MaxIdleConns    int           // connections kept open while idle
	ConnMaxLifetime time.Duration // a connection is replaced after this long (0: the default; negative: never)
	ConnMaxIdleTime time.Duration // an idle connection is closed after this long (0: the default; negative: never)
}

// DefaultPool is the pool of a MySQL/MariaDB or PostgreSQL source whose
// configuration says nothing.
var DefaultPool = Pool{MaxOpenConns: 16, MaxIdleConns: 4, ConnMaxLifetime: 30 * time.Minute, ConnMaxIdleTime: 5 * time.Minute}

// SQLiteMaxOpenConns is the default connection count of a SQLite file (one
// writer at a time; readers share the file).
const SQLiteMaxOpenConns = 8

// Apply sets the non-zero fields of p on db (a negative duration: no limit).
// The idle count never exceeds the open count.
func (p Pool) Apply(db *sql.DB) {
	if p.MaxOpenConns > 0 {
		db.SetMaxOpenConns(p.MaxOpenConns)
	}
	if p.MaxIdleConns > 0 {
		db.SetMaxIdleConns(p.MaxIdleConns)
	}
	if p.ConnMaxLifetime != 0 {
		db.SetConnMaxLifetime(max(p.ConnMaxLifetime, 0))
	}
	if p.ConnMaxIdleTime != 0 {
		db.SetConnMaxIdleTime(max(p.ConnMaxIdleTime, 0))
	}
}
