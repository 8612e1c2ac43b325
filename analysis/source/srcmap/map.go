// Package srcmap maps offsets between a policy unit's text and the file
// that holds it. It sits below analysis/source and the host packages
// (JSON strings, YAML, HCL), which all build their units' maps with it.
//
// A Map is a list of segments, in unit order. Each segment pairs a run of
// unit bytes with a run of host bytes:
//   - a linear segment has the same bytes on both sides, one for one (the
//     text between two escapes of a JSON string; the content of a YAML
//     plain scalar copied into a JSON string);
//   - an opaque segment does not (an escape such as \n; a JSON quote or
//     bracket that the unit has and the host writes otherwise or not at
//     all; a value the host computes). A position inside it has no exact
//     host position: a span's start maps to the segment's host start and
//     its end to the host end, so that a mapped span covers whole escapes
//     and whole tokens.
//
// Unit runs are contiguous and cover the unit. Host runs start in
// non-decreasing order and may leave gaps (host text that the unit does not
// hold: YAML indicators, comments, HCL's '=') or be empty (a JSON quote
// around a YAML plain scalar).
package srcmap

import (
	"sort"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Segment pairs a run of unit bytes with a run of host bytes.
type Segment struct {
	Unit, Host text.Span
	// Opaque is set when the runs do not correspond byte for byte.
	Opaque bool
}

// Map converts offsets between a unit's text and its host file. A nil *Map
// is the identity: the unit is the whole file.
type Map struct {
	start, end int // the host bytes the unit was made from: [start, end)
	segs       []Segment
	escaped    bool // the unit is the content of a JSON string
}

// NewMap is the map of a unit decoded from the content of a JSON string,
// the host bytes [start, end), with the given escapes
// (jsonast.File.Unescape).
func NewMap(start, end int, escapes []jsonast.Escape) *Map {
	m := &Map{start: start, end: end, escaped: true, segs: make([]Segment, 0, 2*len(escapes)+1)}
	unit, host := 0, start
	for _, e := range escapes {
		if e.Source.Start > host {
			m.segs = append(m.segs, linear(unit, host, e.Source.Start-host))
		}
		m.segs = append(m.segs, Segment{Unit: e.Decoded, Host: e.Source, Opaque: true})
		unit, host = e.Decoded.End, e.Source.End
	}
	if end > host {
		m.segs = append(m.segs, linear(unit, host, end-host))
	}
	return m
}

// Shifted is the map of a unit that is the host bytes [start, end) as they
// are: one linear segment.
func Shifted(start, end int) *Map {
	return &Map{start: start, end: end, segs: []Segment{linear(0, start, end-start)}}
}

func linear(unit, host, n int) Segment {
	return Segment{Unit: text.Span{Start: unit, End: unit + n}, Host: text.Span{Start: host, End: host + n}}
}

// Segments returns the map's segments (nil for the identity), for tests
// and for hosts that compose maps.
func (m *Map) Segments() []Segment {
	if m == nil {
		return nil
	}
	return m.segs
}

// HostSpan is the host bytes the unit was made from.
func (m *Map) HostSpan() text.Span { return text.Span{Start: m.start, End: m.end} }

// Escaped reports whether text put into the unit must be escaped as JSON
// string content for the host (it must for a unit inside a JSON string).
func (m *Map) Escaped() bool { return m != nil && m.escaped }

// Start maps a unit offset to the host, rounding down inside an opaque
// segment.
func (m *Map) Start(off int) int {
	if m == nil {
		return off
	}
	// The first segment that ends after off, or the last one.
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].Unit.End > off })
	if i == len(m.segs) {
		if i == 0 {
			return m.start
		}
		return m.segs[i-1].Host.End
	}
	s := m.segs[i]
	if off <= s.Unit.Start || s.Opaque {
		return s.Host.Start
	}
	return s.Host.Start + off - s.Unit.Start
}

// End maps a unit offset to the host, rounding up inside an opaque
// segment.
func (m *Map) End(off int) int {
	if m == nil {
		return off
	}
	// The last segment that starts before off, or the first one.
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].Unit.Start >= off }) - 1
	if i < 0 {
		if len(m.segs) == 0 {
			return m.start
		}
		return m.segs[0].Host.Start
	}
	s := m.segs[i]
	if off >= s.Unit.End || s.Opaque {
		return s.Host.End
	}
	return s.Host.Start + off - s.Unit.Start
}

// Span maps a unit span to the host span that covers it.
func (m *Map) Span(s text.Span) text.Span {
	if m == nil {
		return s
	}
	start, end := m.Start(s.Start), m.End(s.End)
	if end < start {
		// An empty unit span at a segment boundary whose host runs
		// overlap: the start is the better place.
		end = start
	}
	return text.Span{Start: start, End: end}
}

// Unit maps a host offset into the unit; ok is false when the offset is
// outside the host bytes the unit was made from. An offset inside an
// opaque segment maps to the segment's unit start (to its end when the
// offset is the segment's host end), and one in a gap between segments to
// the end of the segment before it.
func (m *Map) Unit(host int) (off int, ok bool) {
	if m == nil {
		return host, true
	}
	if host < m.start || host > m.end {
		return 0, false
	}
	// The last segment that starts at or before host.
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].Host.Start > host }) - 1
	if i < 0 {
		return 0, true
	}
	s := m.segs[i]
	switch {
	case host > s.Host.End:
		return s.Unit.End, true
	case !s.Opaque:
		return s.Unit.Start + host - s.Host.Start, true
	case host == s.Host.End && s.Host.End > s.Host.Start:
		return s.Unit.End, true
	}
	return s.Unit.Start, true
}

// UnitBefore maps a host offset into the unit as a cursor there: where
// the host text before it ends. It differs from Unit where one token ends
// and the next starts: at the end of a YAML key, before its colon, it is
// the end of the key's text (where completion completes the key) and not
// the colon (which a hover there is on).
func (m *Map) UnitBefore(host int) (off int, ok bool) {
	if m == nil {
		return host, true
	}
	if host < m.start || host > m.end {
		return 0, false
	}
	// The last segment that starts before host.
	i := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].Host.Start >= host }) - 1
	if i >= 0 && host <= m.segs[i].Host.End {
		s := m.segs[i]
		if !s.Opaque {
			return s.Unit.Start + host - s.Host.Start, true
		}
		if host == s.Host.End {
			return s.Unit.End, true
		}
	}
	return m.Unit(host)
}

// Moved is m with every host offset at or after at moved by delta: the
// map of the same unit after an edit of the host before it (at <= the
// unit's host start) or after it. Host offsets before at stay.
func (m *Map) Moved(at, delta int) *Map {
	if m == nil || delta == 0 {
		return m
	}
	move := func(h int) int {
		if h >= at {
			return h + delta
		}
		return h
	}
	out := &Map{start: move(m.start), end: move(m.end), escaped: m.escaped, segs: make([]Segment, len(m.segs))}
	for i, s := range m.segs {
		s.Host = text.Span{Start: move(s.Host.Start), End: move(s.Host.End)}
		out.segs[i] = s
	}
	return out
}

// Builder makes the map of a unit written piece by piece, as a host turns
// its syntax tree into a unit's JSON text: each piece of unit text is added
// with the host bytes it came from.
type Builder struct {
	m   Map
	len int // unit bytes so far
}

// NewBuilder starts the map of a unit made from the host bytes [start, end).
func NewBuilder(start, end int) *Builder {
	return &Builder{m: Map{start: start, end: end}}
}

// Len is the length of the unit text mapped so far.
func (b *Builder) Len() int { return b.len }

// Linear adds n unit bytes that are the host bytes from host on, one for
// one.
func (b *Builder) Linear(n, host int) {
	if n == 0 {
		return
	}
	if k := len(b.m.segs); k > 0 {
		last := &b.m.segs[k-1]
		if !last.Opaque && last.Host.End == host {
			last.Unit.End += n
			last.Host.End += n
			b.len += n
			return
		}
	}
	b.m.segs = append(b.m.segs, linear(b.len, host, n))
	b.len += n
}

// Opaque adds n unit bytes that stand for the host bytes in host as a
// whole (possibly none: a quote the host does not write).
func (b *Builder) Opaque(n int, host text.Span) {
	if n == 0 {
		return
	}
	b.m.segs = append(b.m.segs, Segment{Unit: text.Span{Start: b.len, End: b.len + n}, Host: host, Opaque: true})
	b.len += n
}

// Map returns the map built.
func (b *Builder) Map() *Map {
	m := b.m
	return &m
}
