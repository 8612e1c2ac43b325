package checks

import (
	"slices"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The condition key rules judge each key of each Condition block.
func init() {
	register(&Rule{
		Code:     "unknown-condition-key",
		Severity: Error,
		Doc:      "A kms: condition key that does not exist (error), or an aws: or service key that is not known (warning).",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkUnknownConditionKey,
		Details: "**Error** for a `kms:` condition key that does not exist, **warning** for an " +
			"unknown `aws:` key and for a key its service's table in the Service Authorization " +
			"Reference lacks (`s3:prefx`; the table may lag behind the service). The condition " +
			"never sees a value for it. The quick fix offers the nearest key. A key whose " +
			"prefix no service has is `unknown-service`'s.",
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
			"cannot work as written), **warning** when only some do. KMS actions are judged by " +
			"the KMS catalog; another service's action by its keys, its resource types' keys " +
			"and the keys of its row in the Service Authorization Reference. That reference " +
			"misses some keys a service does read, so an absence there is certain only across " +
			"services (`s3:prefix` on `kms:Decrypt`, `kms:ViaService` on " +
			"`ec2:DescribeSnapshots`); within a service it gives a warning that says what it " +
			"rests on. A KMS wildcard counts as the actions it expands to that can apply in the " +
			"statement: in a key policy those a key policy can grant, in an IAM policy those " +
			"whose resource type fits `Resource`; another service's wildcard supports a key " +
			"when one of its actions does, and is not listed among those that do not. Global " +
			"`aws:` keys are accepted everywhere, except `aws:RequestTag/…` and `aws:TagKeys`, " +
			"which only the tagging-capable actions carry. In a key policy, only KMS actions " +
			"count.",
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
		if _, name, ok := strings.Cut(e.Key, ":"); k != nil || hasVariable(e.Key) || !ok || name == "" {
			return // a key not written PREFIX:NAME is invalid-condition-key-format's
		}
		sev := Error
		if keyPrefix(e.Key) == "aws" {
			sev = Warning
		}
		if k := catalog.KeyWithoutParam(e.Key); k != nil {
			// No name is near enough to suggest: what is missing is the
			// user's own (a context key, a tag key).
			p.ReportSeverity(sev, e.Member.Key.Span, "%s lacks its %s, so this condition never sees a value for it: the key is written %s.", e.Key, k.Param, k.Name)
			return
		}
		what := "is not a known condition key, so this condition never sees a value for it"
		var near string
		switch prefix := keyPrefix(e.Key); prefix {
		case "kms":
			near = suggestKey(e.Key)
		case "aws":
			near = suggestKey(e.Key)
		default:
			// The reference may lag behind a service's newest keys: a warning.
			tables := services.KeyTables(prefix)
			if len(tables) == 0 || services.LookupKey(e.Key) != nil {
				return
			}
			sev, near = Warning, tables[0].NearestKey(e.Key)
			what = "is not a condition key of " + tables[0].Name + " in the Service Authorization Reference, so this condition likely never sees a value for it"
		}
		key := e.Member.Key
		if near == "" {
			p.ReportSeverity(sev, key.Span, "%s %s.", e.Key, what)
			return
		}
		p.ReportSeverity(sev, key.Span, "%s %s; did you mean %s?", e.Key, what, near).
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
		if k == nil && services.LookupKey(e.Key) == nil {
			return // unknown-condition-key or unknown-service says what is wrong
		}
		if k != nil && !judgedBySupport(k) {
			return
		}
		acts := p.Actions(s)
		kms := acts.Effective()
		others, resolved := otherActions(p, acts)
		if len(kms) == 0 && len(others) == 0 {
			return
		}
		var v verdict
		for _, a := range kms {
			v.add(a.Supports(k), true, a.Name)
		}
		for _, o := range others {
			if o.supportedBy(e.Key) {
				v.add(true, true, "")
			} else if o.literal != nil {
				v.add(false, certainlyWithout(o.literal, e.Key), o.literal.FullName())
			} else {
				v.uncertain = v.uncertain || !o.certainlyWithout(e.Key)
			}
		}
		v.report(p, e, resolved, kms, others)
	})
}

// verdict collects, for one key, which of a statement's actions support it.
type verdict struct {
	any       bool     // some action supports the key
	without   []string // the actions named one by one that do not
	uncertain bool     // some "does not" rests on the Service Authorization Reference's lists of keys per action, which miss some
}

func (v *verdict) add(supports, certain bool, name string) {
	switch {
	case supports:
		v.any = true
	default:
		v.without = append(v.without, name)
		v.uncertain = v.uncertain || !certain
	}
}

func (v *verdict) report(p *Pass, e *facts.Entry, resolved bool, kms []*catalog.Action, others []otherAction) {
	span := e.Member.Key.Span
	switch {
	case !v.any && resolved && !v.uncertain:
		p.ReportSeverity(Error, span, "None of this statement's actions (%s) supports %s, so the key is never in the request and the condition cannot work as written. Remove it, or move it to a statement with actions that use it.", statementActionNames(kms, others), e.Key)
	case !v.any && resolved:
		p.ReportSeverity(Warning, span, "The Service Authorization Reference lists %s for none of this statement's actions (%s), so the key is likely never in the request and the condition cannot work as written.", e.Key, statementActionNames(kms, others))
	case len(v.without) == 0 || !v.any && !resolved:
	case !v.uncertain:
		p.ReportSeverity(Warning, span, "%s is not supported by %s, so for those actions the key is never in the request. Put them in a separate statement without this condition.", e.Key, listNames(v.without, 3))
	default:
		p.ReportSeverity(Warning, span, "The Service Authorization Reference does not list %s for %s, so for those actions the key is likely never in the request. Put them in a separate statement without this condition.", e.Key, listNames(v.without, 3))
	}
}

// certainlyWithout reports whether an action of another service than KMS
// certainly never sees the key: a key of a service whose table the
// action's service does not share (kms:ViaService for ec2:DescribeSnapshots,
// s3:prefix for logs:PutLogEvents). Within a service, and for aws: keys,
// the reference's lists of keys per action are incomplete, so an absence
// there is not certain.
func certainlyWithout(a *services.Action, key string) bool {
	prefix := services.KeyPrefix(key)
	if strings.EqualFold(prefix, "aws") {
		return false
	}
	return !slices.Contains(services.KeyTables(prefix), a.Service)
}

// otherAction is a value of another service than KMS, resolved: one action,
// or the actions a pattern matches.
type otherAction struct {
	literal *services.Action
	matched []*services.Action
}

// otherActions resolves a statement's Action values of services other than
// KMS. resolved is false when a value names something the data lacks (an
// unknown or retired service, an action newer than the data): what it
// stands for is then not known, and "no action supports the key" cannot be
// said.
func otherActions(p *Pass, a *facts.Actions) (out []otherAction, resolved bool) {
	resolved = true
	if a.Not || p.isKeyPolicy() {
		return nil, true // a key policy grants KMS permissions only
	}
	for _, o := range a.Other() {
		if o.KMS {
			resolved = false
			continue
		}
		ms := o.Actions()
		switch {
		case len(ms) == 0:
			resolved = false
		case o.Wildcard():
			out = append(out, otherAction{matched: ms})
		case ms[0].Service.Prefix != "kms":
			out = append(out, otherAction{literal: ms[0]})
		}
	}
	return out, resolved
}

// supportedBy reports whether the action, or any action the pattern
// matches, supports the key. KMS actions are the catalog's to judge. A
// service's key can only be supported by the services whose tables hold
// it, so a pattern's other actions are not asked.
func (o otherAction) supportedBy(name string) bool {
	if o.literal != nil {
		return o.literal.Supports(name)
	}
	for _, a := range o.matched {
		if a.Service.Prefix != "kms" && !certainlyWithout(a, name) && a.Supports(name) {
			return true
		}
	}
	return false
}

// certainlyWithout reports whether no action the pattern matches can see
// the key (see the function of that name).
func (o otherAction) certainlyWithout(name string) bool {
	for _, a := range o.matched {
		if a.Service.Prefix != "kms" && !certainlyWithout(a, name) {
			return false
		}
	}
	return true
}

// statementActionNames names up to three of a statement's actions.
func statementActionNames(kms []*catalog.Action, others []otherAction) string {
	var names []string
	for _, a := range kms {
		names = append(names, a.Name)
	}
	for _, o := range others {
		if o.literal != nil {
			names = append(names, o.literal.FullName())
		} else if len(o.matched) > 0 {
			names = append(names, o.matched[0].FullName())
		}
	}
	return listNames(names, 3)
}

// listNames joins up to max names for a message.
func listNames(names []string, max int) string {
	if len(names) > max {
		return strings.Join(names[:max], ", ") + ", …"
	}
	return strings.Join(names, ", ")
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
