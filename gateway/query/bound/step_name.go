package bound

import "fmt"

// StepName is the name of the transformation st binds (as written in
// $apply), for messages.
func StepName(st Step) string {
	switch st.(type) {
	case *Filter:
		return "filter"
	case *SearchStep:
		return "search"
	case *OrderBy:
		return "orderby"
	case *Top:
		return "top"
	case *Skip:
		return "skip"
	case *Compute:
		return "compute"
	case *Aggregate:
		return "aggregate"
	case *GroupBy:
		return "groupby"
	case *Concat:
		return "concat"
	}
	return fmt.Sprintf("%T", st)
}
