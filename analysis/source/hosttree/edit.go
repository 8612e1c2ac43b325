package hosttree

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Syntax writes values in a host's notation: what a quick fix or a
// completion inserts into a unit, rewritten for the host file. Each host
// (YAML, HCL, JSON templates) implements it next to its parser; the rules
// and the completion engine only ever write JSON. A method returns false
// when it cannot write the value there; the edit is then not offered.
type Syntax interface {
	// Value is the host text that replaces the node n (a value, or a
	// member's key when key is set) with v. snippet says v's text holds
	// snippet syntax, which the result must keep.
	Value(n *Node, key bool, v *Frag, snippet bool) (string, bool)
	// Member is the edit that replaces the member m, whose key is being
	// typed, with fm: a completion of a key that brings its value.
	Member(m *Member, fm FragMember, snippet bool) (text.Edit, bool)
	// Members is the edit that adds members to obj before its member at
	// (at the end when at == len(obj.Members)).
	Members(obj *Node, at int, ms []FragMember, snippet bool) (text.Edit, bool)
	// Elems is the edit that adds elements to arr before its element at.
	Elems(arr *Node, at int, es []*Frag, snippet bool) (text.Edit, bool)
}

// Edit rewrites an edit of the unit's JSON text as an edit of the host
// file. Deletions map through the unit's map; text put in is read as JSON
// and written by the host's Syntax: over the value or key the edit
// replaces, or as new members or elements where it inserts. ok is false
// for an edit the host cannot take, which is then not offered: a wrong
// edit of the user's template is worse than none.
func (u *Unit) Edit(e text.Edit, snippet bool) (text.Edit, bool) {
	if e.NewText == "" {
		return text.Edit{Span: u.Map.Span(e.Span)}, !u.cutsUnknown(e.Span)
	}
	if u.Syntax == nil || u.cutsUnknown(e.Span) {
		return text.Edit{}, false
	}
	in, ok := ParseInsert(e.NewText, snippet)
	if !ok {
		return text.Edit{}, false
	}
	var out text.Edit
	if e.Span.Start < e.Span.End {
		out, ok = u.replace(e.Span, in, snippet)
	} else {
		out, ok = u.insert(e.Span.Start, in, snippet)
	}
	if ok && in.Tail != "" {
		out.NewText += in.Tail
	}
	out.Span = u.moved(out.Span)
	return out, ok
}

// moved is a span of the tree (offsets into the text it was parsed from)
// in the file.
func (u *Unit) moved(s text.Span) text.Span {
	return text.Span{Start: s.Start + u.base, End: s.End + u.base}
}

// At is the unit with its host text at offset base of the file: a unit
// read from a part of the file (a YAML chunk) that the analysis reuses
// where the part has moved. Its tree stays as it is.
func (u *Unit) At(base int) *Unit {
	if base == 0 {
		return u
	}
	c := *u
	c.base += base
	c.Map = u.Map.Moved(0, base)
	return &c
}

// replace writes over the value or key whose unit span is s.
func (u *Unit) replace(s text.Span, in Insert, snippet bool) (text.Edit, bool) {
	if in.LeadingComma || in.TrailingComma {
		return text.Edit{}, false
	}
	for i := u.placedAt(s.Start); i < len(u.placed) && u.placed[i].unit.Start == s.Start; i++ {
		p := u.placed[i]
		if p.unit != s {
			continue
		}
		switch {
		case p.role == roleMember:
			continue
		case in.Value != nil:
			t, ok := u.Syntax.Value(p.node, p.role == roleKey, in.Value, snippet)
			return text.Edit{Span: p.node.Span, NewText: t}, ok
		case p.role == roleKey && len(in.Members) == 1:
			return u.Syntax.Member(p.member, in.Members[0], snippet)
		}
	}
	return text.Edit{}, false
}

