package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The action rules judge each Action and NotAction value on its own.
func init() {
	register(&Rule{
		Code:     "unknown-action",
		Severity: Error,
		Doc:      "An action its service does not define, or one without a service prefix (the nearest one is suggested).",
		Scope:    StatementScope,
		Check:    checkUnknownAction,
		Details: "**Error** for a KMS permission that does not exist (`kms:Decrpyt`) or an action " +
			"without a service prefix, **warning** for an action another service's list in the " +
			"Service Authorization Reference lacks (`s3:GetObjct`): that list may lag behind a " +
			"service's newest actions. IAM accepts such an action silently and it matches " +
			"nothing. Case does not matter (`S3:getobject` is `s3:GetObject`); a typo does. The " +
			"quick fixes offer what it was most likely meant to be: for a `kms:` name that is the " +
			"start of several permissions (`kms:ReEncrypt`, for which there is no single " +
			"permission), the wildcard that covers them (`kms:ReEncrypt*`) and each of them; " +
			"otherwise the nearest action of the service. In a key policy, actions of " +
			"other services are left to `non-kms-action-in-key-policy`.",
		Example: `"Action": ["kms:Decrpyt", "s3:GetObjct"]`,
	})
	register(&Rule{
		Code:     "unknown-service",
		Severity: Error,
		Doc:      "An action or condition key whose service prefix no AWS service has (the nearest prefix is suggested).",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkUnknownService,
		Details: "The part before the colon of an action (`kmz:Decrypt`) or of a condition key " +
			"(`s4:prefix`) is no service's prefix in the Service Authorization Reference, so the " +
			"action matches nothing and the key is never in a request. The quick fix offers the " +
			"nearest prefix. Keys whose prefix is an identity provider's " +
			"(`accounts.google.com:aud`, any prefix with a dot or a slash) are left alone, and " +
			"so are the prefixes of retired services that AWS's managed policies still name " +
			"(`deeplens`, `iot1click`, …).",
		Example: `"Action": ["kmz:Decrypt"]`,
	})
	register(&Rule{
		Code:     "wildcard-matches-nothing",
		Severity: Error,
		Doc:      "A wildcard action that matches no action of its service.",
		Scope:    StatementScope,
		Check:    checkWildcardMatchesNothing,
		Details: "**Error** for a `kms:` wildcard that matches no KMS permission (`kms:Decyrpt*`), " +
			"**warning** for another that matches no action in the Service Authorization " +
			"Reference (`s3:Gett*`, `*:Frobnicate*`): it grants nothing. In a key policy only " +
			"`kms:` wildcards are judged.",
		Example: `"Action": "kms:Decyrpt*"`,
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
	// Suggestions cost an edit distance to every action of the service; a
	// long list often repeats the same misspelling.
	nearest := map[string]string{}
	suggest := func(name string) string {
		n, ok := nearest[name]
		if !ok {
			n = nearestAction(name)
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
		case catalog.HasWildcard(v.Text):
			return
		case isKMSService(service):
			if catalog.LookupAction(v.Text) == nil {
				reportUnknownKMSAction(p, v)
			}
		case p.isKeyPolicy():
			return // non-kms-action-in-key-policy says it has no effect here
		default:
			// The data may lag behind a service's newest actions: a warning.
			if s := services.Lookup(service); s != nil && s.Action(name) == nil {
				reportUnknownAction(p, Warning, v, "is not an action of "+s.Name+" in the Service Authorization Reference, so it likely matches no request", suggest(v.Text))
			}
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

func reportUnknownAction(p *Pass, sev Severity, v policy.Value, what, near string) {
	if near == "" {
		p.ReportSeverity(sev, v.Node.Span, "%s %s.", v.Text, what)
		return
	}
	p.ReportSeverity(sev, v.Node.Span, "%s %s; did you mean %s?", v.Text, what, near).
		withFix(replaceWith("Change to "+near, v.Node, near))
}

// nearestAction suggests the action closest to a misspelt one: a KMS
// permission from the catalog (a name without a prefix is read as a kms:
// name), another service's action from its own list.
func nearestAction(name string) string {
	service, rest, ok := strings.Cut(name, ":")
	if !ok || isKMSService(service) {
		return catalog.NearestAction(name)
	}
	s := services.Lookup(service)
	if s == nil {
		return ""
	}
	if near := s.NearestAction(rest); near != "" {
		return s.Prefix + ":" + near
	}
	return ""
}

func checkUnknownService(p *Pass) {
	eachAction(p, func(v policy.Value) {
		service, _, ok := splitAction(v.Text)
		if !ok || catalog.HasWildcard(service) || knownService(service) {
			return
		}
		reportUnknownService(p, v.Node, v.Text, service, "so it matches no action")
	})
	eachKey(p, func(_ *policy.Statement, _ *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		prefix, _, ok := strings.Cut(e.Key, ":")
		if k != nil || !ok || prefix == "" || hasVariable(e.Key) || strings.ContainsAny(prefix, "./*?") ||
			knownService(prefix) || services.KnownKeyPrefix(prefix) {
			return
		}
		reportUnknownService(p, e.Member.Key, e.Key, prefix, "so no request carries this key")
	})
}

func knownService(prefix string) bool {
	return isKMSService(prefix) || strings.EqualFold(prefix, "aws") || services.Lookup(prefix) != nil ||
		services.Undocumented(prefix)
}

// reportUnknownService reports a name whose prefix is no service's, with
// the fix that changes the prefix to the nearest one.
func reportUnknownService(p *Pass, n *jsonast.Node, text, prefix, consequence string) {
	near := services.NearestService(prefix)
	if near == "" {
		p.Report(n.Span, "No AWS service in the Service Authorization Reference has the prefix %q, %s.", prefix, consequence)
		return
	}
	fixed := near + text[len(prefix):]
	p.Report(n.Span, "No AWS service in the Service Authorization Reference has the prefix %q, %s; did you mean %s?", prefix, consequence, fixed).
		withFix(replaceWith("Change to "+fixed, n, fixed))
}

func checkWildcardMatchesNothing(p *Pass) {
	eachAction(p, func(v policy.Value) {
		service, name, ok := splitAction(v.Text)
		if !ok || !catalog.HasWildcard(v.Text) {
			return
		}
		if isKMSService(service) {
			if catalog.HasWildcard(name) && len(catalog.MatchActions(v.Text)) == 0 {
				p.Report(v.Node.Span, "%s matches no KMS permission, so it grants nothing; check the spelling (e.g. kms:Generate*, kms:Get*).", v.Text)
			}
			return
		}
		if p.isKeyPolicy() || !catalog.HasWildcard(service) && !knownService(service) || services.Undocumented(service) {
			return // unknown-service, or non-kms-action-in-key-policy, says more
		}
		if len(services.MatchActions(v.Text)) == 0 {
			p.ReportSeverity(Warning, v.Node.Span, "%s matches no action in the Service Authorization Reference, so it likely grants nothing; check the spelling.", v.Text)
		}
	})
}

func checkNonKMSActionInKeyPolicy(p *Pass) {
	eachKeyPolicyAction(p, func(v policy.Value) {
		service, _, ok := splitAction(v.Text)
		if !ok || service == "" || isKMSService(service) || catalog.HasWildcard(service) || !knownService(service) {
			return // an unknown prefix is unknown-service's
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
