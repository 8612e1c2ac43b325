package marker

import (
	"slices"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Completion is one proposal as a runner reports it.
type Completion struct {
	Label    string
	SortText string     // the editor ranks by it, then by label
	Edit     *text.Span // the range the proposal replaces; nil when it only inserts
}

// Hover is a hover as a runner reports it.
type Hover struct {
	Markdown string
	Span     text.Span
}

// CheckCompletion compares the proposals at a complete or nocomplete marker
// with its labels; every proposal's edit must cover the cursor.
func CheckCompletion(t testing.TB, fx *Fixture, m Marker, items []Completion) {
	t.Helper()
	labels := Ranked(items)
	switch m.Name {
	case "complete":
		last := -1
		for _, want := range m.Args {
			i := slices.Index(labels, want)
			if i < 0 {
				t.Errorf("%s: %q not proposed; got %s", fx.where(m), want, Short(labels))
				continue
			}
			if i < last {
				t.Errorf("%s: %q ranked before %q; order %s", fx.where(m), want, labels[last], Short(labels))
			}
			last = i
		}
	case "nocomplete":
		for _, bad := range m.Args {
			if slices.Contains(labels, bad) {
				t.Errorf("%s: %q proposed but must not be", fx.where(m), bad)
			}
		}
	default:
		t.Fatalf("%s: %q is no completion marker", fx.where(m), m.Name)
	}
	for _, it := range items {
		if e := it.Edit; e != nil && (e.Start < 0 || e.End > len(fx.Src) || !e.Contains(m.Offset)) {
			t.Errorf("%s: %q edit %v does not cover cursor %d", fx.where(m), it.Label, *e, m.Offset)
		}
	}
}

// Ranked returns the labels in the order an editor shows them: by SortText,
// then by label.
func Ranked(items []Completion) []string {
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b Completion) int {
		if c := strings.Compare(a.SortText, b.SortText); c != 0 {
			return c
		}
		return strings.Compare(a.Label, b.Label)
	})
	out := make([]string, len(sorted))
	for i, it := range sorted {
		out[i] = it.Label
	}
	return out
}

// Short shows a list of labels, the first 25 of a long one.
func Short(labels []string) string {
	if len(labels) > 25 {
		return "[" + strings.Join(labels[:25], " ") + " …]"
	}
	return "[" + strings.Join(labels, " ") + "]"
}

// CheckHover compares h, the hover at a hover or nohover marker, with it:
// a hover covering the cursor whose text contains each argument, or none.
func CheckHover(t testing.TB, fx *Fixture, m Marker, h *Hover) {
	t.Helper()
	switch m.Name {
	case "hover":
		if h == nil {
			t.Errorf("%s: no hover", fx.where(m))
			return
		}
		if !h.Span.Contains(m.Offset) {
			t.Errorf("%s: hover span %v does not cover the cursor %d", fx.where(m), h.Span, m.Offset)
		}
		for _, want := range m.Args {
			if !strings.Contains(h.Markdown, want) {
				t.Errorf("%s: hover lacks %q:\n%s", fx.where(m), want, h.Markdown)
			}
		}
	case "nohover":
		if h != nil {
			t.Errorf("%s: unexpected hover:\n%s", fx.where(m), h.Markdown)
		}
	default:
		t.Fatalf("%s: %q is no hover marker", fx.where(m), m.Name)
	}
}
