//go:build !linux

package bench

import "os"

// peakRSS is unknown where ru_maxrss is not read; the table says so.
func peakRSS(ps *os.ProcessState) int64 { return 0 }

// currentRSS is unknown here: a MaxRSS is not enforced.
func currentRSS(pid int) int64 { return 0 }

// settle leaves the file system to itself where sync is not called.
func settle() {}
