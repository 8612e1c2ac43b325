// Package hosttree is what the hosts that are not JSON have in common: a
// policy written in YAML, in HCL, or in a CloudFormation JSON template with
// intrinsic functions is read into a Node tree (JSON's data model, with
// every value's place in the host file), and Emit writes the tree as the
// unit's synthetic JSON text with the map from each JSON token to the host
// bytes it came from. The analysis stays JSON-based; a host adds only its
// parser and its Syntax, which writes the values that a quick fix or a
// completion inserts in the host's own notation.
package hosttree

import "github.com/kms-policy-ls/kms-policy-ls/analysis/text"

// Kind is a value's kind in JSON's data model.
type Kind uint8

const (
	Null Kind = iota
	Object
	Array
	String
	Number
	Bool
)

// Node is one value of a host file.
type Node struct {
	Kind Kind
	// Span is the value's host text: a YAML scalar with its quotes and
	// tag, a block mapping from its first key to its last value, an HCL
	// expression.
	Span text.Span
	// Value is a scalar's text: a String's decoded content, a Number or
	// Bool as JSON writes it.
	Value string
	// Pieces say where a String's Value came from, in order and covering
	// it. Nil when the host cannot say: the whole string then stands for
	// Span.
	Pieces []Piece
	// Members of an Object and elements of an Array, in host order.
	Members []*Member
	Elems   []*Node
	// Open and Close are the host text JSON's brackets stand for: the
	// brackets of a flow collection, or what the host writes instead
	// (a YAML block sequence's first "-"), or an empty span.
	Open, Close text.Span
	// Unknown is set for a value that the host computes when it deploys
	// (an intrinsic function, an interpolation). Its Value is a JSON
	// string holding "${…}", as a policy variable does, so that the
	// rules that skip policy variables skip it; About says what the host
	// wrote and what the tool assumed, for hover.
	Unknown bool
	About   string
	// Tag is a YAML value's explicit tag (!Sub, !Ref); empty elsewhere.
	Tag string
	// Syntax is what the host's Syntax needs to write over this node
	// (style, indentation); the tree does not look into it.
	Syntax any
}

// Member is one key and value of an Object.
type Member struct {
	Key *Node // a String
	// Value is nil when the host has the key and nothing after it.
	Value *Node
}

// Piece is a run of a String's Value and the host bytes it came from.
type Piece struct {
	N    int // bytes of Value
	Host text.Span
	// Linear is set when the run is the host bytes themselves, one for
	// one; otherwise it stands for them as a whole (an escape, a folded
	// line break, a value that replaces an expression).
	Linear bool
}

// Str is a String node whose Value is the host bytes of span as they are.
func Str(value string, span text.Span) *Node {
	return &Node{Kind: String, Value: value, Span: span, Pieces: []Piece{{N: len(value), Host: span, Linear: true}}}
}

// Walk calls f on n and every value below it, keys included, in host order.
func Walk(n *Node, f func(*Node)) {
	if n == nil {
		return
	}
	f(n)
	for _, m := range n.Members {
		Walk(m.Key, f)
		Walk(m.Value, f)
	}
	for _, e := range n.Elems {
		Walk(e, f)
	}
}

// Lookup returns the value of the first member of an Object named key.
func (n *Node) Lookup(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for _, m := range n.Members {
		if m.Key.Value == key {
			return m.Value
		}
	}
	return nil
}
