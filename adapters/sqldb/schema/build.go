package schema

import (
	"fmt"
	"slices"
	"strings"

	"odatagw/metadata"
)

// ContainerName is the entity container's name, unless an entity type has
// that name; then the first free name of "EntityContainer", "Container_",
// "Container_2", ... is used.
const ContainerName = "Container"

func containerName(m *metadata.Model) string {
	taken := map[string]bool{}
	for _, t := range m.Types {
		taken[t.Name] = true
	}
	for i := 1; ; i++ {
		var c string
		switch i {
		case 1:
			c = ContainerName
		case 2:
			c = "EntityContainer"
		case 3:
			c = ContainerName + "_"
		default:
			c = fmt.Sprintf("%s_%d", ContainerName, i-2)
		}
		if !taken[c] {
			return c
		}
	}
}

// Warning is something Build skipped or changed that the operator should know
// about; it never stops the service.
type Warning struct {
	Table   string // database table (schema-qualified when schemas are in play)
	Column  string // database column, if the warning is about one
	Message string
}

func (w Warning) String() string {
	if w.Column != "" {
		return fmt.Sprintf("%s.%s: %s", w.Table, w.Column, w.Message)
	}
	return w.Table + ": " + w.Message
}

// entity is one exposed table while the model is assembled.
type entity struct {
	raw      *Table
	label    string // the table's name in messages and option keys
	opts     TableOptions
	et       *metadata.EntityType
	set      *metadata.EntitySet
	byColumn map[string]*metadata.Property
}

// Build turns the tables an engine read from its catalog into an entity data
// model, applying opts. mapType chooses each column's Edm type. It returns the
// model (indexed, sets and types sorted by name), the warnings about what was
// skipped or sanitised, and an error for configuration that cannot be honoured
// (unknown tables or columns, invalid names, name collisions, bad overrides).
func Build(raw []Table, opts Options, mapType TypeMapper) (*metadata.Model, []Warning, error) {
	b := &builder{opts: opts, mapType: mapType}
	if err := b.checkOptions(); err != nil {
		return nil, nil, err
	}
	selected, idx, err := b.selectTables(raw)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range selected {
		e, err := b.entity(t)
		if err != nil {
			return nil, nil, err
		}
		if e != nil {
			b.entities = append(b.entities, e)
		}
	}
	if err := b.checkSetNames(); err != nil {
		return nil, nil, err
	}
	if err := b.resolveRelationships(idx); err != nil {
		return nil, nil, err
	}
	if err := b.navigation(); err != nil {
		return nil, nil, err
	}
	if err := b.renameNavigation(); err != nil {
		return nil, nil, err
	}
	m := &metadata.Model{Namespace: opts.Namespace, Container: ContainerName}
	for _, e := range b.entities {
		m.Types = append(m.Types, e.et)
		m.Sets = append(m.Sets, e.set)
	}
	m.Container = containerName(m)
	m.SortSets()
	m.Index()
	if err := m.Validate(); err != nil {
		return nil, nil, fmt.Errorf("internal error: the model built from the schema is invalid: %w", err)
	}
	return m, b.warnings, nil
}

type builder struct {
	opts     Options
	mapType  TypeMapper
	qualify  bool // prefix set names with the schema
	entities []*entity
	declared map[*Table][]*declaredFK // Options.Relationships by dependent table
	warnings []Warning
}

func (b *builder) warn(table, column, format string, args ...any) {
	b.warnings = append(b.warnings, Warning{Table: table, Column: column, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) checkOptions() error {
	if b.opts.Namespace == "" {
		return fmt.Errorf("namespace is empty")
	}
	if !metadata.IsNamespace(b.opts.Namespace) {
		return fmt.Errorf("namespace %q is not a valid OData namespace (dot-separated identifiers, not Edm, odata, System or Transient)", b.opts.Namespace)
	}
	switch b.opts.Naming {
	case "", NamingKeep, NamingPascal, NamingCamel:
	default:
		return fmt.Errorf("naming %q: want one of keep, pascal, camel", b.opts.Naming)
	}
	if err := b.opts.StringMaxLength.check("string_max_length"); err != nil {
		return err
	}
	for table, to := range b.opts.TableOptions {
		if err := to.StringMaxLength.check("entities." + table + ".string_max_length"); err != nil {
			return err
		}
	}
	b.qualify = len(b.opts.Schemas) > 1
	return nil
}

// selectTables applies the allow-list and checks that every table option
// names an existing table. The result is sorted by schema and name.
func (b *builder) selectTables(raw []Table) ([]*entity, *tableIndex, error) {
	idx := newTableIndex(raw, b.qualify)
	var picked []*Table
	if len(b.opts.Tables) == 0 {
		for i := range raw {
			picked = append(picked, &raw[i])
		}
	} else {
		var missing []string
		for _, name := range b.opts.Tables {
			t, err := idx.lookup(name)
			if err != nil {
				missing = append(missing, err.Error())
				continue
			}
			if !slices.Contains(picked, t) {
				picked = append(picked, t)
			}
		}
		if len(missing) > 0 {
			return nil, nil, fmt.Errorf("tables: %s", strings.Join(missing, "; "))
		}
	}
	byTable := map[*Table]TableOptions{}
	for key, to := range b.opts.TableOptions {
		t, err := idx.lookup(key)
		if err != nil {
			return nil, nil, fmt.Errorf("entities: %w", err)
		}
		if _, dup := byTable[t]; dup {
			return nil, nil, fmt.Errorf("entities: %q is configured twice (with and without its schema)", key)
		}
		byTable[t] = to
	}
	slices.SortFunc(picked, func(x, y *Table) int {
		if c := strings.Compare(x.Schema, y.Schema); c != 0 {
			return c
		}
		return strings.Compare(x.Name, y.Name)
	})
	out := make([]*entity, len(picked))
	for i, t := range picked {
		out[i] = &entity{raw: t, label: idx.label(t), opts: byTable[t]}
	}
	return out, idx, nil
}

// checkSetNames rejects two entity sets with the same name.
func (b *builder) checkSetNames() error {
	seen := map[string]*entity{}
	for _, e := range b.entities {
		if other, dup := seen[e.set.Name]; dup {
			return fmt.Errorf("tables %q and %q both become entity set %q; rename one with entities.<table>.name",
				other.label, e.label, e.set.Name)
		}
		seen[e.set.Name] = e
	}
	return nil
}
