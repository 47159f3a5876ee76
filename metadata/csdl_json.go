package metadata

import (
	"io"
	"strconv"
)

// WriteJSON writes m as a CSDL JSON document (OData CSDL JSON Representation
// 4.01, $Version 4.0) to w. Members are written in a fixed order — document
// members, then schema members in the order of the model's slices, and within
// each object the $-members first — so a model built in a stable order gives
// byte-identical documents.
//
// Defaults follow CSDL JSON, not CSDL XML: $Type is left out for Edm.String,
// $Nullable is written only when true, an absent $Scale means variable (so an
// integer scale, 0 included, is written) and an absent $Precision means
// unspecified (so a temporal precision of 0 is written).
//
// Like WriteXML, it fails only on a model it cannot write and on write errors.
func WriteJSON(w io.Writer, m *Model) error {
	if err := checkWritable(m); err != nil {
		return err
	}
	j := &jsonWriter{buf: make([]byte, 0, estimateSize(m))}
	j.document(m)
	j.buf = append(j.buf, '\n')
	_, err := w.Write(j.buf)
	return err
}

func (j *jsonWriter) document(m *Model) {
	core, caps := vocabularies(m)
	j.open('{')
	j.key("$Version")
	j.str(CSDLVersion)
	if len(m.Sets) > 0 {
		j.key("$EntityContainer")
		j.str(m.Namespace + "." + m.Container)
	}
	if core.used || caps.used {
		j.key("$Reference")
		j.open('{')
		for _, v := range []*vocab{core, caps} {
			if !v.used {
				continue
			}
			j.key(v.uriJSON)
			j.open('{')
			j.key("$Include")
			j.open('[')
			j.elem()
			j.open('{')
			j.key("$Namespace")
			j.str(v.namespace)
			if v.alias != "" {
				j.key("$Alias")
				j.str(v.alias)
			}
			j.close('}')
			j.close(']')
			j.close('}')
		}
		j.close('}')
	}
	j.key(m.Namespace)
	j.open('{')
	for _, t := range m.Types {
		j.entityType(m, t, core)
	}
	if len(m.Sets) > 0 {
		j.container(m, caps)
	}
	j.close('}')
	j.close('}')
}

func (j *jsonWriter) entityType(m *Model, t *EntityType, core *vocab) {
	j.key(t.Name)
	j.open('{')
	j.key("$Kind")
	j.str("EntityType")
	if len(t.Key) > 0 {
		j.key("$Key")
		j.open('[')
		for _, k := range t.Key {
			j.elem()
			j.str(k.Name)
		}
		j.close(']')
	}
	for _, p := range t.Properties {
		j.property(p, core)
	}
	for _, n := range t.Navigation {
		j.navigation(m, n)
	}
	j.close('}')
}

func (j *jsonWriter) property(p *Property, core *vocab) {
	j.key(p.Name)
	j.open('{')
	if p.Type != EdmString {
		j.key("$Type")
		j.str(string(p.Type))
	}
	if p.Nullable {
		j.key("$Nullable")
		j.boolean(true)
	}
	if n, ok := maxLengthFacet(p); ok {
		j.key("$MaxLength")
		j.integer(n)
	}
	switch {
	case p.Type == EdmDecimal:
		if p.Precision > 0 {
			j.key("$Precision")
			j.integer(p.Precision)
		}
		// Absent $Scale means variable in CSDL JSON.
		if p.Scale >= 0 {
			j.key("$Scale")
			j.integer(p.Scale)
		}
	case isTemporalPrecision(p.Type):
		// Absent $Precision means unspecified in CSDL JSON.
		if p.Precision >= 0 {
			j.key("$Precision")
			j.integer(p.Precision)
		}
	}
	if p.Computed {
		j.key("@" + core.prefix() + ".Computed")
		j.boolean(true)
	} else if core.immutable[p] {
		j.key("@" + core.prefix() + ".Immutable")
		j.boolean(true)
	}
	j.close('}')
}

