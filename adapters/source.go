// Package adapters defines the seam between the gateway and the systems it
// exposes: the Source interface every backend implements, and the Query plan a
// request is translated into. One package per backend kind lives below it.
package adapters

import (
	"context"

	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// Source is one backing system (a database or an API) exposed as one OData
// service. Implementations are safe for concurrent use.
type Source interface {
	// Model returns the current entity data model. It may be refreshed in the
	// background; callers take it once per request.
	Model(ctx context.Context) (*metadata.Model, error)
	// Query runs q and streams the matching entities. The caller closes Rows.
	Query(ctx context.Context, q *Query) (Rows, error)
	// Count returns the number of entities matching q's Filter and Search,
	// ignoring Top, Skip, After and OrderBy.
	Count(ctx context.Context, q *Query) (int64, error)
	// Close releases connections.
	Close() error
}

// Query is the plan of one read against one entity set: everything the source
// must do, already bound to the model.
type Query struct {
	Set *metadata.EntitySet
	// Key, when non-empty, restricts the result to the entity with these key
	// values (all key properties, in key order).
	Key []KeyValue
	// Filter is the bound $filter (plus any predicate the gateway adds); nil = all.
	Filter bound.Expr
	// Search is the bound $search; nil = none.
	Search bound.Search
	// Select lists the properties to return, in output order. It always
	// contains the key properties. Empty means every property of the type.
	Select []*metadata.Property
	// OrderBy is the requested order. The gateway appends the key properties
	// so that the order is total and paging is stable.
	OrderBy []bound.OrderItem
	// Top is the maximum number of rows to return; negative means no limit.
	Top int64
	// Skip is the number of rows to skip before returning any.
	Skip int64
	// After, when non-nil, asks for keyset continuation: only rows strictly
	// after the row whose OrderBy values are After (one value per OrderBy item,
	// Go values per metadata/values.go) are returned. Only set when every
	// OrderBy item is a non-nullable property; Skip is then 0.
	After []any
	// Apply, when non-nil, is the bound $apply pipeline (aggregation): the
	// result rows are instances of Apply.Out, not entities. Filter and
	// OrderBy are then bound on Apply.Out (bound.Binder.FilterOn, OrderByOn)
	// and apply to the result of the pipeline; Top and Skip page that result;
	// Key, Search, Select and After must be empty. Rows hold ApplySelect's
	// values in order (Go values per metadata/values.go), or, when
	// ApplySelect is empty, Apply.Out.Groups followed by Apply.Out.Dynamic.
	Apply *bound.Apply
	// ApplySelect is the bound $select after $apply (bound.Binder.SelectOn):
	// *bound.Property grouping properties and *bound.AliasRef aliases.
	ApplySelect []bound.Expr
	// Compute holds the computed properties of $compute (see Computed):
	// Select may list their Props, and Filter and OrderBy may refer to them
	// with *bound.AliasRef (by name). Not used together with Apply.
	Compute []Computed
	// Partition, when non-nil, pages per group instead of over the whole
	// result (the nested $top and $skip of $expand, per parent entity); Top
	// and Skip must then be -1 and 0. See Partition.
	Partition *Partition
}

// Partition splits a query's result into groups of rows with equal values
// of By and applies Top and Skip to each group in the query's OrderBy. Every
// row then carries PartitionColumns more Int64 values after Columns(): its
// 1-based position in its group and, with Count, the number of rows in its
// group. With Count the first row of every group is returned even when it
// falls outside the page (Skip beyond the group, Top 0), so that every
// group's size is known; the position tells whether a row is in the page
// (InPage).
type Partition struct {
	// By are properties of the queried type, each among Columns().
	By []*metadata.Property
	// Top is the maximum number of rows per group; negative means no limit.
	Top int64
	// Skip is the number of rows of each group skipped.
	Skip int64
	// Count asks for the size of each group.
	Count bool
}

// Columns returns how many values rows carry after Query.Columns().
func (p *Partition) Columns() int {
	if p.Count {
		return 2
	}
	return 1
}

// InPage reports whether the row at 1-based position pos of its group is
// in the requested page of the group.
func (p *Partition) InPage(pos int64) bool {
	return pos > p.Skip && (p.Top < 0 || pos <= p.Skip+p.Top)
}

// KeyValue is one key property with the value it must equal.
type KeyValue struct {
	Prop  *metadata.Property
	Value any
}

// Columns returns the properties q returns, in order.
func (q *Query) Columns() []*metadata.Property {
	if len(q.Select) > 0 {
		return q.Select
	}
	return q.Set.Type.Properties
}

// Rows streams query results. Values are in the order of Query.Columns(),
// as Go values per metadata/values.go (nil for null), valid until the next
// call to Next.
type Rows interface {
	Next() bool
	Values() []any
	Err() error
	Close() error
}
