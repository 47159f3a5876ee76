package expand

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"odatagw/adapters"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Limits of an expansion.
const (
	// MaxRows is the default budget of related entities one request may
	// buffer across all its levels. Parents are a page (at most 2,000);
	// related rows are held until the page is written.
	MaxRows = 100_000
	// MaxParams bounds the key values (bound parameters) in one related
	// read, well under the engines' limits (SQLite 32766, MySQL and
	// PostgreSQL 65535 parameters per statement). A page of parents never
	// reaches it, so the first level is always one statement; a deeper level
	// whose parents hold more key values than this is read in chunks.
	MaxParams = 20000
)

// ErrTooManyRows is wrapped by the error of an expansion beyond its budget.
var ErrTooManyRows = errors.New("expand: too many related entities")

// Related holds the related entities of one parent row, one entry per
// level of the parent's plan. It sits in the parent's slot (see Buffer).
type Related struct {
	Rows   [][][]any
	Counts []int64
}

// Querier runs queries: an adapters.Source or an adapters.Tx.
type Querier interface {
	Query(ctx context.Context, q *adapters.Query) (adapters.Rows, error)
}

// Reader reads expansions from a source within a row budget. It is used
// for one request and is not safe for concurrent use.
type Reader struct {
	Source Querier
	// MaxRows is the budget of buffered related entities; 0 means MaxRows.
	MaxRows int
	rows    int
}

// Buffer copies a row's values (valid only until the next Next) with one
// extra last slot for its *Related.
func Buffer(vals []any) []any {
	out := make([]any, len(vals)+1)
	for i, v := range vals {
		if b, ok := v.([]byte); ok {
			v = bytes.Clone(b)
		}
		out[i] = v
	}
	return out
}

// Fill reads the related entities of parents (rows made by Buffer; slot is
// the index of their last slot) for every level, one statement per level
// (per MaxParams chunk), and stores them in each parent's *Related.
func (r *Reader) Fill(ctx context.Context, levels []*Level, parents [][]any, slot int) error {
	if len(levels) == 0 {
		return nil
	}
	for _, p := range parents {
		p[slot] = &Related{Rows: make([][][]any, len(levels)), Counts: make([]int64, len(levels))}
	}
	for i, l := range levels {
		if err := r.fillLevel(ctx, l, i, parents, slot); err != nil {
			return err
		}
	}
	return nil
}

// fillLevel fills entry i of the parents' *Related with their related rows.
func (r *Reader) fillLevel(ctx context.Context, l *Level, i int, parents [][]any, slot int) error {
	byKey := map[string][]int{} // constraint values → parents holding them
	var tuples [][]any
	for pi, row := range parents {
		vals, k, ok := tupleOf(row, l.ParentIdx)
		if !ok {
			continue // a null foreign key relates to nothing
		}
		if _, seen := byKey[k]; !seen {
			tuples = append(tuples, vals)
		}
		byKey[k] = append(byKey[k], pi)
	}
	if l.paged() && l.Top == 0 && !l.Count {
		tuples = nil // nothing to read: every parent gets an empty page
	}
	kept := map[string][][]any{}
	counts := map[string]int64{}
	var all [][]any // every kept related row once, for the next level
	per := max(1, MaxParams/len(l.ParentIdx))
	ncols := len(l.Query.Columns())
	for start := 0; start < len(tuples); start += per {
		q := l.ReadFor(tuples[start:min(start+per, len(tuples))])
		rows, err := r.Source.Query(ctx, &q)
		if err != nil {
			return err
		}
		for rows.Next() {
			vals := rows.Values()
			_, k, _ := tupleOf(vals, l.ChildIdx)
			if pt := q.Partition; pt != nil {
				pos, _ := vals[ncols].(int64)
				if pt.Count {
					counts[k], _ = vals[ncols+1].(int64)
				}
				if !pt.InPage(pos) {
					continue
				}
			} else {
				counts[k]++
			}
			if err = r.take(); err != nil {
				break
			}
			row := Buffer(vals[:ncols])
			kept[k] = append(kept[k], row)
			all = append(all, row)
		}
		if err == nil {
			err = rows.Err()
		}
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	for k, idx := range byKey {
		if !l.Nav.Collection && counts[k] > 1 {
			return odataerr.New(http.StatusInternalServerError, "NavigationNotUnique",
				"more than one entity in '%s' is related through the single-valued navigation property '%s'", l.Query.Set.Name, l.Nav.Name)
		}
		for _, pi := range idx {
			x := parents[pi][slot].(*Related)
			x.Rows[i], x.Counts[i] = kept[k], counts[k]
		}
	}
	return r.Fill(ctx, l.Levels, all, ncols)
}

// take counts one buffered related row against the budget.
func (r *Reader) take() error {
	limit := r.MaxRows
	if limit <= 0 {
		limit = MaxRows
	}
	r.rows++
	if r.rows > limit {
		return odataerr.New(http.StatusBadRequest, "ExpandTooLarge",
			"$expand would hold more than %d related entities for this page: ask for smaller pages (Prefer: odata.maxpagesize), or narrow the expansion with a nested $filter or $top", limit).
			WithCause(ErrTooManyRows)
	}
	return nil
}

// tupleOf returns the values of row at idx and their grouping key; ok is
// false when one of them is null. The key renders each value's Go value
// (metadata/values.go) so that a parent's and a child's value of the same
// Edm value give the same key whichever side's property holds them.
func tupleOf(row []any, idx []int) ([]any, string, bool) {
	vals := make([]any, len(idx))
	var sb strings.Builder
	for j, ix := range idx {
		v := row[ix]
		if v == nil {
			return nil, "", false
		}
		vals[j] = v
		appendKey(&sb, v)
		sb.WriteByte(0)
	}
	return vals, sb.String(), true
}

func appendKey(sb *strings.Builder, v any) {
	switch x := v.(type) {
	case string:
		sb.WriteString(x)
	case int64:
		sb.WriteString(strconv.FormatInt(x, 10))
	case bool:
		sb.WriteString(strconv.FormatBool(x))
	case float64:
		sb.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case metadata.Decimal:
		sb.WriteString(string(x))
	case time.Time:
		sb.WriteString(x.UTC().Format(time.RFC3339Nano))
	case []byte:
		sb.Write(x)
	case interface{ String() string }: // Date, TimeOfDay
		sb.WriteString(x.String())
	}
}
