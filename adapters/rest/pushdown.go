package rest

import (
	"net/url"
	"slices"
	"strings"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// plan is what the API is asked for one query. The gateway evaluates the
// whole query over the rows it receives in any case (adapters/memquery), so
// pushing a condition down only saves rows; exact says that the API's
// answer is exactly the matching rows (every condition pushed, no
// $search), which allows reading only as many as the page needs.
type plan struct {
	params url.Values // pushed conditions
	// fanOut, when set, is one condition with several values (a key list of
	// $expand, an `in`): the API is called once per value or per chunk of
	// values, and the answers are united.
	fanOut *fanOut
	// byKey lists entities to read with key_path, one call each.
	byKey [][]any
	exact bool
	sort  string // the sort parameter's value, "" when the order is not pushed
	// afterPushed says that keyset continuation (q.After) is a pushed condition.
	afterPushed bool
}

type fanOut struct {
	param  string
	values []string
	chunk  int    // values per call (1 without an `in` parameter)
	sep    string // joins a chunk
}

// planQuery decides the upstream calls for q on e.
func (e *entity) planQuery(q *adapters.Query) *plan {
	p := &plan{params: url.Values{}, exact: q.Search == nil}
	conds := conjuncts(q.Filter)
	for _, k := range q.Key {
		conds = append(conds, &bound.Binary{Op: bound.Eq, Left: &bound.Property{Prop: k.Prop}, Right: &bound.Const{T: k.Prop.Type, Value: k.Value}, T: metadata.EdmBoolean})
	}
	after := afterCondition(q) // keyset continuation on one property
	if after != nil {
		conds = append(conds, after)
	}
	if keys := e.keyLookup(q, conds); keys != nil {
		p.byKey, p.exact = keys, false // exactness only matters for paged reads
		return p
	}
	for _, c := range conds {
		pushed := e.push(p, c)
		if !pushed {
			p.exact = false
		}
		if c == after {
			p.afterPushed = pushed
		}
	}
	p.sort = e.sortParam(q)
	return p
}

// keyLookup returns the keys to read with key_path when the conditions
// pin the (single-property) key to one value or a list of values, or the
// whole key to values.
func (e *entity) keyLookup(q *adapters.Query, conds []bound.Expr) [][]any {
	if e.keyPath == "" {
		return nil
	}
	key := e.set.Type.Key
	if len(q.Key) == len(key) {
		vals := make([]any, len(key))
		for i, k := range q.Key {
			vals[i] = k.Value
		}
		return [][]any{vals}
	}
	if len(key) != 1 {
		return nil
	}
	for _, c := range conds {
		if in, ok := c.(*bound.In); ok {
			if prop, vals, ok := propertyIn(in); ok && prop == key[0] && e.filterFor(prop, "in") == nil {
				out := make([][]any, len(vals))
				for i, v := range vals {
					out[i] = []any{v}
				}
				return out
			}
		}
	}
	return nil
}

// push adds condition c to p when a declared filter expresses it exactly.
func (e *entity) push(p *plan, c bound.Expr) bool {
	switch c := c.(type) {
	case *bound.Binary:
		prop, op, v, ok := propertyCompare(c)
		if !ok {
			return false
		}
		f := e.filterFor(prop, op)
		if f == nil {
			if op == "eq" && p.fanOut == nil { // eq as a one-value in
				if f = e.filterFor(prop, "in"); f != nil {
					p.fanOut = &fanOut{param: f.Param, values: []string{paramText(v)}, chunk: maxValues(f), sep: separator(f)}
					return true
				}
			}
			return false
		}
		return setParam(p.params, f.Param, paramText(v))
	case *bound.In:
		prop, vals, ok := propertyIn(c)
		if !ok || p.fanOut != nil {
			return false
		}
		texts := make([]string, len(vals))
		for i, v := range vals {
			texts[i] = paramText(v)
		}
		if f := e.filterFor(prop, "in"); f != nil {
			p.fanOut = &fanOut{param: f.Param, values: texts, chunk: maxValues(f), sep: separator(f)}
			return true
		}
		if f := e.filterFor(prop, "eq"); f != nil && p.params.Get(f.Param) == "" {
			p.fanOut = &fanOut{param: f.Param, values: texts, chunk: 1}
			return true
		}
	}
	return false
}

func setParam(v url.Values, name, value string) bool {
	if old, ok := v[name]; ok {
		return len(old) == 1 && old[0] == value
	}
	v.Set(name, value)
	return true
}

func maxValues(f *Filter) int {
	if f.MaxValues > 0 {
		return f.MaxValues
	}
	return 100
}

func separator(f *Filter) string {
	if f.Separator != "" {
		return f.Separator
	}
	return ","
}

func (e *entity) filterFor(p *metadata.Property, op string) *Filter {
	if f, ok := e.filters[filterKey{p, op}]; ok {
		return &f
	}
	return nil
}

var opNames = map[bound.Op]string{bound.Eq: "eq", bound.Ne: "ne", bound.Lt: "lt", bound.Le: "le", bound.Gt: "gt", bound.Ge: "ge"}

// propertyCompare matches `Prop op constant` (either way round) with a
// non-null constant on a property of the entity itself.
func propertyCompare(b *bound.Binary) (*metadata.Property, string, any, bool) {
	if !b.Op.IsComparison() {
		return nil, "", nil, false
	}
	op := b.Op
	l, r := b.Left, b.Right
	if _, ok := l.(*bound.Const); ok {
		l, r = r, l
		op = map[bound.Op]bound.Op{bound.Eq: bound.Eq, bound.Ne: bound.Ne, bound.Lt: bound.Gt, bound.Le: bound.Ge, bound.Gt: bound.Lt, bound.Ge: bound.Le}[op]
	}
	p, ok := l.(*bound.Property)
	c, cok := r.(*bound.Const)
	if !ok || !cok || c.Value == nil || p.Variable != "" || len(p.Nav) > 0 || c.T != p.Prop.Type {
		return nil, "", nil, false
	}
	return p.Prop, opNames[op], c.Value, true
}

// propertyIn matches `Prop in (constants…)` without nulls.
func propertyIn(in *bound.In) (*metadata.Property, []any, bool) {
	p, ok := in.X.(*bound.Property)
	if !ok || p.Variable != "" || len(p.Nav) > 0 || len(in.List) == 0 {
		return nil, nil, false
	}
	vals := make([]any, len(in.List))
	for i, it := range in.List {
		c, ok := it.(*bound.Const)
		if !ok || c.Value == nil || c.T != p.Prop.Type {
			return nil, nil, false
		}
		vals[i] = c.Value
	}
	return p.Prop, vals, true
}

// conjuncts splits a filter at its top-level ands.
func conjuncts(x bound.Expr) []bound.Expr {
	if x == nil {
		return nil
	}
	if b, ok := x.(*bound.Binary); ok && b.Op == bound.And {
		return append(conjuncts(b.Left), conjuncts(b.Right)...)
	}
	return []bound.Expr{x}
}

// afterCondition is keyset continuation on a single order item as a
// condition (`Prop gt value`, lt when descending), or nil.
func afterCondition(q *adapters.Query) bound.Expr {
	if len(q.After) != 1 || len(q.OrderBy) != 1 {
		return nil
	}
	p, ok := q.OrderBy[0].Expr.(*bound.Property)
	if !ok || len(p.Nav) > 0 || q.After[0] == nil {
		return nil
	}
	op := bound.Gt
	if q.OrderBy[0].Desc {
		op = bound.Lt
	}
	return &bound.Binary{Op: op, Left: &bound.Property{Prop: p.Prop}, Right: &bound.Const{T: p.Prop.Type, Value: q.After[0]}, T: metadata.EdmBoolean}
}

// sortParam renders q's order for the API when every item is a property
// the API sorts exactly as OData does; "" otherwise.
func (e *entity) sortParam(q *adapters.Query) string {
	s := e.cfg.Sort
	if s == nil || len(q.OrderBy) == 0 {
		return ""
	}
	asc, desc, sep := s.Asc, s.Desc, s.Separator
	if asc == "" {
		asc = "{field}"
	}
	if desc == "" {
		desc = "-{field}"
	}
	if sep == "" {
		sep = ","
	}
	items := make([]string, 0, len(q.OrderBy))
	for _, it := range q.OrderBy {
		p, ok := it.Expr.(*bound.Property)
		if !ok || len(p.Nav) > 0 || !e.sorted[p.Prop] {
			return ""
		}
		tmpl := asc
		if it.Desc {
			tmpl = desc
		}
		items = append(items, strings.ReplaceAll(tmpl, "{field}", fieldName(e.field(p.Prop))))
	}
	return strings.Join(slices.Compact(items), sep)
}
