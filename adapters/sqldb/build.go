package sqldb

import (
	"fmt"
	"strconv"
	"strings"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Build translates q into one SELECT statement for dialect d: the selected
// columns in the order of q.Columns(), the key restriction, $filter and
// $search, the order (with OData's null ordering), keyset continuation and
// paging. args hold the bound parameters in placeholder order.
func Build(d Dialect, q *adapters.Query) (sql string, args []any, err error) {
	return build(d, q, nil)
}

// build is Build keeping select lists in memo (nil: none).
func build(d Dialect, q *adapters.Query, memo *selectMemo) (sql string, args []any, err error) {
	if q != nil && q.Apply != nil {
		return buildApply(d, q, false)
	}
	if q != nil && q.Partition != nil {
		return buildPartitioned(d, q)
	}
	b, err := newBuilder(d, q)
	if err != nil {
		return "", nil, err
	}
	sel := b.selectList(q.Set.Type, q.Columns(), memo)
	where, err := b.where(q, true)
	if err != nil {
		return "", nil, err
	}
	order, err := b.orderBy(q)
	if err != nil {
		return "", nil, err
	}
	parts := []any{"SELECT ", sel, " FROM ", b.from()}
	if where.SQL != "" {
		parts = append(parts, " WHERE ", where)
	}
	if order.SQL != "" {
		parts = append(parts, " ORDER BY ", order)
	}
	parts = append(parts, d.Paging(q.Top, q.Skip))
	if b.err != nil {
		return "", nil, b.err
	}
	sql, args = finish(d, cat(parts...))
	return sql, args, nil
}

// BuildCount translates q into SELECT COUNT(*) over the rows matching its key,
// Filter and Search; OrderBy, Top, Skip and After are ignored.
func BuildCount(d Dialect, q *adapters.Query) (sql string, args []any, err error) {
	if q != nil && q.Apply != nil {
		return buildApply(d, q, true)
	}
	b, err := newBuilder(d, q)
	if err != nil {
		return "", nil, err
	}
	where, err := b.where(q, false)
	if err != nil {
		return "", nil, err
	}
	parts := []any{"SELECT COUNT(*) FROM ", b.from()}
	if where.SQL != "" {
		parts = append(parts, " WHERE ", where)
	}
	if b.err != nil {
		return "", nil, b.err
	}
	sql, args = finish(d, cat(parts...))
	return sql, args, nil
}

// rootAlias is the alias of the queried table; joined tables are t1, t2...
const rootAlias = "t0"

// builder holds the state of one translation: the scope of the queried
// entity ($it), the scopes of the lambda variables being translated, and the
// number of table aliases handed out (t0 is the root; every join and every
// subquery table gets the next one, so aliases are unique in the statement).
type builder struct {
	d    Dialect
	root *metadata.EntityType
	it   *scope
	vars *scope // innermost lambda variable in translation; nil outside lambdas
	n    int
	err  error
	out  []applyCol // after aggregation: the columns names resolve to (build_apply.go)
	// comp are the computed properties of $compute and rootFrom the derived
	// table holding them, which replaces the queried table (build_compute.go).
	comp     []computedCol
	rootFrom Frag
	inlining bool // while rendering the derived table: aliases read their expressions
	// rowNum names the row numbers of the concat branch being rendered
	// (build_concat.go): unique, as a nested concat has an "r" of its own.
	rowNum string
}

func newBuilder(d Dialect, q *adapters.Query) (*builder, error) {
	if q == nil || q.Set == nil || q.Set.Type == nil {
		return nil, fmt.Errorf("sqldb: query without entity set")
	}
	if len(q.Columns()) == 0 {
		return nil, odataerr.BadRequest("entity set %s has no properties to select", q.Set.Name)
	}
	b := &builder{d: d, root: q.Set.Type, it: &scope{alias: rootAlias}}
	if len(q.Compute) > 0 {
		if q.Apply != nil {
			return nil, fmt.Errorf("sqldb: $compute together with $apply")
		}
		if err := b.computedTable(q.Compute); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// ident quotes a model identifier; a name the quoting scheme cannot carry
// fails the whole translation.
func (b *builder) ident(name string) string {
	if name == "" || strings.ContainsRune(name, 0) {
		if b.err == nil {
			b.err = fmt.Errorf("sqldb: invalid identifier %q in model", name)
		}
		return `""`
	}
	return b.d.QuoteIdent(name)
}

// table renders the qualified, quoted table of t.
func (b *builder) table(t *metadata.EntityType) string {
	if t.DBSchema != "" {
		return b.ident(t.DBSchema) + "." + b.ident(t.Table)
	}
	return b.ident(t.Table)
}

// from renders the FROM clause with the joins collected while translating.
func (b *builder) from() Frag {
	parts := []any{b.table(b.root), " ", rootAlias}
	if b.rootFrom.SQL != "" {
		parts[0] = b.rootFrom
	}
	for _, j := range b.it.joins {
		parts = append(parts, j)
	}
	return cat(parts...)
}

// where combines key, filter and search into one predicate (empty if none).
func (b *builder) where(q *adapters.Query, withAfter bool) (Frag, error) {
	var conds []Frag
	for _, kv := range q.Key {
		c, err := b.keyEq(kv)
		if err != nil {
			return Frag{}, err
		}
		conds = append(conds, c)
	}
	if q.Filter != nil {
		if q.Filter.Type() != metadata.EdmBoolean {
			return Frag{}, odataerr.BadRequest("$filter must be a Boolean expression, not %s", q.Filter.Type()).At("$filter", int(q.Filter.Pos()))
		}
		f, err := b.pred(q.Filter, false)
		if err != nil {
			return Frag{}, err
		}
		conds = append(conds, f)
	}
	if q.Search != nil {
		s, err := b.search(q.Search)
		if err != nil {
			return Frag{}, err
		}
		conds = append(conds, s)
	}
	if withAfter && q.After != nil {
		k, err := b.keyset(q)
		if err != nil {
			return Frag{}, err
		}
		conds = append(conds, k)
	}
	switch len(conds) {
	case 0:
		return Frag{}, nil
	case 1:
		return conds[0], nil
	}
	for i, c := range conds {
		conds[i] = paren(c)
	}
	return join(conds, " AND "), nil
}

// keyEq restricts the result to one key value (exact, like eq).
func (b *builder) keyEq(kv adapters.KeyValue) (Frag, error) {
	if kv.Prop == nil || kv.Value == nil {
		return Frag{}, odataerr.BadRequest("key values must not be null")
	}
	col := b.column(rootAlias, kv.Prop)
	c, err := b.d.Const(kv.Prop.Type, kv.Value)
	if err != nil {
		return Frag{}, err
	}
	return b.d.Compare(bound.Eq, col, Operand{Frag: c, Type: kv.Prop.Type}), nil
}

// column is the operand reading property p of the table aliased alias.
func (b *builder) column(alias string, p *metadata.Property) Operand {
	f := b.d.ReadColumn(alias, p)
	// Column only when read as is (alias.quoted): a conversion or text cast
	// hides any index.
	plain := len(f.SQL) > len(alias) && f.SQL[:len(alias)] == alias && f.SQL[len(alias)] == '.' &&
		f.SQL[len(alias)+1:] == b.ident(p.Column)
	return Operand{Frag: f, Type: p.Type, Column: plain, Prop: p}
}

// orderBy renders the ORDER BY list.
func (b *builder) orderBy(q *adapters.Query) (Frag, error) {
	items := make([]Frag, 0, len(q.OrderBy))
	for _, it := range q.OrderBy {
		if it.Expr == nil {
			return Frag{}, fmt.Errorf("sqldb: nil $orderby expression")
		}
		if constant(it.Expr) {
			// Ordering by a value that is the same for every row changes
			// nothing; and MySQL would take `ORDER BY ?` bound to an integer
			// as a column position.
			continue
		}
		v, err := b.value(it.Expr)
		if err != nil {
			return Frag{}, inOption(err, "$orderby")
		}
		for _, k := range b.d.SortKeys(v) {
			items = append(items, b.d.OrderTerm(k, it.Desc, mayBeNull(it.Expr)))
		}
	}
	return join(items, ", "), nil
}

// newAlias hands out the next table alias (t1, t2...).
func (b *builder) newAlias() string {
	b.n++
	return "t" + strconv.Itoa(b.n)
}

// alias returns the table alias for the single-valued navigation path nav
// from the entity of scope s, adding LEFT JOINs to the scope for every hop
// not joined yet.
func (b *builder) alias(s *scope, nav []*metadata.NavigationProperty) (string, error) {
	if len(nav) == 0 {
		return s.alias, nil
	}
	if s.aliases == nil {
		s.aliases = map[string]string{}
	}
	parent := s.alias
	key := ""
	for _, n := range nav {
		if err := checkJoinable(n); err != nil {
			return "", err
		}
		if n.Collection {
			return "", odataerr.NotImplemented("the collection-valued navigation property %s cannot be used in a property path", n.Name)
		}
		key += fmt.Sprintf("%p/", n)
		if a, ok := s.aliases[key]; ok {
			parent = a
			continue
		}
		a := b.newAlias()
		s.aliases[key] = a
		s.joins = append(s.joins, cat(" LEFT JOIN ", b.table(n.Target), " ", a, " ON ", b.joinOn(parent, n, a)))
		parent = a
	}
	return parent, nil
}

// checkJoinable refuses navigation properties SQL cannot follow.
func checkJoinable(n *metadata.NavigationProperty) error {
	if n == nil || n.Target == nil {
		return fmt.Errorf("sqldb: navigation property without target")
	}
	if len(n.Constraints) == 0 {
		return odataerr.NotImplemented("the navigation property %s has no referential constraint to join on", n.Name)
	}
	for _, c := range n.Constraints {
		if c.Property == nil || c.Referenced == nil {
			return fmt.Errorf("sqldb: navigation property %s has an incomplete referential constraint", n.Name)
		}
	}
	return nil
}

// joinOn renders the condition relating the entity aliased from to the
// targets of n aliased to: one equality per referential constraint (every
// column of a composite key). Constraints pair a property of the declaring
// type with one of the target on both sides of a relationship (see
// metadata.NavigationProperty), so this works in either direction.
func (b *builder) joinOn(from string, n *metadata.NavigationProperty, to string) Frag {
	on := make([]Frag, len(n.Constraints))
	for i, c := range n.Constraints {
		on[i] = raw(from + "." + b.ident(c.Property.Column) + " = " + to + "." + b.ident(c.Referenced.Column))
	}
	return join(on, " AND ")
}

// constant reports whether e refers to no row: literals and operators or
// functions of literals only.
func constant(e bound.Expr) bool {
	switch e := e.(type) {
	case *bound.Const:
		return true
	case *bound.Neg:
		return constant(e.X)
	case *bound.Not:
		return constant(e.X)
	case *bound.Cast:
		return constant(e.X)
	case *bound.Binary:
		return constant(e.Left) && constant(e.Right)
	case *bound.Call:
		for _, a := range e.Args {
			if !constant(a) {
				return false
			}
		}
		return true
	case *bound.In:
		if !constant(e.X) {
			return false
		}
		for _, a := range e.List {
			if !constant(a) {
				return false
			}
		}
		return true
	}
	return false
}
