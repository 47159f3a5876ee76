package rest

import (
	"context"
	"fmt"
	"strings"
)

// observe starts the observation of one upstream call (Options.Observer);
// op is the HTTP method in lower case, so that labels stay bounded.
func (s *Source) observe(ctx context.Context, method string) (context.Context, func(error)) {
	if s.observer == nil {
		return ctx, func(error) {}
	}
	return s.observer.StartCall(ctx, s.name, strings.ToLower(method))
}

// callError is what an observer is told of a call's outcome: the transport
// error, or the status of an answer the gateway treats as a failure (429,
// 5xx); nil otherwise.
func callError(resp *response, err error) error {
	switch {
	case err != nil:
		return err
	case resp.status == 429 || resp.status >= 500:
		return fmt.Errorf("upstream answered %d", resp.status)
	}
	return nil
}
