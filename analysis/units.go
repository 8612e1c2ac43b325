package analysis

import (
	"strings"
	"unicode/utf8"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// oldUnits is what a new version can take over from the previous one.
// A nil *oldUnits has nothing.
type oldUnits struct {
	doc     *Document
	changes []text.Change
}

// take returns the previous version's analysis of the unit su when the
// edits did not touch it: the same text at a place moved only by the edits
// before it, with the same name and kind. Its tree, model and findings are
// in the unit's own offsets, so they stay as they are; only the map to the
// file is the new one.
func (o *oldUnits) take(i int, su source.Unit) *Unit {
	if o == nil || len(o.doc.Units) == 0 {
		return nil
	}
	start, oldEnd, newEnd, ok := text.Covering(o.changes)
	if !ok {
		return nil
	}
	was := su.Span
	switch {
	case su.Span.End < start:
	case su.Span.Start > newEnd:
		was.Start += oldEnd - newEnd
		was.End += oldEnd - newEnd
	default:
		return nil
	}
	p := o.find(i, func(p *Unit) bool {
		return !p.stale && p.Span == was && p.Name == su.Name && p.Kind == su.Kind && p.Branch == su.Branch && len(p.Src) == len(su.Src)
	})
	if p == nil {
		return nil
	}
	u := *p
	u.Unit = su
	u.Tree = nil
	u.taken = true
	return &u
}

// find returns the previous version's unit for which match is true,
// trying unit i first: units keep their order unless one comes or goes.
func (o *oldUnits) find(i int, match func(*Unit) bool) *Unit {
	if i < len(o.doc.Units) && match(o.doc.Units[i]) {
		return o.doc.Units[i]
	}
	for _, p := range o.doc.Units {
		if match(p) {
			return p
		}
	}
	return nil
}

// unit is the previous version's analysis of the unit in the place of su
// (unit i, or the one with its name, place and branch): its memo lets the
// checks reuse what they found in statements whose text did not change,
// and its tree and model size the new ones.
func (o *oldUnits) unit(i int, su source.Unit) *Unit {
	if o == nil {
		return nil
	}
	p := o.find(i, func(p *Unit) bool { return p.Name == su.Name && p.Where == su.Where && p.Branch == su.Branch })
	if p == nil && i < len(o.doc.Units) {
		p = o.doc.Units[i]
	}
	return p
}

// toHost maps a unit's finding into the file: its span and the edits of
// its fixes, whose text is escaped when the unit is held in a string and
// written in the host's syntax when the host writes the unit otherwise.
func toHost(d checks.Diagnostic, u *Unit) checks.Diagnostic {
	m := u.Map
	if m == nil {
		return d
	}
	if u.Host != nil || u.stale {
		return toOtherHost(d, u)
	}
	d.Span = m.Span(d.Span)
	if len(d.Fixes) == 0 {
		return d
	}
	fixes := make([]checks.Fix, len(d.Fixes))
	for i, f := range d.Fixes {
		f.Edits = append([]text.Edit(nil), f.Edits...)
		for j := range f.Edits {
			f.Edits[j] = toHostEdit(f.Edits[j], m, false)
		}
		fixes[i] = f
	}
	d.Fixes = fixes
	return d
}

// toHostEdit maps an edit of a unit's text into the file. In a unit held in
// a JSON string the new text is escaped as string content; a snippet's own
// syntax ($1, ${1:x}, \$) is kept, and the backslashes the escaping adds
// are protected from the snippet reader.
func toHostEdit(e text.Edit, m *source.Map, snippet bool) text.Edit {
	e.Span = m.Span(e.Span)
	if !m.Escaped() {
		return e
	}
	if !snippet {
		e.NewText = jsonquote.Content(e.NewText)
		return e
	}
	e.NewText = escapeSnippetContent(e.NewText)
	return e
}

// escapeSnippetContent escapes a snippet's literal text as JSON string
// content and then for the snippet reader, leaving its syntax alone.
func escapeSnippetContent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' && i+1 < len(s) && strings.IndexByte(`$}\`, s[i+1]) >= 0 {
			// A snippet escape of a literal character: \$ and \} stay
			// as they are; a literal backslash is \\ in JSON, and each
			// of the two is escaped for the snippet reader.
			if s[i+1] == '\\' {
				b.WriteString(`\\\\`)
			} else {
				b.WriteString(s[i : i+2])
			}
			i += 2
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		if c == '$' || c == '{' || c == '}' {
			b.WriteByte(c)
		} else {
			b.WriteString(strings.ReplaceAll(jsonquote.Content(s[i:i+size]), `\`, `\\`))
		}
		i += size
	}
	return b.String()
}
