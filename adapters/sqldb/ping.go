package sqldb

import (
	"context"

	"odatagw/adapters"
)

var _ adapters.Pinger = (*Source)(nil)

// Ping checks that the database answers (a connection from the pool, or a
// new one, and a round trip), within ctx. Errors are classified like those
// of queries: 503 unreachable, 504 no answer in time.
func (s *Source) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return s.classify(ctx, err)
	}
	return nil
}