func (j *jsonWriter) navigation(m *Model, n *NavigationProperty) {
	j.key(n.Name)
	j.open('{')
	j.key("$Kind")
	j.str("NavigationProperty")
	j.key("$Type")
	j.str(m.Namespace + "." + n.Target.Name)
	if n.Collection {
		j.key("$Collection")
		j.boolean(true)
	} else if n.Nullable {
		j.key("$Nullable")
		j.boolean(true)
	}
	if n.Partner != "" {
		j.key("$Partner")
		j.str(n.Partner)
	}
	if writesConstraints(n) {
		j.key("$ReferentialConstraint")
		j.open('{')
		for _, c := range n.Constraints {
			j.key(c.Property.Name)
			j.str(c.Referenced.Name)
		}
		j.close('}')
	}
	j.close('}')
}

func (j *jsonWriter) container(m *Model, caps *vocab) {
	j.key(m.Container)
	j.open('{')
	j.key("$Kind")
	j.str("EntityContainer")
	c := m.Capabilities
	if c != nil && len(c.FilterFunctions) > 0 {
		j.key("@" + caps.prefix() + ".FilterFunctions")
		j.open('[')
		for _, f := range c.FilterFunctions {
			j.elem()
			j.str(f)
		}
		j.close(']')
	}
	for _, s := range m.Sets {
		j.key(s.Name)
		j.open('{')
		j.key("$Collection")
		j.boolean(true)
		j.key("$Type")
		j.str(m.Namespace + "." + s.Type.Name)
		opened := false
		for _, n := range s.Type.Navigation {
			target := bindingTarget(m, n)
			if target == nil {
				continue
			}
			if !opened {
				j.key("$NavigationPropertyBinding")
				j.open('{')
				opened = true
			}
			j.key(n.Name)
			j.str(target.Name)
		}
		if opened {
			j.close('}')
		}
		if sc, stated := c.setCapabilities(s); stated {
			if !sc.Insertable {
				j.restriction(caps, ".InsertRestrictions", "Insertable")
			}
			if !sc.Updatable {
				j.restriction(caps, ".UpdateRestrictions", "Updatable")
			}
			if !sc.Deletable {
				j.restriction(caps, ".DeleteRestrictions", "Deletable")
			}
		}
		j.close('}')
	}
	j.close('}')
}

// restriction writes "@Capabilities.<term>": {"<prop>": false}.
func (j *jsonWriter) restriction(caps *vocab, term, prop string) {
	j.key("@" + caps.prefix() + term)
	j.open('{')
	j.key(prop)
	j.boolean(false)
	j.close('}')
}

// jsonWriter appends indented JSON to buf, members in the order they are
// written. first is true right after an opening bracket.
type jsonWriter struct {
	buf   []byte
	depth int
	first bool
}

func (j *jsonWriter) open(c byte) {
	j.buf = append(j.buf, c)
	j.depth++
	j.first = true
}

func (j *jsonWriter) close(c byte) {
	j.depth--
	if !j.first {
		j.newline()
	}
	j.buf = append(j.buf, c)
	j.first = false
}

// key starts an object member.
func (j *jsonWriter) key(k string) {
	j.elem()
	j.buf = appendJSONString(j.buf, k)
	j.buf = append(j.buf, ": "...)
}

// elem starts an array element (or, through key, an object member).
func (j *jsonWriter) elem() {
	if !j.first {
		j.buf = append(j.buf, ',')
	}
	j.first = false
	j.newline()
}

func (j *jsonWriter) newline() {
	j.buf = append(j.buf, '\n')
	for i := 0; i < j.depth; i++ {
		j.buf = append(j.buf, "  "...)
	}
}

func (j *jsonWriter) str(s string)   { j.buf = appendJSONString(j.buf, s) }
func (j *jsonWriter) integer(v int)  { j.buf = strconv.AppendInt(j.buf, int64(v), 10) }
func (j *jsonWriter) boolean(v bool) { j.buf = strconv.AppendBool(j.buf, v) }
