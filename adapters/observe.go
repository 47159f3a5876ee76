package adapters

import "context"

// CallObserver is told of every call a source makes to its backend (a SQL
// statement, an HTTP request), for metrics, the request log's backend time
// and traces. StartCall is called before the call with the caller's context
// and returns the context to make the call with (it may carry a trace span);
// end is called exactly once, when the backend answered (for a query: its
// first row is available) or failed. op is a short constant such as "query",
// "count", "insert". Implementations are safe for concurrent use.
type CallObserver interface {
	StartCall(ctx context.Context, source, op string) (context.Context, func(err error))
}
