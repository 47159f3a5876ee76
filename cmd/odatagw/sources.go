package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"odatagw/adapters"
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
	for _, sc := range cfg.Sources {
		src, err := openSource(ctx, sc, log, obs)
		if err != nil {
			closeAll()
			// The engines' errors name the source already; say it once.
			if !strings.Contains(err.Error(), fmt.Sprintf("source %q", sc.Name)) {
				err = fmt.Errorf("source %q: %w", sc.Name, err)
			}
			return nil, nil, err
		}
		services = append(services, guardedService(sc, src)) // limits.go
	}
	return services, closeAll, nil
}

func openSource(ctx context.Context, sc config.Source, log *slog.Logger, obs adapters.CallObserver) (adapters.Source, error) {
	if sc.Kind == "rest" {
		return rest.Open(rest.Options{Name: sc.Name, Namespace: sc.Namespace, Logger: log.With("source", sc.Name), Observer: obs}, *sc.REST)
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
	if len(sc.Entities) > 0 {
		o.TableOptions = make(map[string]schema.TableOptions, len(sc.Entities))
		for table, e := range sc.Entities {
			to := schema.TableOptions{EntitySet: e.Name, Key: e.Key, Hide: e.Hide, Search: e.Search, Navigation: e.Navigation}
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
