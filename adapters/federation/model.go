package federation

import (
	"fmt"
	"slices"

	"odatagw/metadata"
)

// Link declares a navigation property from the entities of one member's
// set to those of another member's set, pairing properties by value.
type Link struct {
	// Name is the navigation property on From.
	Name string
	// From and To are entity set names (unique across the members).
	From, To string
	// Properties of From pair with References of To (default: To's key).
	Properties, References []string
	// Partner, when set, is the navigation property back from To to From.
	Partner string
}

// merged is one merged model and what routing needs of it.
type merged struct {
	model   *metadata.Model
	members []*metadata.Model // the member models it was built from
	owner   map[string]int    // member index by entity set name
}

// merge copies the members' types and sets into one model (the members'
// own models stay untouched: they may be shared and refreshed), re-pointing
// navigation properties at the copies, and adds the links.
func merge(namespace string, models []*metadata.Model, names []string, links []Link) (*merged, error) {
	mg := &merged{
		model:   &metadata.Model{Namespace: namespace, Container: "Container"},
		members: models,
		owner:   map[string]int{},
	}
	types := map[*metadata.EntityType]*metadata.EntityType{}
	sets := map[*metadata.EntitySet]*metadata.EntitySet{}
	typeOwner := map[string]int{}
	for i, m := range models {
		for _, t := range m.Types {
			if j, dup := typeOwner[t.Name]; dup {
				return nil, fmt.Errorf("entity type %s is in sources %q and %q: names must be unique in a federation", t.Name, names[j], names[i])
			}
			typeOwner[t.Name] = i
			c := &metadata.EntityType{Name: t.Name, Properties: t.Properties, Key: t.Key, Table: t.Table,
				DBSchema: t.DBSchema, IsView: t.IsView, SearchProperties: t.SearchProperties}
			types[t] = c
			mg.model.Types = append(mg.model.Types, c)
		}
		for _, s := range m.Sets {
			if j, dup := mg.owner[s.Name]; dup {
				return nil, fmt.Errorf("entity set %s is in sources %q and %q: names must be unique in a federation", s.Name, names[j], names[i])
			}
			mg.owner[s.Name] = i
			c := &metadata.EntitySet{Name: s.Name, Type: types[s.Type]}
			sets[s] = c
			mg.model.Sets = append(mg.model.Sets, c)
		}
	}
	for orig, c := range types {
		for _, n := range orig.Navigation {
			cn := *n
			cn.Target, cn.TargetSet = types[n.Target], sets[n.TargetSet]
			c.Navigation = append(c.Navigation, &cn)
		}
	}
	mg.model.Index()
	for i, l := range links {
		if err := mg.link(l); err != nil {
			return nil, fmt.Errorf("links[%d] (%s): %w", i, l.Name, err)
		}
	}
	mg.model.Index()
	if err := mg.model.Validate(); err != nil {
		return nil, err
	}
	return mg, nil
}

// link adds one declared cross-source navigation property (and its partner).
func (mg *merged) link(l Link) error {
	from, to := mg.model.EntitySet(l.From), mg.model.EntitySet(l.To)
	switch {
	case from == nil:
		return fmt.Errorf("from: no entity set %q", l.From)
	case to == nil:
		return fmt.Errorf("to: no entity set %q", l.To)
	case len(l.Properties) == 0:
		return fmt.Errorf("properties: at least one is required")
	}
	refs := l.References
	if len(refs) == 0 {
		for _, k := range to.Type.Key {
			refs = append(refs, k.Name)
		}
	}
	if len(refs) != len(l.Properties) {
		return fmt.Errorf("references: %d properties pair with %d references", len(l.Properties), len(refs))
	}
	var cons []metadata.ReferentialConstraint
	for i, name := range l.Properties {
		p, r := from.Type.Property(name), to.Type.Property(refs[i])
		switch {
		case p == nil:
			return fmt.Errorf("properties[%d]: %s has no property %q", i, l.From, name)
		case r == nil:
			return fmt.Errorf("references[%d]: %s has no property %q", i, l.To, refs[i])
		case p.Type != r.Type:
			return fmt.Errorf("properties[%d]: %s.%s is %s but %s.%s is %s", i, l.From, p.Name, p.Type, l.To, r.Name, r.Type)
		}
		cons = append(cons, metadata.ReferentialConstraint{Property: p, Referenced: r})
	}
	fwd, err := mg.addNav(from, to, l.Name, cons, isKey(to.Type, cons, false))
	if err != nil {
		return err
	}
	if l.Partner == "" {
		return nil
	}
	back := make([]metadata.ReferentialConstraint, len(cons))
	for i, c := range cons {
		back[i] = metadata.ReferentialConstraint{Property: c.Referenced, Referenced: c.Property}
	}
	rev, err := mg.addNav(to, from, l.Partner, back, isKey(from.Type, cons, true))
	if err != nil {
		return fmt.Errorf("partner: %w", err)
	}
	fwd.Partner, rev.Partner = rev.Name, fwd.Name
	return nil
}

// isKey reports whether the constraint properties on the target side are
// exactly the target type's key (then the navigation is single-valued).
func isKey(t *metadata.EntityType, cons []metadata.ReferentialConstraint, reversed bool) bool {
	var props []*metadata.Property
	for _, c := range cons {
		if reversed {
			props = append(props, c.Property)
		} else {
			props = append(props, c.Referenced)
		}
	}
	if len(props) != len(t.Key) {
		return false
	}
	for _, k := range t.Key {
		if !slices.Contains(props, k) {
			return false
		}
	}
	return true
}

func (mg *merged) addNav(from, to *metadata.EntitySet, name string, cons []metadata.ReferentialConstraint, single bool) (*metadata.NavigationProperty, error) {
	if !metadata.IsSimpleIdentifier(name) {
		return nil, fmt.Errorf("name: %q is not a valid navigation property name", name)
	}
	if from.Type.Property(name) != nil || from.Type.NavigationProperty(name) != nil {
		return nil, fmt.Errorf("name: %s already has a property %s", from.Name, name)
	}
	n := &metadata.NavigationProperty{Name: name, Target: to.Type, TargetSet: to, Collection: !single,
		Nullable: single, Constraints: cons, Principal: !single}
	from.Type.Navigation = append(from.Type.Navigation, n)
	mg.model.Index()
	return n, nil
}
