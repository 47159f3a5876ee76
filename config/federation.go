package config

import (
	"fmt"
	"slices"
)

// Federation configures a source of kind federation: the entity sets of
// other sources of the file under one service root, with navigation
// properties between them (adapters/federation).
type Federation struct {
	// Sources are the names of the member sources (not federations).
	Sources []string `yaml:"sources"`
	// Links are navigation properties from an entity set of one member to
	// an entity set of another.
	Links []FederationLink `yaml:"links"`
}

// FederationLink is one cross-source navigation property: From.Properties
// equal To.References (default: To's key), pairwise. It is single-valued
// when the references are To's key, else a collection.
type FederationLink struct {
	Name       string   `yaml:"name"`       // navigation property on From
	From       string   `yaml:"from"`       // entity set (as $metadata shows it)
	Properties []string `yaml:"properties"` // From's properties
	To         string   `yaml:"to"`         // entity set of another member
	References []string `yaml:"references"` // To's properties (default: its key)
	Partner    string   `yaml:"partner"`    // navigation property back from To (optional)
}

// validateFederations checks the federation sources against the others.
func (c *Config) validateFederations() error {
	kinds := map[string]string{}
	for _, s := range c.Sources {
		kinds[s.Name] = s.Kind
	}
	for _, s := range c.Sources {
		if s.Kind != "federation" {
			continue
		}
		where := fmt.Sprintf("source %q", s.Name)
		f := s.Federation
		if len(f.Sources) == 0 {
			return fmt.Errorf("%s: federation.sources: at least one source is required", where)
		}
		for i, m := range f.Sources {
			switch kind, ok := kinds[m]; {
			case !ok:
				return fmt.Errorf("%s: federation.sources[%d]: no source named %q", where, i, m)
			case kind == "federation":
				return fmt.Errorf("%s: federation.sources[%d]: %q is a federation itself", where, i, m)
			case slices.Index(f.Sources, m) != i:
				return fmt.Errorf("%s: federation.sources[%d]: %q is listed twice", where, i, m)
			}
		}
		for i, l := range f.Links {
			at := fmt.Sprintf("%s: federation.links[%d]", where, i)
			switch {
			case l.Name == "":
				return fmt.Errorf("%s.name is required", at)
			case l.From == "" || l.To == "":
				return fmt.Errorf("%s: from and to (entity sets) are required", at)
			case len(l.Properties) == 0:
				return fmt.Errorf("%s.properties: at least one property is required", at)
			case len(l.References) > 0 && len(l.References) != len(l.Properties):
				return fmt.Errorf("%s.references: %d properties pair with %d references", at, len(l.Properties), len(l.References))
			}
		}
	}
	return nil
}
