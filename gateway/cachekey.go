package gateway

import (
	"slices"
	"strconv"
	"strings"

	"odatagw/gateway/query"
)

// keyBuilder renders a response-cache key. Every field is tagged and
// length-prefixed, so that no two different requests can render the same
// key whatever text their literals hold.
type keyBuilder struct{ b []byte }

func (k *keyBuilder) field(tag byte, s string) {
	k.b = append(k.b, tag)
	k.b = strconv.AppendInt(k.b, int64(len(s)), 10)
	k.b = append(k.b, ':')
	k.b = append(k.b, s...)
}

// fields appends a header's values, each as its own field.
func (k *keyBuilder) fields(tag byte, vs []string) {
	k.int(tag, int64(len(vs)))
	for _, v := range vs {
		k.field(tag, v)
	}
}

func (k *keyBuilder) int(tag byte, n int64) {
	k.b = append(k.b, tag)
	k.b = strconv.AppendInt(k.b, n, 10)
	k.b = append(k.b, ';')
}

// options appends the canonical form of parsed query options: the options in
// a fixed order, expressions through query.Format, so that the order of
// options in the URL and insignificant whitespace do not matter. $format is
// left out: the negotiated format is part of the key instead.
func (k *keyBuilder) options(o *query.Options) {
	k.b = append(k.b, '{')
	if o.Filter != nil {
		k.field('f', query.Format(o.Filter))
	}
	for _, it := range o.OrderBy {
		k.field('o', query.Format(it.Expr))
		if it.Desc {
			k.b = append(k.b, '-')
		}
	}
	if o.Select != nil {
		k.b = append(k.b, 's', '[')
		for i := range o.Select {
			k.selectItem(&o.Select[i])
		}
		k.b = append(k.b, ']')
	}
	if o.Expand != nil {
		k.b = append(k.b, 'e', '[')
		for i := range o.Expand {
			k.expandItem(&o.Expand[i])
		}
		k.b = append(k.b, ']')
	}
	if o.Top != nil {
		k.int('t', *o.Top)
	}
	if o.Skip != nil {
		k.int('k', *o.Skip)
	}
	if o.Count != nil {
		k.field('c', strconv.FormatBool(*o.Count))
	}
	if o.Search != nil {
		k.field('q', query.FormatSearch(o.Search))
	}
	if o.SkipToken != "" {
		k.field('n', o.SkipToken)
	}
	if o.Levels != nil {
		k.int('l', int64(*o.Levels))
	}
	if o.ApplyTree != nil {
		k.field('a', query.FormatApply(o.ApplyTree))
	} else if o.Apply != "" {
		k.field('A', o.Apply)
	}
	if o.ComputeItems != nil {
		k.field('m', query.FormatCompute(o.ComputeItems))
	} else if o.Compute != "" {
		k.field('M', o.Compute)
	}
	if o.Index != nil {
		k.int('i', *o.Index)
	}
	k.optField('v', o.SchemaVersion)
	k.optField('d', o.DeltaToken)
	k.optField('I', o.ID)
	for _, name := range sortedKeys(o.Aliases) {
		k.field('@', name)
		k.field('=', query.Format(o.Aliases[name]))
	}
	for _, name := range sortedKeys(o.Custom) {
		k.field('x', name)
		k.field('=', o.Custom[name])
	}
	k.b = append(k.b, '}')
}

func (k *keyBuilder) optField(tag byte, s string) {
	if s != "" {
		k.field(tag, s)
	}
}

func (k *keyBuilder) selectItem(it *query.SelectItem) {
	switch {
	case it.Star:
		k.b = append(k.b, '*')
	case it.Namespace != "":
		k.field('N', it.Namespace)
	default:
		k.field('p', strings.Join(it.Path, "/"))
	}
	if it.Params != nil {
		k.field('P', strings.Join(it.Params, ","))
	}
	if it.Options != nil {
		k.options(it.Options)
	}
	k.b = append(k.b, ',')
}

func (k *keyBuilder) expandItem(it *query.ExpandItem) {
	if it.Star {
		k.b = append(k.b, '*')
	} else {
		k.field('p', strings.Join(it.Path, "/"))
	}
	if it.Ref {
		k.b = append(k.b, 'R')
	}
	if it.Count {
		k.b = append(k.b, 'C')
	}
	if it.Options != nil {
		k.options(it.Options)
	}
	k.b = append(k.b, ',')
}

func sortedKeys[V any](m map[string]V) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
