package metadata

import (
	"io"
	"strconv"
)

// XML namespaces of CSDL XML.
const (
	nsEdmx = "http://docs.oasis-open.org/odata/ns/edmx"
	nsEdm  = "http://docs.oasis-open.org/odata/ns/edm"
)

// WriteXML writes m as a CSDL XML document (OData 4.0, one schema, one entity
// container) to w. The output depends only on m: elements follow the order of
// the model's slices, so a model built in a stable order gives byte-identical
// documents. Every name is XML-escaped. A model without entity sets is
// written without an entity container: edm.xsd requires a container to hold
// at least one child.
//
// WriteXML fails only on a model it cannot write (nil elements, navigation
// without target) and on write errors; it does not check names or
// uniqueness, which is Model.Validate's job.
func WriteXML(w io.Writer, m *Model) error {
	if err := checkWritable(m); err != nil {
		return err
	}
	x := &xmlWriter{buf: make([]byte, 0, estimateSize(m))}
	x.document(m)
	_, err := w.Write(x.buf)
	return err
}

// estimateSize guesses the document size so that the buffer rarely grows.
func estimateSize(m *Model) int {
	n := 1024
	for _, t := range m.Types {
		if t != nil {
			n += 256 + 96*len(t.Properties) + 192*len(t.Navigation)
		}
	}
	return n + 160*len(m.Sets)
}

// xmlWriter appends an indented CSDL XML document to buf.
type xmlWriter struct {
	buf   []byte
	depth int
}

func (x *xmlWriter) document(m *Model) {
	core, caps := vocabularies(m)
	x.raw(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	x.raw(`<edmx:Edmx xmlns:edmx="` + nsEdmx + `" Version="` + CSDLVersion + `">` + "\n")
	x.depth++
	for _, v := range []*vocab{core, caps} {
		if !v.used {
			continue
		}
		x.open("edmx:Reference")
		x.attr("Uri", v.uriXML)
		x.end()
		x.open("edmx:Include")
		x.attr("Namespace", v.namespace)
		if v.alias != "" {
			x.attr("Alias", v.alias)
		}
		x.close()
		x.closeTag("edmx:Reference")
	}
	x.open("edmx:DataServices")
	x.end()
	x.open("Schema")
	x.attr("xmlns", nsEdm)
	x.attr("Namespace", m.Namespace)
	x.end()
	for _, t := range m.Types {
		x.entityType(m, t, core)
	}
	if len(m.Sets) > 0 {
		x.container(m, caps)
	}
	x.closeTag("Schema")
	x.closeTag("edmx:DataServices")
	x.depth--
	x.raw("</edmx:Edmx>\n")
}

func (x *xmlWriter) entityType(m *Model, t *EntityType, core *vocab) {
	x.open("EntityType")
	x.attr("Name", t.Name)
	x.end()
	if len(t.Key) > 0 {
		x.open("Key")
		x.end()
		for _, k := range t.Key {
			x.open("PropertyRef")
			x.attr("Name", k.Name)
			x.close()
		}
		x.closeTag("Key")
	}
	for _, p := range t.Properties {
		x.property(p, core)
	}
	for _, n := range t.Navigation {
		x.navigation(m, n)
	}
	x.closeTag("EntityType")
}

func (x *xmlWriter) property(p *Property, core *vocab) {
	x.open("Property")
	x.attr("Name", p.Name)
	x.attr("Type", string(p.Type))
	if !p.Nullable {
		x.attr("Nullable", "false")
	}
	if n, ok := maxLengthFacet(p); ok {
		x.intAttr("MaxLength", n)
	}
	switch {
	case p.Type == EdmDecimal:
		if p.Precision > 0 {
			x.intAttr("Precision", p.Precision)
		}
		// Absent Scale means 0 in CSDL XML.
		if p.Scale == ScaleVariable {
			x.attr("Scale", "variable")
		} else if p.Scale > 0 {
			x.intAttr("Scale", p.Scale)
		}
	case isTemporalPrecision(p.Type):
		// Absent Precision means 0 fractional digits in CSDL XML; an
		// unspecified precision (-1) has no XML spelling and is left out.
		if p.Precision > 0 {
			x.intAttr("Precision", p.Precision)
		}
	}
	if !p.Computed && !core.immutable[p] {
		x.close()
		return
	}
	x.end()
	x.open("Annotation")
	if p.Computed {
		x.attr2("Term", core.prefix(), ".Computed")
	} else {
		x.attr2("Term", core.prefix(), ".Immutable")
	}
	x.attr("Bool", "true")
	x.close()
	x.closeTag("Property")
}

func (x *xmlWriter) navigation(m *Model, n *NavigationProperty) {
	x.open("NavigationProperty")
	x.attr("Name", n.Name)
	if n.Collection {
		x.attr3("Type", "Collection(", m.Namespace+".", n.Target.Name, ")")
	} else {
		x.attr2("Type", m.Namespace+".", n.Target.Name)
		// Nullable is only meaningful, and only allowed in 4.0, on
		// single-valued navigation properties; absent means true.
		if !n.Nullable {
			x.attr("Nullable", "false")
		}
	}
	if n.Partner != "" {
		x.attr("Partner", n.Partner)
	}
	if !writesConstraints(n) {
		x.close()
		return
	}
	x.end()
	for _, c := range n.Constraints {
		x.open("ReferentialConstraint")
		x.attr("Property", c.Property.Name)
		x.attr("ReferencedProperty", c.Referenced.Name)
		x.close()
	}
	x.closeTag("NavigationProperty")
}

func (x *xmlWriter) container(m *Model, caps *vocab) {
	x.open("EntityContainer")
	x.attr("Name", m.Container)
	x.end()
	c := m.Capabilities
	if c != nil && len(c.FilterFunctions) > 0 {
		x.open("Annotation")
		x.attr2("Term", caps.prefix(), ".FilterFunctions")
		x.end()
		x.open("Collection")
		x.end()
		for _, f := range c.FilterFunctions {
			x.open("String")
			x.raw(">")
			x.text(f)
			x.raw("</String>\n")
		}
		x.closeTag("Collection")
		x.closeTag("Annotation")
	}
	for _, s := range m.Sets {
		x.open("EntitySet")
		x.attr("Name", s.Name)
		x.attr2("EntityType", m.Namespace+".", s.Type.Name)
		sc, stated := c.setCapabilities(s)
		readOnly := stated && sc.restricted()
		var bindings int
		for _, n := range s.Type.Navigation {
			if bindingTarget(m, n) != nil {
				bindings++
			}
		}
		if bindings == 0 && !readOnly {
			x.close()
			continue
		}
		x.end()
		for _, n := range s.Type.Navigation {
			if target := bindingTarget(m, n); target != nil {
				x.open("NavigationPropertyBinding")
				x.attr("Path", n.Name)
				x.attr("Target", target.Name)
				x.close()
			}
		}
		if readOnly {
			if !sc.Insertable {
				x.restriction(caps, ".InsertRestrictions", "Insertable")
			}
			if !sc.Updatable {
				x.restriction(caps, ".UpdateRestrictions", "Updatable")
			}
			if !sc.Deletable {
				x.restriction(caps, ".DeleteRestrictions", "Deletable")
			}
		}
		x.closeTag("EntitySet")
	}
	x.closeTag("EntityContainer")
}

// restriction writes <Annotation Term="Capabilities.<term>"><Record>
// <PropertyValue Property="<prop>" Bool="false"/></Record></Annotation>.
func (x *xmlWriter) restriction(caps *vocab, term, prop string) {
	x.open("Annotation")
	x.attr2("Term", caps.prefix(), term)
	x.end()
	x.open("Record")
	x.end()
	x.open("PropertyValue")
	x.attr("Property", prop)
	x.attr("Bool", "false")
	x.close()
	x.closeTag("Record")
	x.closeTag("Annotation")
}

// open starts a start tag on a new, indented line: "<name".
func (x *xmlWriter) open(name string) {
	x.indent()
	x.buf = append(x.buf, '<')
	x.buf = append(x.buf, name...)
}

// end finishes a start tag whose element has children: ">".
func (x *xmlWriter) end() {
	x.buf = append(x.buf, ">\n"...)
	x.depth++
}

// close finishes an empty element: "/>".
func (x *xmlWriter) close() { x.buf = append(x.buf, "/>\n"...) }

// closeTag writes an end tag on its own line.
func (x *xmlWriter) closeTag(name string) {
	x.depth--
	x.indent()
	x.buf = append(x.buf, "</"...)
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, ">\n"...)
}

