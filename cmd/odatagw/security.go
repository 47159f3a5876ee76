package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"

	"odatagw/auth"
	"odatagw/config"
	"odatagw/gateway"
	"odatagw/internal/websec"
)

// authDefault decides the default authentication of every service.
//
//   - No configuration file (the embedded demo): anonymous, wherever it
//     listens: the demo holds generated sample data only.
//   - security.auth in the file: as configured.
//   - A file without security.auth: anonymous when the gateway listens on a
//     loopback address only (a developer's machine); any other address is a
//     start-up error, so that a gateway exposed to a network never serves
//     real data without someone having decided so (anonymous: true).
func authDefault(cfg *config.Config, addr string) (*config.Auth, error) {
	if cfg == nil {
		return &config.Auth{Anonymous: true}, nil
	}
	if cfg.Security.Auth != nil {
		return cfg.Security.Auth, nil
	}
	if isLoopback(addr) {
		return &config.Auth{Anonymous: true}, nil
	}
	return nil, fmt.Errorf("security.auth: missing, and %s is not a loopback address; configure basic, api_keys or jwt, or set anonymous: true to serve without authentication", addr)
}

// isLoopback reports whether addr (host:port) listens on loopback only.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newGuard builds the authenticators of the default and of every source
// with its own security.auth, the roles of the sources that have some
// (checked against their models now, so that a typo stops the start), and
// the rate limiter.
func newGuard(ctx context.Context, cfg *config.Config, addr string, services []gateway.Service, log *slog.Logger) (*auth.Guard, error) {
	defCfg, err := authDefault(cfg, addr)
	if err != nil {
		return nil, err
	}
	opts := &auth.Options{Logger: log}
	def, err := auth.NewAuthenticator(defCfg, "security.auth", opts)
	if err != nil {
		return nil, err
	}
	authn := map[string]*auth.Authenticator{}
	policies := map[string]*auth.Policy{}
	var limiter *auth.RateLimiter
	if cfg != nil {
		if cfg.Security.Auth == nil {
			log.Warn("no security.auth: serving anonymous callers (listening on loopback only)", "listen", addr)
		}
		for _, s := range cfg.Sources {
			if s.Security.Auth == nil {
				continue
			}
			a, err := auth.NewAuthenticator(s.Security.Auth, fmt.Sprintf("source %q: security.auth", s.Name), opts)
			if err != nil {
				return nil, err
			}
			authn[s.Name] = a
		}
		if err := addPolicies(ctx, cfg, services, policies); err != nil {
			return nil, err
		}
		if rl := cfg.Security.RateLimit; rl.Rate > 0 {
			limiter, err = auth.NewRateLimiter(rl.Rate, rl.Burst, rl.MaxPrincipals, nil)
			if err != nil {
				return nil, fmt.Errorf("security.rate_limit: %w", err)
			}
		}
	}
	return auth.NewGuard(def, authn, policies, limiter), nil
}

// addPolicies compiles the roles of every source that has some and binds
// them to the source's model.
func addPolicies(ctx context.Context, cfg *config.Config, services []gateway.Service, policies map[string]*auth.Policy) error {
	for _, s := range cfg.Sources {
		if len(s.Security.Roles) == 0 {
			continue
		}
		where := fmt.Sprintf("source %q", s.Name)
		pol, err := auth.NewPolicy(s.Name, where, s.Security.Roles)
		if err != nil {
			return err
		}
		for _, svc := range services {
			if svc.Name != s.Name {
				continue
			}
			m, err := svc.Source.Model(ctx)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			if err := pol.Check(m); err != nil {
				return err
			}
		}
		policies[s.Name] = pol
	}
	return nil
}

// secureListener serves TLS on ln when security.tls names a certificate; it
// returns the listener and the URL scheme.
func secureListener(cfg *config.Config, ln net.Listener) (net.Listener, string, error) {
	if cfg == nil {
		return ln, "http", nil
	}
	tc, err := websec.TLSConfig(cfg.Security.TLS)
	if err != nil {
		_ = ln.Close()
		return nil, "", err
	}
	if tc == nil {
		return ln, "http", nil
	}
	return tls.NewListener(ln, tc), "https", nil
}

// secureHandler puts HSTS and CORS, when configured, in front of h.
func secureHandler(cfg *config.Config, h http.Handler) http.Handler {
	if cfg == nil {
		return h
	}
	return websec.Wrap(h, cfg.Security)
}

// metricsOnMainListener decides whether the main listener serves /metrics,
// which answers without authentication: always for the demo; never when
// metrics are off or have a listener of their own; when metrics.enabled is
// left unset, not on a network-facing address whose callers must
// authenticate (the metrics name services and entity sets: say
// metrics.enabled: true, or give them a private metrics.listen).
func metricsOnMainListener(cfg *config.Config, addr string) bool {
	switch {
	case cfg == nil:
		return true
	case !cfg.Metrics.MetricsOn() || cfg.Metrics.Listen != "":
		return false
	case cfg.Metrics.Enabled != nil:
		return true
	}
	a := cfg.Security.Auth
	return a == nil || a.Anonymous || isLoopback(addr)
}
