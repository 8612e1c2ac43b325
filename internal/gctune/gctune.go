// Package gctune sets the garbage collector for kms-policy-ls processes.
//
// Both the language server and lint allocate a syntax tree and a policy
// model per document version and drop the previous one, while the memory
// they keep is small: a few open policies, or the files being linted. With
// Go's default (GOGC=100 and a 4 MB minimum heap) the collector then runs
// every few keystrokes on a 32 KB key policy and, each time, marks every
// live tree, which BENCHMARKS.md shows to be a third of a keystroke's
// time. Letting the heap grow to five times what is live makes those runs
// a quarter as frequent, for a few megabytes of memory in the usual case.
// A soft limit keeps a server with very many open documents from growing
// without bound: near it the collector runs as often as it must. Under
// these settings the limit also follows the live heap (growth.go), so that
// memory that stays live, such as the texts of many open documents, does
// not earn four times its size in room.
package gctune

import (
	"os"
	"runtime/debug"
)

// Percent is the GOGC the processes run with.
const Percent = 400

// MemoryLimit is the soft memory limit (GOMEMLIMIT) they run with.
const MemoryLimit = 1 << 30

// Apply sets Percent and MemoryLimit, each unless the user has set its
// environment variable, which then wins as it does for any Go program.
// With neither set, the limit then follows the live heap (see Headroom).
func Apply() {
	if apply(os.Getenv) {
		limitGrowth(MemoryLimit)
	}
}

// apply sets what the environment leaves unset, and reports whether the
// limit may follow the live heap: only under the collector's settings
// this package chose.
func apply(getenv func(string) string) bool {
	ours := true
	if getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	} else {
		ours = false
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	} else {
		ours = false
	}
	return ours
}
