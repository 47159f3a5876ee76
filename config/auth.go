package config

import (
	"time"
)

// Security is the top-level `security:` section: who may call the gateway,
// over which transport, and how often.
type Security struct {
	// Auth is the default authentication of every source (a source's own
	// security.auth replaces it). Without it the gateway serves anonymous
	// callers only when it listens on a loopback address (see cmd/odatagw).
	Auth *Auth `yaml:"auth"`
	// TLS serves HTTPS from a certificate and key.
	TLS TLS `yaml:"tls"`
	// CORS answers browsers' cross-origin requests; off by default.
	CORS CORS `yaml:"cors"`
	// RateLimit bounds the requests of each principal; off by default.
	RateLimit RateLimit `yaml:"rate_limit"`
}

// SourceSecurity is a source's `security:` section.
type SourceSecurity struct {
	// Auth replaces security.auth for this source.
	Auth *Auth `yaml:"auth"`
	// Roles grants access to entity sets by role. Without roles every
	// authenticated caller may read every entity set of the source.
	Roles map[string]Role `yaml:"roles"`
}

// Auth lists the ways a caller may authenticate. Several may be configured
// at once; the request's credentials choose one.
type Auth struct {
	// Anonymous lets callers without credentials in, with AnonymousRoles.
	Anonymous      bool     `yaml:"anonymous"`
	AnonymousRoles []string `yaml:"anonymous_roles"`
	// Realm is the realm of the WWW-Authenticate challenges (default odatagw).
	Realm   string   `yaml:"realm"`
	Basic   *Basic   `yaml:"basic"`
	APIKeys *APIKeys `yaml:"api_keys"`
	JWT     *JWT     `yaml:"jwt"`
}

// Basic is HTTP Basic authentication against bcrypt password hashes.
type Basic struct {
	// Users are the accounts; an entry without password_hash only gives
	// roles to a user of the htpasswd file.
	Users []User `yaml:"users"`
	// Htpasswd is a file of user:bcrypt-hash lines (htpasswd -B).
	Htpasswd string `yaml:"htpasswd"`
}

// User is one Basic account.
type User struct {
	Name         string   `yaml:"name"`
	PasswordHash string   `yaml:"password_hash"` // bcrypt ($2a$, $2b$, $2y$)
	Roles        []string `yaml:"roles"`
}

// APIKeys authenticates by a key in a request header.
type APIKeys struct {
	// Header carrying the key (default X-API-Key).
	Header string   `yaml:"header"`
	Keys   []APIKey `yaml:"keys"`
}

// APIKey is one key, stored as its SHA-256 hash.
type APIKey struct {
	Name  string   `yaml:"name"`
	Hash  string   `yaml:"hash"` // sha256:<64 hex digits>
	Roles []string `yaml:"roles"`
}

// JWT authenticates OAuth 2.0 / OpenID Connect bearer tokens, verified
// offline against configured keys.
type JWT struct {
	Issuer   string   `yaml:"issuer"`
	Audience []string `yaml:"audience"`
	// Leeway tolerates clock skew on exp and nbf (default 60s).
	Leeway *time.Duration `yaml:"leeway"`
	// NameClaim names the principal (default sub).
	NameClaim string `yaml:"name_claim"`
	// RolesClaim holds the roles: a string, a list or a space-separated
	// string; a dotted path reaches into objects (default roles).
	RolesClaim string `yaml:"roles_claim"`
	// Keys are verification keys written in the file.
	Keys []JWTKey `yaml:"keys"`
	// JWKSFile is a JSON Web Key Set file read at start.
	JWKSFile string `yaml:"jwks_file"`
	// JWKSURL is fetched at start and every JWKSRefresh (default 1h), and
	// again (at most once a minute) when a token names an unknown key.
	JWKSURL     string        `yaml:"jwks_url"`
	JWKSRefresh time.Duration `yaml:"jwks_refresh"`
	// AuthorizationURI is announced in the Bearer challenge (Azure AD, Power BI).
	AuthorizationURI string `yaml:"authorization_uri"`
}

// JWTKey is one verification key.
type JWTKey struct {
	ID  string `yaml:"kid"`
	Alg string `yaml:"alg"` // HS256 | RS256 | ES256
	// Secret is the shared HS256 secret (at least 32 bytes).
	Secret string `yaml:"secret"`
	// PublicKeyFile is a PEM public key (RSA for RS256, P-256 for ES256).
	PublicKeyFile string `yaml:"public_key_file"`
}

// Role is what one role may do in a source.
type Role struct {
	// Default is the access to entity sets not listed: none (default), read or write.
	Default string `yaml:"default"`
	// Sets are per-entity-set rules, by the set name $metadata shows.
	Sets map[string]SetRule `yaml:"sets"`
}

// SetRule is a role's access to one entity set.
type SetRule struct {
	// Access is none, read or write (write includes read); default: the role's default, or read when that is none.
	Access string `yaml:"access"`
	// Filter is an OData $filter expression ANDed into every query of the role.
	Filter string `yaml:"filter"`
	// Hide lists properties the role does not see.
	Hide []string `yaml:"hide"`
}

// TLS serves HTTPS.
type TLS struct {
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// MinVersion is 1.2 (default) or 1.3.
	MinVersion string `yaml:"min_version"`
	// HSTS sends Strict-Transport-Security when MaxAge is set.
	HSTS HSTS `yaml:"hsts"`
}

// HSTS is the Strict-Transport-Security header.
type HSTS struct {
	MaxAge            time.Duration `yaml:"max_age"`
	IncludeSubdomains bool          `yaml:"include_subdomains"`
}

// CORS configures cross-origin requests; nothing is allowed when
// AllowedOrigins is empty.
type CORS struct {
	AllowedOrigins   []string      `yaml:"allowed_origins"` // exact origins or "*"
	AllowedMethods   []string      `yaml:"allowed_methods"` // default GET, HEAD
	AllowedHeaders   []string      `yaml:"allowed_headers"`
	ExposedHeaders   []string      `yaml:"exposed_headers"`
	AllowCredentials bool          `yaml:"allow_credentials"`
	MaxAge           time.Duration `yaml:"max_age"`
}

// RateLimit is a token bucket per principal.
type RateLimit struct {
	// Rate is the sustained requests per second; 0 turns limiting off.
	Rate float64 `yaml:"rate"`
	// Burst is the bucket size (default: Rate rounded up, at least 1).
	Burst int `yaml:"burst"`
	// MaxPrincipals bounds the buckets kept in memory (default 10000).
	MaxPrincipals int `yaml:"max_principals"`
}
