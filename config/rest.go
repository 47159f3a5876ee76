package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// REST configures a source of kind rest: a JSON HTTP API whose resources are
// exposed as entity sets (adapters/rest).
type REST struct {
	// BaseURL is the API's root, e.g. https://api.example.com/v1; entity paths
	// are relative to it.
	BaseURL string `yaml:"base_url"`
	// Auth is how the gateway authenticates to the API.
	Auth RESTAuth `yaml:"auth"`
	// Headers are sent with every upstream call (e.g. Accept-Version).
	Headers map[string]string `yaml:"headers"`
	// Timeout bounds one upstream call, retries not included (default 10s).
	Timeout time.Duration `yaml:"timeout"`
	// MaxRows is the ceiling on rows fetched from the API for one request
	// (default 10000); a request that needs more fails with a clear error.
	MaxRows int `yaml:"max_rows"`
	// Retries of idempotent calls on 429, 5xx and timeouts (default 2; 0 turns them off).
	Retries *int `yaml:"retries"`
	// RetryBackoff is the first wait before a retry (default 200ms), doubled
	// at each retry, with jitter.
	RetryBackoff time.Duration `yaml:"retry_backoff"`
	// MaxRetryWait caps the wait a Retry-After header may ask for (default
	// 10s); a longer one fails the call at once.
	MaxRetryWait time.Duration `yaml:"max_retry_wait"`
	// CircuitBreaker stops calling a failing API for a while.
	CircuitBreaker RESTBreaker `yaml:"circuit_breaker"`
	// Concurrency bounds the upstream calls one request makes at once (default 4).
	Concurrency int `yaml:"concurrency"`
	// Entities are the entity sets, one per API collection.
	Entities []RESTEntity `yaml:"entities"`
}

// RESTAuth is the upstream authentication. Type none (default), header
// (Header: Value), bearer (Token), basic (Username, Password) or oauth2
// (client credentials: TokenURL, ClientID, ClientSecret, Scopes; the token
// is fetched when needed and again before it expires or after a 401).
type RESTAuth struct {
	Type         string   `yaml:"type"`
	Header       string   `yaml:"header"`
	Value        string   `yaml:"value"`
	Token        string   `yaml:"token"`
	Username     string   `yaml:"username"`
	Password     string   `yaml:"password"`
	TokenURL     string   `yaml:"token_url"`
	ClientID     string   `yaml:"client_id"`
	ClientSecret string   `yaml:"client_secret"`
	Scopes       []string `yaml:"scopes"`
}

// RESTBreaker configures the circuit breaker of one API: after Failures
// consecutive failed calls (5xx, timeouts, unreachable) calls fail at once
// with 503 for Cooldown, then one trial call decides.
type RESTBreaker struct {
	Failures int           `yaml:"failures"` // default 5
	Cooldown time.Duration `yaml:"cooldown"` // default 30s
}

// RESTEntity is one entity set read from an API collection.
type RESTEntity struct {
	Name string `yaml:"name"` // entity set (and type) name
	// Path is the collection's path below base_url, e.g. /shipments.
	Path string `yaml:"path"`
	// Query holds fixed query parameters sent with every collection call.
	Query map[string]string `yaml:"query"`
	// KeyPath is the path of one entity, with {Property} placeholders for
	// the key properties, e.g. /shipments/{TrackingNumber}. Optional.
	KeyPath string `yaml:"key_path"`
	// Rows is the JSON pointer to the array of rows in a collection
	// response, e.g. /data; default: the response is the array.
	Rows string `yaml:"rows"`
	// Entity is the JSON pointer to the object in a key_path response
	// (default: the response is the object).
	Entity string `yaml:"entity"`
	// Key lists the key properties (by property name).
	Key []string `yaml:"key"`
	// Properties are the structural properties, in order.
	Properties []RESTProperty `yaml:"properties"`
	// Search lists the properties $search looks in (default: every String property).
	Search []string `yaml:"search"`
	// Paging is how the API pages a collection.
	Paging RESTPaging `yaml:"paging"`
	// Filters declare the conditions the API can evaluate itself.
	Filters []RESTFilter `yaml:"filters"`
	// Sort declares how the API sorts.
	Sort *RESTSort `yaml:"sort"`
	// Count is the JSON pointer to the total number of matching rows in a
	// collection response (e.g. /meta/total), used for $count when every
	// condition is pushed down.
	Count string `yaml:"count"`
	// Writes overrides the source's writes for this entity set
	// (config/writes.go; etag does not apply).
	Writes *Writes `yaml:"writes"`
	// Write maps the entity set's writes onto the API.
	Write RESTWrite `yaml:"write"`
}

