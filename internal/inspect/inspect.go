// Package inspect describes what a source exposes, for `odatagw check`: its
// entity sets with their keys and relationships, the columns that are read
// lossily (as text, or converted by a configured type), and the warnings the
// schema builder logged while the source was opened (skipped tables, columns
// and foreign keys).
package inspect

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"

	"odatagw/metadata"
)

// Report is what one source exposes.
type Report struct {
	Service  string
	Kind     string
	Sets     []Set
	Warnings []string // what was skipped or renamed, as the schema builder said it
	Err      error    // the source could not be opened (the message names no secret)
}

// Set is one entity set.
type Set struct {
	Name     string
	Table    string // schema-qualified database object
	View     bool
	Key      []string
	Props    int
	Nav      []string // "Customer → Customers (0..1) on CustomerID=CustomerID"
	Lossy    []string // "Notes: json read as text (Edm.String)"
	Computed int
}

// Describe builds the report of a model.
func Describe(service, kind string, m *metadata.Model) Report {
	r := Report{Service: service, Kind: kind}
	for _, s := range m.Sets {
		t := s.Type
		set := Set{Name: s.Name, Table: qualified(t), View: t.IsView, Props: len(t.Properties)}
		for _, k := range t.Key {
			set.Key = append(set.Key, k.Name)
		}
		for _, n := range t.Navigation {
			set.Nav = append(set.Nav, navigation(n))
		}
		for _, p := range t.Properties {
			if l := lossy(p); l != "" {
				set.Lossy = append(set.Lossy, p.Name+": "+l)
			}
			if p.Computed {
				set.Computed++
			}
		}
		r.Sets = append(r.Sets, set)
	}
	return r
}

func qualified(t *metadata.EntityType) string {
	if t.DBSchema != "" {
		return t.DBSchema + "." + t.Table
	}
	return t.Table
}

func navigation(n *metadata.NavigationProperty) string {
	card := "0..1"
	switch {
	case n.Collection:
		card = "*"
	case !n.Nullable:
		card = "1"
	}
	target := n.Target.Name
	if n.TargetSet != nil {
		target = n.TargetSet.Name
	}
	var on []string
	for _, c := range n.Constraints {
		if c.Property != nil && c.Referenced != nil {
			on = append(on, c.Property.Name+"="+c.Referenced.Name)
		}
	}
	s := fmt.Sprintf("%s → %s (%s)", n.Name, target, card)
	if len(on) > 0 {
		s += " on " + strings.Join(on, ",")
	}
	return s
}

// lossy says how a column's values are not its database type's own, or "".
func lossy(p *metadata.Property) string {
	db := p.DBType
	if db == "" {
		db = "column"
	}
	switch {
	case p.ReadAsText && p.NativeType != "" && p.NativeType != p.Type:
		return fmt.Sprintf("%s (natively %s) read as text, %s by configuration", db, p.NativeType, p.Type)
	case p.ReadAsText:
		return fmt.Sprintf("%s read as text (%s): no native OData type", db, p.Type)
	case p.NativeType != "" && p.NativeType != p.Type:
		return fmt.Sprintf("%s (natively %s) converted to %s by configuration", db, p.NativeType, p.Type)
	}
	return ""
}

// Write prints reports as text and returns the number of problems (sources
// that failed to open). Warnings are not problems: the gateway serves with them.
func Write(w io.Writer, reports []Report) (problems int, err error) {
	var b strings.Builder
	for i, r := range reports {
		if i > 0 {
			b.WriteByte('\n')
		}
		if r.Err != nil {
			problems++
			fmt.Fprintf(&b, "service %s (%s): FAILED: %v\n", r.Service, r.Kind, r.Err)
			continue
		}
		fmt.Fprintf(&b, "service %s (%s): %d entity sets\n", r.Service, r.Kind, len(r.Sets))
		for _, s := range r.Sets {
			what := "table"
			if s.View {
				what = "view"
			}
			fmt.Fprintf(&b, "  %s  key (%s), %d properties, %s %s\n", s.Name, strings.Join(s.Key, ", "), s.Props, what, s.Table)
			for _, n := range s.Nav {
				fmt.Fprintf(&b, "    navigation %s\n", n)
			}
			for _, l := range s.Lossy {
				fmt.Fprintf(&b, "    lossy      %s\n", l)
			}
		}
		for _, wn := range r.Warnings {
			fmt.Fprintf(&b, "  warning: %s\n", wn)
		}
	}
	_, err = io.WriteString(w, b.String())
	return problems, err
}

// Collector is a slog.Handler that keeps the messages logged at Warn level
// and above, so that `check` can print what opening a source warned about.
type Collector struct {
	mu    *sync.Mutex
	msgs  *[]string
	attrs []slog.Attr
}

// NewCollector returns an empty Collector.
func NewCollector() *Collector { return &Collector{mu: new(sync.Mutex), msgs: new([]string)} }

// Enabled implements slog.Handler.
func (c *Collector) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelWarn }

// Handle implements slog.Handler: the message, then its attributes except
// the source name (the report names it already).
func (c *Collector) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Message)
	add := func(a slog.Attr) bool {
		if a.Key != "source" {
			if a.Key == "warning" {
				b.WriteString(": " + a.Value.String())
			} else {
				fmt.Fprintf(&b, " %s=%s", a.Key, a.Value.String())
			}
		}
		return true
	}
	for _, a := range c.attrs {
		add(a)
	}
	r.Attrs(add)
	c.mu.Lock()
	*c.msgs = append(*c.msgs, b.String())
	c.mu.Unlock()
	return nil
}

// WithAttrs implements slog.Handler.
func (c *Collector) WithAttrs(as []slog.Attr) slog.Handler {
	return &Collector{mu: c.mu, msgs: c.msgs, attrs: append(append([]slog.Attr(nil), c.attrs...), as...)}
}

// WithGroup implements slog.Handler (groups are flattened).
func (c *Collector) WithGroup(string) slog.Handler { return c }

// Take returns the messages collected so far and forgets them.
func (c *Collector) Take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := *c.msgs
	*c.msgs = nil
	return m
}
