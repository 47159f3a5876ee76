package sqldb

import (
	"slices"
	"sync"

	"odatagw/metadata"
)

// selectMemo keeps the rendered select list of each entity type's last
// column list. Rendering quotes and converts every column (an allocation or
// more per column) on every read, although the text depends only on the
// dialect and the columns, which a loaded model never changes: a by-key
// read spent about a third of its statement building on it. Lists of
// computed properties ($compute) depend on the query and are not kept.
type selectMemo struct {
	mu sync.Mutex
	m  map[*metadata.EntityType]selectList
}

type selectList struct {
	cols []*metadata.Property
	sql  string
}

// maxSelectLists bounds the memo: types of models replaced by a refresh
// (and of callers' views) are dropped with the rest when it is full.
const maxSelectLists = 1024

// get returns the select list of cols of t, when kept.
func (s *selectMemo) get(t *metadata.EntityType, cols []*metadata.Property) (string, bool) {
	if s == nil {
		return "", false
	}
	s.mu.Lock()
	l, ok := s.m[t]
	s.mu.Unlock()
	if !ok || !slices.Equal(l.cols, cols) {
		return "", false
	}
	return l.sql, true
}

// put keeps the select list of cols of t.
func (s *selectMemo) put(t *metadata.EntityType, cols []*metadata.Property, sql string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil || len(s.m) >= maxSelectLists {
		s.m = map[*metadata.EntityType]selectList{}
	}
	s.m[t] = selectList{cols: slices.Clone(cols), sql: sql}
}
