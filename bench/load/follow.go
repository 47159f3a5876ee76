package main

import (
	"fmt"
	"sync/atomic"
	"time"

	"odatagw/internal/procmem"
)

// followAll reads the collection at u to its end by nextLink while sampling
// the resident memory of process pid every 20 ms, and prints rows, pages,
// time and the peak RSS (sampled, and the kernel's high-water mark VmHWM).
func followAll(u string, pid int) error {
	var peak atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	before, _, _ := procmem.RSS(pid)
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if cur, _, err := procmem.RSS(pid); err == nil && cur > peak.Load() {
				peak.Store(cur)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	rows := 0
	var countErr error
	pages, err := export(u, func(page []byte) {
		n, err := countRows(page)
		if err != nil && countErr == nil {
			countErr = err
		}
		rows += n
	})
	close(stop)
	<-done
	if err == nil {
		err = countErr
	}
	if err != nil {
		return err
	}
	_, hwm, _ := procmem.RSS(pid)
	el := time.Since(start)
	fmt.Printf("followed %d rows in %d pages in %s (%.0f rows/s); gateway RSS before %.1f MB, peak sampled %.1f MB, VmHWM %.1f MB\n",
		rows, pages, el.Round(time.Millisecond), float64(rows)/el.Seconds(), mb(before), mb(peak.Load()), mb(hwm))
	if peak.Load() < 100<<20 {
		fmt.Println("goal RSS < 100 MB: met")
	} else {
		fmt.Println("goal RSS < 100 MB: MISSED")
	}
	return nil
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }
