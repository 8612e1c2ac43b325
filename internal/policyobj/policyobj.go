// Package policyobj tells what a JSON object is in a policy document: the
// policy itself, a statement, a Principal or Condition element, or one
// operator block of a Condition. Completion and hover both decide what the
// cursor means from this, so that the two never disagree about where it is.
package policyobj

import "github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"

// Kind is the policy meaning of a JSON object.
type Kind uint8

const (
	Unknown        Kind = iota
	Policy              // the document's root object
	Statement           // an element of the Statement array, or its lone object value
	Principal           // the object value of a statement's Principal or NotPrincipal
	Condition           // the object value of a statement's Condition
	ConditionBlock      // the object value of an operator inside a Condition
)

// Object is a classified JSON object.
type Object struct {
	Kind Kind
	// Statement is the statement the object belongs to (itself for a
	// Statement); nil for the policy and for unknown objects.
	Statement *jsonast.Node
	// Operator is the operator a ConditionBlock belongs to, as written.
	Operator string
}

// Classify says what obj is in the policy parsed as f.
func Classify(f *jsonast.File, obj *jsonast.Node) Object {
	switch {
	case obj == nil:
		return Object{}
	case obj == f.Root:
		return Object{Kind: Policy}
	case isStatement(f, obj):
		return Object{Kind: Statement, Statement: obj}
	}
	owner := valueOwner(f, obj)
	if owner == nil {
		return Object{}
	}
	switch {
	case isStatementElement(f, owner, "Principal", "NotPrincipal"):
		return Object{Kind: Principal, Statement: owner.Object}
	case isStatementElement(f, owner, "Condition"):
		return Object{Kind: Condition, Statement: owner.Object}
	}
	if cond := valueOwner(f, owner.Object); cond != nil && isStatementElement(f, cond, "Condition") {
		return Object{Kind: ConditionBlock, Statement: cond.Object, Operator: owner.Key.Value}
	}
	return Object{}
}

// isStatement reports whether obj is a statement: an element of the root's
// Statement array, or the Statement value itself when it is a lone object.
func isStatement(f *jsonast.File, obj *jsonast.Node) bool {
	if obj == nil || obj.Kind != jsonast.Object {
		return false
	}
	holder := obj
	p, m := f.Enclosing(obj)
	if p != nil && p.Kind == jsonast.Array && m == nil {
		holder = p
		_, m = f.Enclosing(p)
	}
	return m != nil && m.Value == holder && m.Object == f.Root && m.Key.Value == "Statement"
}

// valueOwner returns the member whose value n is, or nil (for the root, an
// array element, or a key).
func valueOwner(f *jsonast.File, n *jsonast.Node) *jsonast.Member {
	if _, m := f.Enclosing(n); m != nil && m.Value == n {
		return m
	}
	return nil
}

// isStatementElement reports whether m is one of the named members of a statement.
func isStatementElement(f *jsonast.File, m *jsonast.Member, names ...string) bool {
	if !isStatement(f, m.Object) {
		return false
	}
	for _, n := range names {
		if m.Key.Value == n {
			return true
		}
	}
	return false
}
