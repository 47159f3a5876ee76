// Command odatagw serves live databases as OData v4 services.
//
//	odatagw [serve] [--config FILE] [--listen ADDR]   serve (the embedded demo without a file)
//	odatagw [serve] --demo-writable [--listen ADDR]   a writable copy of the demo, deleted at exit
//	odatagw check [--config FILE]                     open every source and describe what it exposes
//	odatagw metadata [--config FILE] [--service NAME] [--json]   print a service's CSDL
//	odatagw version                                    print the version
//	odatagw infer-rest --url URL [--pointer /data] [--name Set] [--header 'K: v'] [--timeout 10s]   a starting rest config
//
// ODATAGW_CONFIG and ODATAGW_LISTEN stand in for the flags. Each sub-command
// lives in a file of its own; what it does lives in packages.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
	var ex exitError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, &ex):
		os.Exit(ex.code) // the command printed its report
	default:
		fmt.Fprintln(os.Stderr, "odatagw:", err)
		os.Exit(1)
	}
}

// command is one sub-command.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists the sub-commands; serve is the default.
func commands() []command {
	return []command{
		{"serve", "serve the configured sources (the default)", runServe},
		{"check", "validate the configuration, open every source and print what it exposes", runCheck},
		{"metadata", "print the CSDL of a service", runMetadata},
		{"version", "print the version, the Go release and the VCS revision", runVersion},
		{"infer-rest", "sample a JSON API collection and print a starting rest configuration", runInferREST},
	}
}

// run dispatches to the sub-command named by args[0]; without one (or when
// args start with a flag) it serves, as odatagw always did.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			usage(stderr)
			return flag.ErrHelp
		}
		return runServe(ctx, args, stdout, stderr)
	}
	if args[0] == "help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: odatagw [command] [flags]  (odatagw COMMAND -h for a command's flags)")
	fmt.Fprintln(w, "commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}

// exitError ends the process with code after the command printed its own
// report (check with problems).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// newFlags returns a flag set for a sub-command, writing errors to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("odatagw "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// configFlag adds --config (env ODATAGW_CONFIG) to fs.
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", os.Getenv("ODATAGW_CONFIG"), "configuration file (YAML); without one the embedded demo is used (env ODATAGW_CONFIG)")
}

// parseFlags parses args and refuses positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}
