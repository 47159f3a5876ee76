package tests

import (
	"encoding/json"
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

// TestWritesDateAsMidnightDateTime: Salesforce Connect shows an Edm.Date
// as a DateTime field at time 0, and an edit may send it back as one: a
// date-time at midnight (in its own offset) is taken as that date; another
// time of day would be lost and is refused, naming the property.
func TestWritesDateAsMidnightDateTime(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		r := e.send(t, "POST", "Notes", `{"Title":"due midnight","Due":"2025-01-31T00:00:00.000Z"}`)
		r.mustStatus(t, http.StatusCreated)
		id := string(r.object(t)["NoteID"].(json.Number))
		if due := r.object(t)["Due"]; due != "2025-01-31" {
			t.Errorf("Due stored as %v", due)
		}
		e.send(t, "PATCH", "Notes("+id+")", `{"Due":"2025-02-28T00:00:00-08:00"}`).mustStatus(t, http.StatusNoContent)
		if due := e.get(t, "Notes("+id+")/Due/$value").body; string(due) != "2025-02-28" {
			t.Errorf("Due after the edit: %s", due)
		}
		e.send(t, "PATCH", "Notes("+id+")", `{"Due":"2025-02-28T08:00:00Z"}`).wantError(t, http.StatusBadRequest, "BadRequest", "Due")
		e.send(t, "PATCH", "Notes("+id+")", `{"Due":"yesterday"}`).wantError(t, http.StatusBadRequest, "BadRequest", "Due")
	})
}
