package tests

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"odatagw/metadata/csdltest"
)

// TestWritesCRUD creates, reads, changes and deletes a note over HTTP with
// ETags on every engine.
func TestWritesCRUD(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		// A cached read of the set before the writes.
		e.get(t, "Notes/$count").mustStatus(t, 200)

		r := e.send(t, "POST", "Notes", `{"@odata.type":"#w.Notes","Title":"Call Bob","Score":12.5,"Due":"2024-12-31","Seen":"2024-03-01T10:00:00.125+02:00"}`)
		r.mustStatus(t, http.StatusCreated)
		note := r.object(t)
		id := note["NoteID"].(json.Number).String()
		if loc := r.header.Get("Location"); loc != e.root+"Notes("+id+")" {
			t.Fatalf("Location %q, want %sNotes(%s)", loc, e.root, id)
		}
		etag := r.header.Get("ETag")
		if etag == "" || note["@odata.etag"] != etag {
			t.Fatalf("ETag header %q, @odata.etag %v", etag, note["@odata.etag"])
		}
		for k, want := range map[string]string{"Title": "Call Bob", "Priority": "3", "Done": "false", "Score": "12.50",
			"TitleLength": "8", "Due": "2024-12-31", "Seen": "2024-03-01T08:00:00.125Z"} {
			if got := fmt.Sprint(note[k]); got != want {
				t.Errorf("%s = %s, want %s", k, got, want)
			}
		}
		if got := e.get(t, "Notes/$count").body; string(got) != "1" {
			t.Fatalf("the cached count was not invalidated: %s", got)
		}
		g := e.get(t, "Notes("+id+")?$select=Title")
		g.mustStatus(t, 200)
		if g.header.Get("ETag") != etag || g.object(t)["@odata.etag"] != etag {
			t.Fatalf("GET ETag %q, want %q", g.header.Get("ETag"), etag)
		}

		r = e.send(t, "PATCH", "Notes("+id+")", `{"Body":"about lunch","Priority":5}`, "If-Match", etag)
		r.mustStatus(t, http.StatusNoContent)
		etag2 := r.header.Get("ETag")
		if etag2 == "" || etag2 == etag {
			t.Fatalf("ETag after PATCH %q (before %q)", etag2, etag)
		}
		e.send(t, "PATCH", "Notes("+id+")", `{"Body":"stale"}`, "If-Match", etag).wantError(t, http.StatusPreconditionFailed, "PreconditionFailed", "")
		got := e.get(t, "Notes("+id+")").object(t)
		if got["Body"] != "about lunch" || got["Priority"] != json.Number("5") || got["Title"] != "Call Bob" {
			t.Fatalf("after PATCH: %v", got)
		}

		// PUT replaces: what the body leaves out returns to its default or null.
		r = e.send(t, "PUT", "Notes("+id+")", `{"Title":"Call Bob","NoteID":`+id+`}`, "Prefer", "return=representation", "If-Match", "*")
		r.mustStatus(t, http.StatusOK)
		got = r.object(t)
		if got["Body"] != nil || got["Priority"] != json.Number("3") || got["Score"] != nil || r.header.Get("Preference-Applied") != "return=representation" {
			t.Fatalf("after PUT: %v %v", got, r.header)
		}

		r = e.send(t, "POST", "Notes", `{"Title":"Minimal"}`, "Prefer", "return=minimal")
		r.mustStatus(t, http.StatusNoContent)
		if !strings.HasPrefix(r.header.Get("OData-EntityId"), e.root+"Notes(") || r.header.Get("Preference-Applied") != "return=minimal" {
			t.Fatalf("minimal create headers: %v", r.header)
		}

		e.send(t, "DELETE", "Notes("+id+")", "").mustStatus(t, http.StatusNoContent)
		e.get(t, "Notes("+id+")").mustStatus(t, http.StatusNotFound)
		e.send(t, "DELETE", "Notes("+id+")", "").wantError(t, http.StatusNotFound, "NotFound", "")
	})
}

