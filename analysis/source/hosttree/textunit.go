package hosttree

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/srcmap"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// TextUnit is a policy a host holds as text: a Terraform heredoc or
// string of JSON. The unit's text is the string's value (JSON), mapped to
// the host through the string's pieces; text put in is JSON as well, and
// only escaped for the host's string syntax.
type TextUnit struct {
	Src      []byte
	Map      *srcmap.Map
	Unknowns []Unknown
	// Escape writes JSON text put in at the host offset at (in the text
	// the unit was read from) as the host string's content; snippet says
	// it is snippet syntax, which must stay as it is.
	Escape func(s string, at int, snippet bool) string

	base int // where the text the unit was read from starts in the file
}

// NewTextUnit is the unit whose text is value, whose runs pieces map to
// the host (in order, covering value), within the host span host.
func NewTextUnit(value string, pieces []Piece, host text.Span, unknowns []Unknown, escape func(string, int, bool) string) *TextUnit {
	b := srcmap.NewBuilder(host.Start, host.End)
	for _, p := range pieces {
		if p.Linear {
			b.Linear(p.N, p.Host.Start)
		} else {
			b.Opaque(p.N, p.Host)
		}
	}
	return &TextUnit{Src: []byte(value), Map: b.Map(), Unknowns: unknowns, Escape: escape}
}

// Edit maps the edit's span and escapes its text for the host string; it
// refuses an edit that would change part of a value the host computes.
func (u *TextUnit) Edit(e text.Edit, snippet bool) (text.Edit, bool) {
	for _, k := range u.Unknowns {
		if k.Span.Start < e.Start && e.Start < k.Span.End || k.Span.Start < e.End && e.End < k.Span.End {
			return text.Edit{}, false
		}
	}
	out := text.Edit{Span: u.Map.Span(e.Span), NewText: e.NewText}
	if u.Escape != nil {
		out.NewText = u.Escape(e.NewText, out.Start-u.base, snippet)
	}
	return out, true
}

// Span maps a unit span to the host.
func (u *TextUnit) Span(s text.Span) text.Span { return u.Map.Span(s) }

// UnknownAt returns the unknown value whose unit span holds off.
func (u *TextUnit) UnknownAt(off int) (Unknown, bool) {
	for _, k := range u.Unknowns {
		if k.Span.Start <= off && off < k.Span.End {
			return k, true
		}
	}
	return Unknown{}, false
}

// Cursor maps a cursor in the host into the unit.
func (u *TextUnit) Cursor(host int) (int, bool) { return u.Map.UnitBefore(host) }

// At is the unit with its host text at offset base of the file.
func (u *TextUnit) At(base int) *TextUnit {
	if base == 0 {
		return u
	}
	c := *u
	c.base += base
	c.Map = u.Map.Moved(0, base)
	return &c
}
