package gateway

import (
	"strconv"
	"strings"

	"odatagw/adapters/expand"
)

// appendExpanded appends the expanded navigation properties of one entity
// (vals is a buffered row: its last slot holds the *expanded) before the
// entity's closing brace: `"Orders":[…]` for collections (empty when none),
// the entity or null for single-valued ones, with `Nav@odata.count` when the
// nested $count asked for it and `Nav@odata.navigationLink` in full metadata.
func (e *entityWriter) appendExpanded(b []byte, vals []any, first bool) []byte {
	var x *expand.Related
	if len(vals) > len(e.cols) {
		x, _ = vals[len(e.cols)].(*expand.Related)
	}
	for i, ep := range e.p.expands {
		var related [][]any
		var count int64
		if x != nil {
			related, count = x.Rows[i], x.Counts[i]
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		name := ep.Nav.Name
		if e.f.metadata == metadataFull {
			b = appendString(b, name+"@odata.navigationLink")
			b = append(b, ':')
			b = appendString(b, e.set.Name+keyPredicate(e.set.Type.Key, e.keyValues(vals))+"/"+name)
			b = append(b, ',')
		}
		if ep.child.count && ep.Nav.Collection {
			b = appendString(b, name+"@odata.count")
			b = append(b, ':')
			b = strconv.AppendInt(b, count, 10)
			b = append(b, ',')
		}
		b = appendString(b, name)
		b = append(b, ':')
		sub := e.sub[i]
		write := sub.appendEntity
		if ep.Ref {
			write = sub.appendRef
		}
		switch {
		case ep.Nav.Collection:
			b = append(b, '[')
			for j, r := range related {
				if j > 0 {
					b = append(b, ',')
				}
				b = write(b, r)
			}
			b = append(b, ']')
		case len(related) == 0:
			b = append(b, "null"...)
		default:
			b = write(b, related[0])
		}
	}
	return b
}

// appendRef appends the entity reference of one row: `{"@odata.id":"…/Orders(1)"}`
// (in every metadata level: the id is the reference's content).
func (e *entityWriter) appendRef(b []byte, vals []any) []byte {
	b = append(b, `{"@odata.id":`...)
	b = appendString(b, e.root+e.set.Name+keyPredicate(e.set.Type.Key, e.keyValues(vals)))
	return append(b, '}')
}

// selectList renders the parenthesised part of a context URL for plan p
// (OData JSON Format §10, 4.01 form): the selected properties, `*` when all
// structural properties are returned alongside expanded ones, and each
// expanded navigation property with its own list: `(CustomerID,Orders(OrderID))`,
// `(*,Orders())`. It is empty when neither $select nor $expand shaped p.
func selectList(p *plan) string {
	if p.apply != nil {
		return applySelectList(p.apply.root)
	}
	var parts []string
	if p.selected {
		for _, prop := range p.out {
			parts = append(parts, prop.Name)
		}
	} else if len(p.expands) > 0 || len(p.dynamic) > 0 {
		parts = append(parts, "*") // the declared properties, then the computed ones
		for _, d := range p.dynamic {
			parts = append(parts, d.Name)
		}
	}
	for _, ep := range p.expands {
		if ep.Ref {
			continue // references are not part of the shape the context describes
		}
		parts = append(parts, ep.Nav.Name+"("+strings.TrimSuffix(strings.TrimPrefix(selectList(ep.child), "("), ")")+")")
	}
	if len(parts) == 0 {
		return ""
	}
	return "(" + strings.Join(parts, ",") + ")"
}
