// Package heapgoal keeps the garbage collector's heap goal at the largest
// it has been, so that a build's later phases reuse the memory its loading
// needed instead of collecting more and more often in it.
//
// The collector starts a cycle when the heap reaches twice what was live
// after the last one. A build first holds every source while it loads and
// indexes the site (400 MB live for 100,000 pages), then keeps only the
// index while it renders and writes the pages (130–170 MB). With the goal
// following the live heap down, the writing phase ran a cycle for every
// 130–170 MB allocated, each marking the whole index: 17 s of the
// collector's CPU time at 100,000 pages, against 0.6 s at 10,000, because
// a large heap does not fit in the caches and each pointer costs a miss.
// Held at the peak it already reached, the goal stays where the process's
// memory already is: 84 cycles instead of 274 and 6 s of marking, for 5 %
// more peak resident memory (980 and 1,001 MiB against 931 and 956).
package heapgoal

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Hold keeps the heap goal from falling below the largest goal the
// collector's own percent has given since Hold was called, until release
// is called, which restores that percent. A heap that grows past half
// that goal is collected as before, at twice what is live. With the collector off
// (GOGC=off), Hold does nothing. The setting is the whole process's: two
// builds in one process share one hold, which ends with the last release.
func Hold() (release func()) {
	mu.Lock()
	defer mu.Unlock()
	if holds == 0 {
		base := debug.SetGCPercent(100)
		debug.SetGCPercent(base)
		active = nil
		if base >= 0 {
			active = &holder{base: base, samples: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
			active.arm()
		}
	}
	holds++
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			if holds--; holds == 0 && active != nil {
				active.release()
			}
		})
	}
}

var (
	mu     sync.Mutex
	holds  int     // Hold calls not yet released
	active *holder // the hold they share; nil with the collector off
)

// heapMinimum is the collector's smallest heap goal at 100 % (its
// defaultHeapMinimum).
const heapMinimum = 4 << 20

type holder struct {
	mu       sync.Mutex
	released bool
	base     int    // the collector's percent before Hold
	peak     uint64 // the largest goal the base percent gave
	samples  []metrics.Sample
}

// sentinel is a small object whose cleanup runs after the first cycle
// that finds it unreachable, and so marks the end of each cycle. It is
// larger than 16 bytes: tiny objects share blocks and may never be freed.
type sentinel struct{ _ [64]byte }

func (h *holder) arm() {
	runtime.AddCleanup(new(sentinel), (*holder).cycle, h)
}

// cycle runs after each collection: it notes the goal the collector's
// own percent would set for what is live now, and sets the percent that
// makes the next goal the largest of those. The peak is never taken from
// a goal Hold set: the collector adds stacks and globals to the goal, and
// feeding that back would raise the peak a little on every cycle.
func (h *holder) cycle() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.released {
		return
	}
	metrics.Read(h.samples)
	live := h.samples[0].Value.Uint64()
	if live > 0 {
		h.peak = max(h.peak, live+live*uint64(h.base)/100)
		percent := (100*(h.peak-live) + live - 1) / live
		// The collector's least goal, 4 MB at 100 %, grows with the
		// percent too: past this one it alone would pass the peak.
		percent = min(percent, 100*h.peak/heapMinimum)
		debug.SetGCPercent(max(int(percent), h.base))
	}
	h.arm()
}

func (h *holder) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.released {
		h.released = true
		debug.SetGCPercent(h.base)
	}
}
