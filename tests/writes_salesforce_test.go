package tests

import (
	"encoding/json"
	"net/http"
	"testing"

	"odatagw/metadata/csdltest"
)

// TestSalesforceWritableReplay replays what Salesforce Connect's OData 4.0
// adapter sends when a user creates, edits and deletes a record of a
// writable external object from its UI (../shared/clients.md): the sync
// reads $metadata; a create POSTs every field the layout has (empty ones as
// null); the record page reads it back by External ID with $filter; an edit
// sends all fields again (External ID and read-only fields included,
// unchanged) with PATCH, or tunnelled through POST with X-HTTP-Method, gzip
// compressed when "Compress Requests" is on; no If-Match is sent; a delete
// is a DELETE by key.
func TestSalesforceWritableReplay(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		sf := []string{"Accept", "application/json", "OData-Version", "4.0", "OData-MaxVersion", "4.0",
			"X-CSRF-Token", "Fetch", "User-Agent", "SFDC-Callout/60.0"}
		md := e.get(t, "$metadata", "Accept", "application/xml", "OData-MaxVersion", "4.0")
		md.mustStatus(t, 200)
		csdltest.ValidateXML(t, md.body)

		r := e.send(t, "POST", "Notes", `{"Title":"Salesforce","Body":null,"Priority":2,"Score":7.5,"Done":false,"Due":"2025-01-31","Seen":null,"CategoryID":1}`, sf...)
		r.mustStatus(t, http.StatusCreated)
		created := r.object(t)
		id := created["NoteID"].(json.Number).String()

		c := e.get(t, "Notes?$filter=NoteID%20eq%20"+id+"&$select=NoteID,Title,Body,Priority,Score,Done,Due,Seen,CategoryID,TitleLength&$top=1", sf...).collection(t)
		rows := c.rows(t)
		if len(rows) != 1 || rows[0]["Title"] != "Salesforce" {
			t.Fatalf("record page read: %v", rows)
		}

		// The edit: every field, the External ID and the computed field unchanged.
		edit := `{"NoteID":` + id + `,"Title":"Salesforce","Body":"edited in Lightning","Priority":4,"Score":7.5,"Done":true,` +
			`"Due":"2025-01-31","Seen":"2025-02-01T09:30:00.000Z","CategoryID":1,"TitleLength":10}`
		e.send(t, "PATCH", "Notes("+id+")", edit, sf...).mustStatus(t, http.StatusNoContent)
		got := e.get(t, "Notes("+id+")", sf...).object(t)
		if got["Body"] != "edited in Lightning" || got["Priority"] != json.Number("4") || got["Done"] != true || got["Seen"] != "2025-02-01T09:30:00Z" {
			t.Fatalf("after the edit: %v", got)
		}
		tunnel := append([]string{"X-HTTP-Method", "PATCH", "Content-Type", "application/json", "Content-Encoding", "gzip"}, sf...)
		e.sendBytes(t, "POST", "Notes("+id+")", gzipped(t, []byte(`{"NoteID":`+id+`,"Title":"Salesforce","Body":"second edit","Priority":4}`)), tunnel...).
			mustStatus(t, http.StatusNoContent)
		if b := e.get(t, "Notes("+id+")/Body/$value").body; string(b) != "second edit" {
			t.Fatalf("after the tunnelled edit: Body %q", b)
		}
		// Changing the External ID is refused, naming it.
		e.send(t, "PATCH", "Notes("+id+")", `{"NoteID":999999,"Title":"x"}`, sf...).wantError(t, http.StatusBadRequest, "BadRequest", "NoteID")

		e.send(t, "DELETE", "Notes("+id+")", "", sf...).mustStatus(t, http.StatusNoContent)
		if rows := e.get(t, "Notes?$filter=NoteID%20eq%20"+id+"&$top=1", sf...).collection(t).rows(t); len(rows) != 0 {
			t.Fatalf("deleted record still listed: %v", rows)
		}
	})
}
