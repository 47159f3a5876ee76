package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"odatagw/adapters/rest"
	"odatagw/config"
)

// runInferREST samples a JSON API collection and prints a starting
// configuration for it (a source of kind rest with one entity set).
func runInferREST(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("infer-rest", stderr)
	rawURL := fs.String("url", "", "the collection's URL (required), e.g. https://api.example.com/v1/shipments?per_page=50")
	ptr := fs.String("pointer", "", "JSON pointer to the rows in the response, e.g. /data (default: found)")
	name := fs.String("name", "", "entity set name (default: from the path)")
	timeout := fs.Duration("timeout", 10*time.Second, "time allowed for the sample call")
	var headers headerFlags
	fs.Var(&headers, "header", `header to send, "Name: value" (repeatable; e.g. an API key)`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	u, err := url.Parse(*rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--url: an http(s) URL is required")
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s%s: %w", u.Host, u.Path, unwrapURL(err))
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, rest.MaxResponseBytes))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s%s answered %d", u.Host, u.Path, res.StatusCode)
	}
	if *name == "" {
		*name = setName(u.Path)
	}
	e, err := rest.Infer(body, res.Header, *ptr, *name)
	if err != nil {
		return err
	}
	e.Path = u.Path
	if q := u.Query(); len(q) > 0 {
		e.Query = map[string]string{}
		for k := range q {
			e.Query[k] = q.Get(k)
		}
	}
	base := u.Scheme + "://" + u.Host
	fmt.Fprintf(stdout, "# Inferred from one response of %s%s: check the types, the key and the paging.\n", u.Host, u.Path)
	if len(e.Key) == 0 {
		fmt.Fprintln(stdout, "# No property had unique, non-null values in the sample: set key.")
	}
	return yaml.NewEncoder(stdout).Encode(map[string]any{"version": config.CurrentVersion, "sources": []any{
		map[string]any{"name": "api", "kind": "rest", "rest": map[string]any{"base_url": base, "entities": []any{entityYAML(e)}}},
	}})
}

// entityYAML writes an entity with only the keys that are set.
func entityYAML(e rest.Entity) map[string]any {
	out := map[string]any{"name": e.Name, "path": e.Path, "key": e.Key}
	if e.Rows != "" {
		out["rows"] = e.Rows
	}
	if len(e.Query) > 0 {
		out["query"] = e.Query
	}
	if e.Paging.Style != "" {
		pg := map[string]any{"style": e.Paging.Style}
		if e.Paging.Next != "" {
			pg["next"] = e.Paging.Next
		}
		if e.Paging.Cursor != "" {
			pg["cursor"] = e.Paging.Cursor
		}
		out["paging"] = pg
	}
	var props []any
	for _, p := range e.Properties {
		m := map[string]any{"name": p.Name}
		if p.Type != "" {
			m["type"] = p.Type
		}
		if p.Field != "" {
			m["field"] = p.Field
		}
		if p.Nullable != nil {
			m["nullable"] = *p.Nullable
		}
		props = append(props, m)
	}
	out["properties"] = props
	return out
}

// setName derives an entity set name from the last path segment.
func setName(path string) string {
	seg := path[strings.LastIndex(strings.TrimRight(path, "/"), "/")+1:]
	var sb strings.Builder
	up := true
	for _, r := range strings.TrimRight(seg, "/") {
		if r == '_' || r == '-' || r == '.' {
			up = true
			continue
		}
		if up {
			r = []rune(strings.ToUpper(string(r)))[0]
		}
		sb.WriteRune(r)
		up = false
	}
	if sb.Len() == 0 {
		return "Items"
	}
	return sb.String()
}

func unwrapURL(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err // the URL may hold a key in its query
	}
	return err
}

// headerFlags collects repeated --header flags.
type headerFlags []string

func (h *headerFlags) String() string { return strings.Join(*h, ", ") }
func (h *headerFlags) Set(v string) error {
	if !strings.Contains(v, ":") {
		return fmt.Errorf("%q is not Name: value", v)
	}
	*h = append(*h, v)
	return nil
}
