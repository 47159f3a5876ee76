package main

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"odatagw/adapters"
	"odatagw/adapters/federation"
	"odatagw/adapters/mysql"
	"odatagw/adapters/postgres"
	"odatagw/adapters/rest"
	"odatagw/adapters/sqldb"
	"odatagw/adapters/sqldb/schema"
	"odatagw/adapters/sqlite"
	"odatagw/config"
	"odatagw/demo"
	"odatagw/gateway"
)

// Defaults for sources whose configuration says nothing.
const (
	defaultQueryTimeout = 30 * time.Second
	startupTimeout      = 30 * time.Second
)

// openServices opens every configured source (or the demo when cfg is nil).
// Any failure closes what was opened and names the source; it never shows
// the DSN.
// obs, when not nil, is told of every backend call.
func openServices(ctx context.Context, cfg *config.Config, log *slog.Logger, obs adapters.CallObserver) ([]gateway.Service, func(), error) {
	var services []gateway.Service
	closeAll := func() {
		for _, s := range services {
			_ = s.Source.Close()
		}
	}
	if cfg == nil {
		src, err := demo.Open(ctx, sqldb.Config{Name: "demo", QueryTimeout: defaultQueryTimeout, Logger: log, Observer: obs})
		if err != nil {
			return nil, nil, fmt.Errorf("demo database: %w", err)
		}
		return []gateway.Service{{Name: "demo", Source: src}}, closeAll, nil
	}
	opened := map[string]adapters.Source{}
	// Federations come last: they combine the sources opened before them.
	for _, federations := range []bool{false, true} {
		for _, sc := range cfg.Sources {
			if (sc.Kind == "federation") != federations {
				continue
			}
			var src adapters.Source
			var err error
			if federations {
				src, err = openFederation(ctx, sc, opened)
			} else {
				src, err = openSource(ctx, sc, log, obs)
			}
			if err != nil {
				closeAll()
				return nil, nil, nameSource(sc.Name, err)
			}
			opened[sc.Name] = src
			writes, err := writePolicy(ctx, sc, src) // writes.go
			if err != nil {
				_ = src.Close()
				closeAll()
				return nil, nil, nameSource(sc.Name, err)
			}
			svc := guardedService(sc, src) // limits.go
			svc.Writes = writes
			services = append(services, svc)
		}
	}
	return services, closeAll, nil
}

// nameSource says which source failed, once (the engines' errors name it already).
func nameSource(name string, err error) error {
	if !strings.Contains(err.Error(), fmt.Sprintf("source %q", name)) {
		err = fmt.Errorf("source %q: %w", name, err)
	}
	return err
}

// openFederation combines opened member sources under one service.
func openFederation(ctx context.Context, sc config.Source, opened map[string]adapters.Source) (adapters.Source, error) {
	var members []federation.Member
	for _, name := range sc.Federation.Sources {
		members = append(members, federation.Member{Name: name, Source: opened[name]})
	}
	var links []federation.Link
	for _, l := range sc.Federation.Links {
		links = append(links, federation.Link{Name: l.Name, From: l.From, To: l.To, Properties: l.Properties,
			References: l.References, Partner: l.Partner})
	}
	src, err := federation.New(ctx, sc.Namespace, members, links)
	if err != nil {
		return nil, err
	}
	return src, nil
}

// openChecked opens one source for `odatagw check`: a federation with its
// own copies of its members, closed with it.
func openChecked(ctx context.Context, cfg *config.Config, sc config.Source, log *slog.Logger) (adapters.Source, error) {
	if sc.Kind != "federation" {
		return openSource(ctx, sc, log, nil)
	}
	opened := map[string]adapters.Source{}
	var owned []adapters.Source
	closeOwned := func() {
		for _, s := range owned {
			_ = s.Close()
		}
	}
	for _, m := range cfg.Sources {
		if slices.Contains(sc.Federation.Sources, m.Name) {
			src, err := openSource(ctx, m, log, nil)
			if err != nil {
				closeOwned()
				return nil, nameSource(m.Name, err)
			}
			opened[m.Name] = src
			owned = append(owned, src)
		}
	}
	fed, err := openFederation(ctx, sc, opened)
	if err != nil {
		closeOwned()
		return nil, err
	}
	return &owning{Source: fed, close: closeOwned}, nil
}

