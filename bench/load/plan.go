package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// step is one (query, target) cell of the plan.
type step struct{ query, target, url string }

// result is what one cell measured.
type result struct {
	n, errors int
	rps       float64
	p50, p99  time.Duration
	firstErr  error
}

func readPlan(path string) ([]step, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []step
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			return nil, fmt.Errorf("%s: want query<TAB>target<TAB>URL: %q", path, line)
		}
		out = append(out, step{parts[0], parts[1], parts[2]})
	}
	return out, sc.Err()
}

// measure runs one cell: conc clients in a loop for dur.
func measure(s step, conc int, dur time.Duration) result {
	one := func() error {
		if s.query == "export" {
			_, err := export(s.url, nil)
			return err
		}
		_, err := get(s.url)
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	res := result{}
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				err := one()
				d := time.Since(t0)
				mu.Lock()
				if err != nil {
					res.errors++
					if res.firstErr == nil {
						res.firstErr = err
					}
				} else {
					lat = append(lat, d)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	res.n = len(lat)
	res.rps = float64(len(lat)) / elapsed.Seconds()
	if len(lat) > 0 {
		res.p50 = lat[(len(lat)-1)/2]
		res.p99 = lat[(len(lat)-1)*99/100]
	}
	return res
}

func runPlan(path string, conc int, dur, warm time.Duration) error {
	steps, err := readPlan(path)
	if err != nil {
		return err
	}
	var queries, targets []string
	results := map[[2]string]result{}
	for _, s := range steps {
		if !contains(queries, s.query) {
			queries = append(queries, s.query)
		}
		if !contains(targets, s.target) {
			targets = append(targets, s.target)
		}
		if err := check(s); err != nil {
			return err
		}
		if warm > 0 {
			measure(s, conc, warm)
		}
		r := measure(s, conc, dur)
		results[[2]string{s.query, s.target}] = r
		fmt.Fprintf(os.Stderr, "load: %-8s %-18s %8.1f req/s p50 %-10v p99 %-10v errors %d\n", s.query, s.target, r.rps,
			r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), r.errors)
		if r.firstErr != nil {
			fmt.Fprintf(os.Stderr, "load:   first error: %v\n", r.firstErr)
		}
	}
	report(os.Stdout, queries, targets, results, conc, dur)
	return nil
}

// check fetches a cell once and verifies the answer: an export must deliver
// the rows it asks for ($top or remaining=), the other queries any 200.
func check(s step) error {
	if s.query != "export" {
		_, err := get(s.url)
		return err
	}
	rows := 0
	_, err := export(s.url, func(page []byte) {
		n, err := countRows(page)
		if err == nil {
			rows += n
		}
	})
	if err != nil {
		return fmt.Errorf("%s %s: %w", s.query, s.target, err)
	}
	if rows != 100_000 {
		return fmt.Errorf("%s %s: the export read %d rows, want 100000", s.query, s.target, rows)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
