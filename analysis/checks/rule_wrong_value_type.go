package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "wrong-value-type",
		Severity: Error,
		Doc:      "A value of the wrong JSON type, e.g. a number where the grammar needs a string or an object where it needs a list.",
		Check:    checkWrongValueType,
		Details: "A value of the wrong JSON type: a number or object where the grammar needs a " +
			"string (`Action`, `Resource`, principals, `Sid`, `Id`), a `Statement` entry that " +
			"is not an object, a `Condition` that is not an object of operator objects, or a " +
			"condition value that is an object or nested list. A document whose top level is " +
			"not an object (a list, even a list of policies, a string, a number, `null`) is " +
			"not a policy: AWS takes one policy, a JSON object, at a time.",
		Example: `{"Effect": "Allow", "Action": ["kms:Decrypt", 42], "Resource": "*"}`,
	})
}

// Version, Effect and text that did not parse are left to invalid-version,
// invalid-effect and json-syntax.
func checkWrongValueType(p *Pass) {
	if root := p.Policy.File.Root; root != nil && root.Kind != jsonast.Object {
		reportRootType(p, root)
		return
	}
	if st := p.Policy.StatementElem.Value(); st != nil {
		switch st.Kind {
		case jsonast.Object:
		case jsonast.Array:
			for _, el := range st.Elems() {
				if el.Kind != jsonast.Object {
					reportType(p, el, "Each statement must be an object { … }.")
				}
			}
		default:
			reportType(p, st, "Statement must be a list of statements [ { … } ] or a single statement object.")
		}
	}
	if v := p.Policy.IDElem.Value(); v != nil && v.Kind != jsonast.String {
		reportType(p, v, "Id must be a string.")
	}
	for _, s := range p.Policy.Statements {
		checkStatementTypes(p, s)
	}
}

func checkStatementTypes(p *Pass, s *policy.Statement) {
	if v := s.SidElem.Value(); v != nil && v.Kind != jsonast.String {
		reportType(p, v, "Sid must be a string.")
	}
	for _, l := range present(s.Action, s.NotAction, s.Resource, s.NotResource) {
		for _, n := range l.NonStrings {
			reportType(p, n, l.Name+" must be a string or a list of strings.")
		}
	}
	for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
		if pr == nil {
			continue
		}
		if v := pr.Value(); v != nil && v.Kind != jsonast.String && v.Kind != jsonast.Object {
			reportType(p, v, pr.Name+" must be \"*\" or an object such as {\"AWS\": \"…\"}.")
		}
		for _, e := range pr.Entries {
			for _, n := range e.NonStrings {
				reportType(p, n, "A principal must be a string or a list of strings.")
			}
		}
	}
	if s.Condition == nil {
		return
	}
	v := s.Condition.Value()
	if v != nil && v.Kind != jsonast.Object {
		reportType(p, v, "Condition must be an object of operators, e.g. {\"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"}}.")
		return
	}
	for _, b := range s.Condition.Blocks {
		if bv := b.Member.Value; bv != nil && bv.Kind != jsonast.Object {
			reportType(p, bv, "A condition operator takes an object of condition keys, e.g. {\"kms:CallerAccount\": \"111122223333\"}.")
		}
		for _, e := range b.Entries {
			for _, n := range e.NonScalars {
				reportType(p, n, "A condition value must be a string, number or boolean, or a list of them.")
			}
		}
	}
}

// reportType skips nodes the parser could not read: json-syntax has them.
func reportType(p *Pass, n *jsonast.Node, msg string) {
	if n == nil || n.Kind == jsonast.Invalid {
		return
	}
	p.Report(n.Span, "%s", msg)
}

// reportRootType explains a document whose top level is not an object.
func reportRootType(p *Pass, root *jsonast.Node) {
	at := root.Span
	if root.Kind == jsonast.Array {
		at = firstByte(root)
		n := 0
		for _, el := range root.Elems() {
			if el.Kind == jsonast.Object && (el.Lookup("Statement") != nil || el.Lookup("Version") != nil) {
				n++
			}
		}
		if n > 0 {
			p.Report(at, "This file holds a list of %d policies; a policy is one JSON object { … }. Give each policy its own file.", n)
			return
		}
	}
	p.Report(at, "A policy is a JSON object { … }, not %s.", kindPhrase(root.Kind))
}

func kindPhrase(k jsonast.Kind) string {
	switch k {
	case jsonast.Array:
		return "a list"
	case jsonast.String:
		return "a string"
	case jsonast.Number:
		return "a number"
	case jsonast.True, jsonast.False:
		return "a Boolean"
	case jsonast.Null:
		return "null"
	}
	return "this text"
}
