package rest

import "time"

// The description of an API, as plain values. The adapter does not read
// configuration files: cmd/odatagw translates the file's rest block
// (package config, which validates it) into a Config, tests build one
// directly, and Infer proposes an Entity.

// Config describes one JSON HTTP API whose collections are exposed as
// entity sets.
type Config struct {
	// BaseURL is the API's root, e.g. https://api.example.com/v1; entity paths
	// are relative to it.
	BaseURL string
	// Auth is how the gateway authenticates to the API.
	Auth Auth
	// Headers are sent with every upstream call (e.g. Accept-Version).
	Headers map[string]string
	// Timeout bounds one upstream call, retries not included (0: DefaultTimeout).
	Timeout time.Duration
	// MaxRows is the ceiling on rows fetched for one request (0: DefaultMaxRows).
	MaxRows int
	// Retries of idempotent calls on 429, 5xx and timeouts (nil: DefaultRetries).
	Retries *int
	// RetryBackoff is the first wait before a retry (0: DefaultRetryBackoff),
	// doubled at each retry, with jitter.
	RetryBackoff time.Duration
	// MaxRetryWait caps the wait a Retry-After header may ask for (0: DefaultMaxRetryWait).
	MaxRetryWait time.Duration
	// Breaker stops calling a failing API for a while.
	Breaker Breaker
	// Concurrency bounds the upstream calls one request makes at once (0: DefaultConcurrency).
	Concurrency int
	// Entities are the entity sets, one per API collection.
	Entities []Entity
}

// Auth is the upstream authentication. Type "" or none, header (Header:
// Value), bearer (Token), basic (Username, Password) or oauth2 (client
// credentials: TokenURL, ClientID, ClientSecret, Scopes).
type Auth struct {
	Type         string
	Header       string
	Value        string
	Token        string
	Username     string
	Password     string
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
}

// Breaker: after Failures consecutive failed calls, calls fail at once
// with 503 for Cooldown, then one trial call decides.
type Breaker struct {
	Failures int           // 0: DefaultFailures
	Cooldown time.Duration // 0: DefaultCooldown
}

// Entity is one entity set read from an API collection.
type Entity struct {
	Name string // entity set (and type) name
	// Path is the collection's path below BaseURL, e.g. /shipments.
	Path string
	// Query holds fixed query parameters sent with every collection call.
	Query map[string]string
	// KeyPath is the path of one entity, with {Property} placeholders for
	// the key properties, e.g. /shipments/{TrackingNumber}. Optional.
	KeyPath string
	// Rows is the JSON pointer to the array of rows in a collection
	// response; "": the response is the array.
	Rows string
	// Entity is the JSON pointer to the object in a KeyPath response; "":
	// the response is the object.
	Entity string
	// Key lists the key properties (by property name).
	Key []string
	// Properties are the structural properties, in order.
	Properties []Property
	// Search lists the properties $search looks in (default: every String property).
	Search []string
	// Paging is how the API pages a collection.
	Paging Paging
	// Filters declare the conditions the API can evaluate itself.
	Filters []Filter
	// Sort declares how the API sorts; nil: it does not.
	Sort *Sort
	// Count is the JSON pointer to the total number of matching rows in a
	// collection response.
	Count string
	// Write is how creates, updates and deletes map to the API (write.go);
	// whether they are allowed at all is the gateway's write policy.
	Write Write
}

// Write maps the writes of an entity set onto the API.
type Write struct {
	// CreatePath is where POST creates an entity ("": Path).
	CreatePath string
	// ItemPath is the path PATCH, PUT and DELETE go to, with {Property}
	// placeholders for the key ("": KeyPath).
	ItemPath string
	// UpdateMethod is PATCH (default: the properties changed are sent) or
	// PUT (the whole entity is sent: its current values with the changes).
	UpdateMethod string
	// Created is the JSON pointer to the created entity in the POST
	// response ("": Entity, the pointer of by-key reads).
	Created string
	// Reread says how the created entity is read when the POST response
	// does not hold it whole: "" (the response's entity; else the Location
	// header; else by key), "location" (GET the Location header) or "key"
	// (GET ItemPath with the key sent or found in the response).
	Reread string
	// Send lists the properties written to the API (empty: all). The others
	// are computed by the API (Core.Computed): a client may not set them.
	Send []string
}

// Property is one property of an API entity.
type Property struct {
	Name string
	// Type is the Edm type ("": Edm.String).
	Type string
	// Field is the JSON member holding the value: a member name ("": Name)
	// or a JSON pointer into the row object (/address/city).
	Field string
	// Nullable (nil: true; key properties are never null).
	Nullable *bool
	// MaxLength of a String; Precision and Scale of a Decimal.
	MaxLength int
	Precision int
	Scale     int
}

// Paging is the paging style of a collection: "" or none (one call returns
// everything), page (PageParam=FirstPage,… with SizeParam=Size), offset
// (OffsetParam and SizeParam), cursor (CursorParam taking the value at the
// JSON pointer Cursor of the previous response), link (the Link header's
// rel="next") or next (the URL at the JSON pointer Next of the response).
type Paging struct {
	Style       string
	Size        int
	SizeParam   string
	PageParam   string
	FirstPage   *int
	OffsetParam string
	CursorParam string
	Cursor      string
	Next        string
}

// Filter maps `Property Op value` to the query parameter Param=value.
type Filter struct {
	Property  string
	Op        string
	Param     string
	Separator string
	MaxValues int
}

// Sort declares the API's sorting parameter and the properties it orders
// exactly as OData does.
type Sort struct {
	Param      string
	Asc        string
	Desc       string
	Separator  string
	Properties []string
}
