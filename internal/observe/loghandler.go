package observe

import (
	"context"
	"log/slog"
)

// LogHandler wraps h so that records logged with the context of a request
// (slog's ...Context methods: the SQL at debug level, warnings of a source)
// carry the request's ID, to be found next to its request line.
func LogHandler(h slog.Handler) slog.Handler { return ctxHandler{h} }

type ctxHandler struct{ slog.Handler }

func (c ctxHandler) Handle(ctx context.Context, r slog.Record) error {
	if rec := RequestFrom(ctx); rec != nil {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", rec.ID))
	}
	return c.Handler.Handle(ctx, r)
}

func (c ctxHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return ctxHandler{c.Handler.WithAttrs(as)}
}
func (c ctxHandler) WithGroup(n string) slog.Handler { return ctxHandler{c.Handler.WithGroup(n)} }
