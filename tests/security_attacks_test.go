package tests

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"odatagw/config"
	"odatagw/gateway"
)

// The attacks of a caller with a restricted role that the gateway refuses
// or answers within the role (emea: Customers and Orders of EMEA only,
// Customers' Secret and Orders' Note hidden; OrderLines of EMEA orders).
// Each is answered without revealing a row outside the filter or a hidden
// value: 400 as for an unknown property, 403 for expressions across
// navigation into a row-filtered set, 404 as for a missing entity, 501
// where the feature is not served. The body must not carry hidden values.

// attackURL percent-encodes the values of the query options of u.
func attackURL(u string) string {
	path, query, ok := strings.Cut(u, "?")
	if !ok {
		return u
	}
	var parts []string
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		parts = append(parts, k+"="+url.QueryEscape(v))
	}
	return path + "?" + strings.Join(parts, "&")
}

func TestSecurityReadAttacks(t *testing.T) {
	_, src, db := openAuthzSQLite(t)
	e := authzEnv(t, src, db)
	for _, c := range []struct {
		url    string
		status int
	}{
		// Hidden properties, wherever an expression may name them.
		{"Orders?$compute=Note as X", 400},
		{"Orders?$compute=length(Note) as X&$orderby=X", 400},
		{"Customers?$expand=Orders($compute=Note as X)", 400},
		{"Orders?$apply=groupby((Region),aggregate(Note with max as M))", 400},
		{"Orders?$apply=compute(Note as X)/groupby((X))", 400},
		{"OrderLines?$apply=groupby((Order/Note))", 400},
		{"OrderLines?$expand=Order($select=Note)", 400},
		{"OrderLines?$filter=Order/Note eq 'note 4'", 400},
		{"Orders?$filter=@p eq 'x'&@p=Note", 400},
		{"Orders?$filter=cast(Note,Edm.String) eq 'x'", 400},
		{"Orders?$select=note", 400}, // no hint at the hidden name's case
		{"Orders?$filter=NOTE eq 'x'", 400},
		{"Customers?$orderby=secret", 400},
		{"Orders(1)/Note", 404},
		{"Orders(1)/Note/$value", 404},
		// Expressions across navigation into a row-filtered set.
		{"Customers?$compute=Orders/$count as N", 403},
		{"Customers?$orderby=Orders/$count", 403},
		{"Customers?$filter=Orders/any()", 403},
		{"Customers?$filter=Orders/all(o:false)", 403},
		{"Customers?$expand=Orders($compute=Customer/Name as N)", 403},
		{"Orders(1)?$expand=OrderLines($filter=Order/Customer/Name ne 'x')", 403},
		{"Orders(1)/OrderLines?$filter=Order/Customer/Name ne 'x'", 403},
		{"Orders?$apply=groupby((CustomerId),aggregate(Customer/Name with max as M))", 403},
		{"Orders?$apply=aggregate(Customer/Name with max as M)", 403},
		{"OrderLines?$apply=groupby((Order/Region),aggregate($count as N))", 403},
		{"Customers('C1')/Orders?$apply=groupby((Customer/Name))", 403},
		{"Orders?$filter=Region eq @p&@p=Customer/Region", 403},
		// Rows outside the filter, by every way of addressing them.
		{"Orders/3", 404},
		{"Orders(Id=3)", 404},
		{"Orders(3)?$select=Id", 404},
		{"Orders(3)/$ref", 404},
		{"Orders(3)/Customer/$ref", 404},
		{"Customers('C4')/Orders/$ref", 404},
		{"Customers('C4')/Orders?$apply=aggregate($count as N)", 404},
		{"Customers('C4')/Orders?$compute=Amount as A", 404},
		{"Orders(4)/Customer?$compute=Name as N", 204},
		// Not served: nothing to leak.
		{"Orders?$filter=$root/Customers('C4')/Name eq 'Customer 4'", 501},
		{"$entity?$id=Orders(3)", 501},
		{"$crossjoin(Orders,Customers)", 501},
		{"Customers?$apply=aggregate(Orders/Amount with sum as S)", 501},
		{"Customers?$expand=Orders($search=note)", 501},
		{"Customers?$expand=Orders/$count", 501},
		{"Customers?$filter=Orders/$count($filter=Amount gt 1) gt 0", 501},
	} {
		r := e.get(t, attackURL(c.url), "X-API-Key", "key-emea")
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.url, r.status, c.status, trunc(r.body))
		}
		if b := string(r.body); strings.Contains(b, "note ") || strings.Contains(b, "secret-") || strings.Contains(b, "APAC") ||
			strings.Contains(b, "did you mean") {
			t.Errorf("%s: a hidden value or another region in %s", c.url, trunc(r.body))
		}
	}
	// Within the role: the expansion's rows and counts are the role's.
	for _, u := range []string{"Customers?$expand=Orders($count=true;$top=0)", "Customers?$expand=Orders/$ref", "Customers?$expand=*",
		"Customers?$expand=Orders($expand=Customer($expand=Orders))", "Orders?$filter=Id in (3,6)", "Orders?$apply=groupby((Region))"} {
		r := e.get(t, attackURL(u), "X-API-Key", "key-emea").mustStatus(t, 200)
		// No shared cache (a proxy, a CDN) may keep one caller's answer for another.
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "private") {
			t.Errorf("%s: Cache-Control %q", u, cc)
		}
		if b := string(r.body); strings.Contains(b, "APAC") || strings.Contains(b, "note ") || strings.Contains(b, "secret-") || strings.Contains(b, "Orders(3)") {
			t.Errorf("%s: %s", u, trunc(r.body))
		}
	}
}

