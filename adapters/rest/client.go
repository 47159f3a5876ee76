package rest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"odatagw/internal/tracing"
)

// call is one upstream HTTP call.
type call struct {
	method     string
	url        *url.URL
	body       []byte
	idempotent bool   // GET, PUT, DELETE: retried on 429, 5xx and timeouts
	ifMatch    string // If-Match: the API's ETag of the entity a write changes
}

// what names the call in messages: method and path, never the query string
// (it may carry an API key).
func (c call) what() string { return c.method + " " + c.url.Path }

type response struct {
	status int
	header http.Header
	body   []byte
	// retried: an earlier attempt of the call failed (5xx, timeout), and
	// may have been applied all the same.
	retried bool
}

// attempt outcomes.
type outcome int

const (
	succeeded outcome = iota
	retryable         // 429, 5xx, timeout, unreachable: try again if allowed
	final             // the call failed for good
)

// do runs c with authentication, the circuit breaker and retries. It
// returns the response for any status below 500 except 429 (the caller
// interprets 4xx); everything else is an *odataerr.Error naming the upstream.
func (s *Source) do(ctx context.Context, c call) (*response, error) {
	refreshed := false
	for attempt := 0; ; attempt++ {
		if ok, wait := s.breaker.allow(); !ok {
			return nil, s.unavailable(ErrCircuitOpen, "not called after repeated failures (circuit open); retry in %ds", int(wait.Seconds()+0.999))
		}
		resp, err := s.once(ctx, c)
		if ctx.Err() != nil {
			s.breaker.done(false) // the client gave up; not the upstream's fault
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, s.timeout(ctx.Err(), "no answer to %s before the request's deadline", c.what())
			}
			return nil, ctx.Err()
		}
		out, failErr := s.classify(c, resp, err)
		s.breaker.done(failErr != nil && (err != nil || resp.status >= 500))
		if out == succeeded {
			resp.retried = attempt > 0
			return resp, nil
		}
		if resp != nil && resp.status == http.StatusUnauthorized && s.tokens != nil && !refreshed {
			s.tokens.invalidate() // an expired or revoked token: fetch a new one once
			refreshed = true
			attempt--
			continue
		}
		if out == final || !c.idempotent || attempt >= s.retries {
			return nil, failErr
		}
		wait, ok := s.retryWait(resp, attempt)
		if !ok {
			return nil, failErr
		}
		if dl, has := ctx.Deadline(); has && time.Until(dl) < wait {
			return nil, failErr
		}
		s.log.Debug("retrying upstream call", "call", c.what(), "attempt", attempt+1, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// classify maps an attempt to its outcome and, unless it succeeded, to the
// error a client sees if no retry follows.
func (s *Source) classify(c call, resp *response, err error) (outcome, error) {
	if err != nil {
		if errors.Is(err, errTokenEndpoint) {
			return final, s.upstreamError(err, "%v", err)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may hold credentials: keep it out of the log too
		}
		if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
			return retryable, s.timeout(err, "no answer to %s within %s", c.what(), s.callTimeout)
		}
		if errors.Is(err, ErrResponseTooLarge) {
			return final, s.upstreamError(err, "the response to %s exceeds %d bytes", c.what(), MaxResponseBytes)
		}
		return retryable, s.unavailable(err, "unreachable (%s)", c.what())
	}
	switch {
	case resp.status == http.StatusTooManyRequests:
		return retryable, s.unavailable(nil, "rate limited (429) on %s", c.what())
	case resp.status == http.StatusServiceUnavailable:
		return retryable, s.unavailable(nil, "answered 503 to %s", c.what())
	case resp.status == http.StatusGatewayTimeout:
		return retryable, s.timeout(nil, "answered 504 to %s", c.what())
	case resp.status >= 500:
		return retryable, s.upstreamError(nil, "answered %d to %s", resp.status, c.what())
	case resp.status == http.StatusUnauthorized || resp.status == http.StatusForbidden:
		return final, s.upstreamError(nil, "refused the gateway's credentials (%d) on %s", resp.status, c.what())
	}
	return succeeded, nil
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// retryWait is the wait before retry number attempt+1: the response's
// Retry-After (seconds or an HTTP date) when present, else exponential
// backoff with jitter. ok is false when Retry-After asks for more than
// MaxRetryWait.
func (s *Source) retryWait(resp *response, attempt int) (time.Duration, bool) {
	if resp != nil {
		if ra := resp.header.Get("Retry-After"); ra != "" {
			var wait time.Duration
			if n, err := strconv.Atoi(ra); err == nil {
				wait = time.Duration(n) * time.Second
			} else if t, err := http.ParseTime(ra); err == nil {
				wait = t.Sub(s.now())
			}
			if wait > s.maxRetryWait {
				return 0, false
			}
			return max(wait, 0), true
		}
	}
	d := s.backoff << attempt
	return d/2 + rand.N(d/2+1), true
}

// once runs one attempt within the per-call timeout.
func (s *Source) once(ctx context.Context, c call) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, s.callTimeout)
	defer cancel()
	ctx, end := s.observe(ctx, c.method)
	resp, err := s.send(ctx, c)
	end(callError(resp, err))
	return resp, err
}

// send makes one HTTP request; the current span of ctx travels in its
// traceparent header.
func (s *Source) send(ctx context.Context, c call) (*response, error) {
	var body io.Reader
	if c.body != nil {
		body = bytes.NewReader(c.body)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, c.url.String(), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.ifMatch != "" {
		req.Header.Set("If-Match", c.ifMatch)
	}
	for k, v := range s.headers {
		req.Header.Set(k, v)
	}
	tracing.Inject(ctx, req.Header)
	if err := s.authorize(ctx, req); err != nil {
		return nil, err
	}
	res, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxResponseBytes {
		return nil, ErrResponseTooLarge
	}
	return &response{status: res.StatusCode, header: res.Header, body: data}, nil
}

// authorize sets the configured upstream credentials on req.
func (s *Source) authorize(ctx context.Context, req *http.Request) error {
	a := s.auth
	switch a.Type {
	case "header":
		req.Header.Set(a.Header, a.Value)
	case "bearer":
		req.Header.Set("Authorization", "Bearer "+a.Token)
	case "basic":
		req.SetBasicAuth(a.Username, a.Password)
	case "oauth2":
		tok, err := s.tokens.token(ctx)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return nil
}

// errTokenEndpoint wraps token endpoint failures (never their body).
var errTokenEndpoint = errors.New("the OAuth2 token endpoint failed")

func tokenError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errTokenEndpoint}, args...)...)
}
