package source

import (
	"sort"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Map converts offsets between a unit's text and its host file. A nil *Map
// is the identity: the unit is the whole file.
//
// A unit held in a JSON string is the string's decoded content: outside
// escapes a unit byte is one host byte, and an escape (\n, \", \u00e9, an
// invalid byte read as U+FFFD) turns one run of host bytes into another run
// of unit bytes. A position inside such a run has no exact host position:
// a span's start maps to the run's start and its end to the run's end, so
// that a mapped span always covers whole escapes.
type Map struct {
	start, end int              // the string's content in the host: [start, end)
	escapes    []jsonast.Escape // Decoded spans in the unit, Source spans in the host
}

// NewMap is the map of a unit decoded from the host bytes [start, end)
// with the given escapes (jsonast.File.Unescape).
func NewMap(start, end int, escapes []jsonast.Escape) *Map {
	return &Map{start: start, end: end, escapes: escapes}
}

// Start maps a unit offset to the host, rounding down inside an escape.
func (m *Map) Start(off int) int { return m.toHost(off, false) }

// End maps a unit offset to the host, rounding up inside an escape.
func (m *Map) End(off int) int { return m.toHost(off, true) }

// Span maps a unit span to the host span that covers it.
func (m *Map) Span(s text.Span) text.Span {
	if m == nil {
		return s
	}
	return text.Span{Start: m.Start(s.Start), End: m.End(s.End)}
}

func (m *Map) toHost(off int, up bool) int {
	if m == nil {
		return off
	}
	i := sort.Search(len(m.escapes), func(i int) bool { return m.escapes[i].Decoded.Start > off }) - 1
	if i < 0 {
		return min(m.start+off, m.end)
	}
	e := m.escapes[i]
	switch {
	case off >= e.Decoded.End:
		return min(e.Source.End+off-e.Decoded.End, m.end)
	case up && off > e.Decoded.Start:
		return e.Source.End
	}
	return e.Source.Start
}

// Unit maps a host offset into the unit; ok is false when the offset is
// outside the unit's text. An offset inside an escape maps to the start of
// what the escape decodes to.
func (m *Map) Unit(host int) (off int, ok bool) {
	if m == nil {
		return host, true
	}
	if host < m.start || host > m.end {
		return 0, false
	}
	i := sort.Search(len(m.escapes), func(i int) bool { return m.escapes[i].Source.Start > host }) - 1
	if i < 0 {
		return host - m.start, true
	}
	e := m.escapes[i]
	if host >= e.Source.End {
		return e.Decoded.End + host - e.Source.End, true
	}
	return e.Decoded.Start, true
}

// Escaped reports whether text put into the unit must be escaped for the
// host (it must for a unit inside a JSON string).
func (m *Map) Escaped() bool { return m != nil }
