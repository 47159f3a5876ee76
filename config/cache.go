package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Cache configures the in-memory response cache. It holds source data in
// process memory only (never on disk), for at most the TTL, separately for
// each caller.
type Cache struct {
	// TTL is how long a response may be served from memory; 0 (the default)
	// turns caching off except where a source or entity set enables it.
	TTL time.Duration `yaml:"ttl"`
	// MaxBytes bounds the memory the cache holds (default 64MiB).
	MaxBytes ByteSize `yaml:"max_bytes"`
	// MaxEntryBytes bounds one cached response (default 1MiB); larger
	// responses stream as usual and are not cached.
	MaxEntryBytes ByteSize `yaml:"max_entry_bytes"`
}

// SourceCache overrides the cache TTL for one source and its entity sets.
type SourceCache struct {
	// TTL overrides cache.ttl for this source; 0s turns it off here.
	TTL *time.Duration `yaml:"ttl"`
	// Sets overrides the TTL per entity set, by the set name $metadata shows
	// (after naming and renames); 0s turns caching off for that set.
	Sets map[string]time.Duration `yaml:"sets"`
}

// Cache defaults.
const (
	DefaultCacheMaxBytes      ByteSize = 64 << 20
	DefaultCacheMaxEntryBytes ByteSize = 1 << 20
)

// ByteSize is a number of bytes, written as an integer or with a unit:
// 512KiB, 64MiB, 1GiB (also KB, MB, GB as powers of 1000).
type ByteSize int64

// UnmarshalYAML reads an integer or a number with a unit.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseByteSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*b = v
	return nil
}

// ParseByteSize parses "1048576", "1MiB", "512 KiB", "2GB".
func ParseByteSize(s string) (ByteSize, error) {
	t := strings.TrimSpace(s)
	num := strings.TrimRightFunc(t, func(r rune) bool { return r < '0' || r > '9' })
	unit := strings.TrimSpace(t[len(num):])
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a size in bytes (e.g. 1048576, 512KiB, 64MiB)", s)
	}
	mult := map[string]int64{"": 1, "B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30,
		"KB": 1e3, "MB": 1e6, "GB": 1e9}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("%q: unknown unit %q (use B, KiB, MiB, GiB, KB, MB or GB)", s, unit)
	}
	if n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return ByteSize(n * mult), nil
}

// validate checks the cache settings and fills defaults.
func (c *Cache) validate() error {
	if c.TTL < 0 {
		return fmt.Errorf("cache.ttl: must not be negative")
	}
	if c.MaxBytes == 0 {
		c.MaxBytes = DefaultCacheMaxBytes
	}
	if c.MaxEntryBytes == 0 {
		c.MaxEntryBytes = DefaultCacheMaxEntryBytes
	}
	if c.MaxEntryBytes > c.MaxBytes {
		return fmt.Errorf("cache.max_entry_bytes: %d is larger than cache.max_bytes %d", c.MaxEntryBytes, c.MaxBytes)
	}
	return nil
}

// validate checks one source's cache overrides; where names the source.
func (c *SourceCache) validate(where string) error {
	if c.TTL != nil && *c.TTL < 0 {
		return fmt.Errorf("%s: cache.ttl must not be negative", where)
	}
	for set, ttl := range c.Sets {
		if ttl < 0 {
			return fmt.Errorf("%s: cache.sets.%s must not be negative", where, set)
		}
	}
	return nil
}
