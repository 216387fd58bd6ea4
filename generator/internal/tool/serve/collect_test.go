package serve

import (
	"testing"
	"time"
)

func TestCollectNow(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		heap, goal, used uint64
		want             bool
	}{
		{heap: 300 * mb, goal: 600 * mb, used: 20 * mb, want: false}, // 15 updates of room
		{heap: 550 * mb, goal: 600 * mb, used: 20 * mb, want: false}, // two more fit
		{heap: 561 * mb, goal: 600 * mb, used: 20 * mb, want: true},  // the second would reach it
		{heap: 700 * mb, goal: 600 * mb, used: 1, want: true},        // already past (a collection is due)
		{heap: 561 * mb, goal: 600 * mb, used: 0, want: false},       // nothing allocated: nothing to gain
		{heap: 561 * mb, goal: 0, used: 20 * mb, want: false},        // no reading
	} {
		if got := collectNow(c.heap, c.goal, c.used); got != c.want {
			t.Errorf("collectNow(heap %d MB, goal %d MB, used %d MB) = %t, want %t", c.heap/mb, c.goal/mb, c.used/mb, got, c.want)
		}
	}
}

// An update that allocates more than the heap's room starts one
// collection in the background, and never a second while one runs.
func TestCollectorStartsOneCollection(t *testing.T) {
	c := newCollector()
	started := make(chan struct{}, 4)
	release := make(chan struct{})
	c.collect = func() {
		started <- struct{}{}
		<-release
	}
	if c.allocated() == 0 {
		t.Fatal("the runtime reports no allocations")
	}
	c.after(1 << 50) // far past any goal
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("no collection started after an update that used more than the heap's room")
	}
	c.after(1 << 50)
	close(release)
	select {
	case <-started:
		t.Fatal("a second collection started while one was running")
	case <-time.After(100 * time.Millisecond):
	}
	c.after(0)
	select {
	case <-started:
		t.Fatal("a collection started after an update that allocated nothing")
	case <-time.After(50 * time.Millisecond):
	}
}
