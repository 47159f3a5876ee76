package gateway

import (
	"errors"
	"strings"
	"testing"

	"odatagw/gateway/query"
	"odatagw/odataerr"
)

// Each limit's error wraps its sentinel, so embedders can tell them apart.
func TestLimitSentinels(t *testing.T) {
	l, err := Limits{MaxQueryLength: 200, MaxExprNodes: 10, MaxExprDepth: 5, MaxSearchTerms: 2}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	for raw, want := range map[string]error{
		"$filter=A eq '" + strings.Repeat("x", 200) + "'":                ErrQueryTooLong,
		"$filter=A eq 1 or B eq 2 or C eq 3 or D eq 4":                   ErrTooManyExprNodes,
		"$filter=not(not(not(not(A eq 1))))":                             ErrExprTooDeep,
		"$search=a b c":                                                  ErrTooManySearchTerm,
		"$filter=A in @p&@p=[1,2,3,4,5,6,7,8,9]":                         ErrTooManyExprNodes,
		"$expand=N($filter=A eq 1 or B eq 2 or C eq 3 or D eq 4)":        ErrTooManyExprNodes,
		"$select=N($filter=not(not(not(not(A eq 1)))))":                  ErrExprTooDeep,
		"$filter=length(concat(concat(concat(concat(A,B),C),D),E)) eq 1": ErrExprTooDeep,
	} {
		o, err := query.ParseQuery(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		err = l.checkQuery(raw, o, nil)
		if !errors.Is(err, want) {
			t.Errorf("%s: %v, want %v", raw, err, want)
		}
		if e := odataerr.As(err); e == nil || e.Status/100 != 4 {
			t.Errorf("%s: %v is not a client error", raw, err)
		}
	}
	// Expressions in the path count as well.
	p, err := query.ParsePath("Orders/$filter(not(not(not(not(A eq 1)))))")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.checkQuery("", &query.Options{}, p); !errors.Is(err, ErrExprTooDeep) {
		t.Errorf("path $filter segment: %v", err)
	}
}

func TestLimitRanges(t *testing.T) {
	for _, l := range []Limits{{MaxExprDepth: 101}, {MaxExpandDepth: 5}, {MaxExprNodes: -1}, {MaxSearchTerms: -3}} {
		if _, err := l.withDefaults(); err == nil {
			t.Errorf("%+v accepted", l)
		}
	}
	d, err := Limits{}.withDefaults()
	if err != nil || d.MaxExprDepth != query.MaxExprDepth || d.MaxExpandItems != DefaultMaxExpandItems || d.MaxExprNodes != DefaultMaxExprNodes {
		t.Errorf("defaults %+v, %v", d, err)
	}
}
