// Package jsonast is a tolerant JSON parser that keeps byte offsets.
//
// Policies are parsed on every keystroke, half-typed text included, so the
// parser never fails: it always returns a tree of what it could recognise and
// a list of syntax errors with their ranges. encoding/json and jsonparser both
// stop at the first error and keep no positions, which is why this exists.
package jsonast

import "github.com/kms-policy-ls/kms-policy-ls/analysis/text"

// Kind is the kind of a JSON node.
type Kind uint8

const (
	Invalid Kind = iota // a stray token or unparseable text standing where a value should be
	Object
	Array
	String
	Number
	True
	False
	Null
)

// Node is one JSON value. Span covers the value's text (quotes and brackets
// included). For an unclosed string or container the span runs to where the
// parser gave up on it.
type Node struct {
	Kind Kind
	// Closed reports whether a String has its closing quote, or an Object
	// or Array its closing bracket. Numbers, literals and Invalid nodes have
	// no closing delimiter and are always Closed=false.
	Closed bool

	// Quote is the opening quote of a String: '"', '\'' for a single-quoted
	// string (an error, recovered), or 0 for an unquoted object key
	// recovered as a String. It is 0 for other kinds.
	Quote byte

	text.Span

	// Value is the decoded content of a String (escapes resolved, no
	// quotes) and the raw text of a Number, literal or Invalid node.
	Value string

	// kids holds a non-empty Object's members or Array's elements (see
	// Members and Elems); nil for every other node.
	//
	// The tree is built on every keystroke and most nodes are short
	// strings, so a node carries no slices of its own and no pointers to
	// its parent or member: 48 bytes instead of 104, and fewer pointers
	// for the collector to mark. File.Enclosing finds a node's parent and
	// member when a request needs them.
	kids *children
}

// Content is the span of a String's text between its quotes: after the
// opening quote, and before the closing one when it has one (a string
// still being typed runs to its end). An unquoted key has no quotes, and
// its content is its whole span.
func (n *Node) Content() text.Span {
	sp := n.Span
	if n.Quote != 0 {
		sp.Start++
	}
	if n.Closed {
		sp.End--
	}
	return sp
}

// children are a container's members or elements.
type children struct {
	members []*Member
	elems   []*Node
}

// Members returns an Object's members in source order (duplicates kept);
// nil for an empty object and for other kinds.
func (n *Node) Members() []*Member {
	if n.kids == nil {
		return nil
	}
	return n.kids.members
}

// Elems returns an Array's elements in source order; nil for an empty
// array and for other kinds.
func (n *Node) Elems() []*Node {
	if n.kids == nil {
		return nil
	}
	return n.kids.elems
}

// Member is a "key": value pair of an object.
type Member struct {
	text.Span // from the key's start to the end of the value (or of the key/colon when the value is missing)
	// Key is always a String node. An unquoted key (`{Effect: 1}`) is
	// recovered as a String whose Value is the raw word, with Quote=0 and
	// Closed=false, and an error is reported.
	Key    *Node
	Colon  int   // byte offset of ':' or -1 when missing
	Value  *Node // nil when no value has been typed yet
	Object *Node // the object that holds this member
	// Comma is the byte offset of the ',' that follows this member, or -1
	// when none does (last member, or a missing comma).
	Comma int
}

// Error is a syntax error with the range of the offending text.
type Error struct {
	text.Span
	Message string
}

// Comment is a // or /* */ comment (accepted so that JSONC documents parse;
// the checks report them for policies, which AWS rejects with comments).
type Comment struct {
	text.Span
}

// File is the result of parsing one document.
type File struct {
	Src []byte
	// str is Src as a string: values are substrings of it, and so are the
	// texts that Text returns, so that neither costs a copy.
	str      string
	Root     *Node // nil when the document holds no value at all
	Errors   []Error
	Comments []Comment
	// DuplicateKeys are the members whose key repeats the key of an
	// earlier member of the same object, in the order the objects close
	// (an inner object before the one holding it).
	DuplicateKeys []*Member

	counts counts // of the parts the parser made (see Options.Like)
}