// TestWritesValidation: bad bodies are 400s naming the property, before the
// database sees them.
func TestWritesValidation(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		cases := []struct{ body, target, code string }{
			{`{"Title":"x","Bogus":1}`, "Bogus", "BadRequest"},
			{`{"Title":"x","Priority":"high"}`, "Priority", "BadRequest"},
			{`{"Title":"x","Priority":2.5}`, "Priority", "BadRequest"},
			{`{"Title":"x","Priority":99999999999999999999}`, "Priority", "BadRequest"},
			{`{"Title":null}`, "Title", "BadRequest"},
			{`{"Title":"123456789012345678901"}`, "Title", "BadRequest"},
			{`{"Title":"x","Score":1.234}`, "Score", "BadRequest"},
			{`{"Title":"x","Score":12345.6}`, "Score", "BadRequest"},
			{`{"Title":"x","Done":"yes"}`, "Done", "BadRequest"},
			{`{"Title":"x","Due":"31/12/2024"}`, "Due", "BadRequest"},
			{`{"Title":"x","Seen":"2024-01-01 10:00"}`, "Seen", "BadRequest"},
			{`{"Title":"x","TitleLength":1}`, "TitleLength", "BadRequest"},
			{`{"Body":"no title"}`, "Title", "BadRequest"},
			{`{"Title":"x","Title":"y"}`, "Title", "BadRequest"},
			{`{"@odata.type":"#w.Categories","Title":"x"}`, "@odata.type", "BadRequest"},
			{`{"Title":"x",}`, "", "BadRequest"},
			{`[{"Title":"x"}]`, "", "BadRequest"},
			{``, "", "BadRequest"},
		}
		for _, c := range cases {
			t.Run(c.body, func(t *testing.T) {
				e.send(t, "POST", "Notes", c.body).wantError(t, http.StatusBadRequest, c.code, c.target)
			})
		}
		e.send(t, "POST", "Notes", `{"Title":"x"}`, "Content-Type", "application/xml").wantError(t, http.StatusUnsupportedMediaType, "UnsupportedMediaType", "")
		e.send(t, "POST", "Shipments", `{"ShipmentID":9,"OrderID":100,"ProductID":1}`).wantError(t, http.StatusMethodNotAllowed, "MethodNotAllowed", "")
		e.send(t, "DELETE", "Shipments(1)", "").wantError(t, http.StatusMethodNotAllowed, "MethodNotAllowed", "")
		e.send(t, "PATCH", "Notes", `{}`).wantError(t, http.StatusMethodNotAllowed, "MethodNotAllowed", "")
		e.send(t, "POST", "$metadata", `{}`).wantError(t, http.StatusMethodNotAllowed, "MethodNotAllowed", "")
		if n := queryInts(t, e.db, `SELECT COUNT(*) FROM `+quoteFor(e.kind, "Notes")); n[0] != 0 {
			t.Fatalf("%d notes stored by invalid requests", n[0])
		}
	})
}

// TestWritesConstraints: database constraint errors are 409/400 naming the
// constraint or property, never driver text.
func TestWritesConstraints(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		e.send(t, "POST", "Notes", `{"Title":"Once"}`).mustStatus(t, http.StatusCreated)
		for _, c := range []struct {
			method, url, body string
			status            int
			code              string
		}{
			{"POST", "Notes", `{"Title":"Once"}`, http.StatusConflict, "UniqueViolation"},
			{"POST", "Notes", `{"Title":"Five","Priority":9}`, http.StatusBadRequest, "CheckViolation"},
			{"POST", "Notes", `{"Title":"Lost","CategoryID":99}`, http.StatusBadRequest, "ForeignKeyViolation"},
			{"DELETE", "Categories(1)", ``, http.StatusConflict, "ForeignKeyViolation"},
		} {
			r := e.send(t, c.method, c.url, c.body)
			r.mustStatus(t, c.status)
			msg := r.odataError(t).Error
			if msg.Code != c.code {
				t.Errorf("%s %s: code %s (%s), want %s", c.method, c.url, msg.Code, msg.Message, c.code)
			}
			for _, leak := range []string{"violates", "Duplicate", "failed:", "SQLSTATE", "INSERT", "DELETE FROM"} {
				if strings.Contains(msg.Message, leak) {
					t.Errorf("message shows driver text: %s", msg.Message)
				}
			}
		}
	})
}

