package gctune

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// current reads the collector's settings without changing them.
func current() (percent int, limit int64) {
	percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1) // a negative limit only reads
}

func TestApplySetsBothUnlessTheUserDid(t *testing.T) {
	p0, l0 := current()
	t.Cleanup(func() { debug.SetGCPercent(p0); debug.SetMemoryLimit(l0) })

	env := map[string]string{}
	getenv := func(k string) string { return env[k] }

	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	if !apply(getenv) {
		t.Error("with no environment the limit does not follow the live heap")
	}
	if p, l := current(); p != Percent || l != MemoryLimit {
		t.Errorf("with no environment: GOGC %d, limit %d; want %d, %d", p, l, Percent, MemoryLimit)
	}

	debug.SetGCPercent(150)
	debug.SetMemoryLimit(math.MaxInt64)
	env["GOGC"], env["GOMEMLIMIT"] = "150", "off"
	if apply(getenv) {
		t.Error("with GOGC and GOMEMLIMIT set the limit would follow the live heap")
	}
	if p, l := current(); p != 150 || l != math.MaxInt64 {
		t.Errorf("with GOGC and GOMEMLIMIT set: GOGC %d, limit %d; want the user's 150 and no limit", p, l)
	}
}

// The limit leaves a small heap the room GOGC=400 gives it, a large one
// Headroom, and never passes the ceiling.
func TestLimitFor(t *testing.T) {
	const other = 5 << 20
	for _, c := range []struct{ live, asked, want int64 }{
		{1 << 20, 0, other + minGoal},
		{minGoal - Headroom, 0, other + minGoal},
		{40 << 20, 0, other + 40<<20 + Headroom},
		{40 << 20, 1 << 20, other + 40<<20 + Headroom},
		{40 << 20, 100 << 20, other + 140<<20},
		{2 << 30, 0, MemoryLimit},
	} {
		if got := limitFor(c.live, other, c.asked, MemoryLimit); got != c.want {
			t.Errorf("live %d MB, %d MB asked: limit %d, want %d", c.live>>20, c.asked>>20, got, c.want)
		}
	}
}

// After a collection the limit follows what is live.
func TestLimitFollowsTheLiveHeap(t *testing.T) {
	_, l0 := current()
	t.Cleanup(func() { debug.SetMemoryLimit(l0) })
	debug.SetMemoryLimit(math.MaxInt64)
	keep := make([][]byte, 64)
	for i := range keep {
		keep[i] = make([]byte, 1<<20) // 64 MB live
	}
	limitGrowth(MemoryLimit)
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC() // the finalizer then sets the limit from the heap this collection found live
		time.Sleep(10 * time.Millisecond)
		_, l := current()
		if l >= 64<<20+Headroom && l <= 64<<20+Headroom+32<<20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("limit %d MB for 64 MB live", l>>20)
		}
	}
	// Room asked for raises the limit at once, and giving it back lowers it.
	_, before := current()
	Room(256 << 20)
	if _, l := current(); l < before+200<<20 {
		t.Errorf("limit %d MB after asking for 256 MB of room, was %d MB", l>>20, before>>20)
	}
	Room(0)
	if _, l := current(); l > before+16<<20 {
		t.Errorf("limit %d MB after giving the room back, was %d MB", l>>20, before>>20)
	}
	runtime.KeepAlive(keep)
}
