package rest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// tokens fetches OAuth2 client-credentials tokens and keeps the current
// one until shortly before it expires (or until a 401 invalidates it).
type tokens struct {
	cfg     Auth
	client  *http.Client
	now     func() time.Time
	timeout time.Duration

	mu      sync.Mutex
	current string
	expiry  time.Time
}

// defaultTokenLifetime applies when the token response has no expires_in.
const defaultTokenLifetime = time.Hour

func (t *tokens) token(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.current != "" && t.now().Before(t.expiry) {
		return t.current, nil
	}
	tok, life, err := t.fetch(ctx)
	if err != nil {
		return "", err
	}
	// Renew a little early: a tenth of the lifetime, at most 30 s.
	t.current, t.expiry = tok, t.now().Add(life-min(life/10, 30*time.Second))
	return tok, nil
}

func (t *tokens) invalidate() {
	t.mu.Lock()
	t.current = ""
	t.mu.Unlock()
}

func (t *tokens) fetch(ctx context.Context) (string, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(t.cfg.Scopes) > 0 {
		form.Set("scope", strings.Join(t.cfg.Scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.cfg.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, tokenError("bad token_url")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(t.cfg.ClientID), url.QueryEscape(t.cfg.ClientSecret))
	res, err := t.client.Do(req)
	if err != nil {
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err
		}
		return "", 0, tokenError("%v", err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return "", 0, tokenError("%v", err)
	}
	if res.StatusCode != http.StatusOK {
		return "", 0, tokenError("answered %d", res.StatusCode)
	}
	var body struct {
		AccessToken string      `json:"access_token"`
		ExpiresIn   json.Number `json:"expires_in"`
	}
	if err := json.Unmarshal(data, &body); err != nil || body.AccessToken == "" {
		return "", 0, tokenError("the response has no access_token")
	}
	life := defaultTokenLifetime
	if n, err := body.ExpiresIn.Int64(); err == nil && n > 0 {
		life = time.Duration(n) * time.Second
	}
	return body.AccessToken, life, nil
}

// issued returns the token in use ("" when none), to keep it out of messages.
func (t *tokens) issued() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.current
}
