package services

import (
	"runtime"
	"testing"
)

// freshDirectory reads the directory anew, nothing parsed.
func freshDirectory() *directory { return readDirectory(data) }

func BenchmarkReadDirectory(b *testing.B) {
	for b.Loop() {
		freshDirectory()
	}
}

// The first lookup in a service parses it: ec2 is the largest.
func BenchmarkFirstLookupEC2(b *testing.B) {
	for b.Loop() {
		d := freshDirectory()
		d.byPrefix["ec2"].Action("DescribeSnapshots")
	}
}

func BenchmarkParseEverything(b *testing.B) {
	for b.Loop() {
		for _, s := range freshDirectory().services {
			s.load()
		}
	}
}

func BenchmarkLookupAction(b *testing.B) {
	LookupAction("s3:GetObject")
	for b.Loop() {
		LookupAction("s3:GetObject")
	}
}

func BenchmarkMatchActionsMemo(b *testing.B) {
	MatchActions("s3:Get*")
	for b.Loop() {
		MatchActions("s3:Get*")
	}
}

// Everything parsed costs a bounded heap (the issue allows 15 MB of RSS).
func TestHeapWithEverythingLoaded(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	d := freshDirectory()
	for _, s := range d.services {
		s.load()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("heap with every service parsed: %.1f MB", float64(grew)/(1<<20))
	if grew > 10<<20 {
		t.Errorf("every service parsed takes %.1f MB of heap, want at most 10", float64(grew)/(1<<20))
	}
	runtime.KeepAlive(d)
}
