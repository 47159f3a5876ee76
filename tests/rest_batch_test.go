package tests

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"odatagw/adapters/rest/resttest"
	"odatagw/gateway/batch/batchtest"
)

// A JSON API has no transactions: a change set of one change is applied
// (it is atomic on its own); one of several changes is refused with 501
// before anything reaches the API, and the cache keeps what it had.
func TestRESTBatchChangeSets(t *testing.T) {
	api := resttest.New(t, 10)
	e := newRESTWritesEnv(t, api, restWritable, nil, nil)
	tn := api.Rows[0].Tracking
	post := func(n string) string {
		return "POST Shipments HTTP/1.1\nContent-Type: application/json\n\n" + strings.Replace(newShipment, "TNX1", n, 1)
	}
	patch := "PATCH Shipments('" + tn + "') HTTP/1.1\nContent-Type: application/json\n\n{\"Status\":\"batched\"}"

	e.get(t, "Shipments/$count").mustStatus(t, 200) // cached
	ps := e.postBatch(t, multipartBatchType, multipartBatch([]string{post("TNB1")}, "GET Shipments/$count HTTP/1.1\n")).parts(t)
	if got := batchtest.Statuses(ps); !slices.Equal(got, []int{-1, 201, -2, 200}) || string(ps[len(ps)-1].Body) != "11" {
		t.Fatalf("change set of one: statuses %v, count %s", got, ps[len(ps)-1].Body)
	}
	if api.Get("TNB1") == nil {
		t.Fatal("the change set of one was not applied")
	}

	api.ResetCalls()
	ps = e.postBatch(t, multipartBatchType, multipartBatch([]string{post("TNB2"), patch})).parts(t)
	if len(ps) != 1 || ps[0].Status != 501 {
		t.Fatalf("change set of two: parts %+v", ps)
	}
	var oe odataError
	if json.Unmarshal(ps[0].Body, &oe) != nil || !strings.Contains(oe.Error.Message, "cannot apply 2 changes all or nothing, so none was applied") {
		t.Errorf("refusal: %s", ps[0].Body)
	}
	if api.Requests("POST", "/") != 0 || api.Requests("PATCH", "/") != 0 || api.Get("TNB2") != nil || api.Get(tn).Status != nil && *api.Get(tn).Status == "batched" {
		t.Fatal("a refused change set reached the API")
	}
	if got := string(e.get(t, "Shipments/$count").body); got != "11" {
		t.Errorf("count %s after the refused change set", got)
	}

	// JSON batch: an atomicity group of two is refused the same way; a
	// group of one (with a read) runs.
	body := `{"requests":[
		{"id":"1","atomicityGroup":"g","method":"POST","url":"Shipments","headers":{"content-type":"application/json"},"body":` + strings.Replace(newShipment, "TNX1", "TNB3", 1) + `},
		{"id":"2","atomicityGroup":"g","method":"DELETE","url":"Shipments('` + tn + `')"},
		{"id":"3","atomicityGroup":"h","method":"DELETE","url":"Shipments('` + tn + `')"},
		{"id":"4","atomicityGroup":"h","method":"GET","url":"Shipments/$count"}]}`
	r := e.postBatch(t, "application/json", body).mustStatus(t, 200)
	var out struct {
		Responses []struct {
			ID     string `json:"id"`
			Status int    `json:"status"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, x := range out.Responses {
		got[x.ID] = x.Status
	}
	if got["1"] != 501 || got["2"] != 424 || got["3"] != 204 || got["4"] != 200 {
		t.Errorf("JSON batch statuses %v", got)
	}
	if api.Get("TNB3") != nil || api.Get(tn) != nil {
		t.Error("the refused group was applied or the group of one was not")
	}
}

// TestFederationWrites: writes to a federated service go to the member
// owning the set (the database for Orders, the API for Shipments); a
// federation has no transactions of its own, so a change set spanning two
// changes is refused before either is applied.
func TestFederationWrites(t *testing.T) {
	api := resttest.New(t, 30)
	orders, db := openOrdersSQLite(t, api)
	e := &writesEnv{demoEnv: federateWrites(t, api, orders, true, restWritable, nil), kind: "sqlite"}
	tn := api.Rows[0].Tracking
	customer := func() string {
		var c string
		if err := db.QueryRow("SELECT Customer FROM Orders WHERE OrderID = 1").Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}

	e.send(t, "PATCH", "Shipments('"+tn+"')", `{"Status":"federated"}`).mustStatus(t, 204)
	if s := api.Get(tn); s.Status == nil || *s.Status != "federated" {
		t.Fatalf("the API holds %+v", s)
	}
	e.send(t, "PATCH", "Orders(1)", `{"Customer":"CX"}`).mustStatus(t, 204)
	if c := customer(); c != "CX" {
		t.Fatalf("customer %q in the database", c)
	}

	ps := e.postBatch(t, multipartBatchType, multipartBatch([]string{
		"PATCH Orders(1) HTTP/1.1\nContent-Type: application/json\n\n{\"Customer\":\"CY\"}",
		"PATCH Shipments('" + tn + "') HTTP/1.1\nContent-Type: application/json\n\n{\"Status\":\"both\"}",
	})).parts(t)
	if len(ps) != 1 || ps[0].Status != 501 || customer() != "CX" || *api.Get(tn).Status != "federated" {
		t.Fatalf("a change set over two members: parts %+v", ps)
	}
	ps = e.postBatch(t, multipartBatchType, multipartBatch([]string{
		"PATCH Orders(1) HTTP/1.1\nContent-Type: application/json\n\n{\"Customer\":\"CZ\"}",
	})).parts(t)
	if got := batchtest.Statuses(ps); !slices.Equal(got, []int{-1, 204, -2}) || customer() != "CZ" {
		t.Fatalf("a change set of one: %v", got)
	}
}
