package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"odatagw/adapters"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqlite"
	"odatagw/config"
	"odatagw/demo"
	"odatagw/gateway"
)

// writePolicy maps a source's writes settings onto the gateway's policy:
// the source's switches for every set, a table's overrides for its set
// (found through the model, since $metadata names sets, not tables).
func writePolicy(ctx context.Context, sc config.Source, src adapters.Source) (gateway.WritePolicy, error) {
	p := gateway.WritePolicy{Default: setWrites(sc.Writes.Effective(nil))}
	if sc.REST != nil { // an API's entity sets are named in its configuration
		for _, e := range sc.REST.Entities {
			if e.Writes != nil {
				if p.Sets == nil {
					p.Sets = map[string]gateway.SetWrites{}
				}
				p.Sets[e.Name] = setWrites(sc.Writes.Effective(e.Writes))
			}
		}
	}
	for table, e := range sc.Entities {
		if e.Writes == nil {
			continue
		}
		model, err := src.Model(ctx)
		if err != nil {
			return p, err
		}
		found := ""
		for _, s := range model.Sets {
			if s.Type.Table == table || s.Type.DBSchema+"."+s.Type.Table == table {
				found = s.Name
			}
		}
		if found == "" {
			return p, fmt.Errorf("entities.%s.writes: the table is not exposed", table)
		}
		if p.Sets == nil {
			p.Sets = map[string]gateway.SetWrites{}
		}
		p.Sets[found] = setWrites(sc.Writes.Effective(e.Writes))
	}
	return p, nil
}

func setWrites(w config.WriteSwitches) gateway.SetWrites {
	return gateway.SetWrites{Insert: w.Insert, Update: w.Update, Delete: w.Delete,
		RequireIfMatch: w.RequireIfMatch, VersionColumn: w.ETag}
}

// openServing opens what serve serves: the configured sources, the demo, or
// with --demo-writable a writable copy of the demo.
func openServing(ctx context.Context, cfg *config.Config, writableDemo bool, log *slog.Logger, obs adapters.CallObserver) ([]gateway.Service, func(), error) {
	if !writableDemo {
		return openServices(ctx, cfg, log, obs)
	}
	if cfg != nil {
		return nil, nil, fmt.Errorf("--demo-writable only applies without a configuration (writes are configured per source)")
	}
	svc, closeDemo, err := openWritableDemo(ctx, log, obs)
	if err != nil {
		return nil, nil, err
	}
	return []gateway.Service{svc}, closeDemo, nil
}

// openWritableDemo serves a private copy of the demo database, in a
// temporary file removed when the returned close function runs, with every
// entity set writable: the demo's shared file stays untouched.
func openWritableDemo(ctx context.Context, log *slog.Logger, obs adapters.CallObserver) (gateway.Service, func(), error) {
	dir, err := os.MkdirTemp("", "odatagw-demo-")
	if err != nil {
		return gateway.Service{}, nil, fmt.Errorf("demo database: %w", err)
	}
	path := filepath.Join(dir, "demo.db")
	if err := demo.Create(ctx, path); err != nil {
		os.RemoveAll(dir)
		return gateway.Service{}, nil, fmt.Errorf("demo database: %w", err)
	}
	src, err := sqlite.Open(ctx, path, demo.Options(), sqldb.Config{Name: "demo", QueryTimeout: defaultQueryTimeout, Logger: log, Observer: obs})
	if err != nil {
		os.RemoveAll(dir)
		return gateway.Service{}, nil, fmt.Errorf("demo database: %w", err)
	}
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	log.Info("demo is writable: changes go to a temporary copy, deleted at exit", "file", path)
	return gateway.Service{Name: "demo", Source: src, Writes: gateway.WritePolicy{Default: all}},
		func() { src.Close(); os.RemoveAll(dir) }, nil
}
