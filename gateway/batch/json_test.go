package batch

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const jsonType = "application/json"

// JSON reads: each response carries its id, status, lower-case headers and
// its body as JSON, text as a string, anything else base64url.
func TestJSONReads(t *testing.T) {
	s := newStore()
	w := post(t, s, nil, Limits{}, jsonType, `{"requests":[
		{"id":"r1","method":"get","url":"Items(1)","headers":{"accept":"application/json"}},
		{"id":"r2","method":"GET","url":"/odata/svc/Items(1)/Name/$value"},
		{"id":"r3","method":"get","url":"Items(1)/Photo"},
		{"id":"r4","method":"get","url":"Items(42)"}]}`)
	if v := w.Header().Get("OData-Version"); v != "4.01" {
		t.Errorf("OData-Version %q", v)
	}
	rs := parseJSONResponse(t, w)
	if len(rs) != 4 {
		t.Fatalf("%d responses", len(rs))
	}
	if rs[0].ID != "r1" || rs[0].Status != 200 || string(rs[0].Body) != `{"ID":1,"Name":"one"}` || rs[0].Headers["etag"] != `W/"one"` {
		t.Errorf("r1: %+v", rs[0])
	}
	if rs[1].Status != 200 || string(rs[1].Body) != `"one"` || rs[1].Headers["content-type"] != "text/plain" {
		t.Errorf("r2: %+v", rs[1])
	}
	var b64 string
	_ = json.Unmarshal(rs[2].Body, &b64)
	if raw, err := base64.RawURLEncoding.DecodeString(b64); err != nil || string(raw) != "\xff\x00\xfe" {
		t.Errorf("r3 body %s: %v", rs[2].Body, err)
	}
	if rs[3].ID != "r4" || rs[3].Status != 404 || errorCode(t, rs[3].Body) != "NotFound" {
		t.Errorf("r4: %+v", rs[3])
	}
}

// An atomicity group with a $-reference commits; the JSON body reaches the
// handler as JSON with its content-type.
func TestJSONAtomicityGroup(t *testing.T) {
	s := newStore()
	a := &fakeAtomic{s: s}
	rs := parseJSONResponse(t, post(t, s, a, Limits{}, jsonType, `{"requests":[
		{"id":"1","atomicityGroup":"g","method":"post","url":"Items","headers":{"content-type":"application/json"},"body":{"Name":"p"}},
		{"id":"2","atomicityGroup":"g","dependsOn":["1"],"method":"post","url":"$1/Children","body":{"Name":"c"}},
		{"id":"3","dependsOn":["g"],"method":"get","url":"Items"}]}`))
	if len(rs) != 3 || rs[0].Status != 201 || rs[1].Status != 201 || rs[2].Status != 200 {
		t.Fatalf("responses %+v", rs)
	}
	if rs[0].AtomicityGroup != "g" || rs[1].AtomicityGroup != "g" || rs[2].AtomicityGroup != "" {
		t.Errorf("groups %q %q %q", rs[0].AtomicityGroup, rs[1].AtomicityGroup, rs[2].AtomicityGroup)
	}
	if rs[0].Headers["location"] != "http://gw.test/odata/svc/Items(10)" || s.children[11] != 10 {
		t.Errorf("location %q, children %v", rs[0].Headers["location"], s.children)
	}
	if s.log[1].header.Get("Content-Type") != "application/json" || s.log[1].body != `{"Name":"c"}` || s.log[1].tx != 1 {
		t.Errorf("second request as served: %+v", s.log[1])
	}
}

// A failing request of an atomicity group answers its own error; the others
// of the group answer 424 and nothing is applied; a request depending on the
// group answers 424; independent requests still run (the JSON default).
func TestJSONAtomicityGroupFails(t *testing.T) {
	s := newStore()
	a := &fakeAtomic{s: s}
	rs := parseJSONResponse(t, post(t, s, a, Limits{}, jsonType, `{"requests":[
		{"id":"1","atomicityGroup":"g","method":"post","url":"Items","body":{"Name":"a"}},
		{"id":"2","atomicityGroup":"g","method":"post","url":"Items","body":{"Name":"b"}},
		{"id":"3","atomicityGroup":"g","method":"post","url":"Items","body":{"Name":"bad"}},
		{"id":"4","atomicityGroup":"g","method":"post","url":"Items","body":{"Name":"d"}},
		{"id":"5","dependsOn":["g"],"method":"get","url":"Items"},
		{"id":"6","method":"get","url":"$1"},
		{"id":"7","method":"get","url":"Items"}]}`))
	want := []int{424, 424, 400, 424, 424, 424, 200}
	if len(rs) != len(want) {
		t.Fatalf("%d responses: %+v", len(rs), rs)
	}
	for i, r := range rs {
		if r.Status != want[i] || r.ID != string(rune('1'+i)) {
			t.Errorf("response %d: id %q status %d, want %d (%s)", i, r.ID, r.Status, want[i], r.Body)
		}
	}
	if len(s.items) != 2 {
		t.Errorf("store after rollback: %v", s.items)
	}
	if string(rs[6].Body) != `{"value":2}` {
		t.Errorf("independent read %s", rs[6].Body)
	}
}