func (x *xmlWriter) indent() {
	for i := 0; i < x.depth; i++ {
		x.buf = append(x.buf, "  "...)
	}
}

func (x *xmlWriter) raw(s string) { x.buf = append(x.buf, s...) }

// attr writes ` name="value"` with value escaped.
func (x *xmlWriter) attr(name, value string) {
	x.buf = append(x.buf, ' ')
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, `="`...)
	x.buf = appendXMLEscaped(x.buf, value)
	x.buf = append(x.buf, '"')
}

// attr2 writes an attribute whose value is a+b, without concatenating.
func (x *xmlWriter) attr2(name, a, b string) {
	x.buf = append(x.buf, ' ')
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, `="`...)
	x.buf = appendXMLEscaped(x.buf, a)
	x.buf = appendXMLEscaped(x.buf, b)
	x.buf = append(x.buf, '"')
}

// attr3 writes an attribute whose value is a+b+c+d.
func (x *xmlWriter) attr3(name, a, b, c, d string) {
	x.buf = append(x.buf, ' ')
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, `="`...)
	for _, s := range [...]string{a, b, c, d} {
		x.buf = appendXMLEscaped(x.buf, s)
	}
	x.buf = append(x.buf, '"')
}

func (x *xmlWriter) intAttr(name string, v int) {
	x.buf = append(x.buf, ' ')
	x.buf = append(x.buf, name...)
	x.buf = append(x.buf, `="`...)
	x.buf = strconv.AppendInt(x.buf, int64(v), 10)
	x.buf = append(x.buf, '"')
}

func (x *xmlWriter) text(s string) { x.buf = appendXMLEscaped(x.buf, s) }
