package gctune

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// Headroom caps how far the heap may grow past what is live before the
// collector runs, once the live heap is large. GOGC=400 lets a heap grow
// to five times what is live: right for a few open policies (a 16 MB heap
// for 2 MB live), but 250 MB of memory for a server holding 50 MB of open
// documents. So after each collection the soft memory limit is set to what
// the runtime holds besides the heap, plus the live heap, plus the largest
// of Headroom, what the heap lacks of minGoal, and the room asked for
// (Room). A program with little live memory collects every few megabytes
// of allocation, as GOGC=400 would have it collect; one with much
// live memory that asks for no room, such as the texts of many idle
// documents, collects every Headroom bytes of allocation instead of every
// four times its size.
const Headroom = 4 << 20

// room is the headroom the program asks for beyond Headroom (see Room).
var room atomic.Int64

// active is the growth tracker Apply started; nil when the user's
// settings rule.
var active atomic.Pointer[growth]

// Room asks for n bytes of headroom when that is more than Headroom: what
// the working set would have under GOGC=400, such as the language server's
// analyses of the documents in use, four times over. Then a server editing
// a 4 MB policy, whose every keystroke allocates tens of megabytes, does
// not collect several times per keystroke, while the texts of idle
// documents get no such room. It takes effect at once.
func Room(n int64) {
	if room.Swap(n) == n {
		return
	}
	if g := active.Load(); g != nil {
		g.update()
	}
}

// minGoal is the heap GOGC=400 aims at for a small live heap: Go's 4 MB
// minimum heap times 400%.
const minGoal = 12 << 20

// limitGrowth keeps the memory limit at live+max(Headroom, minGoal-live)
// plus the runtime's other memory, never above ceiling, from the next
// collection on.
func limitGrowth(ceiling int64) {
	g := &growth{ceiling: ceiling, samples: make([]metrics.Sample, len(growthMetrics))}
	for i, name := range growthMetrics {
		g.samples[i].Name = name
	}
	active.Store(g)
	g.update()
	g.arm()
}

var growthMetrics = []string{
	"/gc/heap/live:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/free:bytes",
}

type growth struct {
	mu      sync.Mutex
	ceiling int64
	samples []metrics.Sample
}

// arm runs update after the next collection: a finalizer runs once the
// collector has found its object unreachable, and arms the next one.
func (g *growth) arm() {
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) {
		g.update()
		g.arm()
	})
}

func (g *growth) update() {
	g.mu.Lock()
	defer g.mu.Unlock()
	metrics.Read(g.samples)
	v := func(i int) int64 { return int64(g.samples[i].Value.Uint64()) }
	live := v(0)
	other := v(1) - v(2) - v(3) - v(4) - v(5) // stacks, runtime structures, GC metadata
	debug.SetMemoryLimit(limitFor(live, other, room.Load(), g.ceiling))
}

// limitFor is the memory limit for a live heap, the runtime's other memory
// and the room asked for.
func limitFor(live, other, asked, ceiling int64) int64 {
	return min(other+live+max(Headroom, minGoal-live, asked), ceiling)
}
