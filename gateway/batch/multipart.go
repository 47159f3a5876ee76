package batch

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strconv"
)

// parseMultipart reads a multipart/mixed batch body: individual requests
// (Content-Type application/http) and change sets (a nested multipart/mixed
// of application/http parts). CRLF is the line ending; bare LF is accepted.
func parseMultipart(body []byte, boundary string, lim Limits) (*Batch, error) {
	if boundary == "" {
		return nil, malformed("the Content-Type multipart/mixed of a $batch request needs a boundary parameter")
	}
	b := &Batch{Format: Multipart}
	n := 0
	err := eachPart(body, boundary, "the batch", func(i int, h textproto.MIMEHeader, content []byte) error {
		where := "part " + strconv.Itoa(i+1) + " of the batch"
		mt, params, err := partType(h, where)
		if err != nil {
			return err
		}
		if mt == "multipart/mixed" {
			u := &Unit{Group: "changeset" + strconv.Itoa(len(b.Units)+1), Atomic: true}
			err := eachPart(content, params["boundary"], "the change set in "+where, func(j int, h textproto.MIMEHeader, content []byte) error {
				inner := "request " + strconv.Itoa(j+1) + " of the change set in " + where
				mt, _, err := partType(h, inner)
				if err != nil {
					return err
				}
				if mt != "application/http" {
					return malformed("%s has Content-Type %s: a change set cannot contain another change set", inner, mt)
				}
				if n++; n > lim.MaxRequests {
					return tooMany(lim)
				}
				rq, err := parseHTTPRequest(content, h, inner)
				u.Requests = append(u.Requests, rq)
				return err
			})
			b.Units = append(b.Units, u)
			return err
		}
		if n++; n > lim.MaxRequests {
			return tooMany(lim)
		}
		rq, err := parseHTTPRequest(content, h, where)
		b.Units = append(b.Units, &Unit{Requests: []*Request{rq}})
		return err
	})
	return b, err
}

// eachPart calls fn for every body part of a multipart body with the given
// boundary, with its headers and its decoded content.
func eachPart(body []byte, boundary, what string, fn func(i int, h textproto.MIMEHeader, content []byte) error) error {
	if boundary == "" {
		return malformed("%s has no boundary parameter in its Content-Type", what)
	}
	if len(boundary) > 70 {
		return malformed("the boundary of %s is longer than 70 characters", what)
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for i := 0; ; i++ {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			if i == 0 && !bytes.Contains(body, []byte("--"+boundary+"--")) {
				return malformed("%s has no part delimited by its boundary '%s'", what, boundary)
			}
			return nil
		}
		if err != nil && i == 0 && !bytes.Contains(body, []byte("--"+boundary)) {
			return malformed("%s has no part delimited by its boundary '%s'", what, boundary)
		}
		if err != nil {
			return malformed("%s is not a valid multipart body (boundary '%s'): %s", what, boundary, partError(err))
		}
		content, err := io.ReadAll(p)
		if err != nil {
			return malformed("%s is not a valid multipart body (boundary '%s'): %s", what, boundary, partError(err))
		}
		if err := fn(i, p.Header, content); err != nil {
			return err
		}
	}
}

// partError says what went wrong in a multipart body without the reader's
// internal wording.
func partError(err error) string {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "it ends before its closing boundary"
	}
	return "malformed part headers or boundary"
}

// partType returns the media type of a body part: application/http (also
// when absent) or multipart/mixed with a boundary.
func partType(h textproto.MIMEHeader, where string) (string, map[string]string, error) {
	ct := h.Get("Content-Type")
	if ct == "" {
		return "application/http", nil, nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", nil, malformed("%s has an invalid Content-Type '%s'", where, ct)
	}
	switch mt {
	case "application/http":
		return mt, params, nil
	case "multipart/mixed":
		if params["boundary"] == "" {
			return "", nil, malformed("%s is a change set without a boundary parameter", where)
		}
		return mt, params, nil
	}
	return "", nil, malformed("%s has Content-Type %s: expected application/http or multipart/mixed (a change set)", where, mt)
}
