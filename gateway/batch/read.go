package batch

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

// Read reads and parses the batch request r, within lim. Errors are
// *odataerr.Error wrapping one of the sentinel errors.
func Read(r *http.Request, lim Limits) (*Batch, error) {
	lim = lim.withDefaults()
	if r.ContentLength > lim.MaxBodyBytes {
		return nil, tooLarge(lim)
	}
	body, err := readBody(r, lim.MaxBodyBytes)
	if err != nil {
		return nil, err
	}
	return Parse(r.Header.Get("Content-Type"), body, lim)
}

func tooLarge(lim Limits) error {
	return odataerr.New(http.StatusRequestEntityTooLarge, "BatchTooLarge",
		"the $batch request body is larger than %d bytes", lim.MaxBodyBytes).WithCause(ErrBodyTooLarge)
}

// readBody reads at most max bytes of r's body, gunzipping it when its
// Content-Encoding says gzip (Salesforce "Compress Requests").
func readBody(r *http.Request, max int64) ([]byte, error) {
	var src io.Reader = r.Body
	if r.Body == nil {
		return nil, nil
	}
	switch enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			return nil, malformed("the $batch request body is not valid gzip")
		}
		defer zr.Close()
		src = zr
	default:
		return nil, odataerr.New(http.StatusBadRequest, "UnsupportedEncoding",
			"Content-Encoding '%s' is not supported: send the body uncompressed or gzip-compressed", enc)
	}
	b, err := io.ReadAll(io.LimitReader(src, max+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(Limits{MaxBodyBytes: max})
		}
		if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, malformed("the $batch request body is not valid gzip")
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The gateway bounds the time a body may take (gateway.Config.BodyTimeout).
			return nil, odataerr.New(http.StatusRequestTimeout, "RequestTimeout",
				"the $batch request body did not arrive in time").WithCause(err)
		}
		return nil, odataerr.BadRequest("the $batch request body could not be read").WithCause(err)
	}
	if int64(len(b)) > max {
		return nil, tooLarge(Limits{MaxBodyBytes: max})
	}
	return b, nil
}

// Parse parses a batch body of the given Content-Type within lim.
func Parse(contentType string, body []byte, lim Limits) (*Batch, error) {
	lim = lim.withDefaults()
	if int64(len(body)) > lim.MaxBodyBytes {
		return nil, tooLarge(lim)
	}
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil && contentType != "" {
		return nil, malformed("invalid Content-Type '%s'", contentType)
	}
	var b *Batch
	switch mt {
	case "multipart/mixed":
		b, err = parseMultipart(body, params["boundary"], lim)
	case "application/json":
		b, err = parseJSON(body, lim)
	default:
		return nil, malformed("a $batch request needs Content-Type multipart/mixed;boundary=… (OData 4.0) or application/json (OData 4.01), not '%s'", contentType)
	}
	if err != nil {
		return nil, err
	}
	if err := check(b, lim); err != nil {
		return nil, err
	}
	return b, nil
}

func tooMany(lim Limits) error {
	return odataerr.New(http.StatusRequestEntityTooLarge, "TooManyRequests",
		"the batch holds more than %d requests, the most one batch may hold", lim.MaxRequests).WithCause(ErrTooManyRequests)
}

// check enforces the limits and unique request ids (and, in the JSON
// format, atomicity group names distinct from them).
func check(b *Batch, lim Limits) error {
	if b.count() > lim.MaxRequests {
		return tooMany(lim)
	}
	ids := map[string]bool{}
	for _, u := range b.Units {
		if u.Group != "" && b.Format == JSON {
			if ids[u.Group] {
				return malformed("the name '%s' is used twice as a request id or atomicity group", u.Group)
			}
			ids[u.Group] = true
		}
		for _, rq := range u.Requests {
			if rq.ID == "" {
				continue
			}
			if ids[rq.ID] {
				return malformed("the request id '%s' is used twice", rq.ID)
			}
			ids[rq.ID] = true
		}
	}
	return nil
}
