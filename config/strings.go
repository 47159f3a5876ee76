package config

import "fmt"

// StringMaxLength restates the MaxLength facet of String properties for a
// whole source or table, for clients that choose a field type by it
// (Salesforce Connect: no MaxLength → Text(128), up to 255 → Text(n), more →
// Long Text Area, which SOQL cannot filter or sort). It changes $metadata and
// OpenAPI only: values are never truncated, and writes are checked against
// the column's own length. A column's properties.<col>.max_length wins.
type StringMaxLength struct {
	// Unbounded is the MaxLength stated for String columns that declare no
	// length (PostgreSQL text, jsonb, varchar; SQLite TEXT). Default: none.
	Unbounded int `yaml:"unbounded"`
	// Cap is the largest MaxLength stated: longer declared lengths (MariaDB
	// TEXT's 65535) and an inherited Unbounded above it are stated as Cap.
	// Default: none.
	Cap int `yaml:"cap"`
}

// validateStringMaxLength checks the source's and its entities' settings.
func (s *Source) validateStringMaxLength(where string) error {
	if s.StringMaxLength != nil && (s.Kind == "rest" || s.Kind == "federation") {
		return fmt.Errorf("%s: string_max_length only applies to kinds mysql, postgres and sqlite (REST APIs: rest.entities.<name>.properties[].max_length)", where)
	}
	if err := s.StringMaxLength.validate(where + ": string_max_length"); err != nil {
		return err
	}
	for table, e := range s.Entities {
		if err := e.StringMaxLength.validate(fmt.Sprintf("%s: entities.%s.string_max_length", where, table)); err != nil {
			return err
		}
	}
	return nil
}

func (l *StringMaxLength) validate(where string) error {
	switch {
	case l == nil:
		return nil
	case l.Unbounded < 0 || l.Cap < 0:
		return fmt.Errorf("%s: unbounded and cap must be positive lengths", where)
	case l.Unbounded == 0 && l.Cap == 0:
		return fmt.Errorf("%s: set unbounded, cap or both", where)
	case l.Cap > 0 && l.Unbounded > l.Cap:
		return fmt.Errorf("%s: unbounded %d exceeds cap %d", where, l.Unbounded, l.Cap)
	}
	return nil
}
