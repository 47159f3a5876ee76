package resttest

import (
	"time"

	"odatagw/adapters/rest"
)

// Properties are the API's properties.
var Properties = []rest.Property{
	{Name: "TrackingNumber", Field: "tracking_number"},
	{Name: "OrderID", Type: "Edm.Int32", Field: "order_id", Nullable: new(false)},
	{Name: "Status", Field: "status", MaxLength: 20},
	{Name: "Carrier", Field: "carrier", Nullable: new(false)},
	{Name: "WeightKg", Type: "Edm.Double", Field: "/measures/weight_kg"},
	{Name: "Cost", Type: "Edm.Decimal", Field: "cost", Precision: 10, Scale: 2},
	{Name: "ShippedAt", Type: "Edm.DateTimeOffset", Field: "shipped_at"},
	{Name: "DeliveredOn", Type: "Edm.Date", Field: "delivered_on"},
	{Name: "Fragile", Type: "Edm.Boolean", Field: "fragile", Nullable: new(false)},
	{Name: "Country", Field: "/destination/country"},
}

// Paging is the paging configuration of each style the API serves.
var Paging = map[string]rest.Paging{
	"none":   {},
	"page":   {Style: "page", Size: 7},
	"offset": {Style: "offset", Size: 7},
	"cursor": {Style: "cursor", Size: 7, SizeParam: "size", Cursor: "/next_cursor"},
	"link":   {Style: "link", Size: 7, SizeParam: "size"},
	"next":   {Style: "next", Size: 7, SizeParam: "size", Next: "/links/next"},
}

// RowsAt is the JSON pointer to the rows of each style.
var RowsAt = map[string]string{"none": "", "page": "/data", "offset": "/items", "cursor": "/results", "link": "", "next": "/data"}

// Config describes the API's shipments as the entity set Shipments for a
// paging style; with pushdown it declares the API's filters and sorting
// (and key_path), without it the gateway evaluates everything.
func Config(a *API, style string, pushdown bool) rest.Config {
	e := rest.Entity{
		Name: "Shipments", Path: "/api/" + style + "/shipments", KeyPath: "/api/" + style + "/shipments/{TrackingNumber}",
		Entity: "/shipment", Rows: RowsAt[style], Key: []string{"TrackingNumber"}, Properties: Properties,
		Paging: Paging[style],
	}
	if style == "page" {
		e.Count = "/meta/total"
	}
	if pushdown {
		e.Filters = []rest.Filter{
			{Property: "Status", Op: "eq", Param: "status"},
			{Property: "Carrier", Op: "eq", Param: "carrier"},
			{Property: "TrackingNumber", Op: "in", Param: "tracking", MaxValues: 10},
			{Property: "TrackingNumber", Op: "gt", Param: "after_tn"},
			{Property: "OrderID", Op: "eq", Param: "order"},
			{Property: "ShippedAt", Op: "ge", Param: "from"},
			{Property: "ShippedAt", Op: "le", Param: "to"},
		}
		e.Sort = &rest.Sort{Param: "sort", Properties: []string{"TrackingNumber"}}
	} else {
		e.KeyPath = ""
	}
	return rest.Config{BaseURL: a.URL, Entities: []rest.Entity{e}, RetryBackoff: time.Millisecond}
}