// RESTWrite says how the writes of an entity set map to API calls: POST
// to CreatePath (default: path); PATCH, PUT and DELETE to ItemPath
// (default: key_path); updates with UpdateMethod PATCH (default: the
// changed properties) or PUT (the whole entity). The created entity is
// read from the POST response at the JSON pointer Created (default: the
// entity pointer), else, or as Reread says (location, key), from the
// Location header or by key. Send lists the properties the API takes
// (default: all); the others are computed by the API.
type RESTWrite struct {
	CreatePath   string   `yaml:"create_path"`
	ItemPath     string   `yaml:"item_path"`
	UpdateMethod string   `yaml:"update_method"`
	Created      string   `yaml:"created"`
	Reread       string   `yaml:"reread"`
	Send         []string `yaml:"send"`
}

// RESTProperty is one property of an API entity.
type RESTProperty struct {
	Name string `yaml:"name"`
	// Type is the Edm type (default Edm.String).
	Type string `yaml:"type"`
	// Field is the JSON member holding the value: a member name (default:
	// Name) or a JSON pointer into the row object (/address/city).
	Field string `yaml:"field"`
	// Nullable (default true; key properties are never null).
	Nullable *bool `yaml:"nullable"`
	// MaxLength of a String; Precision and Scale of a Decimal.
	MaxLength int `yaml:"max_length"`
	Precision int `yaml:"precision"`
	Scale     int `yaml:"scale"`
}

// RESTPaging is the paging style of a collection: none (one call returns
// everything), page (PageParam=1,2,… with SizeParam), offset (OffsetParam
// and LimitParam), cursor (CursorParam taking the value at the JSON
// pointer Cursor of the previous response), link (the Link header's
// rel="next") or next (the URL at the JSON pointer Next of the response).
type RESTPaging struct {
	Style       string `yaml:"style"`
	Size        int    `yaml:"size"`         // rows asked per call (default 100)
	SizeParam   string `yaml:"size_param"`   // page size parameter (default size for page, limit for offset, none otherwise)
	PageParam   string `yaml:"page_param"`   // default page
	FirstPage   *int   `yaml:"first_page"`   // default 1
	OffsetParam string `yaml:"offset_param"` // default offset
	CursorParam string `yaml:"cursor_param"` // default cursor
	Cursor      string `yaml:"cursor"`       // JSON pointer to the next cursor (cursor style)
	Next        string `yaml:"next"`         // JSON pointer to the next URL (next style)
}

// RESTFilter maps a condition on a property to a query parameter:
// `Property Op value` becomes Param=value. Op is eq, ne, lt, le, gt, ge or
// in (a list joined with Separator, default ","; at most MaxValues values
// a call, default 100). The gateway still checks every row it receives, so
// a parameter that matches more loosely (case-insensitively, say) only
// costs rows, never correctness.
type RESTFilter struct {
	Property  string `yaml:"property"`
	Op        string `yaml:"op"`
	Param     string `yaml:"param"`
	Separator string `yaml:"separator"`
	MaxValues int    `yaml:"max_values"`
}

// RESTSort declares the API's sorting: Param takes the sort items joined
// by Separator (default ","), each written per Asc (default "{field}") or
// Desc (default "-{field}") with the property's field. Properties lists
// those the API orders exactly as OData does (strings by code point, nulls
// first ascending); only those orders are pushed down.
type RESTSort struct {
	Param      string   `yaml:"param"`
	Asc        string   `yaml:"asc"`
	Desc       string   `yaml:"desc"`
	Separator  string   `yaml:"separator"`
	Properties []string `yaml:"properties"`
}

var (
	restAuthTypes   = []string{"", "none", "header", "bearer", "basic", "oauth2"}
	restPagingTypes = []string{"", "none", "page", "offset", "cursor", "link", "next"}
	restFilterOps   = []string{"eq", "ne", "lt", "le", "gt", "ge", "in"}
)

