package gateway

import (
	"odatagw/gateway/query"
	"odatagw/odataerr"
)

// Entity references. A path ending with $ref reads the references of the
// entities it addresses, `{"@odata.id":"…/Orders(1)"}`, in place of the
// entities: Orders(1)/Customer/$ref one (or 204 without related entity),
// Customers('A')/Orders/$ref and Orders/$ref a collection, paged and
// counted like any (context `$metadata#$ref` / `#Collection($ref)`). The
// read selects the key columns only.

// checkRefOptions rejects the query options that shape entities, which a
// reference does not have (OData Part 2, 11.2.8: $filter, $search,
// $orderby, $top, $skip and $count apply to references).
func checkRefOptions(o *query.Options) error {
	switch {
	case o.Select != nil:
		return odataerr.BadRequest("$select cannot be applied to entity references ($ref)")
	case o.Expand != nil:
		return odataerr.BadRequest("$expand cannot be applied to entity references ($ref)")
	case o.ComputeItems != nil:
		return odataerr.BadRequest("$compute cannot be applied to entity references ($ref)")
	case o.ApplyTree != nil || o.Apply != "":
		return odataerr.BadRequest("$apply cannot be applied to entity references ($ref)")
	}
	return nil
}
