package query

import (
	"errors"
	"strings"
	"testing"
)

// Deeply nested pipelines are rejected with ErrTooDeep, not a stack overflow.
func TestParseApplyDepth(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("concat(", 200) + "identity",
		strings.Repeat("groupby((A),", 200) + "identity",
		strings.Repeat("filter(", 200) + "A",
		strings.Repeat("aggregate(", 200) + "A",
	} {
		_, err := ParseApply(in)
		if !errors.Is(err, ErrTooDeep) {
			t.Errorf("%.30s…: %v, want ErrTooDeep", in, err)
		}
	}
}
