package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"odatagw/metadata"
	"odatagw/odataerr"
)

// reader reads the rows of one request from the API, counting them against
// the ceiling.
type reader struct {
	s       *Source
	e       *entity
	fetched atomic.Int64
}

// fetch reads the rows plan p selects: by key, or the collection (once per
// fan-out chunk), page by page. enough, when set, is told each page of a
// single read and stops the read when it says so; start is the row the
// first page starts at.
func (s *Source) fetch(ctx context.Context, e *entity, p *plan, enough func([][]any) (bool, error), start int) ([][]any, error) {
	r := &reader{s: s, e: e}
	switch {
	case p.byKey != nil:
		return r.parallel(ctx, len(p.byKey), func(ctx context.Context, i int) ([][]any, error) {
			row, err := r.byKey(ctx, p.byKey[i])
			if row == nil {
				return nil, err
			}
			return [][]any{row}, err
		})
	case p.fanOut != nil:
		f := p.fanOut
		chunks := (len(f.values) + f.chunk - 1) / f.chunk
		return r.parallel(ctx, chunks, func(ctx context.Context, i int) ([][]any, error) {
			params := cloneValues(p.params)
			vals := f.values[i*f.chunk : min((i+1)*f.chunk, len(f.values))]
			params.Set(f.param, strings.Join(vals, f.sep))
			return r.collection(ctx, params, "", nil, 0)
		})
	}
	return r.collection(ctx, p.params, p.sort, enough, start)
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// parallel runs n reads with at most the configured concurrency and unites
// their rows (in call order; duplicates by key dropped).
func (r *reader) parallel(ctx context.Context, n int, read func(context.Context, int) ([][]any, error)) ([][]any, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([][][]any, n)
	errs := make([]error, n)
	sem := make(chan struct{}, r.s.concurrency)
	var wg sync.WaitGroup
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			errs[i] = ctx.Err()
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i], errs[i] = read(ctx, i)
			if errs[i] != nil {
				cancel() // the request fails: stop the other calls
			}
		}()
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out [][]any
	for _, rows := range results {
		for _, row := range rows {
			k := r.e.keyText(row)
			if !seen[k] {
				seen[k] = true
				out = append(out, row)
			}
		}
	}
	return out, nil
}

