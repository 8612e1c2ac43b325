package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"strings"
)

// The action rules judge each Action and NotAction value on its own.
func init() {
	register(&Rule{
		Code:     "unknown-action",
		Severity: Error,
		Doc:      "A kms: action that does not exist (the nearest one is suggested).",
		Scope:    StatementScope,
		Check:    checkUnknownAction,
		Details: "A `kms:` action that does not exist, or an action without a service prefix. IAM " +
			"accepts it silently and it matches nothing. The quick fixes offer what it was most " +
			"likely meant to be: when the name is the start of several permissions (`kms:ReEncrypt`, " +
			"for which there is no single permission), the wildcard that covers them " +
			"(`kms:ReEncrypt*`) and each of them; otherwise the nearest KMS permission. Actions of " +
			"other services are left alone in IAM policies.",
		Example: `"Action": ["kms:Decrpyt"]`,
	})
	register(&Rule{
		Code:     "wildcard-matches-nothing",
		Severity: Error,
		Doc:      "A kms: wildcard action that matches no KMS permission.",
		Scope:    StatementScope,
		Check:    checkWildcardMatchesNothing,
		Details:  "A `kms:` wildcard that matches no KMS permission, so it grants nothing.",
		Example:  `"Action": "kms:Decyrpt*"`,
	})
	register(&Rule{
		Code:     "non-kms-action-in-key-policy",
		Severity: Warning,
		Doc:      "An action of another service in a key policy, which can only grant KMS permissions.",
		Scope:    StatementScope,
		Check:    checkNonKMSActionInKeyPolicy,
		Details: "An action of another service in a key policy. A key policy governs only its own " +
			"KMS key, so `s3:GetObject` there has no effect.",
		Example: `"Action": ["kms:Decrypt", "s3:GetObject"]`,
	})
	register(&Rule{
		Code:     "iam-only-in-key-policy",
		Severity: Warning,
		Doc:      "A permission that only an IAM policy can grant (kms:CreateKey, kms:ListKeys, …) named in a key policy, where it has no effect.",
		Scope:    StatementScope,
		Check:    checkIAMOnlyInKeyPolicy,
		Details: "A permission that only an IAM policy can grant (`kms:CreateKey`, `kms:ListKeys`, " +
			"`kms:ListAliases`, `kms:GenerateRandom`, `kms:ListRetirableGrants`, " +
			"`kms:RetireGrant`, the custom key store permissions) named in a key policy, " +
			"where it does nothing. A wildcard that includes such permissions is not " +
			"reported.",
		Example: `"Action": ["kms:CreateKey", "kms:DescribeKey"]`,
	})
}

// eachAction calls f for every value of every Action and NotAction list,
// except "" and "*", which other rules judge.
func eachAction(p *Pass, f func(v policy.Value)) {
	for _, s := range p.Policy.Statements {
		for _, l := range present(s.Action, s.NotAction) {
			for _, v := range l.Values {
				if v.Text != "" && v.Text != "*" {
					f(v)
				}
			}
		}
	}
}

// eachKeyPolicyAction calls f for every Action value of a key policy. It
// skips NotAction: a permission a key policy cannot grant does no harm in
// the list of those a statement leaves out.
func eachKeyPolicyAction(p *Pass, f func(v policy.Value)) {
	if !p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		if s.Action != nil {
			for _, v := range s.Action.Values {
				f(v)
			}
		}
	}
}

func checkUnknownAction(p *Pass) {
	// Suggestions cost an edit distance to every action; a long list often
	// repeats the same misspelling.
	nearest := map[string]string{}
	suggest := func(name string) string {
		n, ok := nearest[name]
		if !ok {
			n = catalog.NearestAction(name)
			nearest[name] = n
		}
		return n
	}
	eachAction(p, func(v policy.Value) {
		service, name, ok := splitAction(v.Text)
		switch {
		case !ok:
			if catalog.HasWildcard(v.Text) {
				return // e.g. "kms*": a pattern over whole names, not judged
			}
			d := p.Report(v.Node.Span, "%q has no service prefix; an action is written SERVICE:ACTION, e.g. kms:Decrypt.", v.Text)
			if near := suggest(v.Text); near != "" {
				d.Message += " Did you mean " + near + "?"
				d.withFix(replaceWith("Change to "+near, v.Node, near))
			}
		case !isKMSService(service) || catalog.HasWildcard(name):
			return
		case catalog.LookupAction(v.Text) == nil:
			reportUnknownKMSAction(p, v)
		}
	})
}

// reportUnknownKMSAction reports a kms: name that is no permission, with
// what it was most likely meant to be: the permissions it is the start of
// (kms:ReEncrypt → kms:ReEncrypt*, kms:ReEncryptFrom, kms:ReEncryptTo)
// before an edit-distance neighbour, each a quick fix, the first preferred.
func reportUnknownKMSAction(p *Pass, v policy.Value) {
	names := catalog.SuggestActions(v.Text)
	if len(names) == 0 {
		p.Report(v.Node.Span, "%s is not a KMS permission, so it matches no request.", v.Text)
		return
	}
	meant := names[0]
	if len(names) > 1 {
		meant += ", which covers " + strings.Join(names[1:], " and ")
	}
	d := p.Report(v.Node.Span, "%s is not a KMS permission, so it matches no request; did you mean %s?", v.Text, meant)
	for i, name := range names {
		fix := replaceWith("Change to "+name, v.Node, name)
		fix.Preferred = i == 0
		d.withFix(fix)
	}
}

func checkWildcardMatchesNothing(p *Pass) {
	eachAction(p, func(v policy.Value) {
		service, name, ok := splitAction(v.Text)
		if !ok || !isKMSService(service) || !catalog.HasWildcard(name) {
			return
		}
		if len(catalog.MatchActions(v.Text)) == 0 {
			p.Report(v.Node.Span, "%s matches no KMS permission, so it grants nothing; check the spelling (e.g. kms:Generate*, kms:Get*).", v.Text)
		}
	})
}

func checkNonKMSActionInKeyPolicy(p *Pass) {
	eachKeyPolicyAction(p, func(v policy.Value) {
		service, _, ok := splitAction(v.Text)
		if !ok || service == "" || isKMSService(service) || catalog.HasWildcard(service) {
			return
		}
		p.Report(v.Node.Span, "A key policy controls only its own KMS key, so %s has no effect here; grant it in an IAM policy or the other service's resource policy.", v.Text)
	})
}

func checkIAMOnlyInKeyPolicy(p *Pass) {
	eachKeyPolicyAction(p, func(v policy.Value) {
		if catalog.HasWildcard(v.Text) {
			return
		}
		if a := catalog.LookupAction(v.Text); a != nil && a.PolicyTypes() == catalog.IAMPolicy {
			p.Report(v.Node.Span, "%s can only be granted in an IAM policy; in a key policy it has no effect. Move it to an IAM policy%s.", a.Name, resourceHint(a))
		}
	})
}

// resourceHint tells where an IAM-only permission goes.
func resourceHint(a *catalog.Action) string {
	for _, r := range a.Resources() {
		if r == catalog.ResourceAny {
			return " with \"Resource\": \"*\""
		}
	}
	return ""
}
