// Command load drives a running gateway with concurrent GET requests for a
// fixed time and prints throughput and latency percentiles per URL. It only
// talks to the URLs it is given (use loopback addresses).
//
//	go run ./tests/load -c 8 -d 10s 'http://127.0.0.1:8080/odata/demo/Orders?$top=50'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

func main() {
	conc := flag.Int("c", 8, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration per URL")
	maxReq := flag.Int("n", 1_000_000, "upper bound on requests per URL")
	gzip := flag.Bool("gzip", false, "send Accept-Encoding: gzip")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: load [-c N] [-d DURATION] URL...")
		os.Exit(2)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc, DisableCompression: !*gzip}}
	fmt.Printf("%-70s %10s %8s %9s %9s %9s %7s\n", "url", "req/s", "errors", "p50", "p90", "p99", "MB/s")
	for _, u := range flag.Args() {
		r := run(client, u, *conc, *dur, *maxReq, *gzip)
		fmt.Printf("%-70s %10.1f %8d %9s %9s %9s %7.1f\n", trim(u, 70), r.rps, r.errors,
			r.pct(0.50), r.pct(0.90), r.pct(0.99), r.mbps)
	}
}

type result struct {
	lat    []time.Duration
	errors int
	rps    float64
	mbps   float64
}

func (r *result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	return r.lat[int(float64(len(r.lat)-1)*p)].Round(10 * time.Microsecond)
}

func run(client *http.Client, url string, conc int, dur time.Duration, maxReq int, gzip bool) *result {
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var mu sync.Mutex
	res := &result{}
	var bytes int64
	var wg sync.WaitGroup
	sem := make(chan struct{}, maxReq)
	for i := 0; i < maxReq; i++ {
		sem <- struct{}{}
	}
	close(sem)
	start := time.Now()
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range sem {
				if ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				resp, err := client.Do(req)
				var n int64
				ok := err == nil
				if err == nil {
					n, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					ok = resp.StatusCode == http.StatusOK
				}
				if ctx.Err() != nil {
					return // cut off by the deadline: not a sample
				}
				mu.Lock()
				if ok {
					res.lat = append(res.lat, time.Since(t0))
					bytes += n
				} else {
					res.errors++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	el := time.Since(start).Seconds()
	sort.Slice(res.lat, func(i, j int) bool { return res.lat[i] < res.lat[j] })
	res.rps = float64(len(res.lat)) / el
	res.mbps = float64(bytes) / el / 1e6
	return res
}

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-3] + "..."
}
