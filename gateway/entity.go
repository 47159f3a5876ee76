package gateway

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"odatagw/metadata"
)

// entityWriter renders entities of one set as OData JSON objects.
type entityWriter struct {
	f      format
	set    *metadata.EntitySet
	p      *plan
	root   string // service root URL, for full metadata links
	typ    string // "#Namespace.Type"
	cols   []*metadata.Property
	names  [][]byte        // pre-rendered `"Name":` per output property
	annots [][]byte        // pre-rendered `"Name@odata.type":"#Edm"` per output property (full metadata)
	sub    []*entityWriter // writers of the expanded navigation properties, per p.expands
}

func newEntityWriter(q *request, f format, set *metadata.EntitySet, p *plan) *entityWriter {
	e := &entityWriter{f: f, set: set, p: p, root: q.serviceRoot(), cols: p.query.Columns()}
	e.typ = "#" + q.model.QualifiedName(set.Type)
	// The names share one buffer: one allocation per request, not one per property.
	size := 0
	for _, prop := range p.out {
		size += len(prop.Name) + 3
	}
	buf := make([]byte, 0, size)
	e.names = make([][]byte, len(p.out))
	e.annots = make([][]byte, len(p.out))
	for i, prop := range p.out {
		start := len(buf)
		buf = append(appendString(buf, prop.Name), ':')
		e.names[i] = buf[start:len(buf):len(buf)]
		if f.metadata == metadataFull {
			if t := typeAnnotation(prop.Type); t != "" {
				annot := appendString(nil, prop.Name+"@odata.type")
				annot = append(annot, ':')
				annot = appendString(annot, t)
				e.annots[i] = append(annot, ',')
			}
		}
	}
	for _, ep := range p.expands {
		e.sub = append(e.sub, newEntityWriter(q, f, ep.child.query.Set, ep.child))
	}
	return e
}

// typeAnnotation returns the @odata.type value full metadata needs for a
// property of type t, or "" for the types JSON implies (String, Boolean,
// Int32, Double).
func typeAnnotation(t metadata.EdmType) string {
	switch t {
	case metadata.EdmString, metadata.EdmBoolean, metadata.EdmInt32, metadata.EdmDouble:
		return ""
	}
	return "#" + strings.TrimPrefix(string(t), "Edm.")
}

// appendEntity appends one entity object for the row vals (in plan column
// order: the output properties come first).
func (e *entityWriter) appendEntity(b []byte, vals []any) []byte {
	if e.p.apply != nil {
		return e.appendApplied(b, vals)
	}
	if e.p.ref {
		return e.appendRef(b, vals)
	}
	b = append(b, '{')
	first := true
	if e.f.metadata == metadataFull {
		id := e.set.Name + keyPredicate(e.set.Type.Key, e.keyValues(vals))
		b = append(b, `"@odata.type":`...)
		b = appendString(b, e.typ)
		b = append(b, `,"@odata.id":`...)
		b = appendString(b, e.root+id)
		b = append(b, `,"@odata.editLink":`...)
		b = appendString(b, id)
		first = false
	}
	if e.p.etagIdx != nil && e.f.metadata != metadataNone {
		if !first {
			b = append(b, ',')
		}
		b = append(b, `"@odata.etag":`...)
		b = appendString(b, e.p.etag(vals))
		first = false
	}
	for i, prop := range e.p.out {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, e.annots[i]...)
		b = append(b, e.names[i]...)
		b = appendValue(b, prop.Type, vals[i], e.f.value)
	}
	if len(e.p.expands) > 0 {
		b = e.appendExpanded(b, vals, first)
	}
	return append(b, '}')
}

func (e *entityWriter) keyValues(vals []any) []any {
	out := make([]any, len(e.p.keyIdx))
	for i, idx := range e.p.keyIdx {
		out[i] = vals[idx]
	}
	return out
}

// keyPredicate renders `(10248)`, `('ALFKI')` or `(OrderID=1,ProductID=2)`,
// percent-encoded for use in a URL path.
func keyPredicate(keys []*metadata.Property, vals []any) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		if len(keys) > 1 {
			b.WriteString(k.Name)
			b.WriteByte('=')
		}
		b.WriteString(keyLiteral(k.Type, vals[i]))
	}
	b.WriteByte(')')
	return b.String()
}

// keyLiteral renders a key value as an OData URL literal.
func keyLiteral(t metadata.EdmType, v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if t == metadata.EdmGuid {
			return x
		}
		return "'" + url.PathEscape(strings.ReplaceAll(x, "'", "''")) + "'"
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case metadata.Decimal:
		return string(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case metadata.Date:
		return x.String()
	case time.Time:
		return url.PathEscape(x.UTC().Format(time.RFC3339Nano))
	case metadata.TimeOfDay:
		return x.String()
	case []byte:
		return "binary'" + b64url(x) + "'"
	}
	return "null"
}
