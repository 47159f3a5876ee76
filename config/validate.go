package config

import (
	"fmt"
	"net"
	"regexp"
	"strings"
)

var serviceName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)

// validate checks what the YAML decoder cannot and fills defaults.
func (c *Config) validate() error {
	if c.Version == 0 {
		return fmt.Errorf("version: missing; this build reads version %d", CurrentVersion)
	}
	if c.Version != CurrentVersion {
		return fmt.Errorf("version: %d is not supported; this build reads version %d", c.Version, CurrentVersion)
	}
	if c.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Listen); err != nil {
			return fmt.Errorf("listen: %q is not host:port", c.Listen)
		}
	}
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return fmt.Errorf("base_url: %q must start with http:// or https://", c.BaseURL)
	}
	if c.MaxPageSize < 0 || c.MaxPageSize > 2000 {
		return fmt.Errorf("max_page_size: %d is out of range 1..2000", c.MaxPageSize)
	}
	switch c.Log.Level {
	case "", "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log.level: %q is not one of debug, info, warn, error", c.Log.Level)
	}
	switch c.Log.Format {
	case "", "text", "json":
	default:
		return fmt.Errorf("log.format: %q is not one of text, json", c.Log.Format)
	}
	if err := c.Cache.validate(); err != nil {
		return err
	}
	if err := c.Limits.validate(); err != nil {
		return err
	}
	if err := c.Security.validate(); err != nil {
		return err
	}
	if err := c.Metrics.validate(); err != nil {
		return err
	}
	if err := c.Tracing.validate(); err != nil {
		return err
	}
	if err := c.Batch.validate(); err != nil {
		return err
	}
	if err := c.validateMaxRequestBody(); err != nil {
		return err
	}
	if len(c.Sources) == 0 {
		return fmt.Errorf("sources: at least one source is required")
	}
	seen := map[string]bool{}
	for i := range c.Sources {
		s := &c.Sources[i]
		where := fmt.Sprintf("sources[%d]", i)
		if s.Name != "" {
			where = fmt.Sprintf("source %q", s.Name)
		}
		if !serviceName.MatchString(s.Name) {
			return fmt.Errorf("%s: name %q must start with a letter and contain only letters, digits, _ . -", where, s.Name)
		}
		if seen[s.Name] {
			return fmt.Errorf("%s: duplicate source name", where)
		}
		seen[s.Name] = true
		switch s.Kind {
		case "mysql", "postgres", "sqlite", "rest", "federation":
		case "":
			return fmt.Errorf("%s: kind is missing (mysql, postgres, sqlite, rest or federation)", where)
		default:
			return fmt.Errorf("%s: kind %q is not one of mysql, postgres, sqlite, rest, federation", where, s.Kind)
		}
		if err := s.validateKind(where); err != nil {
			return err
		}
		switch s.Naming {
		case "", "pascal", "camel":
		default:
			return fmt.Errorf("%s: naming %q is not one of pascal, camel", where, s.Naming)
		}
		if len(s.Schemas) > 0 && s.Kind != "postgres" {
			return fmt.Errorf("%s: schemas only applies to kind postgres", where)
		}
		if err := s.SourceLimits.validate(where); err != nil {
			return err
		}
		if s.QueryTimeout < 0 || s.RefreshInterval < 0 {
			return fmt.Errorf("%s: query_timeout and refresh_interval must not be negative", where)
		}
		if err := s.Cache.validate(where); err != nil {
			return err
		}
		if err := s.Security.validate(where); err != nil {
			return err
		}
		if err := validateWrites(s, where); err != nil {
			return err
		}
		if err := s.validateStringMaxLength(where); err != nil {
			return err
		}
		if s.Namespace == "" {
			s.Namespace = strings.ReplaceAll(s.Name, "-", "_")
		}
	}
	return c.validateFederations()
}

// validateKind checks the keys that belong to the source's kind: a dsn for
// databases, a rest block for APIs.
func (s *Source) validateKind(where string) error {
	if s.Kind == "federation" {
		switch {
		case s.Federation == nil:
			return fmt.Errorf("%s: federation is missing (its sources and links)", where)
		case s.DSN != "" || s.REST != nil || len(s.Tables) > 0 || len(s.Entities) > 0 || len(s.Relationships) > 0:
			return fmt.Errorf("%s: dsn, rest, tables, entities and relationships do not apply to kind federation", where)
		}
		return nil
	}
	if s.Federation != nil {
		return fmt.Errorf("%s: federation only applies to kind federation", where)
	}
	if s.Kind == "rest" {
		switch {
		case s.REST == nil:
			return fmt.Errorf("%s: rest is missing (base_url and entities of the API)", where)
		case s.DSN != "":
			return fmt.Errorf("%s: dsn does not apply to kind rest (use rest.base_url)", where)
		case len(s.Tables) > 0 || len(s.Entities) > 0 || len(s.Relationships) > 0 || s.Naming != "":
			return fmt.Errorf("%s: tables, entities, relationships and naming do not apply to kind rest (use rest.entities)", where)
		}
		if err := s.REST.validate(where); err != nil {
			return err
		}
		return s.REST.validateWrites(s.Writes, where)
	}
	if s.REST != nil {
		return fmt.Errorf("%s: rest only applies to kind rest", where)
	}
	if strings.TrimSpace(s.DSN) == "" {
		return fmt.Errorf("%s: dsn is missing", where)
	}
	return nil
}
