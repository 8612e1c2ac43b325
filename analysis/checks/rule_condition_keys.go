package checks

import (
	"slices"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The condition key rules judge each key of each Condition block.
func init() {
	register(&Rule{
		Code:     "unknown-condition-key",
		Severity: Error,
		Doc:      "A kms: condition key that does not exist (error), or an aws: key that is not a known global key (warning).",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkUnknownConditionKey,
		Details: "**Error** for a `kms:` condition key that does not exist, **warning** for an " +
			"unknown `aws:` key. The condition never sees a value for it. The quick fix " +
			"offers the nearest key. Keys of other services are left alone.",
		Example: `"Condition": {"StringEquals": {"kms:CallerAcount": "111122223333"}}`,
	})
	register(&Rule{
		Code:     "condition-key-not-supported",
		Severity: Error,
		Doc:      "A condition key that none (error) or only some (warning) of the statement's actions support.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions, facts.KindActions},
		Check:    checkConditionKeyNotSupported,
		Details: "**Error** when none of the statement's actions supports the key (the condition " +
			"cannot work as written), **warning** when only some do. A wildcard action counts " +
			"as the actions it expands to that can apply in the statement: in a key policy " +
			"those a key policy can grant, in an IAM policy those whose resource type fits " +
			"`Resource`. Global `aws:` keys are accepted everywhere, except " +
			"`aws:RequestTag/…` and `aws:TagKeys`, which only the tagging-capable actions " +
			"carry.",
		Example: `{"Action": ["kms:Decrypt", "kms:DescribeKey"], "Condition": {"StringEquals": {"kms:EncryptionContext:Department": "finance"}}}`,
	})
	register(&Rule{
		Code:     "deprecated-condition-key",
		Severity: Hint,
		Doc:      "A renamed condition key: kms:CustomerMasterKeySpec (now kms:KeySpec) or kms:CustomerMasterKeyUsage (now kms:KeyUsage).",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkDeprecatedConditionKey,
		Details: "`kms:CustomerMasterKeySpec` and `kms:CustomerMasterKeyUsage` still work but were " +
			"renamed `kms:KeySpec` and `kms:KeyUsage`. Quick fix: rename.",
		Example: `"Condition": {"StringEquals": {"kms:CustomerMasterKeySpec": "SYMMETRIC_DEFAULT"}}`,
	})
	register(&Rule{
		Code:     "iam-only-condition-key",
		Severity: Warning,
		Doc:      "A condition key that works only in IAM policies (kms:ResourceAliases) used in a key policy.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkIAMOnlyConditionKey,
		Applies:  "key policies",
		Details: "A condition key that AWS documents for IAM policies only (`kms:ResourceAliases`) " +
			"used in a key policy.",
		Example: `"Condition": {"ForAnyValue:StringLike": {"kms:ResourceAliases": "alias/payments-*"}}`,
	})
}

// eachKey calls f for every condition key of every statement, with its
// block and its catalog key (nil when unknown).
func eachKey(p *Pass, f func(s *policy.Statement, b *facts.Block, e *facts.Entry, k *catalog.ConditionKey)) {
	for _, s := range p.Policy.Statements {
		blocks := p.Conditions(s)
		for i := range blocks {
			b := &blocks[i]
			for j := range b.Keys {
				f(s, b, &b.Keys[j], b.Keys[j].Catalog)
			}
		}
	}
}

func keyPrefix(name string) string {
	prefix, _, _ := strings.Cut(name, ":")
	return strings.ToLower(prefix)
}

func checkUnknownConditionKey(p *Pass) {
	eachKey(p, func(_ *policy.Statement, _ *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if k != nil || hasVariable(e.Key) {
			return
		}
		sev := Error
		switch keyPrefix(e.Key) {
		case "kms":
		case "aws":
			sev = Warning
		default:
			return
		}
		key := e.Member.Key
		near := suggestKey(e.Key)
		if near == "" {
			p.ReportSeverity(sev, key.Span, "%s is not a known condition key, so this condition never sees a value for it.", e.Key)
			return
		}
		p.ReportSeverity(sev, key.Span, "%s is not a known condition key, so this condition never sees a value for it; did you mean %s?", e.Key, near).
			withFix(replaceWith("Change to "+near, key, near))
	})
}

// plainKeyNames are the names of the condition keys that take no parameter.
var plainKeyNames = func() []string {
	var out []string
	for _, k := range catalog.ConditionKeys() {
		if !k.Parameterised() {
			out = append(out, k.Name)
		}
	}
	return out
}()

// suggestKey is catalog.NearestKey, except that a plain key at least as close
// as its suggestion wins over a parameterised one. "kms:EncryptionContextKey"
// reads as kms:EncryptionContextKeys with the s missing, or as the context
// key "Key" with the colon missing; both are one edit away, and the first is
// far more often what was meant.
func suggestKey(name string) string {
	near := catalog.NearestKey(name)
	if k := catalog.LookupKey(near); k == nil || !k.Parameterised() {
		return near
	}
	plain := catalog.Nearest(name, plainKeyNames)
	if plain == "" {
		return near
	}
	// Of equally close candidates Nearest keeps the first: the plain key.
	if best := catalog.Nearest(name, []string{plain, near}); best != "" {
		return best
	}
	return near
}

func checkConditionKeyNotSupported(p *Pass) {
	eachKey(p, func(s *policy.Statement, _ *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if k == nil || !judgedBySupport(k) {
			return
		}
		actions := p.Actions(s).Effective()
		if len(actions) == 0 {
			return
		}
		unsupported := 0
		for _, a := range actions {
			if !a.Supports(k) {
				unsupported++
			}
		}
		switch {
		case unsupported == 0:
		case unsupported == len(actions):
			p.ReportSeverity(Error, e.Member.Key.Span, "None of this statement's actions (%s) supports %s, so the key is never in the request and the condition cannot work as written. Remove it, or move it to a statement with actions that use it.", actionNames(actions, 3), e.Key)
		default:
			without := slices.DeleteFunc(slices.Clone(actions), func(a *catalog.Action) bool { return a.Supports(k) })
			p.ReportSeverity(Warning, e.Member.Key.Span, "%s is not supported by %s, so for those actions the key is never in the request. Put them in a separate statement without this condition.", e.Key, actionNames(without, 3))
		}
	})
}

// judgedBySupport reports whether the table's per-action key lists settle
// whether a request carries the key: true for kms: keys and the tag-request
// global keys, false for the other global keys, which every KMS request may carry.
func judgedBySupport(k *catalog.ConditionKey) bool {
	if !k.Global {
		return true
	}
	const requestTag = "aws:RequestTag/"
	return strings.EqualFold(k.Name, "aws:TagKeys") ||
		len(k.Name) >= len(requestTag) && strings.EqualFold(k.Name[:len(requestTag)], requestTag)
}

func checkDeprecatedConditionKey(p *Pass) {
	eachKey(p, func(_ *policy.Statement, _ *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if k == nil || k.Deprecated == "" {
			return
		}
		d := p.Report(e.Member.Key.Span, "%s is the old name of %s; it still works, but use %s.", e.Key, k.Deprecated, k.Deprecated)
		d.Tags = append(d.Tags, TagDeprecated)
		d.withFix(replaceWith("Change to "+k.Deprecated, e.Member.Key, k.Deprecated))
	})
}

func checkIAMOnlyConditionKey(p *Pass) {
	if !p.isKeyPolicy() {
		return
	}
	eachKey(p, func(_ *policy.Statement, _ *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if k == nil || !k.IAMOnly {
			return
		}
		p.Report(e.Member.Key.Span, "%s works only in IAM policies, not in a key policy. Move this condition to an IAM policy, or use kms:RequestAlias here.", e.Key)
	})
}
