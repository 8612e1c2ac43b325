package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "unknown-element",
		Severity: Error,
		Doc:      "A top-level or statement member that is not a policy element (names are case-sensitive).",
		Check:    checkUnknownElement,
		Details: "A top-level member other than `Version`, `Id`, `Statement`, or a statement " +
			"member other than `Sid`, `Effect`, `Principal`, `NotPrincipal`, `Action`, " +
			"`NotAction`, `Resource`, `NotResource`, `Condition`. Names are case-sensitive: " +
			"`statement` is not `Statement`. The quick fix offers the element that was meant.",
		Example: `{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Conditions": {}}`,
	})
}

var (
	topElements       = []string{"Version", "Id", "Statement"}
	statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

func checkUnknownElement(p *Pass) {
	reportUnknown(p, p.Policy.Elements, topElements, "policy")
	for _, s := range p.Policy.Statements {
		reportUnknown(p, s.Elements, statementElements, "statement")
	}
}

func reportUnknown(p *Pass, elems []policy.Element, known []string, where string) {
	for _, e := range elems {
		if contains(known, e.Name) {
			continue
		}
		key := e.Member.Key
		// A name that differs only in case is at distance 0, so Nearest finds it.
		want := catalog.Nearest(e.Name, known)
		if want == "" {
			p.Report(key.Span, "%q is not a %s element; the elements are %s.", e.Name, where, strings.Join(known, ", "))
			continue
		}
		p.Report(key.Span, "%q is not a %s element (names are case-sensitive); did you mean %q?", e.Name, where, want).
			withFix(replaceWith("Change to "+want, key, want))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
