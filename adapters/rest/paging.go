package rest

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// pageSize is the number of rows asked per call.
func (e *entity) pageSize() int { return orDefault(e.cfg.Paging.Size, DefaultPageSize) }

// sizeParam is the parameter carrying the page size ("" when none).
func (e *entity) sizeParam() string {
	pg := e.cfg.Paging
	switch {
	case pg.SizeParam != "":
		return pg.SizeParam
	case pg.Style == "page":
		return "size"
	case pg.Style == "offset":
		return "limit"
	}
	return ""
}

// startAt is the row the first call can start at when the first skip rows
// are not wanted: skip itself with offset paging, a whole number of pages
// with page paging, else 0.
func (e *entity) startAt(skip int) int {
	switch e.cfg.Paging.Style {
	case "offset":
		return skip
	case "page":
		return skip - skip%e.pageSize()
	}
	return 0
}

// collection reads the collection with params page by page, following the
// configured paging style, until the API has no more rows or enough says
// the rows read suffice.
func (r *reader) collection(ctx context.Context, params url.Values, sort string, enough func([][]any) (bool, error), start int) ([][]any, error) {
	e := r.e
	pg := e.cfg.Paging
	size := e.pageSize()
	params = cloneValues(params)
	if sort != "" {
		params.Set(e.cfg.Sort.Param, sort)
	}
	if sp := e.sizeParam(); sp != "" && pg.Style != "" && pg.Style != "none" {
		params.Set(sp, strconv.Itoa(size))
	}
	firstPage := 1
	if pg.FirstPage != nil {
		firstPage = *pg.FirstPage
	}
	switch pg.Style {
	case "page":
		params.Set(orDefault(pg.PageParam, "page"), strconv.Itoa(firstPage+start/size))
	case "offset":
		params.Set(orDefault(pg.OffsetParam, "offset"), strconv.Itoa(start))
	}
	u := r.s.collectionURL(e, params)
	var out [][]any
	visited := map[string]bool{}
	for page := 0; ; page++ {
		c := call{method: http.MethodGet, url: u, idempotent: true}
		visited[u.String()] = true
		resp, err := r.s.do(ctx, c)
		if err != nil {
			return nil, err
		}
		doc, err := r.s.document(resp, c)
		if err != nil {
			return nil, err
		}
		rows, err := r.rowsOf(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		if len(rows) == 0 {
			return out, nil
		}
		if enough != nil {
			if done, err := enough(rows); err != nil || done {
				return out, err
			}
		}
		next, err := r.next(u, resp, doc, len(rows), size, page, firstPage, start)
		if err != nil || next == nil {
			return out, err
		}
		if visited[next.String()] {
			return nil, r.s.upstreamError(nil, "paging of %s does not advance (the next page is one already read)", c.what())
		}
		u = next
	}
}

// next is the URL of the page after the current one (u, with n rows), or
// nil at the end.
func (r *reader) next(u *url.URL, resp *response, doc any, n, size, page, firstPage, start int) (*url.URL, error) {
	pg := r.e.cfg.Paging
	with := func(param, value string) *url.URL {
		v := u.Query()
		v.Set(param, value)
		nu := *u
		nu.RawQuery = v.Encode()
		return &nu
	}
	switch pg.Style {
	case "page":
		if n < size {
			return nil, nil
		}
		return with(orDefault(pg.PageParam, "page"), strconv.Itoa(firstPage+start/size+page+1)), nil
	case "offset":
		if n < size {
			return nil, nil
		}
		return with(orDefault(pg.OffsetParam, "offset"), strconv.Itoa(start+(page+1)*size)), nil
	case "cursor":
		v, ok := pointer(doc, pg.Cursor)
		if !ok || v == nil || v == "" {
			return nil, nil
		}
		return with(orDefault(pg.CursorParam, "cursor"), paramText(jsonScalar(v))), nil
	case "link":
		return r.sameOrigin(u, nextLink(resp.header))
	case "next":
		v, ok := pointer(doc, pg.Next)
		s, isText := v.(string)
		if !ok || !isText || s == "" {
			return nil, nil
		}
		return r.sameOrigin(u, s)
	}
	return nil, nil
}

func jsonScalar(v any) any {
	if n, ok := v.(interface{ String() string }); ok {
		return n.String()
	}
	return v
}

// sameOrigin resolves a next-page reference against the current URL and
// refuses one on another host: the gateway's credentials go only to the
// configured API.
func (r *reader) sameOrigin(cur *url.URL, ref string) (*url.URL, error) {
	if ref == "" {
		return nil, nil
	}
	next, err := cur.Parse(ref)
	if err != nil {
		return nil, r.s.upstreamError(err, "sent a next-page link that is not a URL")
	}
	if next.Scheme != r.s.base.Scheme || next.Host != r.s.base.Host {
		return nil, r.s.upstreamError(nil, "sent a next-page link to another host (%s); it is not followed", next.Host)
	}
	return next, nil
}

// nextLink returns the target of the Link header's rel="next", or "".
func nextLink(h http.Header) string {
	for _, line := range h.Values("Link") {
		for _, part := range strings.Split(line, ",") {
			segs := strings.Split(part, ";")
			target := strings.TrimSpace(segs[0])
			if !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, attr := range segs[1:] {
				k, v, _ := strings.Cut(strings.TrimSpace(attr), "=")
				if strings.EqualFold(k, "rel") && strings.Contains(" "+strings.Trim(v, `"`)+" ", " next ") {
					return target[1 : len(target)-1]
				}
			}
		}
	}
	return ""
}
