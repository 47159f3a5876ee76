package gateway

import (
	"compress/gzip"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"strings"

	"odatagw/odataerr"
)

// readBody reads the request body: gzip-decoded when Content-Encoding says
// so (Salesforce "Compress Requests"), and bounded by Config.MaxBodyBytes
// after decoding, so that a small compressed body cannot expand without
// limit (413).
func (q *request) readBody() ([]byte, error) {
	if !q.bodyRead {
		q.body, q.bodyErr = q.readBodyOnce()
		q.bodyRead = true
	}
	return q.body, q.bodyErr
}

func (q *request) readBodyOnce() ([]byte, error) {
	limit := q.g.cfg.MaxBodyBytes
	if q.r.ContentLength > limit {
		return nil, errBodyTooLarge(limit)
	}
	if q.r.Body == nil {
		return nil, nil
	}
	raw := io.LimitReader(q.r.Body, limit+1)
	var src io.Reader = raw
	switch enc := strings.ToLower(strings.TrimSpace(q.r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(raw)
		if err != nil {
			return nil, odataerr.BadRequest("the request body is not valid gzip data")
		}
		defer zr.Close()
		src = zr
	default:
		return nil, odataerr.New(http.StatusUnsupportedMediaType, "UnsupportedMediaType",
			"Content-Encoding '%s' is not supported; send the body plain or gzip-compressed", enc)
	}
	b, err := io.ReadAll(io.LimitReader(src, limit+1))
	switch {
	case err != nil && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF)):
		if int64(len(b)) > limit {
			return nil, errBodyTooLarge(limit)
		}
		return nil, odataerr.BadRequest("the request body is not valid gzip data")
	case err != nil:
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errBodyTooLarge(limit)
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, odataerr.New(http.StatusRequestTimeout, "RequestTimeout",
				"the request body did not arrive within %s", q.g.cfg.BodyTimeout).WithCause(err)
		}
		return nil, odataerr.BadRequest("the request body could not be read").WithCause(err)
	case int64(len(b)) > limit:
		return nil, errBodyTooLarge(limit)
	}
	return b, nil
}

func errBodyTooLarge(limit int64) error {
	return odataerr.New(http.StatusRequestEntityTooLarge, "BodyTooLarge",
		"the request body is larger than %d bytes (after decompression)", limit)
}

// checkJSONBody rejects bodies that do not say they are JSON (a missing
// Content-Type is taken as JSON).
func checkJSONBody(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return odataerr.New(http.StatusUnsupportedMediaType, "UnsupportedMediaType",
			"Content-Type '%s' is not supported; send application/json", ct)
	}
	return nil
}