// insert adds members or elements at the unit offset at, which lies
// between the brackets of the innermost object or array holding it.
func (u *Unit) insert(at int, in Insert, snippet bool) (text.Edit, bool) {
	c := u.containerAt(at)
	if c == nil {
		// A value typed where the member has none yet: the null the
		// unit holds for it is replaced.
		return u.replaceEmpty(at, in, snippet)
	}
	n := c.node
	switch n.Kind {
	case Object:
		if len(in.Members) == 0 {
			return text.Edit{}, false
		}
		idx := 0
		for _, p := range u.placed {
			if p.parent == n && p.role == roleKey && p.unit.Start < at {
				idx = p.index + 1
			}
		}
		return u.Syntax.Members(n, idx, in.Members, snippet)
	case Array:
		if in.Value == nil {
			return text.Edit{}, false
		}
		idx := 0
		for _, p := range u.placed {
			if p.parent == n && p.role == roleValue && p.unit.Start < at {
				idx = p.index + 1
			}
		}
		return u.Syntax.Elems(n, idx, []*Frag{in.Value}, snippet)
	}
	return text.Edit{}, false
}

// replaceEmpty writes a value over a null that stands for nothing in the
// host (a YAML key with no value), when at is where it is.
func (u *Unit) replaceEmpty(at int, in Insert, snippet bool) (text.Edit, bool) {
	for i := u.placedAt(at); i < len(u.placed) && u.placed[i].unit.Start == at; i++ {
		p := u.placed[i]
		if p.role == roleValue && p.node.Kind == Null && p.node.Span.Start == p.node.Span.End && in.Value != nil {
			t, ok := u.Syntax.Value(p.node, false, in.Value, snippet)
			return text.Edit{Span: p.node.Span, NewText: t}, ok
		}
	}
	return text.Edit{}, false
}

// containerAt is the innermost object or array whose brackets hold the
// unit offset strictly inside.
func (u *Unit) containerAt(at int) *placed {
	var best *placed
	for i := range u.placed {
		p := &u.placed[i]
		if p.unit.Start >= at {
			break
		}
		if p.role == roleValue && (p.node.Kind == Object || p.node.Kind == Array) && at < p.unit.End {
			best = p
		}
	}
	return best
}

// placedAt is the index of the first placed span starting at or after off.
func (u *Unit) placedAt(off int) int {
	lo, hi := 0, len(u.placed)
	for lo < hi {
		mid := (lo + hi) / 2
		if u.placed[mid].unit.Start < off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// cutsUnknown reports whether s starts or ends strictly inside an unknown
// value: the host computes it, so no edit may change part of it.
func (u *Unit) cutsUnknown(s text.Span) bool {
	for _, k := range u.Unknowns {
		if k.Span.Start < s.Start && s.Start < k.Span.End || k.Span.Start < s.End && s.End < k.Span.End {
			return true
		}
	}
	return false
}

// Span maps a unit span to the host like Map.Span, but never to nothing:
// a span that covers unit text the host does not write (a JSON bracket for
// a YAML block mapping) maps to the innermost value or member around it
// that the host does write.
func (u *Unit) Span(s text.Span) text.Span {
	h := u.Map.Span(s)
	if h.Start < h.End || s.Start == s.End {
		return h
	}
	var best *placed
	for i := range u.placed {
		p := &u.placed[i]
		if p.unit.Start > s.Start {
			break
		}
		if p.unit.End >= s.End && (p.node.Span.Start < p.node.Span.End || p.role == roleMember) {
			best = p
		}
	}
	if best == nil {
		return h
	}
	if best.role == roleValue && best.node.Kind == Object && len(best.node.Members) > 0 {
		// A finding about a whole object (a statement missing an
		// element) points at its first key, as it would at its '{'.
		return u.moved(best.node.Members[0].Key.Span)
	}
	if best.role == roleMember {
		return u.moved(text.Span{Start: best.member.Key.Span.Start, End: max(best.member.Key.Span.End, best.node.Span.End)})
	}
	return u.moved(best.node.Span)
}

// Cursor maps a cursor in the host file into the unit: where the host
// text before it ends (Map.UnitBefore), or inside the quotes of a value
// the host has not written yet (a YAML key with nothing after it), which
// is what the user is about to type.
func (u *Unit) Cursor(host int) (int, bool) {
	for _, p := range u.placed {
		n := p.node
		if p.role == roleValue && n.Kind == String && n.Span.Start == n.Span.End && n.Span.Start+u.base == host && p.unit.End-p.unit.Start == 2 {
			return p.unit.Start + 1, true
		}
	}
	return u.Map.UnitBefore(host)
}

// UnknownAt returns the unknown value whose unit span holds off.
func (u *Unit) UnknownAt(off int) (Unknown, bool) {
	for _, k := range u.Unknowns {
		if k.Span.Start <= off && off < k.Span.End {
			return k, true
		}
	}
	return Unknown{}, false
}
