package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The clients of TestLoadMixedPrincipals and their checks of every answer.

// loadRun is one load: its clients and what they saw.
type loadRun struct {
	e          *demoEnv
	principals []*loadPrincipal
	client     *http.Client
	stop       time.Time

	mu        sync.Mutex
	statuses  map[int]int
	latencies []time.Duration
	problems  []string
}

// run starts the clients (a hundred every 25 ms, as real ones arrive),
// samples memory every 100 ms until they are all done, and returns the peaks.
func (r *loadRun) run(clients int) memSample {
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); r.loop(i, r.principals[i%len(r.principals)]) }()
		if i%100 == 99 {
			time.Sleep(25 * time.Millisecond)
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var peak memSample
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		s := sampleMemory()
		peak.heap, peak.rss, peak.goroutines = max(peak.heap, s.heap), max(peak.rss, s.rss), max(peak.goroutines, s.goroutines)
		select {
		case <-done:
			return peak
		case <-tick.C:
		}
	}
}

// loop is one client: requests one after the other on its keep-alive
// connection until the end of the load.
func (r *loadRun) loop(i int, p *loadPrincipal) {
	rng := rand.New(rand.NewPCG(uint64(i), 7))
	for time.Now().Before(r.stop) {
		service := []string{"shop", "shopdb"}[rng.IntN(2)]
		path, check := loadRequest(rng, p)
		req, err := http.NewRequest(http.MethodGet, r.e.srv.URL+"/odata/"+service+"/"+path, nil)
		if err != nil {
			panic(err)
		}
		req.Header.Set(p.header[0], p.header[1])
		start := time.Now()
		resp, err := r.client.Do(req)
		var body []byte
		if err == nil {
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		took := time.Since(start)
		problem := ""
		status := -1
		switch {
		case err != nil:
			problem = err.Error()
		case resp.StatusCode == 200:
			status = 200
			problem = check(body)
		case resp.StatusCode == 429 || resp.StatusCode == 503:
			status = resp.StatusCode
			if resp.Header.Get("Retry-After") == "" {
				problem = "without Retry-After"
			}
		default:
			status = resp.StatusCode
			problem = "unexpected status: " + trunc(body)
		}
		r.mu.Lock()
		r.statuses[status]++
		r.latencies = append(r.latencies, took)
		if problem != "" {
			r.problems = append(r.problems, fmt.Sprintf("%s %s %s: %d: %s", p.name, service, path, status, problem))
		}
		r.mu.Unlock()
	}
}

// loadSummary is what a load measured.
type loadSummary struct {
	requests      int
	statuses      map[int]int
	p50, p99, max time.Duration
}

func (r *loadRun) summary() loadSummary {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := slices.Clone(r.latencies)
	slices.Sort(l)
	s := loadSummary{requests: len(l), statuses: r.statuses}
	if len(l) > 0 {
		s.p50, s.p99, s.max = l[len(l)/2].Round(time.Millisecond), l[len(l)*99/100].Round(time.Millisecond), l[len(l)-1].Round(time.Millisecond)
	}
	return s
}

// loadRequest picks a request of the fixture and returns the checker of its
// 200 answer for principal p. Amount and quantity thresholds vary, so that
// many requests miss the cache and reach the databases.
func loadRequest(rng *rand.Rand, p *loadPrincipal) (string, func([]byte) string) {
	rows := func(set string, full bool) func([]byte) string {
		return func(b []byte) string { return p.checkRows(b, set, full) }
	}
	switch rng.IntN(7) {
	case 0:
		return "Customers", rows("Customers", true)
	case 1:
		return "Customers?$expand=Orders($select=Id,Region)", rows("Customers", true)
	case 2:
		return fmt.Sprintf("Orders?$filter=Amount%%20gt%%20%d", 10*rng.IntN(30)), rows("Orders", true)
	case 3:
		return "Orders/$count", func(b []byte) string {
			if want := p.orders(); string(b) != strconv.Itoa(want) {
				return fmt.Sprintf("$count %s, want %d", b, want)
			}
			return ""
		}
	case 4:
		var ids []int
		for id := 1; id <= 30; id++ {
			if p.regions[orderRegion(id)] {
				ids = append(ids, id)
			}
		}
		return fmt.Sprintf("Orders(%d)", ids[rng.IntN(len(ids))]), func(b []byte) string {
			row, err := decodeObject(b)
			if err != nil {
				return err.Error()
			}
			return p.checkRow("Orders", row, true)
		}
	case 5:
		return fmt.Sprintf("OrderLines?$filter=Qty%%20gt%%20%d", rng.IntN(30)), rows("OrderLines", true)
	default:
		return "Orders?$apply=groupby((Region),aggregate($count%20as%20N))", rows("groups", true)
	}
}

// orders is how many orders p sees.
func (p *loadPrincipal) orders() int {
	n := 0
	for id := 1; id <= 30; id++ {
		if p.regions[orderRegion(id)] {
			n++
		}
	}
	return n
}

// The fixture's regions (authzFixture): customers C1–C3 EMEA, C4–C6 APAC;
// orders whose id is a multiple of 3 APAC, the others EMEA.
func orderRegion(id int) string {
	if id%3 == 0 {
		return "APAC"
	}
	return "EMEA"
}

func customerRegion(id string) string {
	if n, _ := strconv.Atoi(strings.TrimPrefix(id, "C")); n > 3 {
		return "APAC"
	}
	return "EMEA"
}

// checkRows checks every row of a collection answer.
func (p *loadPrincipal) checkRows(b []byte, set string, full bool) string {
	doc, err := decodeObject(b)
	if err != nil {
		return err.Error()
	}
	value, ok := doc["value"].([]any)
	if !ok {
		return "no value array"
	}
	for _, v := range value {
		row, _ := v.(map[string]any)
		if problem := p.checkRow(set, row, full); problem != "" {
			return problem
		}
	}
	return ""
}

// checkRow reports a row p may not see, or that lacks or shows properties
// wrongly: full means every property visible to p was selected.
func (p *loadPrincipal) checkRow(set string, row map[string]any, full bool) string {
	var region, hidden string
	switch set {
	case "Customers":
		id, _ := row["Id"].(string)
		region, hidden = customerRegion(id), "Secret"
		if orders, ok := row["Orders"].([]any); ok {
			for _, o := range orders {
				if problem := p.checkRow("Orders", o.(map[string]any), false); problem != "" {
					return "expanded: " + problem
				}
			}
		}
	case "Orders", "OrderLines":
		key := map[string]string{"Orders": "Id", "OrderLines": "OrderId"}[set]
		id, err := strconv.Atoi(fmt.Sprint(row[key]))
		if err != nil {
			return fmt.Sprintf("row without %s: %v", key, row)
		}
		region = orderRegion(id)
		if set == "Orders" {
			hidden = "Note"
		}
	case "groups":
		region, _ = row["Region"].(string)
		if n := fmt.Sprint(row["N"]); n != map[string]string{"EMEA": "20", "APAC": "10"}[region] {
			return fmt.Sprintf("group %v counts rows another principal sees", row)
		}
	}
	switch {
	case !p.regions[region]:
		return fmt.Sprintf("a %s row of %s: %v", set, region, row)
	case row["Region"] != nil && row["Region"] != region:
		return fmt.Sprintf("row %v: region %v, want %s", row, row["Region"], region)
	case hidden == "":
	case p.emeaOnly() && row[hidden] != nil:
		return fmt.Sprintf("hidden %s shown: %v", hidden, row)
	case !p.emeaOnly() && full && row[hidden] == nil:
		return fmt.Sprintf("%s missing for a principal that may see it (another's view?): %v", hidden, row)
	}
	return ""
}

func decodeObject(b []byte) (map[string]any, error) {
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("not JSON: %v: %s", err, trunc(b))
	}
	return m, nil
}
