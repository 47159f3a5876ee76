package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"odatagw/config"
	"odatagw/gateway"
	"odatagw/metadata"
)

// runMetadata prints the CSDL of one service (XML, or JSON with --json).
// --service may be left out when there is one service.
func runMetadata(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("metadata", stderr)
	cfgPath := configFlag(fs)
	asJSON := fs.Bool("json", false, "print CSDL JSON instead of XML")
	name := fs.String("service", "", "the service to describe (required when the configuration has several)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if cfg != nil {
		var names []string
		for _, s := range cfg.Sources {
			names = append(names, s.Name)
		}
		switch {
		case *name == "" && len(names) == 1:
			*name = names[0]
		case *name == "":
			return fmt.Errorf("--service: the configuration has %d services, name one of %s", len(names), strings.Join(names, ", "))
		case !slices.Contains(names, *name):
			return fmt.Errorf("--service: no service %q; the configuration has %s", *name, strings.Join(names, ", "))
		}
		// Open only the named source (and a federation's members), named source first.
		keep := []string{*name}
		for _, s := range cfg.Sources {
			if s.Name == *name && s.Federation != nil {
				keep = append(keep, s.Federation.Sources...)
			}
		}
		only := *cfg
		only.Sources = slices.DeleteFunc(slices.Clone(cfg.Sources), func(s config.Source) bool { return !slices.Contains(keep, s.Name) })
		cfg = &only
	} else if *name != "" && *name != "demo" {
		return fmt.Errorf("--service: no service %q; without a configuration the only service is demo", *name)
	}
	// Warnings go to stderr; stdout holds the document only.
	services, closeAll, err := openServices(ctx, cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), nil)
	if err != nil {
		return err
	}
	defer closeAll()
	i := slices.IndexFunc(services, func(s gateway.Service) bool { return s.Name == *name || *name == "" })
	m, err := services[max(i, 0)].Source.Model(ctx)
	if err != nil {
		return err
	}
	m = services[0].MetadataModel(m) // as served: with the write capabilities
	if *asJSON {
		return metadata.WriteJSON(stdout, m)
	}
	return metadata.WriteXML(stdout, m)
}
