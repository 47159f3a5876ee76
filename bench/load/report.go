package main

import (
	"fmt"
	"io"
	"time"
)

// Target names the plan uses for the ratios and goals.
const (
	uncached    = "gateway"
	cached      = "gateway-cached"
	handwritten = "handwritten"
	capTarget   = "cap"
)

// report prints the table, the ratios and the goals.
func report(w io.Writer, queries, targets []string, res map[[2]string]result, conc int, dur time.Duration) {
	fmt.Fprintf(w, "concurrency %d, %s per query and target; export = 100,000 rows by nextLink (pages of 2,000)\n\n", conc, dur)
	fmt.Fprintf(w, "%-8s", "query")
	for _, t := range targets {
		fmt.Fprintf(w, " | %-30s", t+" req/s (p50 / p99)")
	}
	fmt.Fprintln(w)
	for _, q := range queries {
		fmt.Fprintf(w, "%-8s", q)
		for _, t := range targets {
			r, ok := res[[2]string{q, t}]
			cell := "-"
			if ok {
				cell = fmt.Sprintf("%.1f (%s / %s)", r.rps, ms(r.p50), ms(r.p99))
				if r.errors > 0 {
					cell += fmt.Sprintf(" %d errors", r.errors)
				}
			}
			fmt.Fprintf(w, " | %-30s", cell)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	ratio := func(q, a, b string) (float64, bool) {
		ra, oka := res[[2]string{q, a}]
		rb, okb := res[[2]string{q, b}]
		if !oka || !okb || rb.rps == 0 || ra.errors > 0 || rb.errors > 0 {
			return 0, false
		}
		return ra.rps / rb.rps, true
	}
	goals := []struct {
		name, a, b string
		min        float64
	}{
		{"uncached / hand-written (goal >= 0.85)", uncached, handwritten, 0.85},
		{"cached / uncached      (goal >= 3)", cached, uncached, 3},
		{"uncached / SAP CAP     (goal >= 8)", uncached, capTarget, 8},
		{"cached / SAP CAP", cached, capTarget, 0},
	}
	fmt.Fprintf(w, "%-40s", "ratio (throughput)")
	for _, q := range queries {
		fmt.Fprintf(w, " %9s", q)
	}
	fmt.Fprintln(w)
	for _, g := range goals {
		fmt.Fprintf(w, "%-40s", g.name)
		for _, q := range queries {
			r, ok := ratio(q, g.a, g.b)
			switch {
			case !ok:
				fmt.Fprintf(w, " %9s", "-")
			case g.min > 0 && r < g.min:
				fmt.Fprintf(w, " %8.2f!", r)
			default:
				fmt.Fprintf(w, " %9.2f", r)
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "(! marks a ratio below its goal)")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }
