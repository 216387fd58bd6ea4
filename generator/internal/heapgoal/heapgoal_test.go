package heapgoal

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func heapGoal() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// collectUntil runs collections until ok holds for the heap goal (the
// cleanup that sets it runs after its cycle, on its own goroutine), or
// fails after five seconds.
func collectUntil(t *testing.T, what string, ok func(goal uint64) bool) uint64 {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
		if g := heapGoal(); ok(g) {
			return g
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: heap goal %d MB after 5 s of collections", what, heapGoal()>>20)
		}
	}
}

var keep [][]byte

// TestHoldKeepsPeakGoal makes 64 MB live and then drops it: with Hold the
// goal stays near twice 64 MB; released, it falls back to the collector's
// own, near twice what is left.
func TestHoldKeepsPeakGoal(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	const mb = 1 << 20
	release := Hold()
	for range 64 {
		keep = append(keep, make([]byte, mb))
	}
	peak := collectUntil(t, "64 MB live", func(g uint64) bool { return g >= 120*mb })
	// Hold sees a cycle when that cycle's cleanup runs, which may be
	// after the next cycle: a few more with the 64 MB still live.
	for range 3 {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	keep = nil
	runtime.GC()
	runtime.GC()
	held := collectUntil(t, "held after the drop", func(g uint64) bool { return g >= 120*mb })
	if held > peak+16*mb {
		t.Errorf("held goal %d MB is above the peak %d MB: Hold raised it", held>>20, peak>>20)
	}
	release()
	collectUntil(t, "released", func(g uint64) bool { return g < 32*mb })
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("after release the percent is %d, want the collector's 100", p)
	}
}

// TestHoldOffDoesNothing: with the collector off, Hold leaves it off.
func TestHoldOffDoesNothing(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	release := Hold()
	runtime.GC()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("percent %d, want -1 (off)", p)
	}
	release()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("after release: percent %d, want -1 (off)", p)
	}
}
