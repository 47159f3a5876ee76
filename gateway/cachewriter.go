package gateway

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"time"
)

// teeWriter is the response writer of a request that loads a cache entry.
// The response streams to the client exactly as without a cache, while a
// copy of the uncompressed body is kept, up to limit bytes: a larger body
// stops being copied (and is not cached) but keeps streaming, so big pages
// are never held in memory. The handler runs without Accept-Encoding so it
// writes identity bytes; teeWriter compresses for the client itself.
type teeWriter struct {
	w      http.ResponseWriter
	gzipOK bool
	ttl    time.Duration
	limit  int64
	status int
	buf    []byte
	over   bool // the body outgrew limit: not cached
	zw     *gzip.Writer
}

func newTeeWriter(w http.ResponseWriter, gzipOK bool, ttl time.Duration, limit int64) *teeWriter {
	return &teeWriter{w: w, gzipOK: gzipOK, ttl: ttl, limit: limit}
}

func (t *teeWriter) Header() http.Header { return t.w.Header() }

func (t *teeWriter) WriteHeader(status int) {
	if t.status != 0 {
		return
	}
	t.status = status
	if cacheableStatus(status) {
		h := t.w.Header()
		h.Set("Cache-Control", "private, max-age="+strconv.FormatInt(int64(t.ttl/time.Second), 10))
		h.Set("Age", "0")
		if status == http.StatusOK && t.gzipOK {
			h.Set("Content-Encoding", "gzip")
			t.zw = gzipPool.Get().(*gzip.Writer)
			t.zw.Reset(t.w)
		}
	}
	t.w.WriteHeader(status)
}

func (t *teeWriter) Write(p []byte) (int, error) {
	if t.status == 0 {
		t.WriteHeader(http.StatusOK)
	}
	if !t.over {
		if int64(len(t.buf)+len(p)) > t.limit {
			t.over, t.buf = true, nil
		} else {
			if t.buf == nil {
				t.buf = make([]byte, 0, min(t.limit, 16*1024))
			}
			t.buf = append(t.buf, p...)
		}
	}
	if t.zw != nil {
		return t.zw.Write(p)
	}
	return t.w.Write(p)
}

// finish flushes the compressor, if any, and returns it to its pool.
func (t *teeWriter) finish() error {
	if t.zw == nil {
		return nil
	}
	err := t.zw.Close()
	t.zw.Reset(io.Discard)
	gzipPool.Put(t.zw)
	t.zw = nil
	return err
}

// body returns an exact-size copy of the captured body, or false when it
// cannot be cached.
func (t *teeWriter) body() ([]byte, bool) {
	if t.over || !cacheableStatus(t.status) {
		return nil, false
	}
	return append(make([]byte, 0, len(t.buf)), t.buf...), true
}

// cacheableStatus reports whether a response with this status is cached:
// successful reads only (a null property is a 204).
func cacheableStatus(status int) bool {
	return status == http.StatusOK || status == http.StatusNoContent
}

// gzipBytes compresses b as the streaming path does (BestSpeed).
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/4 + 64)
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	zw.Reset(io.Discard)
	gzipPool.Put(zw)
	return bytes.Clone(buf.Bytes())
}
