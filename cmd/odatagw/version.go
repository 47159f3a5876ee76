package main

import (
	"context"
	"fmt"
	"io"

	"odatagw/internal/buildinfo"
)

// runVersion prints the version, the Go release and the VCS revision.
func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if err := parseFlags(newFlags("version", stderr), args); err != nil {
		return err
	}
	_, err := fmt.Fprintln(stdout, buildinfo.Read())
	return err
}
