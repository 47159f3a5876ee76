package schema

import "fmt"

// tableIndex finds tables by the names configuration uses: "table" or
// "schema.table".
type tableIndex struct {
	qualified map[string]*Table
	plain     map[string][]*Table
	qualify   bool
}

func newTableIndex(raw []Table, qualify bool) *tableIndex {
	idx := &tableIndex{qualified: map[string]*Table{}, plain: map[string][]*Table{}, qualify: qualify}
	for i := range raw {
		t := &raw[i]
		if t.Schema != "" {
			idx.qualified[t.Schema+"."+t.Name] = t
		}
		idx.plain[t.Name] = append(idx.plain[t.Name], t)
	}
	return idx
}

func (idx *tableIndex) lookup(name string) (*Table, error) {
	if t, ok := idx.qualified[name]; ok {
		return t, nil
	}
	switch ts := idx.plain[name]; len(ts) {
	case 0:
		return nil, fmt.Errorf("no table or view %q", name)
	case 1:
		return ts[0], nil
	default:
		return nil, fmt.Errorf("%q is ambiguous: it exists in schemas %q and %q; write schema.table", name, ts[0].Schema, ts[1].Schema)
	}
}

// label is the name messages use for t.
func (idx *tableIndex) label(t *Table) string {
	if idx.qualify && t.Schema != "" {
		return t.Schema + "." + t.Name
	}
	return t.Name
}
