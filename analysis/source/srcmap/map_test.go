package srcmap

import (
	"encoding/json"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"testing"
)

// Every span of a unit maps to host bytes that decode to exactly the
// unit's text there, whenever the span's ends are not inside a character
// that an escape made.
func TestMapSpansDecodeToTheUnitText(t *testing.T) {
	host := []byte(`{"Policy": "{\"Sid\": \"\u00e9t\u00e9 😀 \ud83d\ude00\\\/\n\"}"}`)
	// The map of the Policy string, made as for a unit (it is no policy).
	u, m := unitOf(t, host, "Policy")
	bounds := runeStarts(u)
	for _, a := range bounds {
		for _, b := range bounds {
			if b < a {
				continue
			}
			frag := host[m.Start(a):m.End(b)]
			var got string
			if err := json.Unmarshal(append(append([]byte{'"'}, frag...), '"'), &got); err != nil {
				t.Fatalf("[%d,%d) maps to %q, which splits an escape: %v", a, b, frag, err)
			}
			if got != u[a:b] {
				t.Errorf("[%d,%d) maps to %q = %q, want %q", a, b, frag, got, u[a:b])
			}
		}
	}
	// Host offsets map back into the unit, inside escapes to their start.
	for h := m.start; h <= m.end; h++ {
		off, ok := m.Unit(h)
		if !ok || off < 0 || off > len(u) || m.Start(off) > h {
			t.Fatalf("host %d -> unit %d (%v), which maps back to %d", h, off, ok, m.Start(off))
		}
	}
	if _, ok := m.Unit(m.start - 1); ok {
		t.Error("an offset before the string maps into the unit")
	}
	if _, ok := m.Unit(m.end + 1); ok {
		t.Error("an offset after the string maps into the unit")
	}
}

func runeStarts(s string) []int {
	var out []int
	for i := range s {
		out = append(out, i)
	}
	return append(out, len(s))
}

// unitOf decodes the string value of the root member name as a unit would
// be, whether or not it holds a policy.
func unitOf(t *testing.T, host []byte, name string) (string, *Map) {
	t.Helper()
	f := jsonast.Parse(host)
	v := f.Root.Lookup(name).Value
	decoded, escapes := f.Unescape(v)
	return decoded, NewMap(v.Start+1, v.End-1, escapes)
}

// A unit written piece by piece from a host that spells it otherwise: the
// JSON member "Action": "kms:Decrypt" from the YAML line
// `Action: kms:Decrypt  # c`, whose quotes the host does not write.
func TestBuilderMapsTokensToTheHost(t *testing.T) {
	host := "Action: kms:Decrypt  # c\n"
	b := NewBuilder(0, len(host))
	b.Opaque(1, text.Span{Start: 0, End: 0}) // "
	b.Linear(6, 0)                           // Action
	b.Opaque(1, text.Span{Start: 6, End: 6}) // "
	b.Linear(2, 6)                           // ": "
	b.Opaque(1, text.Span{Start: 8, End: 8}) // "
	b.Linear(11, 8)                          // kms:Decrypt
	b.Opaque(1, text.Span{Start: 19, End: 19})
	m := b.Map()
	unit := `"Action": "kms:Decrypt"`
	if b.Len() != len(unit) {
		t.Fatalf("built %d bytes, the unit has %d", b.Len(), len(unit))
	}
	for _, c := range []struct {
		unit, host text.Span
	}{
		{text.Span{Start: 10, End: 23}, text.Span{Start: 8, End: 19}},  // the value string, quotes and all
		{text.Span{Start: 0, End: 8}, text.Span{Start: 0, End: 6}},     // the key
		{text.Span{Start: 15, End: 22}, text.Span{Start: 12, End: 19}}, // "Decrypt"
	} {
		if got := m.Span(c.unit); got != c.host {
			t.Errorf("unit %v %q maps to %v %q, want %q", c.unit, unit[c.unit.Start:c.unit.End], got, host[got.Start:got.End], host[c.host.Start:c.host.End])
		}
	}
	// The colon after the key maps to the unit's colon, the end of the line
	// to the value's closing quote.
	for h, want := range map[int]int{0: 1, 3: 4, 6: 8, 8: 11, 12: 15, 19: 22, 22: 23} {
		if got, ok := m.Unit(h); !ok || got != want {
			t.Errorf("host %d maps to unit %d (%v), want %d", h, got, ok, want)
		}
	}
	if _, ok := m.Unit(len(host) + 1); ok {
		t.Error("an offset after the host span maps into the unit")
	}
	moved := m.Moved(8, 3)
	if got := moved.Span(text.Span{Start: 10, End: 23}); got != (text.Span{Start: 11, End: 22}) {
		t.Errorf("after 3 bytes inserted at 8 the value maps to %v", got)
	}
	if got := moved.Span(text.Span{Start: 0, End: 8}); got != (text.Span{Start: 0, End: 6}) {
		t.Errorf("after an insertion behind it the key maps to %v", got)
	}
}

