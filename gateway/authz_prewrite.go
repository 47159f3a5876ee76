package gateway

import (
	"net/http"
	"slices"

	"odatagw/adapters"
	"odatagw/adapters/memquery"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
	"odatagw/odataerr"
)

// Write filters on sources without transactions (a REST API, a
// federation). The after-check of authz_write.go cannot undo a change such
// a source has made, so the filter is checked before anything is sent: on
// the entity as it will be created (the values sent; a property the API
// fills is refused with 501), or on the current entity merged with the
// change. memquery evaluates the filter over that row. The after-check
// still runs: when the API's answer falls outside the filter, the API
// changed values the gateway did not send, which is a 502 naming it.

// preChecked reports whether the caller's write filter on set is checked
// before the change instead of inside a transaction.
func (q *request) preChecked(set *metadata.EntitySet) bool {
	if !q.writeFiltered(set) {
		return false
	}
	_, tx := q.svc.Source.(adapters.TxBeginner)
	return !tx
}

// checkNewRow checks the entity an insert of values creates against the
// caller's write filter, before it is sent.
func (q *request) checkNewRow(set *metadata.EntitySet, values []adapters.PropertyValue) error {
	t := set.Type
	row := make([]any, len(t.Properties))
	known := map[*metadata.Property]bool{}
	for _, pv := range values {
		if i := slices.Index(t.Properties, pv.Prop); i >= 0 {
			row[i], known[pv.Prop] = pv.Value, true
		}
	}
	// A property not sent is null, unless the API fills it (computed, or
	// with a default the gateway does not know).
	unknown := func(p *metadata.Property) bool { return !known[p] && (p.Computed || p.HasDefault) }
	return q.checkFutureRow(set, row, unknown, "the entity would be outside the rows of '%s' your roles may change")
}

// checkMergedRow checks the entity an update makes of cur (values merged
// in; with replace, the properties not given become null or their
// default) against the caller's write filter, before it is sent.
func (q *request) checkMergedRow(set *metadata.EntitySet, cur []any, values []adapters.PropertyValue, replace bool) error {
	t := set.Type
	row := slices.Clone(cur)
	given := map[*metadata.Property]bool{}
	for _, pv := range values {
		if i := slices.Index(t.Properties, pv.Prop); i >= 0 {
			row[i], given[pv.Prop] = pv.Value, true
		}
	}
	if replace {
		for i, p := range t.Properties {
			if !given[p] && !t.IsKey(p) && !p.Computed {
				row[i] = nil
			}
		}
	}
	unknown := func(p *metadata.Property) bool { return replace && !given[p] && p.HasDefault && !t.IsKey(p) }
	return q.checkFutureRow(set, row, unknown, "the change would move this entity of '%s' outside the rows your roles may change")
}

// checkFutureRow evaluates the write filter on row; unknown tells the
// properties whose value only the source will determine.
func (q *request) checkFutureRow(set *metadata.EntitySet, row []any, unknown func(*metadata.Property) bool, refused string) error {
	wf := q.view.WriteFilter(set.Name)
	if p := undecided(wf, set.Type, unknown); p != "" {
		return odataerr.NotImplemented("your roles' write filter on '%s' depends on %s, which the source of service '%s' "+
			"determines and which has no transactions to undo a change outside the filter; nothing was sent", set.Name, p, q.svc.Name)
	}
	ok, err := (&memquery.Evaluator{}).Filter(q.r.Context(), set.Type, row, wf)
	if err != nil {
		return odataerr.NotImplemented("your roles' write filter on '%s' cannot be checked before the change, "+
			"which the source of service '%s' needs (it has no transactions); nothing was sent", set.Name, q.svc.Name)
	}
	if !ok {
		return odataerr.New(http.StatusForbidden, "Forbidden", refused, set.Name)
	}
	return nil
}

// undecided names what x depends on that cannot be known before the
// change: a property unknown reports, one of a related entity or one not
// in t (hidden from the caller); "" when there is none.
func undecided(x bound.Expr, t *metadata.EntityType, unknown func(*metadata.Property) bool) string {
	found := ""
	bound.Inspect(x, func(e bound.Expr) bool {
		switch e := e.(type) {
		case *bound.Property:
			if len(e.Nav) > 0 {
				found = "related entities ('" + e.Nav[0].Name + "')"
			} else if unknown(e.Prop) || !slices.Contains(t.Properties, e.Prop) {
				found = "property '" + e.Prop.Name + "'"
			}
		case *bound.Lambda:
			found = "related entities ('" + e.Nav[0].Name + "')"
		case *bound.Count:
			found = "related entities ('" + e.Nav[0].Name + "')"
		}
		return found == ""
	})
	return found
}

// afterUnchecked turns a failed after-check of a pre-checked write into a
// 502: the source applied the change (nothing can undo it) and answered
// with values outside the filter the change was checked against.
func (q *request) afterUnchecked(set *metadata.EntitySet, err error) error {
	if err == nil || !q.preChecked(set) {
		return err
	}
	if oe, ok := err.(*odataerr.Error); !ok || oe.Status != http.StatusForbidden {
		return err
	}
	q.g.log.Error("write filter violated after the change", "service", q.svc.Name, "set", set.Name)
	return odataerr.New(http.StatusBadGateway, "BadGateway", "the source of service '%s' applied the change to '%s' "+
		"but answered with an entity outside the rows your roles may change (it changed values the gateway did not send); "+
		"the change cannot be undone", q.svc.Name, set.Name)
}
