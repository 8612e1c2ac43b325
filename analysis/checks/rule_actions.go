package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The action rules judge each Action and NotAction value on its own.
//
// unknown-action: a kms: name that is not a KMS permission matches no
// request, so the statement silently grants or denies less than intended
// (IAM accepts unknown action names without complaint). The quick fix offers
// the nearest real action. A name without a service prefix is reported too;
// actions of other services are left alone in IAM policies.
//
// wildcard-matches-nothing: a kms: pattern such as kms:Decyrpt* that matches
// no permission is the same mistake in wildcard form.
//
// non-kms-action-in-key-policy: a key policy governs only its own KMS key, so
// an s3: or iam: action in it never applies.
//
// iam-only-in-key-policy: some KMS permissions are not authorized against a
// key (kms:CreateKey, kms:ListKeys, the custom key store operations, …) or,
// like kms:RetireGrant, are documented as not effective in a key policy; in a
// key policy they grant nothing. A wildcard that happens to include them is
// fine: the other permissions it covers still apply.
func init() {
	register(&Rule{
		Code:     "unknown-action",
		Severity: Error,
		Doc:      "A kms: action that does not exist (the nearest one is suggested).",
		Scope:    StatementScope,
		Check:    checkUnknownAction,
	})
	register(&Rule{
		Code:     "wildcard-matches-nothing",
		Severity: Error,
		Doc:      "A kms: wildcard action that matches no KMS permission.",
		Scope:    StatementScope,
		Check:    checkWildcardMatchesNothing,
	})
	register(&Rule{
		Code:     "non-kms-action-in-key-policy",
		Severity: Warning,
		Doc:      "An action of another service in a key policy, which can only grant KMS permissions.",
		Scope:    StatementScope,
		Check:    checkNonKMSActionInKeyPolicy,
	})
	register(&Rule{
		Code:     "iam-only-in-key-policy",
		Severity: Warning,
		Doc:      "A permission that only an IAM policy can grant (kms:CreateKey, kms:ListKeys, …) named in a key policy, where it has no effect.",
		Scope:    StatementScope,
		Check:    checkIAMOnlyInKeyPolicy,
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
			near := suggest(v.Text)
			if near == "" {
				p.Report(v.Node.Span, "%s is not a KMS permission, so it matches no request.", v.Text)
				return
			}
			p.Report(v.Node.Span, "%s is not a KMS permission, so it matches no request; did you mean %s?", v.Text, near).
				withFix(replaceWith("Change to "+near, v.Node, near))
		}
	})
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