// TestWritesVersionETag: a version column is the ETag; If-Match is required.
func TestWritesVersionETag(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		r := e.send(t, "POST", "Tickets", `{"TicketID":1,"Subject":"Printer"}`)
		r.mustStatus(t, http.StatusCreated)
		if r.header.Get("ETag") != `W/"1"` {
			t.Fatalf("ETag %q, want W/\"1\"", r.header.Get("ETag"))
		}
		e.send(t, "PATCH", "Tickets(1)", `{"Subject":"x"}`).wantError(t, http.StatusPreconditionRequired, "PreconditionRequired", "")
		r = e.send(t, "PATCH", "Tickets(1)", `{"Subject":"Printer jam","Version":1}`, "If-Match", `W/"1"`)
		r.mustStatus(t, http.StatusNoContent)
		if r.header.Get("ETag") != `W/"2"` {
			t.Fatalf("ETag after update %q, want W/\"2\"", r.header.Get("ETag"))
		}
		e.send(t, "PATCH", "Tickets(1)", `{"Subject":"y"}`, "If-Match", `W/"1"`).wantError(t, http.StatusPreconditionFailed, "PreconditionFailed", "")
		e.send(t, "PATCH", "Tickets(1)", `{"Version":7}`, "If-Match", `W/"2"`).wantError(t, http.StatusBadRequest, "BadRequest", "Version")
		e.send(t, "DELETE", "Tickets(1)", ``).wantError(t, http.StatusPreconditionRequired, "PreconditionRequired", "")
		e.send(t, "DELETE", "Tickets(1)", ``, "If-Match", `"2"`).mustStatus(t, http.StatusNoContent)
	})
}

// TestWritesRace: two clients update the same entity with the same ETag at
// once; exactly one wins, the other gets 412.
func TestWritesRace(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		for round := 0; round < 5; round++ {
			r := e.send(t, "POST", "Notes", fmt.Sprintf(`{"Title":"Race %d"}`, round))
			r.mustStatus(t, http.StatusCreated)
			url, etag := r.header.Get("Location"), r.header.Get("ETag")
			statuses := make([]int, 2)
			var wg sync.WaitGroup
			for i := range statuses {
				wg.Add(1)
				go func() {
					defer wg.Done()
					statuses[i] = e.send(t, "PATCH", url, fmt.Sprintf(`{"Body":"client %d"}`, i), "If-Match", etag).status
				}()
			}
			wg.Wait()
			won := 0
			for _, s := range statuses {
				switch s {
				case http.StatusNoContent:
					won++
				case http.StatusPreconditionFailed:
				default:
					t.Fatalf("round %d: statuses %v", round, statuses)
				}
			}
			if won != 1 {
				t.Fatalf("round %d: %d clients won (statuses %v), want exactly 1", round, won, statuses)
			}
		}
	})
}

// TestWritesMetadata: restrictions per set, Core.Computed and Core.Immutable,
// still valid CSDL.
func TestWritesMetadata(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		x := e.get(t, "$metadata")
		x.mustStatus(t, 200)
		csdltest.ValidateXML(t, x.body)
		j := e.get(t, "$metadata?$format=json")
		csdltest.ValidateJSON(t, j.body)
		doc := string(x.body)
		notes := section(doc, `<EntityType Name="Notes">`, `</EntityType>`)
		for _, p := range []string{"NoteID", "TitleLength"} {
			if !strings.Contains(section(notes, `<Property Name="`+p+`"`, `</Property>`), `<Annotation Term="Core.Computed" Bool="true"/>`) {
				t.Errorf("%s is not Core.Computed:\n%s", p, notes)
			}
		}
		if !strings.Contains(section(doc, `<EntityType Name="Tickets">`, `</EntityType>`), `<Annotation Term="Core.Immutable" Bool="true"/>`) {
			t.Errorf("Tickets key is not Core.Immutable")
		}
		ship := section(doc, `<EntitySet Name="Shipments"`, `</EntitySet>`)
		for _, term := range []string{"InsertRestrictions", "UpdateRestrictions", "DeleteRestrictions"} {
			if !strings.Contains(ship, term) {
				t.Errorf("Shipments lacks %s", term)
			}
			if strings.Contains(section(doc, `<EntitySet Name="Notes"`, `</EntitySet>`), term) {
				t.Errorf("Notes is writable but has %s", term)
			}
		}
	})
}

// section returns the text of doc from start to the next end.
func section(doc, start, end string) string {
	i := strings.Index(doc, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(doc[i:], end)
	if j < 0 {
		return doc[i:]
	}
	return doc[i : i+j+len(end)]
}

func quoteFor(kind, name string) string {
	if kind == "mysql" {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}