// TestSecurityApplyBranches: every branch of a concat, and $compute after
// $apply, starts from the role's rows (20 EMEA orders of 30).
func TestSecurityApplyBranches(t *testing.T) {
	_, src, db := openAuthzSQLite(t)
	e := authzEnv(t, src, db)
	rows := e.get(t, attackURL("Orders?$apply=concat(aggregate($count as N),groupby((Region),aggregate($count as N)))"), "X-API-Key", "key-emea").collection(t).rows(t)
	if len(rows) != 2 || fmt.Sprint(rows[0]["N"]) != "20" || fmt.Sprint(rows[1]["N"]) != "20" || rows[1]["Region"] != "EMEA" {
		t.Errorf("concat: %v", rows)
	}
	rows = e.get(t, attackURL("Orders?$apply=groupby((Region),aggregate($count as N))&$compute=N mul 2 as D"), "X-API-Key", "key-emea").collection(t).rows(t)
	if len(rows) != 1 || fmt.Sprint(rows[0]["D"]) != "40" {
		t.Errorf("$compute after $apply: %v", rows)
	}
}

// TestSecurityWriteAttacks: writes by a writer limited to EMEA orders with
// Note hidden and read-only EMEA customers.
func TestSecurityWriteAttacks(t *testing.T) {
	e := securityBatchEnv(t)
	writer := []string{"X-API-Key", "key-writer"}
	before := queryStrings(t, e.db, "SELECT id || ':' || COALESCE(note, '') || ':' || COALESCE(customer_id, '') || ':' || region || ':' || amount FROM orders ORDER BY id")
	for _, c := range []struct {
		method, url, body string
		status            int
	}{
		{"PATCH", "Orders(1)", `{"Note":"w"}`, 400},
		{"POST", "Orders", `{"Id":130,"Region":"EMEA","Amount":1,"Note":"w"}`, 400},
		{"POST", "Orders", `{"Id":130,"Region":"EMEA","Amount":1,"Note@odata.type":"x"}`, 400},
		{"PUT", "Orders(1)/Note", `{"value":"w"}`, 404},
		{"PUT", "Orders(1)/Note/$value", `w`, 404},
		{"DELETE", "Orders(1)/Note", ``, 404},
		{"PUT", "Orders(999)", `{"Id":999,"Region":"EMEA","Amount":1}`, 404},
		{"PUT", "Orders(3)", `{"Id":3,"Region":"EMEA","Amount":1}`, 404},
		{"PATCH", "Orders(3)", `{"Amount":1}`, 404},
		{"DELETE", "Orders(3)", ``, 404},
		{"PATCH", "Customers('C1')/Orders(3)", `{"Amount":1}`, 404},
		{"POST", "Customers('C4')/Orders", `{"Id":131,"Region":"EMEA","Amount":1}`, 404},
		{"POST", "Orders(3)/OrderLines", `{"LineNo":9,"Qty":1}`, 403},
		{"PATCH", "Orders(1)/Customer", `{"Name":"x"}`, 403},
		{"DELETE", "Orders(1)/Customer", ``, 403},
		{"POST", "Orders", `{"Id":132,"Region":"EMEA","Amount":1,"Customer":{"Id":"C9","Name":"n","Region":"EMEA"}}`, 403},
		{"POST", "Orders", `{"Id":133,"Region":"EMEA","Amount":1,"OrderLines@odata.bind":["OrderLines(OrderId=3,LineNo=1)"]}`, 403},
		{"DELETE", "Customers('C1')/Orders/$ref?$id=Orders(3)", ``, 404},
		{"DELETE", "Customers('C5')/Orders/$ref?$id=Orders(4)", ``, 404},
		{"DELETE", "Customers('C1')/Orders/$ref?$id=http://x/odata/other/Orders(1)", ``, 400},
		{"POST", "Customers('C1')/Orders/$ref", `{"@odata.id":"http://x/odata/other/Orders(1)"}`, 400},
		{"PATCH", "Orders(1)", `{"Id":3}`, 400},
		{"PUT", "Orders(3)/Amount", `{"value":1}`, 404},
		{"PUT", "Orders(3)/Amount/$value", `1`, 404},
		{"DELETE", "Orders(3)/CustomerId", ``, 404},
		{"PUT", "Orders(1)/Region", `{"value":"APAC"}`, 403},
		{"PUT", "Orders(1)/Region/$value", `APAC`, 403},
		{"PUT", "Orders(1)/CustomerId", `{"value":"C4"}`, 400},
		{"PUT", "Customers('C2')/Orders(1)/Region", `{"value":"APAC"}`, 403},
	} {
		r := e.send(t, c.method, c.url, c.body, writer...)
		if r.status != c.status {
			t.Errorf("%s %s %s: status %d, want %d: %s", c.method, c.url, c.body, r.status, c.status, trunc(r.body))
		}
		if b := string(r.body); strings.Contains(b, "note ") || strings.Contains(b, "secret-") {
			t.Errorf("%s %s: a hidden value in %s", c.method, c.url, trunc(r.body))
		}
	}
	after := queryStrings(t, e.db, "SELECT id || ':' || COALESCE(note, '') || ':' || COALESCE(customer_id, '') || ':' || region || ':' || amount FROM orders ORDER BY id")
	sameStrings(t, "orders after the refused writes", after, before)
	// A replacing update by the writer leaves the hidden Note as it was.
	e.send(t, "PUT", "Orders(1)", `{"Id":1,"CustomerId":"C2","Region":"EMEA","Amount":10.25}`, writer...).mustStatus(t, 204)
	if got := queryStrings(t, e.db, "SELECT note FROM orders WHERE id = 1"); got[0] != "note 1" {
		t.Errorf("PUT by the writer changed the hidden Note to %q", got[0])
	}
}

