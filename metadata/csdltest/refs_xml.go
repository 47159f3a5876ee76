package csdltest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

const nsEdm = "http://docs.oasis-open.org/odata/ns/edm"

// checkXMLReferences runs the reference checks on a CSDL XML document that
// already validated against the schema.
func checkXMLReferences(data []byte) error {
	d, err := readXMLDoc(data)
	if err != nil {
		return err
	}
	return d.check()
}

func readXMLDoc(data []byte) (*doc, error) {
	d := &doc{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		stack []string // local names of open edm elements
		sch   *schema
		typ   *structured
		nv    *nav
		cont  *container
		ent   *set
	)
	parent := func() string {
		if len(stack) < 2 {
			return ""
		}
		return stack[len(stack)-2]
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return d, nil
		}
		if err != nil {
			return nil, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			stack = append(stack, el.Name.Space+" "+el.Name.Local)
			if el.Name.Space != nsEdm {
				continue
			}
			a := func(name string) string {
				for _, at := range el.Attr {
					if at.Name.Space == "" && at.Name.Local == name {
						return at.Value
					}
				}
				return ""
			}
			in := strings.TrimPrefix(parent(), nsEdm+" ")
			switch el.Name.Local {
			case "Schema":
				sch = newSchema(a("Namespace"), a("Alias"))
				d.schemas = append(d.schemas, sch)
			case "EntityType", "ComplexType":
				if in != "Schema" {
					continue
				}
				d.declare(sch, a("Name"))
				typ = newStructured(a("Name"), a("BaseType"), el.Name.Local == "EntityType")
				sch.types[typ.name] = typ
			case "EnumType", "TypeDefinition", "Term":
				if in == "Schema" {
					d.declare(sch, a("Name"))
				}
			case "PropertyRef":
				if typ != nil && in == "Key" {
					typ.keys = append(typ.keys, a("Name"))
				}
			case "Property":
				if typ != nil && (in == "EntityType" || in == "ComplexType") {
					d.addMember(typ, a("Name"))
					typ.props[a("Name")] = true
				}
			case "NavigationProperty":
				if typ != nil && (in == "EntityType" || in == "ComplexType") {
					d.addMember(typ, a("Name"))
					t := a("Type")
					if inner, ok := strings.CutPrefix(t, "Collection("); ok {
						t = strings.TrimSuffix(inner, ")")
					}
					nv = &nav{name: a("Name"), typ: t, partner: a("Partner")}
					typ.navs[nv.name] = nv
				}
			case "ReferentialConstraint":
				if nv != nil && in == "NavigationProperty" {
					nv.constraints = append(nv.constraints, [2]string{a("Property"), a("ReferencedProperty")})
				}
			case "EntityContainer":
				d.declare(sch, a("Name"))
				cont = &container{name: a("Name"), extends: a("Extends") != "", children: map[string]*set{}}
				sch.containers[cont.name] = cont
			case "EntitySet", "Singleton", "ActionImport", "FunctionImport":
				if cont != nil && in == "EntityContainer" {
					ent = &set{name: a("Name"), typ: a("EntityType")}
					if el.Name.Local == "Singleton" {
						ent.typ = a("Type")
					}
					d.addChild(cont, ent)
				}
			case "NavigationPropertyBinding":
				if ent != nil && (in == "EntitySet" || in == "Singleton") {
					ent.bindings = append(ent.bindings, [2]string{a("Path"), a("Target")})
				}
			}
		case xml.EndElement:
			if el.Name.Space == nsEdm {
				switch el.Name.Local {
				case "EntityType", "ComplexType":
					if parent() == nsEdm+" Schema" {
						typ = nil
					}
				case "NavigationProperty":
					nv = nil
				case "EntityContainer":
					cont = nil
				case "EntitySet", "Singleton", "ActionImport", "FunctionImport":
					ent = nil
				}
			}
			stack = stack[:len(stack)-1]
		}
	}
}
