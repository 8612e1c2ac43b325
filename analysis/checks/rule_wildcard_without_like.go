package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "wildcard-without-like",
		Severity: Warning,
		Doc:      "A * or ? in a value compared with StringEquals (or another non-Like string operator), where it is no wildcard.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkWildcardWithoutLike,
		Details: "`StringEquals`, `StringNotEquals` and their `IgnoreCase` forms compare values " +
			"as written: a `*` or `?` matches only itself. For a pattern use `StringLike` " +
			"(`StringNotLike`). The quick fix changes the operator when the block has that " +
			"key alone. (`ArnEquals` does take wildcards. Keys with a list of values, and the " +
			"keys `wildcard-in-sensitive-key` judges, are reported there.)",
		Example: `"Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}`,
	})
}

// likeOf is the Like operator that takes wildcards for each Equals one.
var likeOf = map[string]string{
	"StringEquals": "StringLike", "StringNotEquals": "StringNotLike",
	"StringEqualsIgnoreCase": "StringLike", "StringNotEqualsIgnoreCase": "StringNotLike",
}

func checkWildcardWithoutLike(p *Pass) {
	eachKey(p, func(_ *policy.Statement, b *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if !b.Known() || likeOf[b.Op.Name] == "" || k != nil && (len(k.Values) > 0 || k.Sensitive) {
			return
		}
		for _, v := range e.Values {
			if !catalog.HasWildcard(v.Text) || onlyEscapesOrNoWildcard(v.Text) {
				continue
			}
			like := likeOf[b.Op.Name]
			d := p.Report(v.Node.Span, "With %s, * and ? are not wildcards: %q matches only itself. Use %s for a pattern.", b.Op.Name, v.Text, like)
			if len(b.Keys) == 1 && strings.HasSuffix(b.Operator, b.Op.Name) {
				fixed := strings.TrimSuffix(b.Operator, b.Op.Name) + like
				d.withFix(replaceWith("Change to "+fixed, b.Member.Key, fixed))
			}
			return // one finding per key
		}
	})
}

// onlyEscapesOrNoWildcard reports whether every * and ? of v stands inside
// ${*} or ${?}, which spell the characters themselves.
func onlyEscapesOrNoWildcard(v string) bool {
	return !catalog.HasWildcard(strings.NewReplacer("${*}", "", "${?}", "").Replace(v))
}
