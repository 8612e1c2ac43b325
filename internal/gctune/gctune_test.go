package gctune

import (
	"math"
	"runtime/debug"
	"testing"
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
	apply(getenv)
	if p, l := current(); p != Percent || l != MemoryLimit {
		t.Errorf("with no environment: GOGC %d, limit %d; want %d, %d", p, l, Percent, MemoryLimit)
	}

	debug.SetGCPercent(150)
	debug.SetMemoryLimit(math.MaxInt64)
	env["GOGC"], env["GOMEMLIMIT"] = "150", "off"
	apply(getenv)
	if p, l := current(); p != 150 || l != math.MaxInt64 {
		t.Errorf("with GOGC and GOMEMLIMIT set: GOGC %d, limit %d; want the user's 150 and no limit", p, l)
	}
}