// firstError prefers an error that explains the failure over the
// cancellations it caused.
func firstError(errs []error) error {
	var first error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if !errors.Is(err, context.Canceled) {
			return err
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// keyText renders a row's key values for de-duplication.
func (e *entity) keyText(row []any) string {
	var sb strings.Builder
	for i, p := range e.set.Type.Properties {
		if e.set.Type.IsKey(p) {
			sb.WriteString(paramText(row[i]))
			sb.WriteByte(0)
		}
	}
	return sb.String()
}

// count adds n fetched rows and fails past the ceiling.
func (r *reader) count(n int) error {
	if r.fetched.Add(int64(n)) > int64(r.s.maxRows) {
		return odataerr.New(http.StatusBadRequest, codeRowLimit,
			"this request needs more than %d rows from upstream %q (entity set %s); narrow it with conditions the API can evaluate%s",
			r.s.maxRows, r.s.name, r.e.set.Name, r.e.pushable()).WithCause(ErrRowLimit)
	}
	return nil
}

// pushable describes the declared filters for the row-limit message.
func (e *entity) pushable() string {
	if len(e.cfg.Filters) == 0 {
		return ""
	}
	parts := make([]string, len(e.cfg.Filters))
	for i, f := range e.cfg.Filters {
		parts[i] = f.Property + " " + f.Op
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// byKey reads one entity with key_path; nil without error when the API
// answers 404.
func (r *reader) byKey(ctx context.Context, key []any) ([]any, error) {
	u, err := r.s.itemURL(r.e.keyPath, r.e.set.Type, key)
	if err != nil {
		return nil, err
	}
	row, _, err := r.get(ctx, u)
	return row, err
}

// itemURL is the URL of one entity: tmpl (a path below the base URL) with
// the key values (in key order) in its {Property} placeholders.
func (s *Source) itemURL(tmpl string, t *metadata.EntityType, key []any) (*url.URL, error) {
	path := tmpl
	for i, k := range t.Key {
		path = strings.ReplaceAll(path, "{"+k.Name+"}", url.PathEscape(paramText(key[i])))
	}
	u, err := url.Parse(s.base.String() + path)
	if err != nil {
		return nil, fmt.Errorf("rest: key path: %w", err)
	}
	return u, nil
}

// get reads the one entity at u (a by-key response: the entity at the
// entity pointer) with the response's headers (its ETag); nil without
// error when the API answers 404.
func (r *reader) get(ctx context.Context, u *url.URL) ([]any, http.Header, error) {
	c := call{method: http.MethodGet, url: u, idempotent: true}
	resp, err := r.s.do(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	if resp.status == http.StatusNotFound {
		return nil, nil, nil
	}
	doc, err := r.s.document(resp, c)
	if err != nil {
		return nil, nil, err
	}
	obj, ok := pointer(doc, r.e.cfg.Entity)
	if !ok {
		return nil, nil, r.s.badData(r.e.set.Name, fmt.Errorf("the response has nothing at %s", r.e.cfg.Entity))
	}
	if err := r.count(1); err != nil {
		return nil, nil, err
	}
	row, err := r.e.rowOf(obj)
	if err != nil {
		return nil, nil, r.s.badData(r.e.set.Name, err)
	}
	return row, resp.header, nil
}

// document checks a response's status and parses its JSON body.
func (s *Source) document(resp *response, c call) (any, error) {
	if resp.status < 200 || resp.status > 299 {
		return nil, s.upstreamError(nil, "answered %d to %s", resp.status, c.what())
	}
	doc, err := parseJSON(resp.body)
	if err != nil {
		return nil, s.upstreamError(err, "answered %s with a body that is not JSON", c.what())
	}
	return doc, nil
}

// total reads the API's count of the whole collection (one call), ok false
// when the response has no number at the count pointer.
func (s *Source) total(ctx context.Context, e *entity) (int64, bool, error) {
	u := s.collectionURL(e, nil)
	pg := e.cfg.Paging
	if sizeParam := e.sizeParam(); sizeParam != "" && pg.Style != "cursor" {
		q := u.Query()
		q.Set(sizeParam, "1")
		u.RawQuery = q.Encode()
	}
	c := call{method: http.MethodGet, url: u, idempotent: true}
	resp, err := s.do(ctx, c)
	if err != nil {
		return 0, false, err
	}
	doc, err := s.document(resp, c)
	if err != nil {
		return 0, false, err
	}
	v, ok := pointer(doc, e.cfg.Count)
	if !ok {
		return 0, false, nil
	}
	n, err := convert(&metadata.Property{Type: metadata.EdmInt64}, v)
	if err != nil || n == nil {
		return 0, false, nil
	}
	return n.(int64), true, nil
}

// collectionURL is the collection path with the fixed and given parameters.
func (s *Source) collectionURL(e *entity, params url.Values) *url.URL {
	u, _ := url.Parse(s.base.String() + e.cfg.Path)
	q := u.Query()
	for k, v := range e.cfg.Query {
		q.Set(k, v)
	}
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	return u
}

// rowsOf extracts and converts the rows of a collection response.
func (r *reader) rowsOf(doc any) ([][]any, error) {
	arr, ok := pointer(doc, r.e.cfg.Rows)
	if !ok || arr == nil {
		return nil, nil // no rows member: an empty page
	}
	list, ok := arr.([]any)
	if !ok {
		return nil, r.s.badData(r.e.set.Name, fmt.Errorf("rows at %q are a JSON %s, not an array", r.e.cfg.Rows, jsonKind(arr)))
	}
	if err := r.count(len(list)); err != nil {
		return nil, err
	}
	rows := make([][]any, len(list))
	for i, obj := range list {
		row, err := r.e.rowOf(obj)
		if err != nil {
			return nil, r.s.badData(r.e.set.Name, fmt.Errorf("row %d: %w", i, err))
		}
		rows[i] = row
	}
	return rows, nil
}
