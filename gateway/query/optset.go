package query

import "strings"

// optID identifies a system query option.
type optID uint8

const (
	optFilter optID = iota
	optOrderBy
	optSelect
	optExpand
	optTop
	optSkip
	optCount
	optSearch
	optFormat
	optSkipToken
	optApply
	optCompute
	optLevels
	optIndex
	optSchemaVersion
	optDeltaToken
	optEntityID
	optAlias // parameter alias @p=… (nested options only)
)

// optNames are the canonical names, indexed by optID.
var optNames = [...]string{
	"$filter", "$orderby", "$select", "$expand", "$top", "$skip", "$count", "$search", "$format",
	"$skiptoken", "$apply", "$compute", "$levels", "$index", "$schemaversion", "$deltatoken", "$id", "@alias",
}

var optByName = func() map[string]optID {
	m := make(map[string]optID, len(optNames))
	for i, n := range optNames[:optAlias] {
		m[n] = optID(i)
	}
	return m
}()

// lookupOption maps an option name written with or without '$', in any case
// (OData 4.01), to its id.
//
//	systemQueryOption = compute / deltatoken / expand / filter / format / id / inlinecount
//	                  / orderby / schemaversion / search / select / skip / skiptoken / top / index
//	filter = ( "$filter" / "filter" ) EQ boolCommonExpr     (likewise for the others)
func lookupOption(name string) (optID, bool) {
	lower := strings.ToLower(name)
	if !strings.HasPrefix(lower, "$") {
		lower = "$" + lower
	}
	id, ok := optByName[lower]
	return id, ok
}

// optSet is a set of options allowed in a context.
type optSet uint32

func setOf(ids ...optID) optSet {
	var s optSet
	for _, id := range ids {
		s |= 1 << id
	}
	return s
}

func (s optSet) has(id optID) bool { return s&(1<<id) != 0 }

// Options allowed inside parentheses.
//
//	expandCountOption = filter / search
//	expandRefOption   = expandCountOption / orderby / skip / top / inlinecount
//	expandOption      = expandRefOption / select / expand / compute / levels / aliasAndValue
//	expandOption      =/ apply   ; odata-aggregation-abnf.txt
//	selectOptionPC    = filter / search / inlinecount / orderby / skip / top
//	selectOption      = selectOptionPC / compute / select / aliasAndValue
var (
	countOptions  = setOf(optFilter, optSearch)
	refOptions    = countOptions | setOf(optOrderBy, optSkip, optTop, optCount)
	expandOptions = refOptions | setOf(optSelect, optExpand, optCompute, optLevels, optAlias, optApply)
	starOptions   = setOf(optLevels)
	selectOptions = refOptions | setOf(optCompute, optSelect, optAlias)
)

// setPresent records option canon as present; it reports false for a duplicate.
func (o *Options) setPresent(canon string) bool {
	if o.present[canon] {
		return false
	}
	if o.present == nil {
		o.present = make(map[string]bool, 4)
	}
	o.present[canon] = true
	return true
}
