package source

import (
	"encoding/json"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
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

// FuzzClassify: any bytes classify without a panic, every unit lies in the
// file, and a unit's map is monotonic and stays inside the unit's span.
func FuzzClassify(f *testing.F) {
	f.Add([]byte(getKeyPolicy))
	f.Add([]byte(`{"a": [{"KeyPolicy": "{\"Statement\": [\"\u00e9\ud83d\"]}"}]}`))
	f.Add([]byte(`{"Policy": "{\"Version\": \"2012-10-17\"`))
	f.Add([]byte(`{"Version": "2012-10-17", "Statement": [`))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, explicit := range []bool{false, true} {
			c := Classify(File{Src: src, Explicit: explicit})
			for _, u := range c.Units {
				if u.Span.Start < 0 || u.Span.End > len(src) || u.Span.Start > u.Span.End {
					t.Fatalf("unit span %v outside the file of %d bytes", u.Span, len(src))
				}
				last := u.Span.Start
				for off := 0; off <= len(u.Src); off++ {
					s, e := u.Map.Start(off), u.Map.End(off)
					if s < last || e < s || e > u.Span.End {
						t.Fatalf("unit offset %d maps to [%d,%d), after %d, in %v", off, s, e, last, u.Span)
					}
					last = s
				}
			}
		}
	})
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