// continue-on-error=false stops a JSON batch after the first failure.
func TestJSONStopOnError(t *testing.T) {
	s := newStore()
	w := post(t, s, nil, Limits{}, jsonType, `{"requests":[
		{"id":"1","method":"get","url":"Items(5)"},{"id":"2","method":"get","url":"Items"}]}`,
		"Prefer", "odata.continue-on-error=false")
	rs := parseJSONResponse(t, w)
	if len(rs) != 1 || rs[0].Status != 404 || w.Header().Get("Preference-Applied") != "odata.continue-on-error=false" {
		t.Fatalf("responses %+v, Preference-Applied %q", rs, w.Header().Get("Preference-Applied"))
	}
}

// Text and binary request bodies; an unsupported "if" answers 424.
func TestJSONRequestBodies(t *testing.T) {
	s := newStore()
	rs := parseJSONResponse(t, post(t, s, &fakeAtomic{s: s}, Limits{}, jsonType, `{"requests":[
		{"id":"t","method":"post","url":"Items","headers":{"content-type":"text/plain"},"body":"{\"Name\":\"txt\"}"},
		{"id":"b","method":"post","url":"Items","headers":{"content-type":"application/octet-stream"},"body":"`+
		base64.RawURLEncoding.EncodeToString([]byte(`{"Name":"bin"}`))+`"},
		{"id":"c","method":"get","url":"Items","if":"$t/$succeeded"}]}`))
	if len(rs) != 3 || rs[0].Status != 201 || rs[1].Status != 201 || rs[2].Status != http.StatusFailedDependency {
		t.Fatalf("responses %+v", rs)
	}
	if s.log[0].body != `{"Name":"txt"}` || s.log[1].body != `{"Name":"bin"}` || len(s.log) != 2 {
		t.Errorf("served %+v", s.log)
	}
}

// Malformed JSON batches are rejected as a whole with 400 and a message
// saying what is wrong.
func TestJSONMalformed(t *testing.T) {
	cases := map[string]string{
		`{"requests":[`:    "not valid JSON",
		`[]`:               "not valid JSON",
		`{}`:               `no "requests"`,
		`{"requests":[1]}`: "not a valid request object",
		`{"requests":[{"method":"get","url":"Items"}]}`:                                                            `needs an "id"`,
		`{"requests":[{"id":"1","method":"head","url":"Items"}]}`:                                                  "expected get, post",
		`{"requests":[{"id":"1","method":"get"}]}`:                                                                 `no "url"`,
		`{"requests":[{"id":"1","method":"get","url":"I","body":{}}]}`:                                             "cannot have a body",
		`{"requests":[{"id":"1","dependsOn":["2"],"method":"get","url":"I"},{"id":"2","method":"get","url":"I"}]}`: "not the id",
		`{"requests":[{"id":"1","method":"get","url":"I"},{"id":"1","method":"get","url":"I"}]}`:                   "used twice",
		`{"requests":[{"id":"1","atomicityGroup":"g","method":"post","url":"I"},{"id":"2","method":"get","url":"I"},{"id":"3","atomicityGroup":"g","method":"post","url":"I"}]}`: "not adjacent",
		`{"requests":[{"id":"g","atomicityGroup":"g","method":"post","url":"I"}]}`:                                                                                               "used twice",
		`{"requests":[{"id":"1","method":"post","url":"I","headers":{"content-type":"application/octet-stream"},"body":"***"}]}`:                                                 "base64url",
	}
	for body, want := range cases {
		w := post(t, newStore(), nil, Limits{}, jsonType, body)
		if _, msg := odataError(t, w.Body.Bytes()); w.Code != http.StatusBadRequest || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %s, want 400 with %q", body, w.Code, w.Body, want)
		}
	}
}

// A GET in a JSON atomicity group runs inside the transaction (OData 4.01
// does not forbid it; the gateway reads through the transaction).
func TestJSONReadInAtomicityGroup(t *testing.T) {
	s := newStore()
	rs := parseJSONResponse(t, post(t, s, &fakeAtomic{s: s}, Limits{}, jsonType, `{"requests":[
		{"id":"1","atomicityGroup":"g","method":"post","url":"Items","body":{"Name":"p"}},
		{"id":"2","atomicityGroup":"g","method":"get","url":"$1"}]}`))
	if len(rs) != 2 || rs[1].Status != 200 || string(rs[1].Body) != `{"ID":10,"Name":"p"}` {
		t.Fatalf("responses %+v", rs)
	}
	if s.log[1].tx != 1 || s.log[1].uri != "/odata/svc/Items(10)" {
		t.Errorf("the read ran as %+v", s.log[1])
	}
}
