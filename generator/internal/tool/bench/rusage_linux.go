package bench

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// peakRSS is the child's peak resident set size in bytes; Linux reports
// ru_maxrss in KiB.
func peakRSS(ps *os.ProcessState) int64 {
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		return ru.Maxrss * 1024
	}
	return 0
}

// currentRSS is a running process's resident set size in bytes, from
// /proc/PID/statm (in pages); 0 when it cannot be read.
func currentRSS(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(f[1], 10, 64)
	return n * int64(os.Getpagesize())
}

// settle writes the file system's dirty data to disk, so that what the
// previous build wrote, and the removal of its output, are not written
// back while the next build is timed. A build of 100,000 pages (2.3 GB
// of files) measured right after another took 131 s, its file-system
// calls costing 2.5 times the CPU time each of a build of 10,000; alone,
// after a sync, it took 106 s.
func settle() { syscall.Sync() }
