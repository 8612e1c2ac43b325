// Package policy is the model of an IAM or KMS key policy document, built
// from the tolerant syntax tree. Every part keeps its syntax node so that a
// finding can point at the exact text, and parts that are missing or of the
// wrong JSON type are kept as nodes too: the checks, not the model, decide
// what is wrong.
package policy

import "github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"

// Kind is the kind of policy document.
type Kind uint8

const (
	KindAuto Kind = iota // detect from the document
	KindKey              // a KMS key policy (resource-based: statements name principals)
	KindIAM              // an IAM identity policy
)

func (k Kind) String() string {
	switch k {
	case KindKey:
		return "key"
	case KindIAM:
		return "iam"
	}
	return "auto"
}

// ParseKind reads "auto", "key" or "iam" (as the CLI flag and the setting spell it).
func ParseKind(s string) (Kind, bool) {
	switch s {
	case "", "auto":
		return KindAuto, true
	case "key", "key-policy":
		return KindKey, true
	case "iam", "iam-policy", "identity":
		return KindIAM, true
	}
	return KindAuto, false
}

// Value is a string value as written in the policy (Text is decoded).
type Value struct {
	Text string
	Node *jsonast.Node
}

// Element is a member of a policy or statement object, e.g. "Action": [...].
type Element struct {
	Name   string
	Member *jsonast.Member
}

// Value returns the element's value node, nil when none was typed yet.
func (e *Element) Value() *jsonast.Node {
	if e == nil || e.Member == nil {
		return nil
	}
	return e.Member.Value
}

// List is an element whose value is a string or an array of strings
// (Action, NotAction, Resource, NotResource). Values holds the strings;
// NonStrings the nodes of other JSON types found where a string belongs.
type List struct {
	Element
	Values     []Value
	NonStrings []*jsonast.Node
}

// Principal is a Principal or NotPrincipal element: either the string "*" (or
// another string, kept in Wildcard for the checks to judge), or an object
// mapping principal types (AWS, Service, Federated, CanonicalUser) to one
// value or an array of values.
type Principal struct {
	Element
	Wildcard *Value // set when the element's value is a string
	Entries  []PrincipalEntry
}

// PrincipalEntry is one "TYPE": value(s) member of a Principal object.
type PrincipalEntry struct {
	Type       string
	Member     *jsonast.Member
	Values     []Value
	NonStrings []*jsonast.Node
}

// Condition is the Condition element: operator → condition key → value(s).
type Condition struct {
	Element
	Blocks []ConditionBlock
}

// ConditionBlock is one operator ("StringEquals": {...}) of a Condition.
type ConditionBlock struct {
	Operator string
	Member   *jsonast.Member
	Entries  []ConditionEntry
}

// ConditionEntry is one condition key with its value(s) under an operator.
type ConditionEntry struct {
	Key    string
	Member *jsonast.Member
	// Values holds every scalar value as text: strings decoded, numbers and
	// booleans as written (IAM accepts "true" and true alike).
	Values []Value
	// IsArray is set when the values were written as a JSON array.
	IsArray    bool
	NonScalars []*jsonast.Node
}

// Statement is one statement of the policy.
type Statement struct {
	Node  *jsonast.Node // the statement object
	Index int           // position in the Statement array (0 for a lone object)

	Sid, Effect             *Value
	SidElem, EffectElem     *Element
	Principal, NotPrincipal *Principal
	Action, NotAction       *List
	Resource, NotResource   *List
	Condition               *Condition

	// Elements lists every member of the statement object in source order,
	// unknown and duplicate ones included.
	Elements []Element
}

// Policy is a whole policy document.
type Policy struct {
	File *jsonast.File
	Root *jsonast.Node // the top-level object, nil when the document is not one

	Version, ID         *Value
	VersionElem, IDElem *Element
	StatementElem       *Element // the Statement member, nil when absent
	Statements          []*Statement
	// Elements lists every top-level member in source order.
	Elements []Element

	// Kind is the kind the checks apply: the explicit choice, or the detected one.
	Kind         Kind
	KindDetected bool // Kind was detected, not chosen

	counts modelCounts // of the parts the builder made (see BuildLike)
}