// validate checks a rest source; where names it (`source "x"`).
func (r *REST) validate(where string) error {
	u, err := url.Parse(r.BaseURL)
	if r.BaseURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: rest.base_url must be an http:// or https:// URL", where)
	}
	if err := r.Auth.validate(where); err != nil {
		return err
	}
	if r.Timeout < 0 || r.RetryBackoff < 0 || r.MaxRetryWait < 0 || r.CircuitBreaker.Cooldown < 0 {
		return fmt.Errorf("%s: rest durations must not be negative", where)
	}
	if r.MaxRows < 0 || r.Concurrency < 0 || r.CircuitBreaker.Failures < 0 || (r.Retries != nil && *r.Retries < 0) {
		return fmt.Errorf("%s: rest counts (max_rows, concurrency, retries, circuit_breaker.failures) must not be negative", where)
	}
	if len(r.Entities) == 0 {
		return fmt.Errorf("%s: rest.entities: at least one entity set is required", where)
	}
	seen := map[string]bool{}
	for i := range r.Entities {
		e := &r.Entities[i]
		at := fmt.Sprintf("%s: rest.entities[%d]", where, i)
		if seen[e.Name] {
			return fmt.Errorf("%s.name: duplicate entity set %q", at, e.Name)
		}
		seen[e.Name] = true
		if err := e.validate(at); err != nil {
			return err
		}
	}
	return nil
}

func (a *RESTAuth) validate(where string) error {
	if !slices.Contains(restAuthTypes, a.Type) {
		return fmt.Errorf("%s: rest.auth.type %q is not one of none, header, bearer, basic, oauth2", where, a.Type)
	}
	missing := func(key string) error {
		return fmt.Errorf("%s: rest.auth.%s is required for type %s", where, key, a.Type)
	}
	switch a.Type {
	case "header":
		if a.Header == "" {
			return missing("header")
		}
		if a.Value == "" {
			return missing("value")
		}
	case "bearer":
		if a.Token == "" {
			return missing("token")
		}
	case "basic":
		if a.Username == "" {
			return missing("username")
		}
	case "oauth2":
		if u, err := url.Parse(a.TokenURL); a.TokenURL == "" || err != nil || u.Host == "" {
			return missing("token_url (an absolute URL)")
		}
		if a.ClientID == "" {
			return missing("client_id")
		}
		if a.ClientSecret == "" {
			return missing("client_secret")
		}
	}
	return nil
}

func (e *RESTEntity) validate(at string) error {
	if !serviceName.MatchString(e.Name) || strings.ContainsAny(e.Name, ".-") {
		return fmt.Errorf("%s.name: %q must start with a letter and contain only letters, digits and _", at, e.Name)
	}
	if !strings.HasPrefix(e.Path, "/") {
		return fmt.Errorf("%s.path: %q must start with /", at, e.Path)
	}
	if len(e.Properties) == 0 {
		return fmt.Errorf("%s.properties: at least one property is required", at)
	}
	props := map[string]bool{}
	for j, p := range e.Properties {
		if !serviceName.MatchString(p.Name) || strings.ContainsAny(p.Name, ".-") {
			return fmt.Errorf("%s.properties[%d].name: %q is not a valid property name", at, j, p.Name)
		}
		if props[p.Name] {
			return fmt.Errorf("%s.properties[%d].name: duplicate property %q", at, j, p.Name)
		}
		props[p.Name] = true
	}
	if len(e.Key) == 0 {
		return fmt.Errorf("%s.key: at least one key property is required", at)
	}
	for j, k := range e.Key {
		if !props[k] {
			return fmt.Errorf("%s.key[%d]: %q is not a property", at, j, k)
		}
		if e.KeyPath != "" && !strings.Contains(e.KeyPath, "{"+k+"}") {
			return fmt.Errorf("%s.key_path: %q has no placeholder {%s}", at, e.KeyPath, k)
		}
	}
	if e.KeyPath != "" && !strings.HasPrefix(e.KeyPath, "/") {
		return fmt.Errorf("%s.key_path: %q must start with /", at, e.KeyPath)
	}
	for _, ptr := range []struct{ key, v string }{{"rows", e.Rows}, {"entity", e.Entity}, {"count", e.Count}, {"write.created", e.Write.Created},
		{"paging.cursor", e.Paging.Cursor}, {"paging.next", e.Paging.Next}} {
		if ptr.v != "" && !strings.HasPrefix(ptr.v, "/") {
			return fmt.Errorf("%s.%s: %q is not a JSON pointer (it starts with /)", at, ptr.key, ptr.v)
		}
	}
	if err := e.validateWrite(at, props); err != nil {
		return err
	}
	for j, s := range e.Search {
		if !props[s] {
			return fmt.Errorf("%s.search[%d]: %q is not a property", at, j, s)
		}
	}
	if err := e.Paging.validate(at); err != nil {
		return err
	}
	for j, f := range e.Filters {
		if !props[f.Property] {
			return fmt.Errorf("%s.filters[%d].property: %q is not a property", at, j, f.Property)
		}
		if !slices.Contains(restFilterOps, f.Op) {
			return fmt.Errorf("%s.filters[%d].op: %q is not one of %s", at, j, f.Op, strings.Join(restFilterOps, ", "))
		}
		if f.Param == "" {
			return fmt.Errorf("%s.filters[%d].param is required", at, j)
		}
		if f.MaxValues < 0 {
			return fmt.Errorf("%s.filters[%d].max_values must not be negative", at, j)
		}
	}
	if e.Sort != nil {
		if e.Sort.Param == "" {
			return fmt.Errorf("%s.sort.param is required", at)
		}
		for j, p := range e.Sort.Properties {
			if !props[p] {
				return fmt.Errorf("%s.sort.properties[%d]: %q is not a property", at, j, p)
			}
		}
	}
	return nil
}

