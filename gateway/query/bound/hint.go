package bound

import (
	"strings"

	"odatagw/metadata"
)

// OData identifiers are case-sensitive, and a name typed by hand with the
// wrong case (customers, customerid) is the most common reason one is not
// found: the error then names the right one.

// setHint is ` (did you mean 'X'?)` when an entity set's name equals name but
// for case, else "".
func setHint(m *metadata.Model, name string) string {
	if m == nil {
		return ""
	}
	for _, s := range m.Sets {
		if s != nil && strings.EqualFold(s.Name, name) {
			return didYouMean(s.Name)
		}
	}
	return ""
}

// memberHint is the same for the properties and navigation properties of t.
func memberHint(t *metadata.EntityType, name string) string {
	if t == nil {
		return ""
	}
	for _, p := range t.Properties {
		if strings.EqualFold(p.Name, name) {
			return didYouMean(p.Name)
		}
	}
	for _, n := range t.Navigation {
		if strings.EqualFold(n.Name, name) {
			return didYouMean(n.Name)
		}
	}
	return ""
}

func didYouMean(name string) string {
	return " (did you mean '" + name + "'? names are case-sensitive)"
}
