package completion

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// TestFixtures runs testdata/completion/*.json: at each /*@complete:A,B*/
// the labels must be proposed, A ranked before B; at /*@complete!:C*/ C
// must not be proposed. /*@kind:key*/ chooses the policy kind.
func TestFixtures(t *testing.T) {
	marker.Run(t, filepath.Join("..", "..", "testdata", "completion", "*.json"), func(t *testing.T, fx *marker.Fixture) {
		f := jsonast.Parse(fx.Src)
		pol := policy.Build(f, fx.Kind(t))
		checked := 0
		for _, m := range fx.Markers {
			switch m.Name {
			case "complete":
				checkRanked(t, fx, m, Complete(f, pol, m.Offset))
			case "complete!":
				checkAbsent(t, fx, m, Complete(f, pol, m.Offset))
			default:
				continue
			}
			checked++
		}
		if checked == 0 {
			t.Fatal("fixture has no completion marker")
		}
	})
}

// ranked returns the labels in the order an editor shows them: by SortText,
// then by label.
func ranked(items []Item) []string {
	sorted := append([]Item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].SortText != sorted[j].SortText {
			return sorted[i].SortText < sorted[j].SortText
		}
		return sorted[i].Label < sorted[j].Label
	})
	out := make([]string, len(sorted))
	for i, it := range sorted {
		out[i] = it.Label
	}
	return out
}

func checkRanked(t *testing.T, fx *marker.Fixture, m marker.Marker, items []Item) {
	t.Helper()
	labels := ranked(items)
	pos := func(l string) int {
		for i, x := range labels {
			if x == l {
				return i
			}
		}
		return -1
	}
	last := -1
	for _, want := range m.Args {
		i := pos(want)
		if i < 0 {
			t.Errorf("%s:%d: %q not proposed; got %s", fx.Path, m.Line, want, short(labels))
			continue
		}
		if i < last {
			t.Errorf("%s:%d: %q ranked before %q; order %s", fx.Path, m.Line, want, labels[last], short(labels))
		}
		last = i
	}
	checkEdits(t, fx, m, items)
}

func checkAbsent(t *testing.T, fx *marker.Fixture, m marker.Marker, items []Item) {
	t.Helper()
	for _, it := range items {
		for _, bad := range m.Args {
			if it.Label == bad {
				t.Errorf("%s:%d: %q proposed but must not be", fx.Path, m.Line, bad)
			}
		}
	}
}

// checkEdits asserts what holds for every proposal: the edit covers the
// cursor and stays in the document.
func checkEdits(t *testing.T, fx *marker.Fixture, m marker.Marker, items []Item) {
	t.Helper()
	for _, it := range items {
		e := it.Edit
		if e.Start < 0 || e.End > len(fx.Src) || e.Start > m.Offset || e.End < m.Offset {
			t.Errorf("%s:%d: %q edit %v does not cover cursor %d", fx.Path, m.Line, it.Label, e.Span, m.Offset)
		}
	}
}

func short(labels []string) string {
	if len(labels) > 25 {
		return "[" + strings.Join(labels[:25], " ") + " …]"
	}
	return "[" + strings.Join(labels, " ") + "]"
}
