package gateway

import (
	"net/http"
	"strings"

	"odatagw/adapters"
	"odatagw/gateway/query"
	"odatagw/metadata"
)

// allowed is the Allow header of a 405 answered for t: the methods the
// resource accepts from this caller, after the writes policy of the sets
// a write would change, whether the source can write, and the caller's
// roles.
func (q *request) allowed(t *target) string {
	methods := []string{"GET", "HEAD"}
	add := func(set *metadata.EntitySet, ok func(SetWrites) bool, ms ...string) {
		if set != nil && q.canWrite(set) && ok(q.svc.Writes.forSet(set.Name)) {
			methods = append(methods, ms...)
		}
	}
	update := func(w SetWrites) bool { return w.Update }
	switch {
	case t.ref:
		if len(t.path.Hops) == 0 {
			break
		}
		nav := t.path.Nav
		switch {
		case len(nav.Constraints) == 0:
		case !nav.Collection && !principalSide(nav):
			add(t.parent.Set, update, "PUT", "DELETE")
		case nav.Collection && t.kind == targetCollection:
			add(t.set, update, "POST", "DELETE")
		case nav.Collection:
			add(t.set, update, "DELETE")
		}
	case t.kind == targetCollection:
		if len(t.path.Hops) == 0 || principalSide(t.path.Nav) && len(t.path.Nav.Constraints) > 0 {
			add(t.set, func(w SetWrites) bool { return w.Insert }, "POST")
		}
	case t.kind == targetEntity || t.kind == targetRelated:
		add(t.set, update, "PUT", "PATCH")
		add(t.set, func(w SetWrites) bool { return w.Delete }, "DELETE")
	case t.kind == targetProperty || t.kind == targetValue:
		add(t.set, update, "PUT", "PATCH", "DELETE")
	}
	return strings.Join(methods, ", ")
}

// canWrite reports whether the source can write and the caller's roles
// may change entities of set.
func (q *request) canWrite(set *metadata.EntitySet) bool {
	_, ok := q.svc.Source.(adapters.Writer)
	return ok && q.view.CanWrite(set.Name)
}

// serveOptions answers OPTIONS on a resource of the service (CORS
// preflights are answered before, by the CORS layer): 204 with the Allow
// header a 405 would carry, so a client can ask what it may do here.
func (q *request) serveOptions(path *query.ResourcePath) error {
	allow := "GET, HEAD"
	if path.Kind == query.PathResource {
		t, err := q.bindPath(path)
		if err != nil {
			return err
		}
		allow = q.allowed(t)
	}
	q.w.Header().Set("Allow", allow+", OPTIONS")
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}
