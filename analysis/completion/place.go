package completion

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policyobj"
)

// placeKind is what the cursor's slot means in policy terms.
type placeKind uint8

const (
	placeNone           placeKind = iota
	placeTopKey                   // a member name of the policy object
	placeVersion                  // the value of Version
	placeStatementArray           // an element of the Statement array
	placeStatementKey             // a member name of a statement
	placeEffect                   // the value of Effect
	placeAction                   // a value of Action / NotAction
	placeResource                 // a value of Resource / NotResource
	placePrincipal                // the value of Principal / NotPrincipal itself
	placePrincipalType            // a member name of a Principal object
	placePrincipalValue           // a value of a principal type (AWS, Service, …)
	placeOperator                 // a member name of the Condition object
	placeConditionKey             // a condition key under an operator
	placeConditionValue           // a value of a condition key
)

// place is the cursor in policy terms, with the nodes completion needs.
type place struct {
	kind placeKind
	// obj is the object whose member names are completed (key places),
	// member the member being typed (key places) or whose value is typed.
	obj    *jsonast.Node
	member *jsonast.Member
	// array is the array the value is an element of, when it is one.
	array *jsonast.Node
	// word is the scalar being typed, nil when the cursor is between tokens.
	word *jsonast.Node
	// stmt is the statement object the cursor is in, when it is in one.
	stmt *jsonast.Node
	// owner is the name of the member that decides the value (e.g. the
	// principal type or the condition key); operator is the condition
	// operator for keys and values under one.
	owner, operator string
	edit            text.Span
	quote           byte // the opening quote the user typed, 0 for none
	closed          bool // the typed string has its closing quote
}

func (p *place) hasColon() bool { return p.member != nil && p.member.Colon >= 0 }

// locate classifies the cursor. It reads only the tree: nothing is parsed again.
func locate(f *jsonast.File, offset int) place {
	c := f.Locate(offset)
	p := place{}
	switch c.Slot {
	case jsonast.SlotKey:
		p.obj, p.member = c.Container, c.Member
		p.word = c.Node
	case jsonast.SlotMember:
		if !newMemberHere(f, c.Container, offset) {
			return place{}
		}
		p.obj = c.Container
	case jsonast.SlotValue:
		p.member = c.Member
		if c.Node != c.Container {
			if !isScalar(c.Node) {
				return place{}
			}
			p.word = c.Node
		} else if c.Member.Value != nil {
			return place{} // between the colon and a value already typed
		}
	case jsonast.SlotElement:
		p.array = c.Container
		if c.Node != c.Container {
			if !isScalar(c.Node) {
				return place{}
			}
			p.word = c.Node
		}
		_, p.member = f.Enclosing(c.Container)
		if p.member == nil || p.member.Value != c.Container {
			return place{} // an array nested in an array: nothing we complete
		}
	default:
		return place{}
	}
	p.setEdit(f, offset)
	if p.obj != nil {
		p.classifyKey(f)
	} else {
		p.classifyValue(f)
	}
	return p
}

func isScalar(n *jsonast.Node) bool {
	return n != nil && n.Kind != jsonast.Object && n.Kind != jsonast.Array
}

// newMemberHere reports whether a new member name fits at offset inside obj:
// right after '{' or a comma, or on a new line after the previous member
// (the comma is then the user's to add, and a diagnostic says so).
func newMemberHere(f *jsonast.File, obj *jsonast.Node, offset int) bool {
	var prev *jsonast.Member
	for _, m := range obj.Members() {
		if m.End > offset {
			break
		}
		prev = m
	}
	if prev == nil || (prev.Comma >= 0 && prev.Comma < offset) {
		return true
	}
	for i := prev.End; i < offset && i < len(f.Src); i++ {
		if f.Src[i] == '\n' {
			return true
		}
	}
	return false
}

// setEdit finds the text the proposal replaces: the whole word being typed,
// its quotes included; for an unclosed string up to the end of the word at
// the cursor, so that text further on the line is left alone.
func (p *place) setEdit(f *jsonast.File, offset int) {
	p.edit = text.Span{Start: offset, End: offset}
	w := p.word
	if w == nil {
		return
	}
	p.edit = w.Span
	if w.Kind != jsonast.String || w.Quote == 0 {
		return
	}
	p.quote, p.closed = w.Quote, w.Closed
	if !w.Closed {
		end := offset
		for end < w.End && !stopsWord(f.Src[end]) {
			end++
		}
		p.edit.End = end
	}
}

func stopsWord(c byte) bool {
	switch c {
	case ' ', '\t', ',', '}', ']', '{', '[':
		return true
	}
	return false
}

// typed returns the text the user typed for this proposal, without quotes.
func (p *place) typed() string {
	if p.word == nil {
		return ""
	}
	return p.word.Value
}

// classifyKey reads a member name's place from the object that holds it.
func (p *place) classifyKey(f *jsonast.File) {
	o := policyobj.Classify(f, p.obj)
	switch o.Kind {
	case policyobj.Policy:
		p.kind = placeTopKey
	case policyobj.Statement:
		p.kind, p.stmt = placeStatementKey, o.Statement
	case policyobj.Principal:
		p.kind, p.stmt = placePrincipalType, o.Statement
	case policyobj.Condition:
		p.kind, p.stmt = placeOperator, o.Statement
	case policyobj.ConditionBlock:
		p.kind, p.operator, p.stmt = placeConditionKey, o.Operator, o.Statement
	}
}

// classifyValue reads a value's place from the member it is the value (or an
// array element of the value) of.
func (p *place) classifyValue(f *jsonast.File) {
	name := p.member.Key.Value
	o := policyobj.Classify(f, p.member.Object)
	switch o.Kind {
	case policyobj.Policy:
		switch {
		case name == "Version" && p.array == nil:
			p.kind = placeVersion
		case name == "Statement" && p.array != nil:
			p.kind = placeStatementArray
		}
	case policyobj.Statement:
		p.stmt = o.Statement
		p.kind = statementValuePlace(name, p.array != nil)
	case policyobj.Principal:
		p.kind, p.owner, p.stmt = placePrincipalValue, name, o.Statement
	case policyobj.ConditionBlock:
		p.kind, p.owner, p.operator, p.stmt = placeConditionValue, name, o.Operator, o.Statement
	}
}

// statementValuePlace is the place of a value of the statement element name;
// inArray when it is an element of an array value, which Effect and
// Principal do not take.
func statementValuePlace(name string, inArray bool) placeKind {
	switch name {
	case "Effect":
		if !inArray {
			return placeEffect
		}
	case "Action", "NotAction":
		return placeAction
	case "Resource", "NotResource":
		return placeResource
	case "Principal", "NotPrincipal":
		if !inArray {
			return placePrincipal
		}
	}
	return placeNone
}

// presentKeys lists the member names of obj other than the one being typed.
func presentKeys(obj *jsonast.Node, typing *jsonast.Member) map[string]bool {
	have := make(map[string]bool, len(obj.Members()))
	for _, m := range obj.Members() {
		if m != typing {
			have[m.Key.Value] = true
		}
	}
	return have
}

// presentValues lists the string elements of the array other than the one being typed.
func presentValues(arr, typing *jsonast.Node) map[string]bool {
	if arr == nil {
		return nil
	}
	have := make(map[string]bool, len(arr.Elems()))
	for _, e := range arr.Elems() {
		if e != typing && e.Kind == jsonast.String {
			have[e.Value] = true
		}
	}
	return have
}
