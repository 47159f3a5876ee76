package metadata_test

import (
	"strings"
	"testing"

	md "odatagw/metadata"
)

func TestIsSimpleIdentifier(t *testing.T) {
	valid := []string{"a", "_", "_x1", "Città", "名前", "Ⅻ", "e\u0301", "a‿b", "zw\u200dj", "Col٣",
		strings.Repeat("x", md.MaxIdentifierLength)}
	invalid := []string{"", "1a", "a b", "a-b", "a.b", "$a", "a\u0301\x00", "\u0301e", "‿a", "\u200dx",
		strings.Repeat("x", md.MaxIdentifierLength+1), "bad\xff"}
	for _, s := range valid {
		if !md.IsSimpleIdentifier(s) {
			t.Errorf("IsSimpleIdentifier(%q) = false", s)
		}
	}
	for _, s := range invalid {
		if md.IsSimpleIdentifier(s) {
			t.Errorf("IsSimpleIdentifier(%q) = true", s)
		}
	}
	for s, want := range map[string]bool{"demo": true, "Sales.Demo": true, "a.b.c": true, "": false,
		"a..b": false, ".a": false, "a.": false, "Edm": false, "odata": false, "System": false,
		"Transient": false, "Edm.X": true} {
		if got := md.IsNamespace(s); got != want {
			t.Errorf("IsNamespace(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestValidateReportsDefects(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(m *md.Model)
		want   string
	}{
		{"reserved namespace", func(m *md.Model) { m.Namespace = "Edm" }, `namespace "Edm"`},
		{"bad container", func(m *md.Model) { m.Container = "a b" }, `container name "a b"`},
		{"container named like a type", func(m *md.Model) { m.Container = "Order" }, `also the name of an entity type`},
		{"duplicate type", func(m *md.Model) { m.Types[1].Name = m.Types[0].Name }, `entity type name "Customer" is used twice`},
		{"bad type name", func(m *md.Model) { m.Types[0].Name = "1st" }, `"1st" is not a simple identifier`},
		{"bad property name", func(m *md.Model) { m.Types[0].Properties[1].Name = "Company Name" }, `Customer/Company Name: property name`},
		{"duplicate member", func(m *md.Model) { m.Types[0].Properties[1].Name = "Orders" }, `member name "Orders" is used twice`},
		{"unknown type", func(m *md.Model) { m.Types[0].Properties[1].Type = "Edm.Geography" }, `"Edm.Geography" is not a primitive type`},
		{"null type", func(m *md.Model) { m.Types[0].Properties[1].Type = md.EdmNull }, `"" is not a primitive type`},
		{"no key", func(m *md.Model) { m.Types[0].Key = nil }, `Customer: entity type has no key`},
		{"nullable key", func(m *md.Model) { m.Types[0].Key[0].Nullable = true }, `Customer/CustomerID: key property is nullable`},
		{"double key", func(m *md.Model) { m.Types[7].Key[0].Type = md.EdmDouble }, `Edm.Double cannot be a key property type`},
		{"binary key", func(m *md.Model) { m.Types[7].Key[0].Type = md.EdmBinary }, `Edm.Binary cannot be a key property type`},
		{"foreign key property", func(m *md.Model) { m.Types[0].Key = []*md.Property{m.Types[2].Key[0]} }, `key property is not one of the type's properties`},
		{"key twice", func(m *md.Model) { m.Types[0].Key = append(m.Types[0].Key, m.Types[0].Key[0]) }, `listed twice in the key`},
		{"negative MaxLength", func(m *md.Model) { m.Types[0].Properties[1].MaxLength = -5 }, `negative MaxLength -5`},
		{"scale above precision", func(m *md.Model) { p := m.Types[2].Property("Freight"); p.Scale = 11 }, `Scale 11 exceeds Precision 10`},
		{"bad scale", func(m *md.Model) { m.Types[2].Property("Freight").Scale = -2 }, `invalid Scale -2`},
		{"temporal precision", func(m *md.Model) { m.Types[2].Property("OrderedAt").Precision = 13 }, `Precision 13 is outside 0..12`},
		{"target outside model", func(m *md.Model) { m.Types[2].Navigation[0].Target = &md.EntityType{Name: "X"} }, `Order/Customer: target entity type is not in the model`},
		{"target set of other type", func(m *md.Model) { m.Types[2].Navigation[0].TargetSet = m.Sets[3] }, `target entity set Products holds Product, not Customer`},
		{"target set outside model", func(m *md.Model) {
			m.Types[2].Navigation[0].TargetSet = &md.EntitySet{Name: "Ghosts", Type: m.Types[0]}
		}, `target entity set Ghosts is not in the model`},
		{"unknown partner", func(m *md.Model) { m.Types[2].Navigation[0].Partner = "Nope" }, `partner Nope is not a navigation property of Customer`},
		{"partner elsewhere", func(m *md.Model) { m.Types[2].Navigation[0].Partner = "Detail" }, `partner Customer/Detail does not lead back to Order`},
		{"constraint on foreign property", func(m *md.Model) {
			m.Types[2].Navigation[0].Constraints[0].Property = m.Types[0].Key[0]
		}, `referential constraint property is not a property of Order`},
		{"constraint type mismatch", func(m *md.Model) {
			m.Types[2].Navigation[0].Constraints[0].Referenced = m.Types[0].Properties[1]
			m.Types[0].Properties[1].Type = md.EdmInt32
		}, `references CompanyName (Edm.Int32) of another type`},
		{"duplicate set", func(m *md.Model) { m.Sets[1].Name = m.Sets[0].Name }, `entity set name "Customers" is used twice`},
		{"set of unknown type", func(m *md.Model) { m.Sets[0].Type = &md.EntityType{Name: "X"} }, `entity set Customers: its entity type is not in the model`},
		{"nil type", func(m *md.Model) { m.Types = append(m.Types, nil) }, `entity type #8 is nil`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := salesModel()
			c.break_(m)
			m.Index()
			err := m.Validate()
			if err == nil {
				t.Fatal("Validate accepted the model")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func TestValidateCollectsSeveralProblems(t *testing.T) {
	m := salesModel()
	m.Namespace = ""
	m.Types[0].Key = nil
	m.Sets[0].Name = "x y"
	err := m.Validate()
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{"namespace", "has no key", `"x y"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q missing from %v", want, err)
		}
	}
	var nilModel *md.Model
	if nilModel.Validate() == nil {
		t.Error("nil model accepted")
	}
}
