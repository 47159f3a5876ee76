package sqldb

import (
	"context"
	"database/sql"
)

// observe starts the observation of one statement (Config.Observer); end
// takes the statement's classified error.
func (s *Source) observe(ctx context.Context, op string) (context.Context, func(error)) {
	if s.cfg.Observer == nil {
		return ctx, func(error) {}
	}
	return s.cfg.Observer.StartCall(ctx, s.cfg.Name, op)
}

// PoolStats returns the statistics of the source's connection pool.
func (s *Source) PoolStats() sql.DBStats { return s.db.Stats() }
