package query

import (
	"errors"
	"slices"
	"strings"
)

// The aggregation ABNF leaves part of its syntax to the model: which names
// are custom aggregates, which paths may be grouped by, what may be joined.
// Package bound decides these against the real model; for the OASIS cases the
// suite's Constraints stand in for the model, checked here the same way.

// checkApply applies the suite's model constraints to a parsed $apply; it
// returns the error and its position in the decoded option text.
func (c *abnfCtx) checkApply(a *Apply) (error, int) {
	for _, st := range a.Steps {
		if err, pos := c.checkTrafo(st); err != nil {
			return err, pos
		}
	}
	return nil, -1
}

func (c *abnfCtx) is(rule, name string) bool { return slices.Contains(c.cons[rule], name) }

func (c *abnfCtx) isPrimitive(name string) bool {
	return c.is("primitiveKeyProperty", name) || c.is("primitiveNonKeyProperty", name) || c.is("streamProperty", name)
}

func (c *abnfCtx) checkTrafo(t Transformation) (error, int) {
	switch t := t.(type) {
	case *AggregateTrafo:
		for _, it := range t.Items {
			if err, pos := c.checkAggregateItem(it); err != nil {
				return err, pos
			}
		}
	case *GroupByTrafo:
		for _, el := range t.Elements {
			paths := []*MemberPath{el.Path}
			if el.Rollup != nil {
				paths = el.Rollup.Paths
			}
			for _, m := range paths {
				if err, pos := c.checkGrouping(m); err != nil {
					return err, pos
				}
			}
		}
		if t.Then != nil {
			return c.checkApply(t.Then)
		}
	case *ConcatTrafo:
		for _, br := range t.Branches {
			if err, pos := c.checkApply(br); err != nil {
				return err, pos
			}
		}
	case *JoinTrafo:
		last := t.Path.Segments[len(t.Path.Segments)-1]
		if !c.is("complexColProperty", last.Name) && !c.is("entityColNavigationProperty", last.Name) && !strings.Contains(last.Name, ".") {
			return errors.New("join needs a collection-valued property"), int(last.P)
		}
	}
	return nil, -1
}

// checkGrouping: groupingProperty = [ aggrCastPath "/" ] ( snglPrimPath / snglPropPath )
func (c *abnfCtx) checkGrouping(m *MemberPath) (error, int) {
	for i, s := range m.Segments {
		last := i == len(m.Segments)-1
		switch {
		case c.is("entityColNavigationProperty", s.Name) || c.is("complexColProperty", s.Name):
			return errors.New("collection-valued segment in a grouping path"), int(s.P)
		case last && strings.Contains(s.Name, ".") && i > 0:
			return errors.New("a grouping path cannot end in a type cast"), int(s.P)
		case !last && c.isPrimitive(s.Name):
			return errors.New("primitive property in the middle of a grouping path"), int(m.Segments[i+1].P)
		}
	}
	return nil, -1
}

func (c *abnfCtx) checkAggregateItem(it AggregateItem) (error, int) {
	switch it.Kind {
	case AggCustom:
		m := it.Expr.(*MemberPath)
		last := m.Segments[len(m.Segments)-1]
		if !c.is("customAggregate", last.Name) {
			return errors.New("not a custom aggregate: " + last.Name), int(last.P)
		}
	case AggWith:
		if _, path := it.Expr.(*MemberPath); !path {
			return c.checkNoCollection(it.Expr)
		}
	}
	return nil, -1
}

// checkNoCollection rejects member paths through collection-valued
// navigation in an aggregatable expression (commonExpr).
func (c *abnfCtx) checkNoCollection(e Expr) (error, int) {
	switch e := e.(type) {
	case *MemberPath:
		for _, s := range e.Segments[:len(e.Segments)-1] {
			if c.is("entityColNavigationProperty", s.Name) {
				return errors.New("path through a collection in an expression"), int(s.P)
			}
		}
	case *BinaryExpr:
		if err, pos := c.checkNoCollection(e.Left); err != nil {
			return err, pos
		}
		return c.checkNoCollection(e.Right)
	case *UnaryExpr:
		return c.checkNoCollection(e.X)
	case *CallExpr:
		for _, a := range e.Args {
			if err, pos := c.checkNoCollection(a); err != nil {
				return err, pos
			}
		}
	}
	return nil, -1
}
