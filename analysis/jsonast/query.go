package jsonast

import (
	"sort"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

var kindNames = [...]string{Invalid: "invalid", Object: "object", Array: "array", String: "string", Number: "number", True: "true", False: "false", Null: "null"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Lookup returns the first member of an object whose decoded key is exactly
// key, or nil (also for a nil node or one that is not an object).
func (n *Node) Lookup(key string) *Member {
	if n == nil || n.Kind != Object {
		return nil
	}
	for _, m := range n.Members() {
		if m.Key.Value == key {
			return m
		}
	}
	return nil
}

// Text returns the source text of a span (pass n.Span for a node), clamped
// to the document.
func (f *File) Text(s text.Span) string {
	start, end := max(0, min(s.Start, len(f.Src))), max(0, min(s.End, len(f.Src)))
	if end < start {
		return ""
	}
	if len(f.str) == len(f.Src) {
		return f.str[start:end]
	}
	return string(f.Src[start:end]) // a File made by hand, not by Parse
}

// Covers reports whether offset is on the node for a cursor: from its start
// to its end, the end included unless the node ends with its own closing
// quote or bracket. So the cursor right after `"Allow"` or `]` is outside,
// while after `Allo` (unclosed or bare) or `123` it is still on the node.
func (n *Node) Covers(offset int) bool {
	if offset < n.Start || offset > n.End {
		return false
	}
	return offset < n.End || !n.Closed
}

// inside reports whether offset is between a container's brackets, where a
// new member or element could be typed.
func (n *Node) inside(offset int) bool {
	return offset > n.Start && n.Covers(offset)
}

// NodeAt returns the innermost node that covers offset (see Node.Covers),
// keys included, or nil when no node does.
func (f *File) NodeAt(offset int) *Node {
	n := f.Root
	if n == nil || !n.Covers(offset) {
		return nil
	}
	for {
		child := childAt(n, offset)
		if child == nil {
			return n
		}
		n = child
	}
}

// childAt returns the key, value or element of n covering offset. Siblings
// may touch (`[a"b"]`), so the later one wins, then the earlier one is tried.
func childAt(n *Node, offset int) *Node {
	switch n.Kind {
	case Object:
		i := sort.Search(len(n.Members()), func(i int) bool { return n.Members()[i].Start > offset }) - 1
		for j := i; j >= 0 && j >= i-1; j-- {
			m := n.Members()[j]
			if m.Key.Covers(offset) {
				return m.Key
			}
			if m.Value != nil && m.Value.Covers(offset) {
				return m.Value
			}
		}
	case Array:
		i := sort.Search(len(n.Elems()), func(i int) bool { return n.Elems()[i].Start > offset }) - 1
		for j := i; j >= 0 && j >= i-1; j-- {
			if n.Elems()[j].Covers(offset) {
				return n.Elems()[j]
			}
		}
	}
	return nil
}

// Slot says what a cursor position is in relation to an object member or
// array element: what completion would insert there.
type Slot uint8

const (
	// SlotNone: outside the root value, or no root at all.
	SlotNone Slot = iota
	// SlotKey: on Member.Key.
	SlotKey
	// SlotAfterKey: after Member.Key and before its colon, or where the
	// colon is missing.
	SlotAfterKey
	// SlotValue: after Member's colon and up to the end of its value
	// (Member.Value may be nil when nothing has been typed yet). Node is
	// the value when the cursor is on it, or the object otherwise.
	SlotValue
	// SlotMember: inside Container (an Object) but not in any member:
	// where a new key would be typed.
	SlotMember
	// SlotElement: inside Container (an Array), on one of its elements
	// (then Node is the element) or between them (Node is the array).
	SlotElement
)

var slotNames = [...]string{"none", "key", "after-key", "value", "member", "element"}

func (s Slot) String() string {
	if int(s) < len(slotNames) {
		return slotNames[s]
	}
	return "slot?"
}

// Cursor is where an offset falls in the tree. Ancestors are reached through
// Member.Object and File.Enclosing.
type Cursor struct {
	Offset int
	// Node is the innermost node covering Offset; nil when Slot is
	// SlotNone.
	Node *Node
	Slot Slot
	// Member is the member of the key/value slot (SlotKey, SlotAfterKey,
	// SlotValue); nil otherwise.
	Member *Member
	// Container is the innermost object or array whose brackets enclose
	// Offset (for SlotKey/SlotAfterKey/SlotValue it is Member.Object).
	Container *Node
}

// Locate describes the cursor at offset. For example, in
// `{"Statement":[{"Effect":"Al` at the end it gives Slot=SlotValue, Node
// the string "Al", Member the Effect member, Container its object, which
// is enclosed by the array value of the root's Statement member.
func (f *File) Locate(offset int) Cursor {
	c := Cursor{Offset: offset}
	n := f.Root
	if n == nil || !n.Covers(offset) {
		return c
	}
	for {
		c.Node = n
		switch n.Kind {
		case Object:
			if !n.inside(offset) {
				return c
			}
			c.Container, c.Member, c.Slot = n, nil, SlotMember
			next := locateMember(&c, n, offset)
			if next == nil {
				return c
			}
			n = next
		case Array:
			if !n.inside(offset) {
				return c
			}
			c.Container, c.Member, c.Slot = n, nil, SlotElement
			next := childAt(n, offset)
			if next == nil {
				return c
			}
			n = next
		default:
			return c
		}
	}
}

// locateMember fills c for an offset inside obj and returns the value node
// to descend into, if any.
func locateMember(c *Cursor, obj *Node, offset int) *Node {
	i := sort.Search(len(obj.Members()), func(i int) bool { return obj.Members()[i].Start > offset }) - 1
	if i < 0 {
		return nil
	}
	m := obj.Members()[i]
	set := func(m *Member, s Slot, n *Node) { c.Slot, c.Member, c.Node = s, m, n }
	if m.Key.Covers(offset) {
		set(m, SlotKey, m.Key)
		return nil
	}
	if prev := obj.Members()[max(i-1, 0)]; i > 0 && prev.Value != nil && prev.Value.Covers(offset) {
		// Touching siblings: `{"a":x"b":1}` with the cursor right after x.
		set(prev, SlotValue, prev.Value)
		return prev.Value
	}
	if v := m.Value; v != nil && offset >= v.Start {
		if v.Covers(offset) {
			set(m, SlotValue, v)
			return v
		}
		return nil // after the value: between members
	}
	// Between the key and the value, or no value yet.
	pending := m.Value != nil || m.Comma < 0 || offset <= m.Comma
	switch {
	case m.Colon >= 0 && offset > m.Colon:
		if pending {
			set(m, SlotValue, obj)
		}
	case m.Colon >= 0 || pending:
		set(m, SlotAfterKey, obj)
	}
	return nil
}

// MemberAt returns the member whose key or value slot holds offset (see
// Locate), or nil.
func (f *File) MemberAt(offset int) *Member { return f.Locate(offset).Member }

// Enclosing returns the object or array that holds n and, when n is the
// key or the value of an object member, that member. Both are nil for the
// root and for a node that is not in f's tree; m is nil for an array
// element. It descends from the root by n's offset, so it costs the depth
// of n times a binary search, not a walk of the tree.
func (f *File) Enclosing(n *Node) (parent *Node, m *Member) {
	cur := f.Root
	for cur != nil && cur != n && n != nil {
		var next *Node
		switch cur.Kind {
		case Object:
			i := sort.Search(len(cur.Members()), func(i int) bool { return cur.Members()[i].Start > n.Start }) - 1
			if i < 0 {
				return nil, nil
			}
			mb := cur.Members()[i]
			if mb.Key == n || mb.Value == n {
				return cur, mb
			}
			next = mb.Value
		case Array:
			i := sort.Search(len(cur.Elems()), func(i int) bool { return cur.Elems()[i].Start > n.Start }) - 1
			if i < 0 {
				return nil, nil
			}
			if cur.Elems()[i] == n {
				return cur, nil
			}
			next = cur.Elems()[i]
		}
		if next == nil || n.Start <= next.Start || n.Start >= next.End {
			return nil, nil // n lies in no child: it is not in this tree
		}
		cur = next
	}
	return nil, nil
}
