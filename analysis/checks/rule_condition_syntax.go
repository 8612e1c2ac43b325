package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Rules about how conditions are written, whatever the keys mean.
func init() {
	register(&Rule{
		Code:     "invalid-condition-key-format",
		Severity: Error,
		Doc:      "A condition key not written PREFIX:NAME, which no request carries.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkConditionKeyFormat,
		Details: "Every condition key is `PREFIX:NAME` (`aws:SourceIp`, `kms:ViaService`, " +
			"`s3:prefix`); one without a colon, or with nothing before or after it, is no key " +
			"and the condition never sees a value for it. The quick fix offers the `aws:` or " +
			"`kms:` key of that name when there is one.",
		Example: `"Condition": {"IpAddress": {"SourceIp": "203.0.113.0/24"}}`,
	})
	register(&Rule{
		Code:     "duplicate-condition-key",
		Severity: Error,
		Doc:      "The same condition key twice in one operator block, spelt in different case.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkDuplicateConditionKey,
		Details: "IAM reads condition key names without regard to case, so `aws:SourceIp` and " +
			"`aws:sourceip` in one operator block are the same key twice (Access Analyzer " +
			"reports it as an error). Merge their values under one name. (Exact repeats are " +
			"`duplicate-key`'s.)",
		Example: `"Condition": {"StringEquals": {"aws:PrincipalTag/team": "a", "aws:principaltag/team": "b"}}`,
	})
	register(&Rule{
		Code:     "bool-with-several-values",
		Severity: Error,
		Doc:      "A Bool condition given several values; a Boolean key has one.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkBoolWithSeveralValues,
		Details: "`Bool` compares a key that is `true` or `false` with one value. With both " +
			"(`[\"true\", \"false\"]`) the condition matches whatever the key holds and tests " +
			"only that it is present; the same value twice is a repeat. Access Analyzer reports " +
			"either as an error. Give one value, or use `Null` to test presence.",
		Example: `"Condition": {"Bool": {"aws:SecureTransport": ["true", "false"]}}`,
	})
	register(&Rule{
		Code:     "null-with-set-operator",
		Severity: Warning,
		Doc:      "Null under ForAnyValue: or ForAllValues:, where the qualifier has no meaning.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkNullWithSetOperator,
		Details: "`Null` asks whether the request carries the key at all, a question about the " +
			"key rather than its values, so `ForAnyValue:`/`ForAllValues:` mean nothing there " +
			"(Access Analyzer reads `ForAllValues:Null` as always true and `ForAnyValue:Null` as " +
			"never). Quick fix: plain `Null`.",
		Example: `"Condition": {"ForAllValues:Null": {"aws:TagKeys": "false"}}`,
	})
}

func checkConditionKeyFormat(p *Pass) {
	eachKey(p, func(_ *policy.Statement, _ *facts.Block, e *facts.Entry, _ *catalog.ConditionKey) {
		prefix, name, ok := strings.Cut(e.Key, ":")
		if e.Key == "" || hasVariable(e.Key) || ok && prefix != "" && name != "" {
			return // an empty name is empty-value's
		}
		d := p.Report(e.Member.Key.Span, "%q is not a condition key: keys are written PREFIX:NAME, e.g. aws:SourceIp, so no request carries it.", e.Key)
		if ok {
			return
		}
		for _, guess := range []string{"aws:" + e.Key, "kms:" + e.Key} {
			if k := catalog.LookupKey(guess); k != nil && !k.Parameterised() {
				d.Message += " Did you mean " + k.Name + "?"
				d.withFix(replaceWith("Change to "+k.Name, e.Member.Key, k.Name))
				return
			}
		}
	})
}

func checkDuplicateConditionKey(p *Pass) {
	for _, s := range p.Policy.Statements {
		blocks := p.Conditions(s)
		for i := range blocks {
			keys := blocks[i].Keys
			for j := range keys {
				for _, earlier := range keys[:j] {
					if earlier.Key != keys[j].Key && strings.EqualFold(earlier.Key, keys[j].Key) {
						p.Report(keys[j].Member.Key.Span, "%s is %s again (condition key names ignore case), so this block names one key twice; merge their values under one name.", keys[j].Key, earlier.Key)
						break
					}
				}
			}
		}
	}
}

func checkBoolWithSeveralValues(p *Pass) {
	eachKey(p, func(_ *policy.Statement, b *facts.Block, e *facts.Entry, _ *catalog.ConditionKey) {
		if !b.Known() || b.Op.Name != "Bool" || len(e.Values) < 2 {
			return
		}
		var t, f bool
		for _, v := range e.Values {
			t = t || strings.EqualFold(v.Text, "true")
			f = f || strings.EqualFold(v.Text, "false")
		}
		if t && f {
			p.Report(e.Member.Value.Span, "%s is true or false: Bool takes one value, and with both the condition tests only that the key is present. Give one value, or use Null.", e.Key)
			return
		}
		p.Report(e.Member.Value.Span, "%s is true or false: Bool takes one value; give it once.", e.Key)
	})
}

func checkNullWithSetOperator(p *Pass) {
	for _, s := range p.Policy.Statements {
		blocks := p.Conditions(s)
		for i := range blocks {
			b := &blocks[i]
			if !b.Known() || b.Op.Name != "Null" || b.Set == "" {
				continue
			}
			p.Report(b.Member.Key.Span, "Null asks whether the request carries the key at all, so %s: means nothing here; use plain Null.", b.Set).
				withFix(replaceWith("Change to Null", b.Member.Key, "Null"))
		}
	}
}
