package auth

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2/simplelru"

	"odatagw/config"
	"odatagw/gateway/query"
	"odatagw/metadata"
)

// EveryoneRole is the role every caller of a service holds, anonymous or not.
const EveryoneRole = "*"

// maxViews bounds the views a policy keeps (one per model and combination
// of the policy's roles that callers hold).
const maxViews = 256

// Access is what a role may do with an entity set.
type Access int

// Access levels, in order.
const (
	AccessNone Access = iota
	AccessRead
	AccessWrite
)

func parseAccess(s string) Access {
	switch s {
	case config.AccessRead:
		return AccessRead
	case config.AccessWrite:
		return AccessWrite
	}
	return AccessNone
}

// rule is one role's access to one entity set, with its row filter parsed
// (and bound per model when a view is built).
type rule struct {
	access Access
	filter query.Expr // nil: every row
	text   string     // the filter as written, for errors
	hide   []string
	key    string // configuration key, for errors
}

// role is a configured role of a service.
type role struct {
	name  string
	def   Access
	sets  map[string]*rule
	where string
}

// Policy is what the roles of one service may see and do. It is safe for
// concurrent use.
type Policy struct {
	service string
	roles   map[string]*role

	mu    sync.Mutex
	model *metadata.Model // the model the cached views belong to
	views *lru.LRU[string, *View]
}

// NewPolicy compiles a source's roles; where names the source for errors
// (source "erp"). Row filters are parsed here and bound to each model the
// service serves (Check binds them at start-up so errors show at once).
func NewPolicy(service, where string, roles map[string]config.Role) (*Policy, error) {
	p := &Policy{service: service, roles: map[string]*role{}}
	for name, rc := range roles {
		r := &role{name: name, def: parseAccess(rc.Default), sets: map[string]*rule{}, where: fmt.Sprintf("%s: security.roles.%s", where, name)}
		for set, sc := range rc.Sets {
			ru := &rule{access: parseAccess(sc.Access), text: sc.Filter, hide: sc.Hide, key: r.where + ".sets." + set}
			if sc.Access == "" {
				ru.access = max(r.def, AccessRead)
			}
			if sc.Filter != "" {
				opts, err := query.ParseQuery("$filter=" + escapeQueryValue(sc.Filter))
				if err != nil {
					return nil, fmt.Errorf("%s.filter: %v", ru.key, err)
				}
				ru.filter = opts.Filter
			}
			r.sets[set] = ru
		}
		p.roles[name] = r
	}
	p.views, _ = lru.NewLRU[string, *View](maxViews, nil)
	return p, nil
}

// escapeQueryValue percent-encodes everything but unreserved characters, so
// that the filter reaches the parser exactly as written.
func escapeQueryValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// Check binds every rule to m: unknown entity sets and properties and
// invalid filters are errors naming the configuration key.
func (p *Policy) Check(m *metadata.Model) error {
	names := make([]string, 0, len(p.roles))
	for n := range p.roles {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, err := p.build(m, []*role{p.roles[n]}); err != nil {
			return err
		}
	}
	return nil
}

// View returns what the principal may see of m, or a *Forbidden when it
// holds none of the policy's roles.
func (p *Policy) View(pr *Principal, m *metadata.Model) (*View, error) {
	var held []*role
	for _, r := range p.roles {
		if r.name == EveryoneRole || (pr != nil && pr.HasRole(r.name)) {
			held = append(held, r)
		}
	}
	if len(held) == 0 {
		return nil, &Forbidden{Reason: fmt.Sprintf("you hold no role with access to service '%s'", p.service)}
	}
	slices.SortFunc(held, func(a, b *role) int { return strings.Compare(a.name, b.name) })
	var kb strings.Builder
	for _, r := range held {
		fmt.Fprintf(&kb, "%d:%s", len(r.name), r.name)
	}
	key := kb.String()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.model != m { // a refreshed schema: views of the old model are useless
		p.model = m
		p.views.Purge()
	}
	if v, ok := p.views.Get(key); ok {
		return v, nil
	}
	v, err := p.build(m, held)
	if err != nil {
		return nil, err
	}
	p.views.Add(key, v)
	return v, nil
}

// Forbidden is an authenticated caller without access: the gateway answers 403.
type Forbidden struct{ Reason string }

func (f *Forbidden) Error() string { return f.Reason }
