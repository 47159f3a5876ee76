package config

import (
	"fmt"
	"math"
	"strings"
)

// Access levels of SetRule.Access and Role.Default.
const (
	AccessNone  = "none"
	AccessRead  = "read"
	AccessWrite = "write"
)

// validate checks the security section; the authenticators check their own
// settings (and read their files) when cmd/odatagw builds them.
func (s *Security) validate() error {
	t := &s.TLS
	if (t.CertFile == "") != (t.KeyFile == "") {
		return fmt.Errorf("security.tls: cert_file and key_file go together")
	}
	switch t.MinVersion {
	case "", "1.2", "1.3":
	default:
		return fmt.Errorf("security.tls.min_version: %q is not 1.2 or 1.3", t.MinVersion)
	}
	if t.HSTS.MaxAge < 0 {
		return fmt.Errorf("security.tls.hsts.max_age: must not be negative")
	}
	if t.HSTS.MaxAge > 0 && t.CertFile == "" {
		return fmt.Errorf("security.tls.hsts: needs cert_file and key_file (HSTS is only sent over HTTPS)")
	}
	c := &s.CORS
	for i, o := range c.AllowedOrigins {
		if o != "*" && !strings.HasPrefix(o, "https://") && !strings.HasPrefix(o, "http://") {
			return fmt.Errorf("security.cors.allowed_origins[%d]: %q is not an origin (scheme://host[:port]) or *", i, o)
		}
		if o == "*" && c.AllowCredentials {
			return fmt.Errorf("security.cors: allow_credentials cannot be combined with the origin *")
		}
	}
	if c.MaxAge < 0 {
		return fmt.Errorf("security.cors.max_age: must not be negative")
	}
	r := &s.RateLimit
	if r.Rate < 0 || math.IsNaN(r.Rate) || math.IsInf(r.Rate, 0) || r.Burst < 0 || r.MaxPrincipals < 0 {
		return fmt.Errorf("security.rate_limit: rate, burst and max_principals must not be negative")
	}
	if r.Rate == 0 && (r.Burst != 0 || r.MaxPrincipals != 0) {
		return fmt.Errorf("security.rate_limit.rate: required when burst or max_principals is set")
	}
	return nil
}

// validate checks a source's roles; where names the source. Filters and
// property names are checked against the model when the service starts.
func (s *SourceSecurity) validate(where string) error {
	for name, role := range s.Roles {
		at := fmt.Sprintf("%s: security.roles.%s", where, name)
		if name == "" {
			return fmt.Errorf("%s: a role name must not be empty", where)
		}
		switch role.Default {
		case "", AccessNone, AccessRead, AccessWrite:
		default:
			return fmt.Errorf("%s.default: %q is not one of none, read, write", at, role.Default)
		}
		for set, rule := range role.Sets {
			switch rule.Access {
			case "", AccessNone, AccessRead, AccessWrite:
			default:
				return fmt.Errorf("%s.sets.%s.access: %q is not one of none, read, write", at, set, rule.Access)
			}
			if rule.Access == AccessNone && (rule.Filter != "" || len(rule.Hide) > 0) {
				return fmt.Errorf("%s.sets.%s: filter and hide mean nothing with access none", at, set)
			}
		}
	}
	return nil
}
