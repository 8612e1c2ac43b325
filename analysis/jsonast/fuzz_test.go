package jsonast

import (
	"encoding/json"
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, c := range brokenCases {
		f.Add([]byte(c.in))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := Parse(src)
		checkInvariants(t, file)
		for _, off := range []int{-1, 0, len(src) / 3, len(src) / 2, len(src) - 1, len(src), len(src) + 1} {
			if n := file.NodeAt(off); n != nil && !n.Covers(off) {
				t.Fatalf("NodeAt(%d) returned a node not covering it", off)
			}
			c := file.Locate(off)
			if c.Member != nil && c.Member.Object != c.Container {
				t.Fatalf("Locate(%d): member not in the container", off)
			}
		}
		if !json.Valid(src) || tooDeep(file) {
			return
		}
		assertSameAsStd(t, src)
	})
}

// tooDeep reports a document past MaxDepth, which encoding/json accepts
// (its own limit is higher) but Parse reports.
func tooDeep(f *File) bool {
	for _, e := range f.Errors {
		if strings.HasPrefix(e.Message, "nesting deeper") {
			return true
		}
	}
	return false
}
