// Package federation serves several sources under one service root: their
// entity sets side by side in one model (one namespace), with declared
// navigation properties from an entity set of one source to an entity set
// of another (Orders.Shipment from a database to an API's Shipments).
//
// Each query goes to the source owning its entity set. $expand across
// sources needs nothing more: the gateway reads the related entities with
// one query on the target set restricted to the parents' values
// (`TrackingNumber in (…)`), which the target source answers in batches
// (for an API: one call per chunk of values where it takes a list, else
// bounded concurrency). A filter or order that would join across sources
// in one statement (`Shipment/Status eq 'x'` on Orders) is 501.
package federation

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Member is one source of a federation.
type Member struct {
	Name   string
	Source adapters.Source
}

// Source is the federation of its members. It does not own them: Close
// leaves them open (they are closed by whoever opened them).
type Source struct {
	namespace string
	members   []Member
	links     []Link

	mu     sync.Mutex
	merged *merged
}

var (
	_ adapters.Source = (*Source)(nil)
	_ adapters.Writer = (*Source)(nil)
)

// New returns the federation of members under namespace, with links. It
// builds the merged model once to report configuration errors now.
func New(ctx context.Context, namespace string, members []Member, links []Link) (*Source, error) {
	if len(members) == 0 {
		return nil, fmt.Errorf("federation: no sources")
	}
	s := &Source{namespace: namespace, members: members, links: links}
	if _, err := s.current(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// current returns the merged model of the members' current models,
// rebuilding it when one of them changed (a schema refresh).
func (s *Source) current(ctx context.Context) (*merged, error) {
	models := make([]*metadata.Model, len(s.members))
	names := make([]string, len(s.members))
	for i, m := range s.members {
		mm, err := m.Source.Model(ctx)
		if err != nil {
			return nil, err
		}
		models[i], names[i] = mm, m.Name
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.merged != nil && samePointers(s.merged.members, models) {
		return s.merged, nil
	}
	mg, err := merge(s.namespace, models, names, s.links)
	if err != nil {
		return nil, fmt.Errorf("federation: %w", err)
	}
	s.merged = mg
	return mg, nil
}

func samePointers(a, b []*metadata.Model) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// Model returns the merged model.
func (s *Source) Model(ctx context.Context) (*metadata.Model, error) {
	mg, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	return mg.model, nil
}

// route returns the member owning set after checking that q stays within it.
func (s *Source) route(ctx context.Context, q *adapters.Query) (adapters.Source, error) {
	mg, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	i, ok := mg.owner[q.Set.Name]
	if !ok {
		return nil, odataerr.NotFound("entity set %s is not served here", q.Set.Name)
	}
	if n := crossing(mg.owner, q); n != nil {
		return nil, odataerr.NotImplemented("'%s' leads from source %q to another source: filters and orders cannot follow it (use $expand=%s to read the related entities)",
			n.Name, s.members[i].Name, n.Name)
	}
	return s.members[i].Source, nil
}

// Query runs q on the member owning its entity set.
func (s *Source) Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error) {
	src, err := s.route(ctx, q)
	if err != nil {
		return nil, err
	}
	return src.Query(ctx, q)
}

// Count runs q's count on the member owning its entity set.
func (s *Source) Count(ctx context.Context, q *adapters.Query) (int64, error) {
	src, err := s.route(ctx, q)
	if err != nil {
		return 0, err
	}
	return src.Count(ctx, q)
}

// Close does nothing: the members belong to their own services.
func (s *Source) Close() error { return nil }

// writer returns the member owning set as a Writer, or a 405 (caused by
// adapters.ErrReadOnly) when it cannot write.
func (s *Source) writer(ctx context.Context, set *metadata.EntitySet) (adapters.Writer, error) {
	src, err := s.route(ctx, &adapters.Query{Set: set})
	if err != nil {
		return nil, err
	}
	w, ok := src.(adapters.Writer)
	if !ok {
		return nil, odataerr.New(http.StatusMethodNotAllowed, "MethodNotAllowed",
			"entity set '%s' is read-only: its source cannot write", set.Name).WithCause(adapters.ErrReadOnly)
	}
	return w, nil
}

// Insert forwards to the member owning the set.
func (s *Source) Insert(ctx context.Context, ins *adapters.Insert) ([]any, error) {
	w, err := s.writer(ctx, ins.Set)
	if err != nil {
		return nil, err
	}
	return w.Insert(ctx, ins)
}

// Update forwards to the member owning the set.
func (s *Source) Update(ctx context.Context, upd *adapters.Update) ([]any, error) {
	w, err := s.writer(ctx, upd.Set)
	if err != nil {
		return nil, err
	}
	return w.Update(ctx, upd)
}

// Delete forwards to the member owning the set.
func (s *Source) Delete(ctx context.Context, del *adapters.Delete) error {
	w, err := s.writer(ctx, del.Set)
	if err != nil {
		return err
	}
	return w.Delete(ctx, del)
}
