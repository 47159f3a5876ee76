// Package config loads the gateway's versioned YAML configuration: strict
// (unknown keys are errors that name the key and line), with ${VAR} expansion
// from the environment in every scalar value.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// CurrentVersion is the only configuration version this build reads.
const CurrentVersion = 1

// DefaultListen is the address served when neither flag, environment nor file says.
const DefaultListen = "127.0.0.1:8080"

// Config is the whole configuration file.
type Config struct {
	Version int    `yaml:"version"`
	Listen  string `yaml:"listen"`
	// BaseURL is the externally visible scheme://host[:port], for context URLs
	// and next links behind a reverse proxy. Default: taken from each request.
	BaseURL string `yaml:"base_url"`
	// MaxPageSize bounds the entities per response page (default 1000, at most 2000).
	MaxPageSize int `yaml:"max_page_size"`
	// Log configures the process log.
	Log Log `yaml:"log"`
	// Cache configures the in-memory response cache (config/cache.go).
	Cache Cache `yaml:"cache"`
	// Limits bound the work one request may ask for (config/limits.go).
	Limits Limits `yaml:"limits"`
	// Security configures authentication, TLS, CORS and rate limits (config/auth.go).
	Security Security `yaml:"security"`
	// Metrics and Tracing configure observability (config/observe.go).
	Metrics Metrics `yaml:"metrics"`
	Tracing Tracing `yaml:"tracing"`
	// Batch bounds $batch requests (config/batch.go).
	Batch Batch `yaml:"batch"`
	// MaxRequestBody bounds a request body after decompression (default 8MiB; config/writes.go).
	MaxRequestBody ByteSize `yaml:"max_request_body"`
	// Sources are the services, one per backing database.
	Sources []Source `yaml:"sources"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug | info | warn | error (default info)
	Format string `yaml:"format"` // text | json (default text)
	// Requests logs one line per request (default true; config/observe.go).
	Requests *bool `yaml:"requests"`
}

// Source is one backing database exposed as the service /odata/{name}/.
type Source struct {
	Name string `yaml:"name"`
	Kind string `yaml:"kind"` // mysql | postgres | sqlite | rest | federation
	DSN  string `yaml:"dsn"`  // the driver's DSN; for sqlite a file path
	// Tables is an allow-list of tables and views; empty means all.
	Tables []string `yaml:"tables"`
	// Schemas lists PostgreSQL schemas to expose (default [public]).
	Schemas []string `yaml:"schemas"`
	// Namespace of the CSDL schema (default: the source name).
	Namespace string `yaml:"namespace"`
	// Naming converts database names: "" keeps them, "pascal" turns
	// snake_case into PascalCase, "camel" into camelCase.
	Naming string `yaml:"naming"`
	// QueryTimeout bounds each database query (default 30s).
	QueryTimeout time.Duration `yaml:"query_timeout"`
	// RefreshInterval re-reads the schema this often (default 0: at start only).
	RefreshInterval time.Duration `yaml:"refresh_interval"`
	// StringMaxLength restates the MaxLength of String properties
	// (config/strings.go); databases only.
	StringMaxLength *StringMaxLength `yaml:"string_max_length"`
	// Entities holds per-table settings, keyed by table (or view) name.
	Entities map[string]Entity `yaml:"entities"`
	// Relationships declares relationships the database does not (views,
	// legacy schemas without foreign keys); they become navigation properties
	// like foreign keys. The schema builder validates them against the
	// database (errors name relationships[i].<key>).
	Relationships []Relationship `yaml:"relationships"`
	// Cache overrides the response cache's TTL for this source and its sets.
	Cache SourceCache `yaml:"cache"`
	// Security overrides authentication and grants roles (config/auth.go).
	Security SourceSecurity `yaml:"security"`
	// REST configures a source of kind rest (config/rest.go).
	REST *REST `yaml:"rest"`
	// SourceLimits: pool, concurrency, breaker, required (config/limits.go).
	SourceLimits `yaml:",inline"`
	// Federation configures a source of kind federation (config/federation.go).
	Federation *Federation `yaml:"federation"`
	// Writes makes the source writable (config/writes.go); default read-only.
	Writes Writes `yaml:"writes"`
}

// Entity customises how one table or view is exposed.
type Entity struct {
	Name   string   `yaml:"name"`   // entity set name (default: the table name, after Naming)
	Key    []string `yaml:"key"`    // key columns, for tables and views without a primary key
	Hide   []string `yaml:"hide"`   // columns not exposed
	Search []string `yaml:"search"` // columns $search looks in (default: all string columns)
	// Properties customise single columns, keyed by column name.
	Properties map[string]Property `yaml:"properties"`
	// Navigation renames navigation properties, keyed by the name derived
	// from the foreign key (as $metadata shows it), e.g. {ReportsTo_Employees: Manager}.
	Navigation map[string]string `yaml:"navigation"`
	// Writes overrides the source's writes for this table (config/writes.go).
	Writes *Writes `yaml:"writes"`
	// StringMaxLength overrides the source's, field by field (config/strings.go).
	StringMaxLength *StringMaxLength `yaml:"string_max_length"`
}

// Relationship is one declared relationship: From.Columns reference
// To.References (default: To's key), pairwise.
type Relationship struct {
	Name       string   `yaml:"name"`       // navigation property on From (default: derived as for foreign keys)
	From       string   `yaml:"from"`       // dependent table or view (database name)
	Columns    []string `yaml:"columns"`    // its columns
	To         string   `yaml:"to"`         // principal table or view
	References []string `yaml:"references"` // To's columns (default: its key; only the key is accepted)
	Partner    string   `yaml:"partner"`    // navigation property on To (default: derived)
}

// Property customises one column.
type Property struct {
	Name      string `yaml:"name"`       // property name (default: the column name, after Naming)
	Type      string `yaml:"type"`       // Edm type override, e.g. Edm.Guid, Edm.Boolean, Edm.Date
	MaxLength int    `yaml:"max_length"` // MaxLength override for strings
}

var varRef = regexp.MustCompile(`\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Load reads and validates the file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(data, os.LookupEnv)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// Parse decodes and validates a configuration. lookup resolves ${VAR}
// references; "$$" stands for a literal "$".
func Parse(data []byte, lookup func(string) (string, bool)) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if err := expand(&root, lookup); err != nil {
		return nil, err
	}
	expanded, err := yaml.Marshal(&root)
	if err != nil {
		return nil, err
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(expanded))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, cleanYAMLError(err)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// expand replaces ${VAR} in every scalar of the document.
func expand(n *yaml.Node, lookup func(string) (string, bool)) error {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "$") {
		var missing []string
		n.Value = varRef.ReplaceAllStringFunc(n.Value, func(m string) string {
			if m == "$$" {
				return "$"
			}
			name := m[2 : len(m)-1]
			v, ok := lookup(name)
			if !ok {
				missing = append(missing, name)
			}
			return v
		})
		if len(missing) > 0 {
			return fmt.Errorf("line %d: environment variable %s is not set", n.Line, strings.Join(missing, ", "))
		}
		// A quoted or plain scalar keeps its tag; values such as "8080" stay strings where the field is a string.
	}
	for _, c := range n.Content {
		if err := expand(c, lookup); err != nil {
			return err
		}
	}
	return nil
}

// cleanYAMLError turns yaml.v3's messages into ones that name the key.
func cleanYAMLError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			m = strings.Replace(m, "not found in type config.", "is not a known key of ", 1)
			msgs[i] = m
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	return err
}
