package tests

import (
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"odatagw/adapters/rest/resttest"
	"odatagw/config"
)

// $apply on a JSON API set, end to end over HTTP: the gateway aggregates
// the rows it fetched, the $apply's leading filter reaches the API where
// it declares the filter, and max_rows bounds the rows aggregated.

// shippedTotals is the expected answer of applyShipped, computed from the
// API's rows: exact sums of Cost and counts per carrier (case counts: DHL
// and dhl are two groups) of the shipments whose Status is exactly
// "shipped", in carrier order.
func shippedTotals(api *resttest.API) []string {
	sums, counts := map[string]*big.Rat{}, map[string]int{}
	for _, s := range api.Rows {
		if s.Status == nil || *s.Status != "shipped" {
			continue
		}
		c, _ := new(big.Rat).SetString(s.Cost)
		if sums[s.Carrier] == nil {
			sums[s.Carrier] = new(big.Rat)
		}
		sums[s.Carrier].Add(sums[s.Carrier], c)
		counts[s.Carrier]++
	}
	var out []string
	for carrier, sum := range sums {
		out = append(out, fmt.Sprintf("%s %s %d", carrier, sum.RatString(), counts[carrier]))
	}
	slices.Sort(out)
	return out
}

const applyShipped = "Shipments?$apply=filter(Status eq 'shipped')/groupby((Carrier),aggregate(Cost with sum as Total,$count as N))&$orderby=Carrier&$count=true"

// appliedTotals reads applyShipped's rows as shippedTotals writes them.
func appliedTotals(t *testing.T, env *demoEnv, path string) []string {
	t.Helper()
	c := env.get(t, path).collection(t)
	var out []string
	for _, r := range c.rows(t) {
		sum, ok := new(big.Rat).SetString(fmt.Sprint(r["Total"]))
		if !ok {
			t.Fatalf("Total %v is not a number: %v", r["Total"], r)
		}
		out = append(out, fmt.Sprintf("%s %s %v", r["Carrier"], sum.RatString(), r["N"]))
	}
	if c.Count == nil || int(*c.Count) != len(out) {
		t.Errorf("@odata.count %v, %d rows", c.Count, len(out))
	}
	return out
}

func TestRESTServerApply(t *testing.T) {
	api := resttest.New(t, 80)
	want := shippedTotals(api)
	if len(want) < 3 {
		t.Fatalf("fixture: %v", want)
	}
	for _, pushdown := range []bool{true, false} {
		t.Run(fmt.Sprint("pushdown=", pushdown), func(t *testing.T) {
			env := newRESTEnv(t, api, "page", pushdown, 0)
			api.ResetCalls()
			got := appliedTotals(t, env, strings.ReplaceAll(applyShipped, " ", "%20"))
			if !slices.Equal(got, want) {
				t.Errorf("rows %v, want %v", got, want)
			}
			// The leading filter is a query parameter only where the API declares it.
			calls := api.CallLog()
			if len(calls) == 0 || strings.Contains(calls[0], "status=shipped") != pushdown {
				t.Errorf("upstream calls %v (push-down %v)", calls, pushdown)
			}
			// aggregate over nothing: one row; compute, filter and top after aggregation.
			r := env.get(t, "Shipments?$apply="+url.PathEscape("filter(Carrier eq 'nobody')/aggregate(Cost with sum as S,$count as N)")).mustStatus(t, http.StatusOK)
			if !strings.Contains(string(r.body), `"value":[{"S":null,"N":0}]`) {
				t.Errorf("empty aggregate: %s", r.body)
			}
			c := env.get(t, "Shipments?$apply="+url.PathEscape("groupby((Carrier),aggregate($count as N))/compute(N mul 10 as N10)/orderby(N desc,Carrier)/top(2)")+"&$select=Carrier,N10").collection(t)
			if rows := c.rows(t); len(rows) != 2 || rows[0]["N10"] == nil || rows[0]["N"] != nil {
				t.Errorf("top 2 with computed N10: %v", rows)
			}
			r = env.get(t, "Shipments/$count?$apply="+url.PathEscape("groupby((Country))")).mustStatus(t, http.StatusOK)
			if strings.TrimSpace(string(r.body)) != "3" {
				t.Errorf("$count of groups: %s", r.body)
			}
			// What no source serves is 501 naming the transformation, as on database sets.
			for tr, u := range map[string]string{"top": "top(2)/aggregate($count as N)", "groupby": "groupby((Country))/groupby((Country))"} {
				r = env.get(t, "Shipments?$apply="+url.PathEscape(u)).mustStatus(t, http.StatusNotImplemented)
				if e := r.odataError(t); !strings.Contains(e.Error.Message, "transformation "+tr) {
					t.Errorf("%s: %s", u, e.Error.Message)
				}
			}
		})
	}
}

