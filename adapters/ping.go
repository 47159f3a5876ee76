package adapters

import "context"

// Pinger is implemented by sources that can check cheaply that their
// backend answers (a database ping). The gateway's circuit breaker probes
// with it and /readyz reports it; the error is an *odataerr.Error (503 or
// 504) naming the source, never its DSN.
type Pinger interface {
	Ping(ctx context.Context) error
}