func (p *RESTPaging) validate(at string) error {
	if !slices.Contains(restPagingTypes, p.Style) {
		return fmt.Errorf("%s.paging.style: %q is not one of none, page, offset, cursor, link, next", at, p.Style)
	}
	if p.Size < 0 {
		return fmt.Errorf("%s.paging.size must not be negative", at)
	}
	switch {
	case p.Style == "cursor" && p.Cursor == "":
		return fmt.Errorf("%s.paging.cursor (JSON pointer to the next cursor) is required for style cursor", at)
	case p.Style == "next" && p.Next == "":
		return fmt.Errorf("%s.paging.next (JSON pointer to the next URL) is required for style next", at)
	}
	return nil
}

// validateWrite checks an entity set's write mapping: paths, method and
// reread mode, the properties sent, and that updates and deletes, when the
// set may take them, have an item path.
func (e *RESTEntity) validateWrite(at string, props map[string]bool) error {
	w := e.Write
	if w.CreatePath != "" && !strings.HasPrefix(w.CreatePath, "/") {
		return fmt.Errorf("%s.write.create_path: %q must start with /", at, w.CreatePath)
	}
	if w.ItemPath != "" {
		if !strings.HasPrefix(w.ItemPath, "/") {
			return fmt.Errorf("%s.write.item_path: %q must start with /", at, w.ItemPath)
		}
		for _, k := range e.Key {
			if !strings.Contains(w.ItemPath, "{"+k+"}") {
				return fmt.Errorf("%s.write.item_path: %q has no placeholder {%s}", at, w.ItemPath, k)
			}
		}
	}
	switch strings.ToUpper(w.UpdateMethod) {
	case "", "PATCH", "PUT":
	default:
		return fmt.Errorf("%s.write.update_method: %q is not PATCH or PUT", at, w.UpdateMethod)
	}
	switch w.Reread {
	case "", "location", "key":
	default:
		return fmt.Errorf("%s.write.reread: %q is not location or key", at, w.Reread)
	}
	for j, p := range w.Send {
		if !props[p] {
			return fmt.Errorf("%s.write.send[%d]: %q is not a property", at, j, p)
		}
	}
	if e.Writes != nil && e.Writes.ETag != "" {
		return fmt.Errorf("%s.writes.etag: does not apply to API entity sets (their ETag is a hash of the entity; the API's own ETags are sent as If-Match)", at)
	}
	return nil
}

// validateWrites checks that every entity set of a rest source that
// may take updates or deletes has a path to send them to.
func (r *REST) validateWrites(src Writes, where string) error {
	for i, e := range r.Entities {
		sw := src.Effective(e.Writes)
		if (sw.Update || sw.Delete) && e.Write.ItemPath == "" && e.KeyPath == "" {
			return fmt.Errorf("%s: rest.entities[%d] (%s) takes updates or deletes: it needs key_path or write.item_path", where, i, e.Name)
		}
	}
	return nil
}