// TestRESTServerApplyRowCeiling: max_rows counts the rows fetched for the
// aggregation: a pipeline over more is 400 UpstreamRowLimit (never an
// aggregate of the first max_rows rows); a leading filter the API takes
// narrows the read under it.
func TestRESTServerApplyRowCeiling(t *testing.T) {
	api := resttest.New(t, 80)
	env := newRESTEnv(t, api, "page", true, 40)
	r := env.get(t, "Shipments?$apply="+url.PathEscape("aggregate(Cost with sum as S)"))
	r.mustStatus(t, http.StatusBadRequest)
	if e := r.odataError(t); e.Error.Code != "UpstreamRowLimit" || !strings.Contains(e.Error.Message, "more than 40 rows") {
		t.Errorf("row limit: %+v", e.Error)
	}
	// A filter after a compute is not a condition on the fetched rows: still over the ceiling.
	env.get(t, "Shipments?$apply="+url.PathEscape("compute(Cost add 1 as C)/filter(Carrier eq 'UPS')/aggregate($count as N)")).mustStatus(t, http.StatusBadRequest)
	want := 0
	for _, s := range api.Rows {
		if s.Carrier == "UPS" {
			want++
		}
	}
	r = env.get(t, "Shipments?$apply="+url.PathEscape("filter(Carrier eq 'UPS')/aggregate($count as N)")).mustStatus(t, http.StatusOK)
	if !strings.Contains(string(r.body), fmt.Sprintf(`"value":[{"N":%d}]`, want)) {
		t.Errorf("pushed-down filter: %s, want N %d", r.body, want)
	}
}

// TestCrossSourceApply: $apply on a federation's API set and database set
// answers as on the members themselves; a grouping across the sources is
// 501 saying so.
func TestCrossSourceApply(t *testing.T) {
	api := resttest.New(t, 30)
	src, _ := openOrdersSQLite(t, api)
	env := federate(t, api, src, true)
	if got, want := appliedTotals(t, env, strings.ReplaceAll(applyShipped, " ", "%20")), shippedTotals(api); !slices.Equal(got, want) {
		t.Errorf("federated API set: %v, want %v", got, want)
	}
	total := new(big.Rat)
	for _, o := range orderRows(api) {
		total.Add(total, new(big.Rat).SetFrac64(int64(o[0].(int))*100+50, 100))
	}
	c := env.get(t, "Orders?$apply="+url.PathEscape("aggregate(Total with sum as S,$count as N)")).collection(t)
	rows := c.rows(t)
	if s, ok := new(big.Rat).SetString(fmt.Sprint(rows[0]["S"])); len(rows) != 1 || !ok || s.Cmp(total) != 0 || fmt.Sprint(rows[0]["N"]) != "40" {
		t.Errorf("federated database set: %v, want S %s and N 40", rows, total.FloatString(2))
	}
	for _, u := range []string{"Orders?$apply=groupby((Shipment/Carrier))", "Shipments?$apply=filter(Orders/any(o:o/Total gt 1))/aggregate($count as N)"} {
		r := env.get(t, strings.ReplaceAll(u, " ", "%20"))
		r.mustStatus(t, http.StatusNotImplemented)
		if e := r.odataError(t); !strings.Contains(e.Error.Message, "to another source") {
			t.Errorf("%s: %s", u, e.Error.Message)
		}
	}
}

// TestSecurityRESTApply: $apply on an API set keeps to the role's rows,
// also when its row filter is on a property it hides, and cannot name a
// hidden property.
func TestSecurityRESTApply(t *testing.T) {
	api := resttest.New(t, 40)
	src := openShipping(t, api)
	roles := map[string]config.Role{
		"ops": {Sets: map[string]config.SetRule{"Shipments": {Access: "read", Filter: "Country eq 'DE'", Hide: []string{"Carrier"}}}},
		"ups": {Sets: map[string]config.SetRule{"Shipments": {Filter: "Carrier eq 'UPS'", Hide: []string{"Carrier"}}}},
	}
	g := serviceGuard(t, "shipping", src, roles, map[string][]string{"key-ops": {"ops"}, "key-ups": {"ups"}})
	e := newRESTWritesEnv(t, api, restWritable, g, nil)
	de, ups := 0, new(big.Rat)
	nUPS := 0
	for _, s := range api.Rows {
		if s.Country == "DE" {
			de++
		}
		if s.Carrier == "UPS" {
			c, _ := new(big.Rat).SetString(s.Cost)
			ups.Add(ups, c)
			nUPS++
		}
	}
	r := e.get(t, "Shipments?$apply="+url.PathEscape("groupby((Country),aggregate($count as N))"), "X-API-Key", "key-ops").mustStatus(t, http.StatusOK)
	if !strings.Contains(string(r.body), fmt.Sprintf(`"value":[{"Country":"DE","N":%d}]`, de)) {
		t.Errorf("ops groups: %s, want only DE with %d", r.body, de)
	}
	e.get(t, "Shipments?$apply="+url.PathEscape("groupby((Carrier))"), "X-API-Key", "key-ops").mustStatus(t, http.StatusBadRequest)
	rows := e.get(t, "Shipments?$apply="+url.PathEscape("aggregate(Cost with sum as S,$count as N)"), "X-API-Key", "key-ups").collection(t).rows(t)
	if s, ok := new(big.Rat).SetString(fmt.Sprint(rows[0]["S"])); !ok || s.Cmp(ups) != 0 || fmt.Sprint(rows[0]["N"]) != fmt.Sprint(nUPS) {
		t.Errorf("ups aggregate: %v, want S %s N %d", rows, ups.FloatString(2), nUPS)
	}
}
