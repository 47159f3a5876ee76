package cache

import "time"

// Policy decides the TTL of an entry: a global default, overridden per
// service, overridden per entity set of a service. A TTL of 0 turns caching
// off at that level (an override of 0 switches off what a wider level enables).
type Policy struct {
	// Default applies where nothing more specific is set.
	Default time.Duration
	// Services overrides Default per service name.
	Services map[string]time.Duration
	// Sets overrides per entity set: Sets[service][set].
	Sets map[string]map[string]time.Duration
}

// TTL returns the time to live of an entry of set in service; set may be ""
// for service-level resources (service document, $metadata).
func (p *Policy) TTL(service, set string) time.Duration {
	if p == nil {
		return 0
	}
	if set != "" {
		if ttl, ok := p.Sets[service][set]; ok {
			return max(ttl, 0)
		}
	}
	if ttl, ok := p.Services[service]; ok {
		return max(ttl, 0)
	}
	return max(p.Default, 0)
}

// Enabled reports whether any level has a positive TTL.
func (p *Policy) Enabled() bool {
	if p == nil {
		return false
	}
	if p.Default > 0 {
		return true
	}
	for _, ttl := range p.Services {
		if ttl > 0 {
			return true
		}
	}
	for _, sets := range p.Sets {
		for _, ttl := range sets {
			if ttl > 0 {
				return true
			}
		}
	}
	return false
}
