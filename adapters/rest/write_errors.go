package rest

import (
	"net/http"
	"strings"
	"unicode"

	"odatagw/odataerr"
)

// maxUpstreamMessage bounds the part of an API's error message a client sees.
const maxUpstreamMessage = 300

// writeStatus maps the API's answer to a write (below 500, not 401/403 or
// 429: do handled those) to the error a client sees: its validation
// refusals are the client's 400 (with the API's message where it is safe
// to show), a missing entity 404, a conflict 409, a failed If-Match 412;
// anything else is the upstream's fault (502).
func (s *Source) writeStatus(e *entity, c call, resp *response) error {
	switch st := resp.status; {
	case st >= 200 && st <= 299:
		return nil
	case st == http.StatusBadRequest || st == http.StatusUnprocessableEntity:
		return odataerr.New(http.StatusBadRequest, "UpstreamRejected", "upstream %q refused the change of %s (%d)%s",
			s.name, e.set.Name, st, s.upstreamMessage(resp))
	case st == http.StatusNotFound:
		return odataerr.NotFound("no entity in '%s' has this key (upstream %q answered 404 to %s)", e.set.Name, s.name, c.method)
	case st == http.StatusConflict:
		return odataerr.New(http.StatusConflict, "UpstreamConflict", "upstream %q refused the change of %s as a conflict%s",
			s.name, e.set.Name, s.upstreamMessage(resp))
	case st == http.StatusPreconditionFailed:
		return odataerr.New(http.StatusPreconditionFailed, "PreconditionFailed",
			"upstream %q: the entity of %s changed since it was read; read it again and retry", s.name, e.set.Name)
	}
	return s.upstreamError(nil, "answered %d to %s", resp.status, c.what())
}

// upstreamMessage is ": <message>" from an API's JSON error body (the
// usual members: message, error, error.message, errors[0](.message),
// detail, title), or "" when there is none or it is not safe to show: it
// is cut short, stripped of control characters, and withheld when it
// holds one of the gateway's upstream credentials.
func (s *Source) upstreamMessage(resp *response) string {
	doc, err := parseJSON(resp.body)
	if err != nil {
		return ""
	}
	msg := ""
	for _, ptr := range []string{"/message", "/error/message", "/error", "/errors/0/message", "/errors/0", "/detail", "/title"} {
		if v, ok := pointer(doc, ptr); ok {
			if text, isText := v.(string); isText && strings.TrimSpace(text) != "" {
				msg = text
				break
			}
		}
	}
	msg = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.TrimSpace(msg))
	if msg == "" || s.holdsSecret(msg) {
		return ""
	}
	if r := []rune(msg); len(r) > maxUpstreamMessage {
		msg = string(r[:maxUpstreamMessage]) + "…"
	}
	return ": " + msg
}

// holdsSecret reports whether text contains one of the configured
// upstream credentials (or a token the gateway was issued).
func (s *Source) holdsSecret(text string) bool {
	a := s.auth
	secrets := []string{a.Value, a.Token, a.Password, a.ClientSecret}
	if s.tokens != nil {
		secrets = append(secrets, s.tokens.issued())
	}
	for k, v := range s.headers {
		if !strings.EqualFold(k, "Accept") && !strings.EqualFold(k, "Accept-Version") {
			secrets = append(secrets, v)
		}
	}
	for _, sec := range secrets {
		if len(sec) >= 4 && strings.Contains(text, sec) {
			return true
		}
	}
	return false
}
