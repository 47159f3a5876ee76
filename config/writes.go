package config

import (
	"fmt"
)

// Writes makes a source, or one of its tables, writable through the
// gateway. Everything is read-only unless configured: a source's writes
// apply to all its entity sets; a table's writes override single switches
// (keys left out keep the source's setting).
//
//	sources:
//	  - name: erp
//	    writes: {insert: true, update: true, delete: true, require_if_match: true}
//	    entities:
//	      audit_log:
//	        writes: {update: false, delete: false}
//	      orders:
//	        writes: {etag: row_version}
type Writes struct {
	Insert *bool `yaml:"insert"` // POST creates entities
	Update *bool `yaml:"update"` // PATCH and PUT change them
	Delete *bool `yaml:"delete"` // DELETE removes them
	// RequireIfMatch answers updates and deletes without an If-Match header
	// with 428 Precondition Required.
	RequireIfMatch *bool `yaml:"require_if_match"`
	// ETag names a version column (an integer the gateway increments on
	// every update, or a date-time it sets to the time of the update) whose
	// value is the entity's ETag; tables only. Default: the ETag is a hash of
	// the entity's values.
	ETag string `yaml:"etag"`
}

// Default and bounds of max_request_body.
const (
	DefaultMaxRequestBody ByteSize = 8 << 20 // Salesforce Connect's own request limit
	MaxRequestBodyCeiling ByteSize = 1 << 30
)

// WriteSwitches are the effective settings of one entity set.
type WriteSwitches struct {
	Insert, Update, Delete, RequireIfMatch bool
	ETag                                   string // version column, "" = hash of the row
}

// Any reports whether any change is allowed.
func (w WriteSwitches) Any() bool { return w.Insert || w.Update || w.Delete }

// Effective combines a source's writes with a table's overrides.
func (w Writes) Effective(table *Writes) WriteSwitches {
	pick := func(v *bool, dflt bool) bool {
		if v != nil {
			return *v
		}
		return dflt
	}
	out := WriteSwitches{Insert: pick(w.Insert, false), Update: pick(w.Update, false),
		Delete: pick(w.Delete, false), RequireIfMatch: pick(w.RequireIfMatch, false)}
	if table != nil {
		out.Insert = pick(table.Insert, out.Insert)
		out.Update = pick(table.Update, out.Update)
		out.Delete = pick(table.Delete, out.Delete)
		out.RequireIfMatch = pick(table.RequireIfMatch, out.RequireIfMatch)
		out.ETag = table.ETag
	}
	return out
}

// validateWrites checks the write settings of source s; where names it.
func validateWrites(s *Source, where string) error {
	if s.Writes.ETag != "" {
		return fmt.Errorf("%s: writes.etag: only under entities.<table>.writes (it names a column of that table)", where)
	}
	return nil
}

// validateMaxRequestBody fills the default body limit and checks it.
func (c *Config) validateMaxRequestBody() error {
	if c.MaxRequestBody == 0 {
		c.MaxRequestBody = DefaultMaxRequestBody
	}
	if c.MaxRequestBody < 1024 || c.MaxRequestBody > MaxRequestBodyCeiling {
		return fmt.Errorf("max_request_body: %d is out of range 1KiB..1GiB", c.MaxRequestBody)
	}
	return nil
}
