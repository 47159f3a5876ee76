package gateway

import (
	"bufio"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// gzipPool reuses gzip writers: their state is large (about 800 KB).
var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// bufPool reuses the buffered writers responses are streamed through.
var bufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(io.Discard, 32*1024) }}

// acceptsGzip reports whether the client accepts gzip (Power Query sends
// "Accept-Encoding: gzip, deflate").
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			if k, val, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
				if q, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil && q == 0 {
					return false
				}
			}
			return true
		}
	}
	return false
}

// body is a response body being streamed: buffered, gzip-compressed when the
// client accepts it. Close flushes everything and returns the writers to their pools.
type body struct {
	buf *bufio.Writer
	zw  *gzip.Writer
}

// startBody writes the status line and headers and returns the body writer.
// For HEAD requests the body is discarded.
func (q *request) startBody(status int, contentType string) *body {
	h := q.w.Header()
	h.Set("Content-Type", contentType)
	h.Add("Vary", "Accept, Accept-Encoding")
	var dst io.Writer = q.w
	b := &body{}
	if q.r.Method == http.MethodHead {
		dst = io.Discard
	} else if acceptsGzip(q.r) {
		h.Set("Content-Encoding", "gzip")
		b.zw = gzipPool.Get().(*gzip.Writer)
		b.zw.Reset(q.w)
		dst = b.zw
	}
	q.w.WriteHeader(status)
	b.buf = bufPool.Get().(*bufio.Writer)
	b.buf.Reset(dst)
	return b
}

func (b *body) Write(p []byte) (int, error) { return b.buf.Write(p) }

// Close flushes the body. The first error (usually a client that went away)
// is returned.
func (b *body) Close() error {
	err := b.buf.Flush()
	b.buf.Reset(io.Discard)
	bufPool.Put(b.buf)
	if b.zw != nil {
		if cerr := b.zw.Close(); err == nil {
			err = cerr
		}
		b.zw.Reset(io.Discard)
		gzipPool.Put(b.zw)
	}
	return err
}
