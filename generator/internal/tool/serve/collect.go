package serve

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
)

// The preview keeps a large site's build in memory between edits: 10,000
// pages hold about 300 MB live. Each update allocates some tens of
// megabytes, so every few updates the heap reaches the collector's goal
// and a collection runs during an update, marking the whole kept build on
// the same two cores: measured on a 10,000-page site, 50 title edits had
// a median of 110 ms from save to reload and a 95th percentile of 325 ms.
// collector moves that collection to the quiet moment after a reload,
// when the next update would otherwise be the one to meet it.
type collector struct {
	running atomic.Bool
	samples []metrics.Sample
	// collect runs a collection; runtime.GC but in tests.
	collect func()
}

const (
	metricAllocs = "/gc/heap/allocs:bytes"
	metricHeap   = "/memory/classes/heap/objects:bytes"
	metricGoal   = "/gc/heap/goal:bytes"
)

func newCollector() *collector {
	return &collector{
		samples: []metrics.Sample{{Name: metricAllocs}, {Name: metricHeap}, {Name: metricGoal}},
		collect: runtime.GC,
	}
}

// allocated is how many bytes the program has allocated since it
// started; the difference of two readings is what a build allocated.
func (c *collector) allocated() uint64 {
	metrics.Read(c.samples[:1])
	return sample(c.samples[0])
}

// after is called once an update's browsers have been told. used is what
// the update allocated. If two more updates like it would take the heap
// to its goal, a collection starts now, in the background.
func (c *collector) after(used uint64) {
	metrics.Read(c.samples)
	if !collectNow(sample(c.samples[1]), sample(c.samples[2]), used) || !c.running.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer c.running.Store(false)
		c.collect()
	}()
}

// collectNow decides for after: heap is the heap in use, goal the size
// at which the next collection starts, used what one update allocates.
func collectNow(heap, goal, used uint64) bool {
	return used > 0 && goal > 0 && heap+2*used >= goal
}

// sample reads a uint64 metric, 0 if the runtime does not have it.
func sample(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}
