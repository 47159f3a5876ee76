package tests

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestWritesDeepInsertAndBind: related entities created in one transaction
// (all or nothing), and links through @odata.bind.
func TestWritesDeepInsertAndBind(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		e.get(t, "Notes/$count").mustStatus(t, 200) // cached before the writes
		r := e.send(t, "POST", "Categories", `{"CategoryID":10,"Name":"Chores","Notes":[{"Title":"Dishes"},{"Title":"Laundry","Priority":2}]}`)
		r.mustStatus(t, http.StatusCreated)
		c := e.collection(t, "Notes?$filter=CategoryID%20eq%2010&$orderby=Title")
		if got := c.stringProp(t, "Title"); strings.Join(got, ",") != "Dishes,Laundry" {
			t.Fatalf("deep-inserted notes: %v", got)
		}
		if string(e.get(t, "Notes/$count").body) != "2" {
			t.Fatal("the deep insert did not invalidate the cached count of Notes")
		}

		// A child the database refuses (duplicate title) rolls back the parent.
		r = e.send(t, "POST", "Categories", `{"CategoryID":11,"Name":"Garden","Notes":[{"Title":"Weeds"},{"Title":"Dishes"}]}`)
		r.mustStatus(t, http.StatusConflict)
		if code := r.odataError(t).Error.Code; code != "UniqueViolation" {
			t.Fatalf("code %s, want UniqueViolation", code)
		}
		e.get(t, "Categories(11)").mustStatus(t, http.StatusNotFound)
		if string(e.get(t, "Notes/$count").body) != "2" {
			t.Fatal("a failed deep insert left notes behind")
		}

		// Single-valued deep insert: the category is created first.
		r = e.send(t, "POST", "Notes", `{"Title":"Seeds","Category":{"CategoryID":12,"Name":"Garden"}}`)
		r.mustStatus(t, http.StatusCreated)
		if got := r.object(t)["CategoryID"]; got != json.Number("12") {
			t.Fatalf("CategoryID of the deep-inserted note's parent: %v", got)
		}

		// @odata.bind, single-valued (relative and absolute) and collection-valued.
		r = e.send(t, "POST", "Notes", `{"Title":"Bound","Category@odata.bind":"Categories(2)"}`)
		r.mustStatus(t, http.StatusCreated)
		bound := r.object(t)
		if bound["CategoryID"] != json.Number("2") {
			t.Fatalf("bound CategoryID %v", bound["CategoryID"])
		}
		r = e.send(t, "POST", "Notes", `{"Title":"Abs","Category@odata.bind":"`+e.root+`Categories(3)"}`)
		r.mustStatus(t, http.StatusCreated)
		id := bound["NoteID"].(json.Number).String()
		e.send(t, "POST", "Categories", `{"CategoryID":13,"Name":"Misc","Notes@odata.bind":["Notes(`+id+`)"]}`).mustStatus(t, http.StatusCreated)
		if got := e.get(t, "Notes("+id+")").object(t)["CategoryID"]; got != json.Number("13") {
			t.Fatalf("collection bind did not move the note: CategoryID %v", got)
		}
		e.send(t, "POST", "Notes", `{"Title":"Nowhere","Category@odata.bind":"Products(1)"}`).wantError(t, http.StatusBadRequest, "BadRequest", "Category@odata.bind")
		e.send(t, "PATCH", "Notes("+id+")", `{"Category":{"CategoryID":14,"Name":"x"}}`).wantError(t, http.StatusNotImplemented, "NotImplemented", "Category")
	})
}

// TestWritesPropertiesTunnellingGzip: single-property writes, X-HTTP-Method
// over POST, gzip request bodies and the body limit.
func TestWritesPropertiesTunnellingGzip(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		r := e.send(t, "POST", "Notes", `{"Title":"Props","Body":"b"}`)
		r.mustStatus(t, http.StatusCreated)
		url := "Notes(" + r.object(t)["NoteID"].(json.Number).String() + ")"

		e.send(t, "PUT", url+"/Body", `{"value":"via property"}`).mustStatus(t, http.StatusNoContent)
		if b := e.get(t, url+"/Body/$value").body; string(b) != "via property" {
			t.Fatalf("Body = %q", b)
		}
		e.sendBytes(t, "PUT", url+"/Priority/$value", []byte("4"), "Content-Type", "text/plain").mustStatus(t, http.StatusNoContent)
		e.send(t, "DELETE", url+"/Body", "").mustStatus(t, http.StatusNoContent)
		e.get(t, url+"/Body").mustStatus(t, http.StatusNoContent)
		e.send(t, "DELETE", url+"/Title", "").wantError(t, http.StatusBadRequest, "BadRequest", "Title")
		e.send(t, "PUT", url+"/NoteID", `{"value":1234}`).wantError(t, http.StatusBadRequest, "BadRequest", "NoteID")

		e.send(t, "POST", url, `{"Body":"tunnelled"}`, "X-HTTP-Method", "PATCH").mustStatus(t, http.StatusNoContent)
		got := e.get(t, url).object(t)
		if got["Body"] != "tunnelled" || got["Priority"] != json.Number("4") {
			t.Fatalf("after tunnelled PATCH: %v", got)
		}
		e.send(t, "POST", url, `{"Body":"merged"}`, "X-HTTP-Method", "MERGE").mustStatus(t, http.StatusNoContent)
		e.send(t, "POST", url, `{}`, "X-HTTP-Method", "TRACE").wantError(t, http.StatusBadRequest, "BadRequest", "")

		e.sendBytes(t, "PATCH", url, gzipped(t, []byte(`{"Body":"compressed"}`)),
			"Content-Type", "application/json", "Content-Encoding", "gzip").mustStatus(t, http.StatusNoContent)
		if got := e.get(t, url).object(t)["Body"]; got != "compressed" {
			t.Fatalf("after gzip PATCH: Body %v", got)
		}
		bomb := gzipped(t, append([]byte(`{"Body":"`), bytes.Repeat([]byte("a"), 9<<20)...))
		if len(bomb) > 1<<20 {
			t.Fatalf("the bomb is %d bytes compressed", len(bomb))
		}
		e.sendBytes(t, "PATCH", url, bomb, "Content-Type", "application/json", "Content-Encoding", "gzip").
			wantError(t, http.StatusRequestEntityTooLarge, "BodyTooLarge", "")
		e.sendBytes(t, "PATCH", url, []byte("not gzip"), "Content-Type", "application/json", "Content-Encoding", "gzip").
			wantError(t, http.StatusBadRequest, "BadRequest", "")
		e.sendBytes(t, "PATCH", url, []byte(`{}`), "Content-Type", "application/json", "Content-Encoding", "br").
			wantError(t, http.StatusUnsupportedMediaType, "UnsupportedMediaType", "")
		e.send(t, "POST", url, "", "X-HTTP-Method", "DELETE").mustStatus(t, http.StatusNoContent)
		e.get(t, url).mustStatus(t, http.StatusNotFound)
	})
}

// collection fetches a collection (status 200).
func (e *writesEnv) collection(t testing.TB, url string) *collection {
	t.Helper()
	return e.get(t, url).collection(t)
}
