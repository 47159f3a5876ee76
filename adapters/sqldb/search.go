package sqldb

import (
	"fmt"

	"odatagw/gateway/query/bound"
)

// search renders a bound $search tree. A term matches when any searchable
// property of the entity type contains it, case-insensitively. Every term is
// rendered two-valued (a null column does not contain the term) so that NOT
// selects exactly the entities the term does not match.
func (b *builder) search(s bound.Search) (Frag, error) {
	switch s := s.(type) {
	case *bound.SearchTerm:
		props := b.root.Searchable()
		if len(props) == 0 {
			return b.d.False(), nil
		}
		ors := make([]Frag, len(props))
		for i, p := range props {
			col := b.column(rootAlias, p)
			m := b.d.ContainsFold(col.Frag, s.Text)
			if p.Nullable {
				m = cat("(", col.Frag, " IS NOT NULL AND ", m, ")")
			}
			ors[i] = m
		}
		return paren(join(ors, " OR ")), nil
	case *bound.SearchAnd, *bound.SearchOr:
		var l, r bound.Search
		op := " AND "
		if a, ok := s.(*bound.SearchAnd); ok {
			l, r = a.Left, a.Right
		} else {
			o := s.(*bound.SearchOr)
			l, r, op = o.Left, o.Right, " OR "
		}
		lf, err := b.search(l)
		if err != nil {
			return Frag{}, err
		}
		rf, err := b.search(r)
		if err != nil {
			return Frag{}, err
		}
		return cat("(", lf, op, rf, ")"), nil
	case *bound.SearchNot:
		x, err := b.search(s.X)
		if err != nil {
			return Frag{}, err
		}
		return cat("NOT ", paren(x)), nil
	}
	return Frag{}, fmt.Errorf("sqldb: unknown $search node %T", s)
}
