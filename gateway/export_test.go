package gateway

// ParsedRequests is how many requests g parsed (tests of the cache's fast path).
func ParsedRequests(g *Gateway) int64 { return g.parsed.Load() }
