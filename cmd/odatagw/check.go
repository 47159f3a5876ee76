package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"odatagw/adapters/sqldb"
	"odatagw/demo"
	"odatagw/internal/inspect"
	"odatagw/metadata"
)

// runCheck validates the configuration, opens every source (all of them,
// also after one failed) and prints what each exposes and what was skipped.
// It exits 1 when the configuration is invalid or a source cannot be opened.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	cfgPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	var reports []inspect.Report
	if cfg == nil {
		fmt.Fprintln(stdout, "no configuration file: checking the embedded demo")
		col := inspect.NewCollector()
		src, err := demo.Open(ctx, sqldb.Config{Name: "demo", QueryTimeout: defaultQueryTimeout, Logger: slog.New(col)})
		reports = append(reports, report(ctx, "demo", "sqlite", src, err, col))
	} else {
		fmt.Fprintf(stdout, "configuration %s: valid, %d source(s)\n", *cfgPath, len(cfg.Sources))
		for _, sc := range cfg.Sources {
			col := inspect.NewCollector()
			src, err := openChecked(ctx, cfg, sc, slog.New(col))
			reports = append(reports, report(ctx, sc.Name, sc.Kind, src, err, col))
		}
	}
	fmt.Fprintln(stdout)
	problems, err := inspect.Write(stdout, reports)
	if err != nil {
		return err
	}
	if problems > 0 {
		fmt.Fprintf(stderr, "odatagw check: %d of %d source(s) failed\n", problems, len(reports))
		return exitError{code: 1}
	}
	return nil
}

// modelSource is what check needs of an opened source.
type modelSource interface {
	Model(ctx context.Context) (*metadata.Model, error)
	Close() error
}

// report describes one opened source (and closes it), or its failure.
func report[S modelSource](ctx context.Context, name, kind string, src S, openErr error, col *inspect.Collector) inspect.Report {
	if openErr != nil {
		return inspect.Report{Service: name, Kind: kind, Err: openErr, Warnings: col.Take()}
	}
	defer src.Close()
	m, err := src.Model(ctx)
	if err != nil {
		return inspect.Report{Service: name, Kind: kind, Err: err, Warnings: col.Take()}
	}
	r := inspect.Describe(name, kind, m)
	r.Warnings = col.Take()
	return r
}
