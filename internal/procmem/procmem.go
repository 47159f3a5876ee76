// Package procmem reads a process's memory figures from Linux's /proc, for
// the load harnesses that report and bound a gateway's memory.
package procmem

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// RSS returns the resident set size (VmRSS) and its high-water mark (VmHWM)
// of process pid, in bytes.
func RSS(pid int) (cur, hwm int64, err error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		kb, _ := strconv.ParseInt(f[0], 10, 64)
		if k == "VmRSS" {
			cur = kb << 10
		} else {
			hwm = kb << 10
		}
	}
	return cur, hwm, sc.Err()
}
