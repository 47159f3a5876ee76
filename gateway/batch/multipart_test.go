package batch

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"odatagw/gateway/batch/batchtest"
)

// Reads run in order, with relative, absolute-path and absolute URLs, and the
// response has one part per request in the same order.
func TestMultipartReadsInOrder(t *testing.T) {
	s := newStore()
	body := crlf(`--b1
Content-Type: application/http
Content-Transfer-Encoding: binary

GET Items(1) HTTP/1.1
Accept: application/json


--b1
Content-Type: application/http

GET /odata/svc/Items HTTP/1.1


--b1
Content-Type: application/http

GET http://elsewhere.example:8080/odata/svc/Items(2)?$select=Name HTTP/1.1

--b1
Content-Type: application/http

GET Items(99)
--b1--
`)
	ps := parseMultipartResponse(t, post(t, s, nil, Limits{}, mpType, body))
	if got := batchtest.Statuses(ps); !slices.Equal(got, []int{200, 200, 200, 404}) {
		t.Fatalf("statuses %v", got)
	}
	if string(ps[0].Body) != `{"ID":1,"Name":"one"}` || string(ps[1].Body) != `{"value":2}` || string(ps[2].Body) != `{"ID":2,"Name":"two"}` {
		t.Errorf("bodies %q %q %q", string(ps[0].Body), string(ps[1].Body), string(ps[2].Body))
	}
	if ps[0].Header.Get("Content-Type") != "application/json" || ps[0].Header.Get("ETag") != `W/"one"` {
		t.Errorf("part headers %v", ps[0].Header)
	}
	var uris []string
	for _, l := range s.log {
		uris = append(uris, l.method+" "+l.uri)
		if l.tx != 0 {
			t.Errorf("%s ran in a transaction", l.uri)
		}
	}
	want := []string{"GET /odata/svc/Items(1)", "GET /odata/svc/Items", "GET /odata/svc/Items(2)?$select=Name", "GET /odata/svc/Items(99)"}
	if !slices.Equal(uris, want) {
		t.Errorf("served %q, want %q", uris, want)
	}
}

// Bare LF line ends (some hand-written clients) are read like CRLF; the
// response still uses CRLF.
func TestMultipartBareLF(t *testing.T) {
	s := newStore()
	body := "--b1\nContent-Type: application/http\n\nGET Items(2) HTTP/1.1\n\n\n--b1\nContent-Type: application/http\n\nGET Items HTTP/1.1\n\n--b1--\n"
	ps := parseMultipartResponse(t, post(t, s, nil, Limits{}, mpType, body))
	if got := batchtest.Statuses(ps); !slices.Equal(got, []int{200, 200}) || string(ps[0].Body) != `{"ID":2,"Name":"two"}` {
		t.Fatalf("statuses %v, first body %q", got, string(ps[0].Body))
	}
}

const changeSet = `--b1
Content-Type: multipart/mixed; boundary=cs1

--cs1
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 1

POST Items HTTP/1.1
Content-Type: application/json

{"Name":"parent"}
--cs1
Content-Type: application/http
Content-ID: 2

POST $1/Children HTTP/1.1
Content-Type: application/json

{"Name":"child"}
--cs1
Content-Type: application/http
Content-ID: 3

PATCH $1 HTTP/1.1
Content-Type: application/json
If-Match: $1

{"Name":"%s"}
--cs1--
--b1
Content-Type: application/http

GET Items HTTP/1.1

--b1--
`

// A change set runs in one transaction; $1 in a URL is the Location of the
// response to Content-ID 1, and $1 in If-Match its ETag.
func TestMultipartChangeSetWithReferences(t *testing.T) {
	s := newStore()
	a := &fakeAtomic{s: s}
	ps := parseMultipartResponse(t, post(t, s, a, Limits{}, mpType, crlf(strings.Replace(changeSet, "%s", "renamed", 1))))
	if got := batchtest.Statuses(ps); !slices.Equal(got, []int{-1, 201, 201, 204, -2, 200}) {
		t.Fatalf("statuses %v", got)
	}
	cs := ps[0].ChangeSet
	if cs[0].ContentID != "1" || cs[1].ContentID != "2" || cs[2].ContentID != "3" {
		t.Errorf("Content-IDs %q %q %q", cs[0].ContentID, cs[1].ContentID, cs[2].ContentID)
	}
	if cs[0].Header.Get("Location") != "http://gw.test/odata/svc/Items(10)" {
		t.Errorf("Location %q", cs[0].Header.Get("Location"))
	}
	if s.items[10] != "renamed" || s.items[11] != "child" || s.children[11] != 10 {
		t.Errorf("store %v children %v", s.items, s.children)
	}
	if string(ps[1].Body) != `{"value":4}` {
		t.Errorf("read after the change set: %q", string(ps[1].Body))
	}
	if a.calls != 1 || a.errs[0] != nil {
		t.Errorf("atomic calls %d, run errors %v", a.calls, a.errs)
	}
	if s.log[1].uri != "/odata/svc/Items(10)/Children" || s.log[2].header.Get("If-Match") != `W/"parent"` {
		t.Errorf("resolved %q, If-Match %q", s.log[1].uri, s.log[2].header.Get("If-Match"))
	}
	for _, l := range s.log[:3] {
		if l.tx != 1 {
			t.Errorf("%s %s ran outside the transaction", l.method, l.uri)
		}
	}
}

