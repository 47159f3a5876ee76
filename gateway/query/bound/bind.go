package bound

import (
	"time"

	"odatagw/gateway/query"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Binder resolves syntax trees of package query against one service's model.
// A Binder is cheap to build (one per request) and may be shared by
// concurrent calls: binding never mutates it.
type Binder struct {
	// Model is the entity data model names are resolved against.
	Model *metadata.Model
	// Aliases are the request's parameter alias values (@p=…), by name
	// without the @. An alias that is referenced but absent is null.
	Aliases map[string]query.Expr
	// Now returns the instant now() stands for; nil means time.Now. now() is
	// folded to a constant (read once per Filter/OrderBy call) so that every
	// engine agrees on it and the data query and its $count see the same
	// instant. To make every page of a paged result agree, the gateway can
	// pin Now to the first page's instant (e.g. carried in the skiptoken).
	Now func() time.Time
	// MaxExpandDepth bounds $expand nesting (`$levels=max` goes this deep);
	// 0 or more than MaxExpandDepth means MaxExpandDepth.
	MaxExpandDepth int
}

func (b *Binder) maxExpandDepth() int {
	if b.MaxExpandDepth <= 0 || b.MaxExpandDepth > MaxExpandDepth {
		return MaxExpandDepth
	}
	return b.MaxExpandDepth
}

// MaxBoundNodes bounds the size of one bound expression. Parameter aliases
// can reference each other (`@a=@b add @b&@b=@c add @c…`), so a short query
// could otherwise expand into an exponentially large tree; past the limit the
// binder answers 400.
const MaxBoundNodes = 50_000

// binding is the state of one Filter/OrderBy/... call: the option being
// bound (the error target), the entity type $it stands for, the lambda
// variables in scope and the aliases being expanded (to catch recursion).
type binding struct {
	b       *Binder
	target  string // "$filter", "$orderby", "@p" ...
	it      *metadata.EntityType
	vars    *lambdaVar
	aliases []string
	now     *time.Time
	nodes   int // syntax nodes bound so far, against MaxBoundNodes
	// shape, when set, is what names resolve against after $apply or
	// $compute steps: aliases and, once aggregated, only grouping properties.
	shape *Shape
}

// lambdaVar is one lambda variable in scope, innermost first.
type lambdaVar struct {
	name string
	typ  *metadata.EntityType
	next *lambdaVar
}

func (s *binding) lookupVar(name string) *metadata.EntityType {
	for v := s.vars; v != nil; v = v.next {
		if v.name == name {
			return v.typ
		}
	}
	return nil
}

func (b *Binder) newBinding(target string, t *metadata.EntityType) *binding {
	return &binding{b: b, target: target, it: t}
}

// badRequest is a 400 positioned in the option being bound.
func (s *binding) badRequest(pos query.Pos, format string, args ...any) *odataerr.Error {
	return odataerr.BadRequest(format, args...).At(s.target, int(pos))
}

// notImplemented is a 501 positioned in the option being bound.
func (s *binding) notImplemented(pos query.Pos, format string, args ...any) *odataerr.Error {
	return odataerr.NotImplemented(format, args...).At(s.target, int(pos))
}

// typeName is the qualified name of an entity type, for messages.
func (s *binding) typeName(t *metadata.EntityType) string {
	if s.b.Model == nil || s.b.Model.Namespace == "" {
		return t.Name
	}
	return s.b.Model.QualifiedName(t)
}

// nowValue returns the instant now() stands for, the same for the whole
// binding, in UTC and truncated to microseconds (the finest precision the
// supported databases store).
func (s *binding) nowValue() time.Time {
	if s.now == nil {
		n := time.Now
		if s.b.Now != nil {
			n = s.b.Now
		}
		t := n().UTC().Truncate(time.Microsecond)
		s.now = &t
	}
	return *s.now
}

// Filter binds a $filter expression on entity type t. The result is
// Boolean-typed (an untyped null becomes a Boolean null) and simplified as
// described in the package documentation. A nil e gives nil.
func (b *Binder) Filter(t *metadata.EntityType, e query.Expr) (Expr, error) {
	if e == nil {
		return nil, nil
	}
	s := b.newBinding("$filter", t)
	x, err := s.predicate(e, "$filter")
	if err != nil {
		return nil, err
	}
	return simplify(x, true), nil
}

// predicate binds e and checks that it is Boolean; what names the context
// for the error message.
func (s *binding) predicate(e query.Expr, what string) (Expr, error) {
	x, err := s.expr(e)
	if err != nil {
		return nil, err
	}
	if x.Type() == metadata.EdmNull {
		return nullAs(x, metadata.EdmBoolean), nil
	}
	if x.Type() != metadata.EdmBoolean {
		return nil, s.badRequest(e.Pos(), "%s must be a Boolean expression, not %s", what, x.Type())
	}
	return x, nil
}

// OrderBy binds $orderby items on entity type t. Every item must have a
// primitive type; ordering by the null literal is rejected.
func (b *Binder) OrderBy(t *metadata.EntityType, items []query.OrderItem) ([]OrderItem, error) {
	if len(items) == 0 {
		return nil, nil
	}
	s := b.newBinding("$orderby", t)
	out := make([]OrderItem, 0, len(items))
	for _, it := range items {
		x, err := s.expr(it.Expr)
		if err != nil {
			return nil, err
		}
		if x.Type() == metadata.EdmNull {
			return nil, s.badRequest(it.Expr.Pos(), "cannot order by null")
		}
		out = append(out, OrderItem{Expr: simplify(x, false), Desc: it.Desc})
	}
	return out, nil
}
