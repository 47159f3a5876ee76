package tests

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"odatagw/gateway/batch/batchtest"
)

// countNotes counts the Notes rows with hand-written SQL.
func countNotes(t *testing.T, e *writesEnv) int64 {
	t.Helper()
	return queryInts(t, e.db, "SELECT COUNT(*) FROM "+quoteFor(e.kind, "Notes"))[0]
}

func postNote(title string) string {
	return "POST Notes HTTP/1.1\nContent-Type: application/json\n\n{\"Title\":" + title + "}"
}

// A change set whose third insert fails (a unique constraint in the
// database, or validation before it) leaves no trace: nothing in the
// database, the cached count unchanged, one error part; a change set that
// succeeds commits all three and the cached count follows.
func TestBatchChangeSetAllOrNothing(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		e.get(t, "Notes/$count").mustStatus(t, 200) // cached before the batches
		for _, c := range []struct {
			third, code string
			status      int
		}{
			{`"first"`, "UniqueViolation", http.StatusConflict},
			{`null`, "BadRequest", http.StatusBadRequest},
		} {
			body := multipartBatch([]string{postNote(`"first"`), postNote(`"second"`), postNote(c.third)}, "GET Notes/$count HTTP/1.1\n")
			ps := e.postBatch(t, multipartBatchType, body).parts(t)
			if len(ps) != 1 || ps[0].ChangeSet != nil || ps[0].Status != c.status || ps[0].ContentID != "3" {
				t.Fatalf("third %s: parts %+v", c.third, ps)
			}
			var oe odataError
			if json.Unmarshal(ps[0].Body, &oe) != nil || oe.Error.Code != c.code {
				t.Errorf("third %s: error %s", c.third, ps[0].Body)
			}
			if n := countNotes(t, e); n != 0 {
				t.Fatalf("third %s: %d notes in the database after the rollback", c.third, n)
			}
			if got := string(e.get(t, "Notes/$count").body); got != "0" {
				t.Errorf("third %s: count %s after the rollback", c.third, got)
			}
		}
		body := multipartBatch([]string{postNote(`"first"`), postNote(`"second"`), postNote(`"third"`)}, "GET Notes/$count HTTP/1.1\n")
		ps := e.postBatch(t, multipartBatchType, body).parts(t)
		if got := batchtest.Statuses(ps); !slices.Equal(got, []int{-1, 201, 201, 201, -2, 200}) || string(ps[1].Body) != "3" {
			t.Fatalf("statuses %v, count %s", got, ps[len(ps)-1].Body)
		}
		if n := countNotes(t, e); n != 3 {
			t.Errorf("%d notes after the commit", n)
		}
		if got := string(e.get(t, "Notes/$count").body); got != "3" {
			t.Errorf("cached count %s after the commit", got)
		}
	})
}

// Content-ID references inside a change set: a new category ($1), a note
// in it ($2), then PATCH $2 with If-Match: $2 and PATCH $1, all committed
// together; the same in the JSON format with dependsOn, and a JSON
// atomicity group whose third request fails.
func TestBatchContentIDReferences(t *testing.T) {
	eachWriteEngine(t, func(t *testing.T, e *writesEnv) {
		ps := e.postBatch(t, multipartBatchType, multipartBatch([]string{
			"POST Categories HTTP/1.1\nContent-Type: application/json\n\n{\"CategoryID\":50,\"Name\":\"Batch\"}",
			"POST Notes HTTP/1.1\nContent-Type: application/json\n\n{\"Title\":\"in 50\",\"CategoryID\":50}",
			"PATCH $2 HTTP/1.1\nContent-Type: application/json\nIf-Match: $2\n\n{\"Body\":\"patched\"}",
			"PATCH $1 HTTP/1.1\nContent-Type: application/json\n\n{\"Description\":\"via $1\"}",
		})).parts(t)
		if got := batchtest.Statuses(ps); !slices.Equal(got, []int{-1, 201, 201, 204, 204, -2}) {
			t.Fatalf("statuses %v: %+v", got, ps)
		}
		if loc := ps[0].ChangeSet[0].Header.Get("Location"); loc != e.root+"Categories(50)" {
			t.Errorf("Location %q", loc)
		}
		n := e.get(t, "Notes?$filter=Title%20eq%20'in%2050'&$select=Body,CategoryID").collection(t).rows(t)
		c := e.get(t, "Categories(50)").object(t)
		if len(n) != 1 || n[0]["Body"] != "patched" || n[0]["CategoryID"] != json.Number("50") || c["Description"] != "via $1" {
			t.Fatalf("note %v, category %v", n, c)
		}

		rs := e.postBatch(t, "application/json", `{"requests":[
			{"id":"c","atomicityGroup":"g","method":"post","url":"Categories","body":{"CategoryID":51,"Name":"JSON"}},
			{"id":"n","atomicityGroup":"g","method":"post","url":"Notes","body":{"Title":"in 51","CategoryID":51}},
			{"id":"p","atomicityGroup":"g","dependsOn":["n"],"method":"patch","url":"$n","headers":{"if-match":"$n"},"body":{"Priority":5}},
			{"id":"r","dependsOn":["g"],"method":"get","url":"$n?$select=Priority,CategoryID"}]}`).responses(t)
		if len(rs) != 4 || rs[0].Status != 201 || rs[1].Status != 201 || rs[2].Status != 204 || rs[3].Status != 200 {
			t.Fatalf("responses %+v", rs)
		}
		if !strings.Contains(string(rs[3].Body), `"Priority":5`) || !strings.Contains(string(rs[3].Body), `"CategoryID":51`) {
			t.Errorf("read after the group: %s", rs[3].Body)
		}

		before := countNotes(t, e)
		rs = e.postBatch(t, "application/json", `{"requests":[
			{"id":"1","atomicityGroup":"h","method":"post","url":"Notes","body":{"Title":"a"}},
			{"id":"2","atomicityGroup":"h","method":"post","url":"Notes","body":{"Title":"b"}},
			{"id":"3","atomicityGroup":"h","method":"post","url":"Notes","body":{"Title":"c","CategoryID":999}},
			{"id":"4","method":"get","url":"Notes/$count"}]}`).responses(t)
		var statuses []int
		for _, r := range rs {
			statuses = append(statuses, r.Status)
		}
		if !slices.Equal(statuses, []int{424, 424, 400, 200}) {
			t.Fatalf("statuses %v: %+v", statuses, rs)
		}
		if n := countNotes(t, e); n != before {
			t.Errorf("%d notes after the failed group, %d before", n, before)
		}
	})
}
