package tests

import (
	"net/http"
	"strings"
	"testing"
)

// TestWritesRefuseInvalidText: a body that is not UTF-8, escapes half of a
// surrogate pair, or puts NUL in a string is a 400 naming what is wrong, on
// every engine, and nothing is stored (Go's JSON decoder would store U+FFFD
// instead; PostgreSQL refuses NUL with a vague error, MariaDB and SQLite
// store it). Valid escapes, surrogate pairs included, are stored exactly.
func TestWritesRefuseInvalidText(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		count := func() string { return string(e.get(t, "Notes/$count").mustStatus(t, http.StatusOK).body) }
		before := count()
		for _, c := range []struct {
			body, want string
		}{
			{"{\"Title\":\"x\xff\"}", "not valid UTF-8 (at byte 11)"},
			{"{\"Title\":\"\xc0\xaf\"}", "not valid UTF-8"},
			{"{\"Title\":\"\xed\xa0\x80\"}", "not valid UTF-8"}, // a surrogate encoded in UTF-8
			{`{"Title":"\ud800"}`, "surrogate pair (at byte 10)"},
			{`{"Title":"a\udc00b"}`, "surrogate pair"},
			{`{"Title":"\ud83d\u0041"}`, "surrogate pair"},
			{`{"Title":"a\u0000b"}`, "NUL character"},
		} {
			r := e.send(t, "POST", "Notes", c.body)
			if r.status != http.StatusBadRequest || !strings.Contains(r.odataError(t).Error.Message, c.want) {
				t.Errorf("POST %q: %d %s, want 400 saying %q", c.body, r.status, trunc(r.body), c.want)
			}
		}
		r := e.send(t, "PUT", "Notes(1)/Title/$value", "bad \xff", "Content-Type", "text/plain")
		if r.status != http.StatusBadRequest || !strings.Contains(r.odataError(t).Error.Message, "not valid UTF-8") {
			t.Errorf("PUT $value with invalid UTF-8: %d %s", r.status, trunc(r.body))
		}
		if after := count(); after != before {
			t.Errorf("Notes/$count %s after the refused writes, %s before", after, before)
		}

		// Escaped characters, a surrogate pair and a backslash before "u" are fine.
		r = e.send(t, "POST", "Notes", `{"Title":"\ud83d\ude00 \\ud800 \"q\""}`)
		r.mustStatus(t, http.StatusCreated)
		if got := r.object(t)["Title"]; got != "😀 \\ud800 \"q\"" {
			t.Errorf("stored Title %q", got)
		}
	})
}
