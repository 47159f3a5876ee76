package schema

import (
	"slices"
	"testing"
)

func TestParseDeclaredType(t *testing.T) {
	cases := []struct {
		in   string
		base string
		args []int
	}{
		{"DECIMAL(10, 2)", "decimal", []int{10, 2}},
		{"varchar(40)", "varchar", []int{40}},
		{"int(10) unsigned", "int unsigned", []int{10}},
		{"timestamp(3) with time zone", "timestamp with time zone", []int{3}},
		{"  UNSIGNED   BIG INT ", "unsigned big int", nil},
		{"enum('a','b')", "enum", nil},
		{"", "", nil},
		{"NUMERIC(12", "numeric", []int{12}},
	}
	for _, c := range cases {
		base, args := ParseDeclaredType(c.in)
		if base != c.base || !slices.Equal(args, c.args) {
			t.Errorf("ParseDeclaredType(%q) = %q %v, want %q %v", c.in, base, args, c.base, c.args)
		}
	}
}
