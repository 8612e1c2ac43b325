package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// What a finding near a syntax error is worth.
//
// The tolerant parser recovers from half-typed text, but what it recovers
// may not be what the user meant: a string cut in two can swallow the
// members after it, a missing bracket can fold the next statement into
// this one. A finding about such text can contradict what the user sees.
// So, in a document with syntax errors:
//   - a finding inside a statement whose text holds a syntax error,
//   - and a finding outside every statement (about the policy as a whole,
//     such as lockout-risk, which a swallowed statement can cause)
//
// is lowered to a hint and says why. Findings inside statements without
// syntax errors stand as they are, and so do the findings of the
// file-scoped rules (json-syntax, invalid-encoding), which are about the
// text itself.
const hedgeNote = " (This may change once the syntax error near it is fixed.)"

func hedgeNearSyntaxErrors(pol *policy.Policy, diags []Diagnostic) {
	f := pol.File
	if f == nil || len(f.Errors) == 0 {
		return
	}
	for i := range diags {
		d := &diags[i]
		if d.Severity == Hint || fileScoped(d.Code) {
			continue
		}
		s := statementAround(pol, d.Start, d.End)
		if s != nil && !hasErrorIn(f, s.Node) {
			continue
		}
		d.Severity = Hint
		d.Message += hedgeNote
	}
}

func fileScoped(code string) bool {
	r := LookupRule(code)
	return r != nil && r.Scope == FileScope
}

// statementAround is the statement whose text holds [start, end), nil
// for a finding outside every statement.
func statementAround(pol *policy.Policy, start, end int) *policy.Statement {
	for _, s := range pol.Statements {
		if s.Node != nil && s.Node.Start <= start && end <= s.Node.End {
			return s
		}
	}
	return nil
}

func hasErrorIn(f *jsonast.File, n *jsonast.Node) bool {
	for _, e := range f.Errors {
		if e.Start < n.End && e.End > n.Start || e.Start == n.End && !n.Closed {
			return true
		}
	}
	return false
}
