package gateway

import (
	"net/url"
	"strconv"
	"strings"

	"odatagw/metadata"
)

// sample is a ready-made request shown on the landing page.
type sample struct {
	Label string // what it shows, e.g. "first page"
	Href  string // absolute URL, percent-encoded
	Text  string // the request as a person reads it, relative to the service root
}

// sampleQueries returns sample requests for entity set s, built from its
// type: every one of them is valid for any model.
func sampleQueries(root string, s *metadata.EntitySet) []sample {
	t := s.Type
	out := []sample{
		newSample(root, "first page", s.Name, "$top", "10"),
		newSample(root, "count", s.Name+"/$count"),
	}
	if p := filterProperty(t); p != nil {
		out = append(out, newSample(root, "filtered and ordered", s.Name,
			"$filter", filterExample(p), "$orderby", p.Name+" desc", "$top", "10"))
	}
	if len(t.Navigation) > 0 {
		n := t.Navigation[0]
		expand := n.Name
		if n.Collection {
			expand += "($top=3)"
		}
		out = append(out, newSample(root, "expanded "+n.Name, s.Name, "$top", "5", "$expand", expand))
	}
	if g := groupProperty(t); g != nil {
		alias := uniqueName(t, "Count")
		out = append(out, newSample(root, "grouped by "+g.Name, s.Name,
			"$apply", "groupby(("+g.Name+"),aggregate($count as "+alias+"))", "$orderby", alias+" desc", "$top", "10"))
	}
	return out
}

// filterProperty picks the property the filter example compares: the first
// non-key numeric property, else date, else string, else Boolean; properties
// that hold foreign keys only when nothing else fits.
func filterProperty(t *metadata.EntityType) *metadata.Property {
	if p := pickProperty(t, func(p *metadata.Property) bool { return !t.IsKey(p) && !isForeignKey(t, p) }); p != nil {
		return p
	}
	return pickProperty(t, func(p *metadata.Property) bool { return !t.IsKey(p) })
}

// isForeignKey reports whether p is the dependent side of a relationship.
func isForeignKey(t *metadata.EntityType, p *metadata.Property) bool {
	for _, n := range t.Navigation {
		if n.Principal || n.Collection {
			continue
		}
		for _, c := range n.Constraints {
			if c.Property == p {
				return true
			}
		}
	}
	return false
}

func pickProperty(t *metadata.EntityType, eligible func(*metadata.Property) bool) *metadata.Property {
	for _, kinds := range [][]metadata.EdmType{
		{metadata.EdmDecimal, metadata.EdmDouble, metadata.EdmSingle, metadata.EdmInt64, metadata.EdmInt32, metadata.EdmInt16, metadata.EdmByte},
		{metadata.EdmDateTimeOffset, metadata.EdmDate},
		{metadata.EdmString},
		{metadata.EdmBoolean},
	} {
		for _, p := range t.Properties {
			if !eligible(p) {
				continue
			}
			for _, k := range kinds {
				if p.Type == k {
					return p
				}
			}
		}
	}
	return nil
}

// filterExample is a condition on p that is valid whatever the data.
func filterExample(p *metadata.Property) string {
	switch {
	case p.Type.IsNumeric():
		return p.Name + " gt 0"
	case p.Type == metadata.EdmDate:
		return p.Name + " ge 2000-01-01"
	case p.Type == metadata.EdmDateTimeOffset:
		return p.Name + " ge 2000-01-01T00:00:00Z"
	case p.Type == metadata.EdmString:
		return "contains(" + p.Name + ",'a')"
	}
	return p.Name + " eq true"
}

// groupProperty is the first non-key string property, the grouping example's.
func groupProperty(t *metadata.EntityType) *metadata.Property {
	for _, p := range t.Properties {
		if p.Type == metadata.EdmString && !t.IsKey(p) {
			return p
		}
	}
	return nil
}

// uniqueName returns name, or name with a number, that no property of t has.
func uniqueName(t *metadata.EntityType, name string) string {
	candidate := name
	for i := 2; t.Property(candidate) != nil || t.NavigationProperty(candidate) != nil; i++ {
		candidate = name + strconv.Itoa(i)
	}
	return candidate
}

// newSample builds a sample request of path with query option name/value pairs.
func newSample(root, label, path string, opts ...string) sample {
	href, text := root+path, path
	for i := 0; i+1 < len(opts); i += 2 {
		sep := "&"
		if i == 0 {
			sep = "?"
		}
		href += sep + opts[i] + "=" + escapeOption(opts[i+1])
		text += sep + opts[i] + "=" + opts[i+1]
	}
	return sample{Label: label, Href: href, Text: text}
}

// escapeOption percent-encodes a query option value, leaving the characters
// OData expressions are made of readable.
func escapeOption(v string) string {
	return readableQuery.Replace(strings.ReplaceAll(url.QueryEscape(v), "+", "%20"))
}

var readableQuery = strings.NewReplacer("%24", "$", "%27", "'", "%28", "(", "%29", ")", "%2C", ",", "%2F", "/", "%3A", ":", "%3D", "=")