// TestSecurityNoneSet: a set the role has no access to does not exist for
// it, by name in any case, through navigation, in expressions, in deep
// inserts and binds, and in every document describing the service.
func TestSecurityNoneSet(t *testing.T) {
	path, src, db := openAuthzSQLite(t)
	roles := map[string]config.Role{"nolines": {Default: "write", Sets: map[string]config.SetRule{"OrderLines": {Access: "none"}}}}
	g := authzGuard(t, src, roles, map[string][]string{"key-nl": {"nolines"}})
	all := gateway.SetWrites{Insert: true, Update: true, Delete: true}
	e := &writesEnv{demoEnv: newEnv(t, gateway.Config{Guard: g}, path, gateway.Service{Name: "shop", Source: src, Writes: gateway.WritePolicy{Default: all}})}
	nl := []string{"X-API-Key", "key-nl"}
	for _, c := range []struct {
		url    string
		status int
	}{
		{"OrderLines", 404}, {"orderlines", 404}, {"Orders?$expand=orderlines", 400}, {"OrderLines/$count", 404}, {"OrderLines(OrderId=1,LineNo=1)", 404},
		{"Orders(1)/OrderLines", 404}, {"Orders(1)/OrderLines/$ref", 404}, {"Orders?$expand=OrderLines", 400},
		{"Orders?$filter=OrderLines/any()", 400}, {"Orders?$apply=groupby((OrderLines/Qty))", 400},
		{"Orders?$compute=OrderLines/$count as N", 400}, {"Orders?$orderby=OrderLines/$count", 400},
	} {
		r := e.get(t, attackURL(c.url), nl...)
		if r.status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.url, r.status, c.status, trunc(r.body))
		}
		if strings.Contains(string(r.body), "did you mean") {
			t.Errorf("%s: a hint names what the role cannot see: %s", c.url, r.body)
		}
	}
	for _, u := range []string{"", "$metadata", "openapi.json", "Orders?$expand=*", e.srv.URL + "/"} {
		if b := string(e.get(t, u, append(nl, "Accept", "text/html, application/json;q=0.9, */*;q=0.8")...).mustStatus(t, 200).body); strings.Contains(b, "OrderLine") {
			t.Errorf("%q mentions OrderLines: %s", u, trunc([]byte(b)))
		}
	}
	for _, w := range []struct{ method, url, body string }{
		{"POST", "OrderLines", `{"OrderId":1,"LineNo":7,"Qty":1}`},
		{"POST", "Orders(1)/OrderLines", `{"LineNo":7,"Qty":1}`},
		{"POST", "Orders", `{"Id":160,"Region":"EMEA","Amount":1,"OrderLines":[{"LineNo":1,"Qty":1}]}`},
		{"POST", "Orders", `{"Id":161,"Region":"EMEA","Amount":1,"OrderLines@odata.bind":["OrderLines(OrderId=1,LineNo=1)"]}`},
		{"DELETE", "OrderLines(OrderId=1,LineNo=1)", ``},
	} {
		if r := e.send(t, w.method, w.url, w.body, nl...); r.status != 400 && r.status != 404 {
			t.Errorf("%s %s: status %d: %s", w.method, w.url, r.status, trunc(r.body))
		}
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM order_lines")[0]; got != "60" {
		t.Errorf("order lines: %s, want 60", got)
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM orders WHERE id >= 160")[0]; got != "0" {
		t.Errorf("orders 160, 161 were created")
	}
}