// owning is a source that closes what it owns with it.
type owning struct {
	adapters.Source
	close func()
}

func (o *owning) Close() error {
	o.close()
	return o.Source.Close()
}

func openSource(ctx context.Context, sc config.Source, log *slog.Logger, obs adapters.CallObserver) (adapters.Source, error) {
	if sc.Kind == "rest" {
		return rest.Open(rest.Options{Name: sc.Name, Namespace: sc.Namespace, Logger: log.With("source", sc.Name), Observer: obs}, restConfig(*sc.REST))
	}
	ctx, cancel := context.WithTimeout(ctx, startupTimeout)
	defer cancel()
	rc := sqldb.Config{
		Name:            sc.Name,
		QueryTimeout:    sc.QueryTimeout,
		RefreshInterval: sc.RefreshInterval,
		Logger:          log.With("source", sc.Name),
		Observer:        obs,
		Pool:            poolConfig(sc.Pool), // limits.go
	}
	if rc.QueryTimeout == 0 {
		rc.QueryTimeout = defaultQueryTimeout
	}
	opts := schemaOptions(sc)
	var src *sqldb.Source
	var err error
	switch sc.Kind {
	case "mysql":
		src, err = mysql.Open(ctx, sc.DSN, opts, rc)
	case "postgres":
		src, err = postgres.Open(ctx, sc.DSN, opts, rc)
	case "sqlite":
		src, err = sqlite.Open(ctx, sc.DSN, opts, rc)
	default:
		return nil, fmt.Errorf("unknown kind %q", sc.Kind)
	}
	if err != nil {
		return nil, err // not a typed nil inside the interface
	}
	return src, nil
}

// schemaOptions maps the configuration file's shape onto the introspector's.
func schemaOptions(sc config.Source) schema.Options {
	o := schema.Options{
		Namespace: sc.Namespace,
		Schemas:   sc.Schemas,
		Tables:    sc.Tables,
		Naming:    sc.Naming,
	}
	o.StringMaxLength = stringMaxLength(sc.StringMaxLength)
	if len(sc.Entities) > 0 {
		o.TableOptions = make(map[string]schema.TableOptions, len(sc.Entities))
		for table, e := range sc.Entities {
			to := schema.TableOptions{EntitySet: e.Name, Key: e.Key, Hide: e.Hide, Search: e.Search, Navigation: e.Navigation,
				StringMaxLength: stringMaxLength(e.StringMaxLength)}
			if e.Writes != nil {
				to.Version = e.Writes.ETag
			}
			if len(e.Properties) > 0 {
				to.Columns = make(map[string]schema.ColumnOptions, len(e.Properties))
				for col, p := range e.Properties {
					to.Columns[col] = schema.ColumnOptions{Name: p.Name, Type: p.Type, MaxLength: p.MaxLength}
				}
			}
			o.TableOptions[table] = to
		}
	}
	for _, r := range sc.Relationships {
		o.Relationships = append(o.Relationships, schema.Relationship{
			Name: r.Name, From: r.From, Columns: r.Columns, To: r.To, References: r.References, Partner: r.Partner,
		})
	}
	return o
}

// stringMaxLength maps string_max_length (nil: unset) onto the introspector's.
func stringMaxLength(l *config.StringMaxLength) schema.StringMaxLength {
	if l == nil {
		return schema.StringMaxLength{}
	}
	return schema.StringMaxLength{Unbounded: l.Unbounded, Cap: l.Cap}
}
