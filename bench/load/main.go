// Command load is the benchmark's load generator. In plan mode it runs every
// (query, target) of a plan file with fixed concurrency for a fixed time and
// prints req/s, p50 and p99 per query and target, the ratios between targets
// and the goals the harness tracks. An "export" query follows
// @odata.nextLink until the last page: one request is one whole export. In
// follow mode it reads one collection to its end by nextLink while sampling
// a process's resident memory from /proc.
//
//	load -plan plan.tsv -c 8 -d 10s
//	load -follow 'http://127.0.0.1:18081/odata/demo/Orders' -pid 1234
//
// It only talks to the URLs it is given (loopback in bench/run.sh).
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	plan := flag.String("plan", "", "plan file: lines of query<TAB>target<TAB>URL")
	conc := flag.Int("c", 8, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "measuring time per query and target")
	warm := flag.Duration("warm", 2*time.Second, "warm-up time per query and target (not measured)")
	follow := flag.String("follow", "", "follow mode: read this collection to the end by nextLink")
	pid := flag.Int("pid", 0, "follow mode: the server process whose RSS is sampled")
	flag.Parse()
	var err error
	switch {
	case *follow != "":
		err = followAll(*follow, *pid)
	case *plan != "":
		err = runPlan(*plan, *conc, *dur, *warm)
	default:
		err = fmt.Errorf("give -plan or -follow")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}