// A map's unit runs are contiguous and cover the unit, and a linear run is
// as long in the host as in the unit, whether the string starts or ends
// with an escape or with plain text.
func TestNewMapSegmentsCoverTheUnit(t *testing.T) {
	for _, host := range []string{`{"Policy": "Prüfung \u00e9\n"}`, `{"Policy": "\tPrüfung \u00e9 été"}`} {
		u, m := unitOf(t, []byte(host), "Policy")
		at := 0
		for _, s := range m.Segments() {
			if s.Unit.Start != at {
				t.Fatalf("%s: segment %+v starts at unit %d, want %d", host, s, s.Unit.Start, at)
			}
			if !s.Opaque && s.Host.End-s.Host.Start != s.Unit.End-s.Unit.Start {
				t.Errorf("%s: linear segment %+v differs in length", host, s)
			}
			at = s.Unit.End
		}
		if at != len(u) {
			t.Errorf("%s: segments end at unit %d, the unit has %d bytes", host, at, len(u))
		}
	}
	// A host offset inside the first run maps into it.
	_, m := unitOf(t, []byte(`{"Policy": "Prüfung \u00e9\n"}`), "Policy")
	if got, ok := m.Unit(m.start + len("Prü")); !ok || got != len("Prü") {
		t.Errorf("host offset after Prü maps to unit %d (%v), want %d", got, ok, len("Prü"))
	}
}

// The unit of an empty string has no segments; its empty span maps to where
// the string's content would be.
func TestMapOfAnEmptyString(t *testing.T) {
	host := []byte(`{"Policy": ""}`)
	_, m := unitOf(t, host, "Policy")
	at := len(`{"Policy": "`)
	if got := m.Span(text.Span{}); got != (text.Span{Start: at, End: at}) {
		t.Errorf("the empty unit maps to %v, want [%d,%d)", got, at, at)
	}
}

// Linear runs added one after the other merge only where their host bytes
// do: a YAML plain scalar after its key, both copied byte for byte, with
// the ": " between them left out of the unit.
func TestBuilderKeepsLinearRunsApart(t *testing.T) {
	host := "Sid: Prüfung"
	b := NewBuilder(0, len(host))
	b.Linear(3, 0)          // Sid
	b.Linear(len("Prü"), 5) // Prü
	b.Linear(len("fung"), 5+len("Prü"))
	m := b.Map()
	for _, c := range []struct{ unit, host text.Span }{
		{text.Span{Start: 0, End: 3}, text.Span{Start: 0, End: 3}},
		{text.Span{Start: 3, End: 3 + len("Prüfung")}, text.Span{Start: 5, End: len(host)}},
		{text.Span{Start: 3 + len("Prü"), End: 3 + len("Prüfung")}, text.Span{Start: 5 + len("Prü"), End: len(host)}},
	} {
		if got := m.Span(c.unit); got != c.host {
			t.Errorf("unit %v maps to %v %q, want %q", c.unit, got, host[got.Start:got.End], host[c.host.Start:c.host.End])
		}
	}
}
