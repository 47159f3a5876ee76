package tests

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
)

// TestWritesExplicitGeneratedKey: a create may give a generated key
// (auto-increment, serial, identity BY DEFAULT) a value of its own, as
// Salesforce does when it sends every field; the database's generator must
// then move past it, or the next create that leaves the key to the database
// draws the same value and fails (PostgreSQL sequences do not move by
// themselves).
func TestWritesExplicitGeneratedKey(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		r := e.send(t, "POST", "Notes", `{"Title":"generated"}`)
		r.mustStatus(t, http.StatusCreated)
		first, err := strconv.ParseInt(r.object(t)["NoteID"].(json.Number).String(), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		// The values the generator would hand out next, taken explicitly.
		for i, title := range []string{"explicit 1", "explicit 2"} {
			id := first + 1 + int64(i)
			r := e.send(t, "POST", "Notes", `{"NoteID":`+strconv.FormatInt(id, 10)+`,"Title":"`+title+`"}`)
			r.mustStatus(t, http.StatusCreated)
			if got := r.object(t)["NoteID"]; got != json.Number(strconv.FormatInt(id, 10)) {
				t.Fatalf("explicit key %d stored as %v", id, got)
			}
		}
		// The same inside a change set, then a generated one in the same one.
		body := `{"requests":[` +
			`{"id":"1","atomicityGroup":"g","method":"POST","url":"Notes","headers":{"content-type":"application/json"},"body":{"NoteID":` + strconv.FormatInt(first+3, 10) + `,"Title":"in batch"}},` +
			`{"id":"2","atomicityGroup":"g","method":"POST","url":"Notes","headers":{"content-type":"application/json"},"body":{"Title":"generated in batch"}}]}`
		b := e.send(t, "POST", "$batch", body, "Accept", "application/json")
		b.mustStatus(t, http.StatusOK)
		var out struct {
			Responses []struct {
				Status int            `json:"status"`
				Body   map[string]any `json:"body"`
			} `json:"responses"`
		}
		if err := json.Unmarshal(b.body, &out); err != nil || len(out.Responses) != 2 {
			t.Fatalf("batch answer %s: %v", b.body, err)
		}
		for _, p := range out.Responses {
			if p.Status != http.StatusCreated {
				t.Fatalf("batch part %d: %v", p.Status, p.Body)
			}
		}
		if id, _ := out.Responses[1].Body["NoteID"].(float64); int64(id) <= first+3 {
			t.Fatalf("generated key in the change set %v is not past the explicit %d", out.Responses[1].Body["NoteID"], first+3)
		}
		r = e.send(t, "POST", "Notes", `{"Title":"generated again"}`)
		r.mustStatus(t, http.StatusCreated)
		next, _ := strconv.ParseInt(r.object(t)["NoteID"].(json.Number).String(), 10, 64)
		if next <= first+3 {
			t.Fatalf("generated key %d is not past the explicit keys up to %d", next, first+3)
		}
	})
}
