package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"odatagw/adapters"
	"odatagw/gateway/query/bound"
	"odatagw/metadata"
)

// serveCollection answers a read of an entity set, streaming one page.
func (q *request) serveCollection(t *target) error {
	set := t.set
	f, err := negotiate(q.r, q.opts.Format, formatJSON)
	if err != nil {
		return err
	}
	p, err := q.planCollection(set, nil, t.restrict)
	if err != nil {
		return err
	}
	size, applied := q.pageSize()
	var tok pageToken
	if q.opts.SkipToken != "" {
		if tok, err = decodePageToken(q.opts.SkipToken, p); err != nil {
			return err
		}
	}

	// How many rows this page may hold, and whether a next page can exist.
	limit := int64(size)
	capped := false // true when $top ends the result within this page
	if p.top >= 0 {
		remaining := p.top - tok.N
		if remaining < 0 {
			remaining = 0
		}
		if remaining <= limit {
			limit, capped = remaining, true
		}
	}
	switch {
	case p.query.After != nil:
		p.query.Skip = 0
	case q.opts.SkipToken != "":
		p.query.Skip = tok.O
	default:
		p.query.Skip = p.skip
	}
	p.query.Top = limit
	if !capped {
		p.query.Top = limit + 1 // one more row tells whether there is a next page
	}

	if t.parent != nil && p.apply != nil {
		// An aggregate of nothing is still a row: ask for the parent first, whatever the rows.
		if err := q.checkParent(t.parent); err != nil {
			return err
		}
	}
	ctx := q.r.Context()
	var count int64 = -1
	if p.count {
		if count, err = q.src().Count(ctx, &p.query); err != nil {
			return err
		}
	}
	var rows adapters.Rows
	if limit > 0 || !capped {
		if rows, err = q.src().Query(ctx, &p.query); err != nil {
			return err
		}
		defer rows.Close()
		if len(p.expands) > 0 {
			// Before the headers: a failing related read is still a proper error response.
			if rows, err = q.expandRows(ctx, p, rows, limit); err != nil {
				return err
			}
		}
	}
	if t.parent != nil && p.apply == nil && count <= 0 {
		if rows, err = q.peekParent(rows, t.parent); err != nil {
			return err
		}
	}
	if applied {
		preferenceApplied(q.w, "odata.maxpagesize="+strconv.Itoa(size))
	}
	return q.writeCollection(ctx, f, set, p, rows, count, limit, tok)
}

// peekParent makes a navigation path whose page is empty answer 404 when
// the entity the path navigates from does not exist (checkParent): it
// looks at the first row before anything is written, and hands the rows
// on unchanged.
func (q *request) peekParent(rows adapters.Rows, parent *bound.Reach) (adapters.Rows, error) {
	if rows != nil {
		if rows.Next() {
			return &peekedRows{Rows: rows, first: true}, nil
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return rows, q.checkParent(parent)
}

// peekedRows are rows whose first Next was already called (and was true).
type peekedRows struct {
	adapters.Rows
	first bool
}

func (r *peekedRows) Next() bool {
	if r.first {
		r.first = false
		return true
	}
	return r.Rows.Next()
}

// writeCollection streams the page: context, count, the rows, next link.
func (q *request) writeCollection(ctx context.Context, f format, set *metadata.EntitySet, p *plan, rows adapters.Rows,
	count, limit int64, tok pageToken) error {
	// The headers go out with the first 16 KiB of the page: an error the
	// database reports only while rows are read (MariaDB finds a BIGINT
	// overflow computing a row; a value that cannot be read) is until then
	// still a proper error response instead of a dropped connection.
	var out *body
	start := func() *body {
		if out == nil {
			out = q.startBody(http.StatusOK, f.contentType())
		}
		return out
	}
	fail := func(err error) error {
		if out == nil {
			return err
		}
		return q.abortStream(err)
	}
	enc := newEntityWriter(q, f, set, p)
	b := make([]byte, 0, 4096)
	b = append(b, '{')
	if f.metadata != metadataNone {
		b = append(b, `"@odata.context":`...)
		b = appendString(b, q.contextURL(set, p))
		b = append(b, ',')
	}
	if count >= 0 {
		b = append(b, `"@odata.count":`...)
		b = strconv.AppendInt(b, count, 10)
		b = append(b, ',')
	}
	b = append(b, `"value":[`...)
	var n, sent int64
	var lastKeys []json.RawMessage // order-by values of the last row, for keyset paging
	more, full := false, false     // full: the page holds MaxPageBytes, it ends with this row
	budget := q.g.cfg.MaxPageBytes
	if rows != nil {
		for rows.Next() {
			if n == limit || full {
				more = true
				break
			}
			vals := rows.Values()
			if n > 0 {
				b = append(b, ',')
			}
			b = enc.appendEntity(b, vals)
			n++
			full = sent+int64(len(b)) >= budget
			if (n == limit || full) && p.orderIdx != nil {
				// Values are only valid until the next call to Next: keep what the token needs now.
				cols := p.query.Columns()
				for _, i := range p.orderIdx {
					lastKeys = append(lastKeys, tokenValue(cols[i].Type, vals[i]))
				}
			}
			if len(b) >= 16*1024 {
				if _, err := start().Write(b); err != nil {
					return q.abortStream(err)
				}
				sent += int64(len(b))
				b = b[:0]
			}
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
		}
		if err := rows.Err(); err != nil {
			return fail(err)
		}
	}
	b = append(b, ']')
	q.rec().Rows += n
	if more {
		next := pageToken{N: tok.N + n}
		if p.orderIdx != nil {
			next.K = lastKeys
		} else {
			next.O = p.query.Skip + n
		}
		b = append(b, `,"@odata.nextLink":`...)
		b = appendString(b, q.nextLink(next))
	}
	b = append(b, "}"...)
	if _, err := start().Write(b); err != nil {
		return q.abortStream(err)
	}
	if err := out.Close(); err != nil {
		q.g.log.Debug("client went away", "request_id", q.id, "error", err)
	}
	return nil
}

// abortStream ends a response whose headers were already sent. The
// connection is aborted so the client sees a truncated body rather than a
// well-formed but incomplete page; the cause goes to the log.
func (q *request) abortStream(err error) error {
	q.g.log.Warn("response aborted mid-stream", "request_id", q.id, "error", err)
	panic(http.ErrAbortHandler)
}

// contextURL returns the @odata.context of a collection response.
func (q *request) contextURL(set *metadata.EntitySet, p *plan) string {
	if p != nil && p.ref {
		return q.serviceRoot() + "$metadata#Collection($ref)"
	}
	u := q.serviceRoot() + "$metadata#" + set.Name
	if p != nil {
		u += selectList(p)
	}
	return u
}
