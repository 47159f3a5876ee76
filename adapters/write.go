package adapters

import (
	"context"
	"errors"

	"odatagw/metadata"
)

// Writes. A source that can change data implements Writer; one that can
// also group reads and writes into an all-or-nothing unit implements
// TxBeginner. Both are optional: the gateway answers 405/501 for sources
// without them. The types speak of entity sets, keys and property values
// only, so that non-SQL backends (REST APIs) implement them as naturally as
// databases.
//
// Values are Go values per metadata/values.go, already validated by the
// gateway against the properties' types and facets. Errors a client can act
// on (constraint violations, a missing entity) are *odataerr.Error with a
// message naming the property or constraint, never the backend's own text.

// Writer creates, changes and deletes entities.
type Writer interface {
	// Insert stores a new entity and returns it as stored: every property of
	// the set's type, in Type.Properties order, including the values the
	// backend generated (keys, defaults).
	Insert(ctx context.Context, ins *Insert) ([]any, error)
	// Update changes the entity with Update.Key and returns it as stored
	// afterwards (Type.Properties order). A missing entity is a 404.
	Update(ctx context.Context, upd *Update) ([]any, error)
	// Delete removes the entity with Delete.Key. A missing entity is a 404.
	Delete(ctx context.Context, del *Delete) error
}

// TxBeginner is implemented by sources that can run reads and writes in one
// transaction.
type TxBeginner interface {
	// Begin starts a transaction; ctx bounds it: when ctx ends before Commit
	// the transaction is rolled back.
	Begin(ctx context.Context) (Tx, error)
}

// Tx is a transaction: reads see its own writes; nothing is visible to
// others before Commit, and nothing of it remains after Rollback. A Tx is
// used by one goroutine at a time; Rows must be closed before the next call.
type Tx interface {
	// Query and Count read as Source.Query and Source.Count do.
	Query(ctx context.Context, q *Query) (Rows, error)
	Count(ctx context.Context, q *Query) (int64, error)
	Writer
	// Commit makes the writes durable and visible. After a failed Commit the
	// transaction is rolled back.
	Commit() error
	// Rollback discards the writes. Rolling back a finished transaction is a
	// no-op that returns nil.
	Rollback() error
}

// PropertyValue is a value to store in a structural property; nil stores null.
type PropertyValue struct {
	Prop  *metadata.Property
	Value any
}

// Insert is the plan of one entity creation.
type Insert struct {
	Set *metadata.EntitySet
	// Values are the properties given; the others take the backend's default
	// (null where it has none).
	Values []PropertyValue
}

// Update is the plan of one entity change.
type Update struct {
	Set *metadata.EntitySet
	Key []KeyValue
	// Values are the properties to change.
	Values []PropertyValue
	// Replace resets every property of the type that is not in Values, not
	// a key and not Computed to its default (null where there is none): PUT.
	// Otherwise the other properties keep their values: PATCH.
	Replace bool
	// Check, when set, is called with the entity's current values (every
	// property, Type.Properties order) after the entity is read and
	// protected against concurrent changes (locked until the write is done),
	// and before it is changed. An error from Check aborts the change and is
	// returned as is. Check may change Values (e.g. to set a version
	// property from its current value). The gateway verifies If-Match here.
	Check func(current []any) error
}

// Delete is the plan of one entity deletion.
type Delete struct {
	Set *metadata.EntitySet
	Key []KeyValue
	// Check is as in Update.
	Check func(current []any) error
}

// ErrReadOnly is returned (wrapped in a 405 *odataerr.Error by the
// gateway) for writes to a source or entity set that is not writable.
var ErrReadOnly = errors.New("adapters: the entity set is read-only")