// A change set whose third request fails is rolled back and answered with
// that request's error as a single part; processing stops there.
func TestMultipartChangeSetRollback(t *testing.T) {
	s := newStore()
	a := &fakeAtomic{s: s}
	w := post(t, s, a, Limits{}, mpType, crlf(strings.Replace(strings.Replace(changeSet, `"child"`, `"bad"`, 1), "%s", "x", 1)))
	ps := parseMultipartResponse(t, w)
	if len(ps) != 1 || ps[0].ChangeSet != nil || ps[0].Status != http.StatusBadRequest {
		t.Fatalf("parts %+v", ps)
	}
	if ps[0].ContentID != "2" || errorCode(t, []byte(string(ps[0].Body))) != "BadRequest" {
		t.Errorf("failed part: Content-ID %q body %s", ps[0].ContentID, string(ps[0].Body))
	}
	if len(s.items) != 2 || len(s.children) != 0 {
		t.Errorf("rolled back store holds %v %v", s.items, s.children)
	}
	if a.calls != 1 || a.errs[0] != errChangeSetFailed {
		t.Errorf("atomic calls %d, run returned %v", a.calls, a.errs)
	}
	if len(s.log) != 2 {
		t.Errorf("%d requests served, want 2 (the rest of the change set and the batch are not run)", len(s.log))
	}
}

// With odata.continue-on-error the batch goes on after a failure, and says so.
func TestMultipartContinueOnError(t *testing.T) {
	s := newStore()
	a := &fakeAtomic{s: s}
	body := crlf(strings.Replace(strings.Replace(changeSet, `"child"`, `"bad"`, 1), "%s", "x", 1))
	for _, pref := range []string{"odata.continue-on-error", "continue-on-error=true", "odata.continue-on-error=false"} {
		s.log = nil
		w := post(t, s, a, Limits{}, mpType, body, "Prefer", pref)
		ps := parseMultipartResponse(t, w)
		want := []int{400, 200}
		if strings.HasSuffix(pref, "false") {
			want = want[:1]
		}
		if got := batchtest.Statuses(ps); !slices.Equal(got, want) {
			t.Errorf("%s: statuses %v, want %v", pref, got, want)
		}
		if w.Header().Get("Preference-Applied") == "" {
			t.Errorf("%s: no Preference-Applied", pref)
		}
	}
}

// A GET in a change set fails it with 400.
func TestMultipartGetInChangeSet(t *testing.T) {
	s := newStore()
	body := crlf(`--b1
Content-Type: multipart/mixed; boundary=cs1

--cs1
Content-Type: application/http
Content-ID: 1

POST Items HTTP/1.1
Content-Type: application/json

{"Name":"n"}
--cs1
Content-Type: application/http
Content-ID: 2

GET Items HTTP/1.1

--cs1--
--b1--
`)
	ps := parseMultipartResponse(t, post(t, s, &fakeAtomic{s: s}, Limits{}, mpType, body))
	if len(ps) != 1 || ps[0].Status != 400 || ps[0].ContentID != "2" || !strings.Contains(string(ps[0].Body), "cannot be part of a change set") {
		t.Fatalf("parts %+v", ps)
	}
	if len(s.items) != 2 {
		t.Errorf("the POST was not rolled back: %v", s.items)
	}
}

// Without a transaction seam, change sets answer 501 and reads still work.
func TestMultipartChangeSetWithoutAtomic(t *testing.T) {
	s := newStore()
	body := crlf(strings.Replace(changeSet, "%s", "x", 1))
	ps := parseMultipartResponse(t, post(t, s, nil, Limits{}, mpType, body, "Prefer", "odata.continue-on-error"))
	if got := batchtest.Statuses(ps); !slices.Equal(got, []int{501, 200}) {
		t.Fatalf("statuses %v", got)
	}
	if len(s.log) != 1 {
		t.Errorf("served %d requests, want only the GET", len(s.log))
	}
}

// A commit that fails answers every request of the change set with its error.
func TestMultipartCommitFailure(t *testing.T) {
	s := newStore()
	a := &fakeAtomic{s: s, commitErr: errCommit}
	ps := parseMultipartResponse(t, post(t, s, a, Limits{}, mpType, crlf(strings.Replace(changeSet, "%s", "x", 1))))
	if len(ps) != 1 || ps[0].Status != http.StatusInternalServerError {
		t.Fatalf("parts %+v", ps)
	}
	if len(s.items) != 2 {
		t.Errorf("store %v after a failed commit", s.items)
	}
}
