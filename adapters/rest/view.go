package rest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Rows of the caller's view. The gateway may hand the source an entity set
// of a narrower model than the source's own: a role's view of the service
// (auth.View) leaves out the properties the role may not see, and a
// federation's set is its own copy. Their properties are the source's
// (shared), but fewer: the source fetches rows in its own type's order and
// must answer rows in the order of the type it was given, or every value
// after a left-out property lands under the wrong name (a hidden value
// under a visible name, filters comparing the wrong property). Queries run
// over whole rows (fullQuery); the rows of writes are projected (project).

// viewOf returns the index in e's rows of each property of t, or nil when
// t's rows are e's rows.
func (e *entity) viewOf(t *metadata.EntityType) []int {
	own := e.set.Type
	if t == own || slices.Equal(t.Properties, own.Properties) {
		return nil
	}
	idx := make([]int, len(t.Properties))
	for i, p := range t.Properties {
		idx[i] = -1
		for j, q := range own.Properties {
			if q == p || q.Name == p.Name {
				idx[i] = j
				break
			}
		}
	}
	return idx
}

// project turns a row of e into a row of the view idx describes (viewOf);
// a nil idx keeps the row.
func project(idx []int, row []any) []any {
	if idx == nil || row == nil {
		return row
	}
	out := make([]any, len(idx))
	for i, j := range idx {
		if j >= 0 {
			out[i] = row[j]
		}
	}
	return out
}

// fullQuery restates q, asked of a narrower type than e's own, over e's
// own rows: its filter may name properties the caller's view leaves out
// (a role's row filter on a property it hides), so rows are evaluated
// whole; the answer is still the caller's columns, and $search still looks
// in the caller's properties only.
func (e *entity) fullQuery(q *adapters.Query) *adapters.Query {
	own := e.set.Type
	if q.Set.Type == own || slices.Equal(q.Set.Type.Properties, own.Properties) {
		return q
	}
	t := *own
	t.SearchProperties = append([]*metadata.Property{}, q.Set.Type.Searchable()...) // non-nil: nil means every string property
	fq := *q
	fq.Set = &metadata.EntitySet{Name: q.Set.Name, Type: &t}
	fq.Select = q.Columns()
	return &fq
}

// propError is a value of one property that does not fit its type.
type propError struct {
	prop *metadata.Property
	err  error
}

func (e *propError) Error() string { return fmt.Sprintf("property %s: %v", e.prop.Name, e.err) }
func (e *propError) Unwrap() error { return e.err }

// inView keeps the detail of err, an answer to a request on set, only when
// the property it names is one of set's: the message of data that does not
// fit names the property and quotes the value, which a caller whose view
// hides the property must not read. The detail stays in the cause (logs).
func (s *Source) inView(err error, set *metadata.EntitySet) error {
	var pe *propError
	if err == nil || set == nil || !errors.As(err, &pe) || slices.Contains(set.Type.Properties, pe.prop) {
		return err
	}
	return odataerr.New(http.StatusBadGateway, codeUpstreamData, "upstream %q sent data that does not fit entity set %s", s.name, set.Name).WithCause(err)
}
