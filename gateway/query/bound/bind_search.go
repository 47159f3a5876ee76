package bound

import (
	"fmt"

	"odatagw/gateway/query"
)

// Search binds a $search expression. Terms and phrases become SearchTerm
// (the text to look for, quotes removed); juxtaposed terms and AND become
// SearchAnd, OR SearchOr, NOT SearchNot. Which properties a term is matched
// against is the entity type's Searchable(); the SQL translator decides. A nil
// e gives nil; an empty term is a 400.
func (b *Binder) Search(e query.SearchExpr) (Search, error) {
	if e == nil {
		return nil, nil
	}
	s := b.newBinding("$search", nil)
	return s.search(e)
}

func (s *binding) search(e query.SearchExpr) (Search, error) {
	switch e := e.(type) {
	case *query.SearchTerm:
		if e.Text == "" {
			return nil, s.badRequest(e.P, "empty search term")
		}
		return &SearchTerm{Text: e.Text}, nil
	case *query.SearchNot:
		x, err := s.search(e.X)
		if err != nil {
			return nil, err
		}
		return &SearchNot{X: x}, nil
	case *query.SearchBinary:
		l, err := s.search(e.Left)
		if err != nil {
			return nil, err
		}
		r, err := s.search(e.Right)
		if err != nil {
			return nil, err
		}
		if e.Or {
			return &SearchOr{Left: l, Right: r}, nil
		}
		return &SearchAnd{Left: l, Right: r}, nil
	case nil:
		return nil, s.badRequest(-1, "empty $search expression")
	}
	return nil, fmt.Errorf("bound: unknown search node %T", e)
}
