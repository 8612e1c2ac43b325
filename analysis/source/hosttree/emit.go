package hosttree

import (
	"sort"
	"unicode/utf8"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/srcmap"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// Unit is a policy that a host wrote in its own syntax, written out as JSON.
type Unit struct {
	// Src is the JSON text: compact, members and elements in host order.
	Src []byte
	// Map leads each JSON token to the host text it came from: a
	// string's content byte for byte where the host wrote it so, quotes
	// and brackets to the host's own or to the place they would be,
	// separators to the host text between the values.
	Map *srcmap.Map
	// Unknowns are the values the host computes when it deploys, in unit
	// offsets, in order.
	Unknowns []Unknown
	// Syntax writes inserted values in the host's notation.
	Syntax Syntax
	// Root is the tree the unit was written from.
	Root *Node

	placed []placed // every value, key and member written, by unit start
	base   int      // where the text the tree was read from starts in the file
}

// Unknown is a value the host computes when it deploys.
type Unknown struct {
	Span  text.Span // the JSON string standing for it, in unit offsets
	About string
}

// role says what a placed span is.
type role uint8

const (
	roleValue role = iota
	roleKey
	roleMember // a member from its key's start to its value's end
)

// placed is a node as written in the unit.
type placed struct {
	unit   text.Span
	role   role
	node   *Node   // the value, or the key
	member *Member // for keys and members
	parent *Node   // the object or array holding it; nil for the root
	index  int     // its index in parent
}

// Emit writes the tree rooted at root as JSON. host is the span of the host
// file the tree was read from, which every mapped offset lies in.
func Emit(root *Node, host text.Span, syn Syntax) *Unit {
	e := &emitter{b: srcmap.NewBuilder(host.Start, host.End), u: &Unit{Syntax: syn, Root: root}}
	e.value(root, nil, 0)
	e.u.Src = e.buf
	e.u.Map = e.b.Map()
	sort.SliceStable(e.u.placed, func(i, j int) bool { return e.u.placed[i].unit.Start < e.u.placed[j].unit.Start })
	return e.u
}

type emitter struct {
	buf []byte
	b   *srcmap.Builder
	u   *Unit
}

// opaque writes s, which stands for the host bytes in host as a whole.
func (e *emitter) opaque(s string, host text.Span) {
	e.buf = append(e.buf, s...)
	e.b.Opaque(len(s), host)
}

// gap is the host text between two tokens, for the separator between them.
func gap(from, to int) text.Span {
	if to < from {
		return text.Span{Start: to, End: to}
	}
	return text.Span{Start: from, End: to}
}

func (e *emitter) value(n *Node, parent *Node, index int) {
	start := len(e.buf)
	switch n.Kind {
	case Object:
		e.object(n)
	case Array:
		e.array(n)
	case String:
		e.str(n)
	default:
		e.scalar(n)
	}
	if n.Unknown {
		e.u.Unknowns = append(e.u.Unknowns, Unknown{Span: text.Span{Start: start, End: len(e.buf)}, About: n.About})
	}
	e.u.placed = append(e.u.placed, placed{unit: text.Span{Start: start, End: len(e.buf)}, role: roleValue, node: n, parent: parent, index: index})
}

func (e *emitter) object(n *Node) {
	e.opaque("{", n.Open)
	prevEnd := n.Open.End
	for i, m := range n.Members {
		if i > 0 {
			e.opaque(",", gap(prevEnd, m.Key.Span.Start))
		}
		start := len(e.buf)
		e.str(m.Key)
		e.u.placed = append(e.u.placed, placed{unit: text.Span{Start: start, End: len(e.buf)}, role: roleKey, node: m.Key, member: m, parent: n, index: i})
		v := m.Value
		if v == nil {
			v = &Node{Kind: Null, Span: text.Span{Start: m.Key.Span.End, End: m.Key.Span.End}}
			m.Value = v
		}
		e.opaque(":", gap(m.Key.Span.End, v.Span.Start))
		e.value(v, n, i)
		e.u.placed = append(e.u.placed, placed{unit: text.Span{Start: start, End: len(e.buf)}, role: roleMember, node: v, member: m, parent: n, index: i})
		prevEnd = max(v.Span.End, m.Key.Span.End)
	}
	e.opaque("}", n.Close)
}

func (e *emitter) array(n *Node) {
	e.opaque("[", n.Open)
	prevEnd := n.Open.End
	for i, el := range n.Elems {
		if i > 0 {
			e.opaque(",", gap(prevEnd, el.Span.Start))
		}
		e.value(el, n, i)
		prevEnd = el.Span.End
	}
	e.opaque("]", n.Close)
}

// scalar writes a number, boolean or null: byte for byte when the host
// wrote it as JSON does.
func (e *emitter) scalar(n *Node) {
	v := n.Value
	switch n.Kind {
	case Null:
		v = "null"
	case Bool:
		if v != "true" {
			v = "false"
		}
	}
	if len(n.Pieces) == 1 && n.Pieces[0].Linear && n.Pieces[0].N == len(v) && n.Value == v {
		e.buf = append(e.buf, v...)
		e.b.Linear(len(v), n.Pieces[0].Host.Start)
		return
	}
	e.opaque(v, n.Span)
}

// str writes a String as a JSON string: each piece of its content maps to
// its host bytes, byte for byte where it is linear and needs no escape.
func (e *emitter) str(n *Node) {
	if len(n.Pieces) == 0 {
		e.opaque(jsonquote.String(n.Value), n.Span)
		return
	}
	first, last := n.Pieces[0].Host, n.Pieces[len(n.Pieces)-1].Host
	e.opaque(`"`, gap(n.Span.Start, first.Start))
	at := 0
	for _, p := range n.Pieces {
		s := n.Value[at:min(at+p.N, len(n.Value))]
		at += p.N
		if !p.Linear || len(s) != p.Host.End-p.Host.Start {
			e.opaque(jsonquote.Content(s), p.Host)
			continue
		}
		e.linearContent(s, p.Host.Start)
	}
	e.opaque(`"`, gap(last.End, n.Span.End))
}

// linearContent writes host text s, found at host offset h, as JSON string
// content: runs that need no escape map byte for byte, each escaped
// character to its own bytes.
func (e *emitter) linearContent(s string, h int) {
	run := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x20 && r != '"' && r != '\\' && (r != utf8.RuneError || size > 1) {
			i += size
			continue
		}
		e.buf = append(e.buf, s[run:i]...)
		e.b.Linear(i-run, h+run)
		e.opaque(jsonquote.Content(s[i:i+size]), text.Span{Start: h + i, End: h + i + size})
		i += size
		run = i
	}
	e.buf = append(e.buf, s[run:]...)
	e.b.Linear(len(s)-run, h+run)
}
