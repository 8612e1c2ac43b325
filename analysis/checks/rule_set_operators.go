package checks

import (
	"slices"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The set-operator rules are about ForAnyValue: and ForAllValues:, which
// decide how a condition treats a key with several values in one request.
func init() {
	register(&Rule{
		Code:     "missing-set-operator",
		Severity: Warning,
		Doc:      "A multi-valued condition key used without ForAnyValue: or ForAllValues:.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkMissingSetOperator,
		Details: "A multi-valued key (`kms:EncryptionContextKeys`, `kms:GrantOperations`, " +
			"`kms:ResourceAliases`, `aws:TagKeys`, …) used without `ForAnyValue:` or " +
			"`ForAllValues:`. Quick fix: prefix the operator with `ForAnyValue:`. `Null` " +
			"needs no prefix.",
		Example: `"Condition": {"StringEquals": {"kms:EncryptionContextKeys": "Department"}}`,
	})
	register(&Rule{
		Code:     "set-operator-on-single-valued",
		Severity: Warning,
		Doc:      "ForAnyValue:/ForAllValues: on a single-valued key (an error where KMS rejects it: ForAllValues: with kms:EncryptionContext:… or aws:RequestTag/…).",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkSetOperatorOnSingleValued,
		Details: "**Warning**, or **error** where KMS rejects the policy (`ForAllValues:` with " +
			"`kms:EncryptionContext:…` or `aws:RequestTag/…`): `ForAnyValue:`/`ForAllValues:` " +
			"on a key that has a single value. Quick fix: drop the prefix.",
		Example: `"Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContext:Department": "finance"}}`,
	})
	register(&Rule{
		Code:     "forallvalues-with-allow",
		Severity: Warning,
		Doc:      "ForAllValues: in an Allow statement, which also matches requests that carry no value for the key.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions, facts.KindActions},
		Check:    checkForAllValuesWithAllow,
		Details: "`ForAllValues:` in an Allow statement is also true when the request carries no " +
			"value for the key, so it allows those requests too. Add `\"Null\": {\"KEY\": " +
			"\"false\"}` (which silences the rule) or use `ForAnyValue:`. Not reported when every " +
			"action of the statement always carries the key: `kms:TagResource` and " +
			"`kms:UntagResource` always carry `aws:TagKeys` (their `Tags` and `TagKeys` parameters " +
			"are required), and `kms:CreateGrant` always carries `kms:GrantOperations` (its " +
			"`Operations` parameter is required), as AWS's own examples rely on.",
		Example: `{"Effect": "Allow", "…": "…", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["Department"]}}}`,
	})
}

func checkMissingSetOperator(p *Pass) {
	for _, s := range p.Policy.Statements {
		blocks := p.Conditions(s)
		for i := range blocks {
			b := &blocks[i]
			if !b.Known() || b.Set != "" || b.Op.Name == "Null" {
				continue
			}
			multi, single := countByMulti(b)
			if multi == 0 {
				continue
			}
			key := b.Member.Key
			d := p.Report(key.Span, "%s can hold several values in one request, so it needs ForAnyValue: (any value matches) or ForAllValues: (every value matches), e.g. ForAnyValue:%s.", keysByMulti(b, true), b.Operator)
			if single == 0 {
				d.withFix(replaceWith("Change to ForAnyValue:"+b.Operator, key, "ForAnyValue:"+b.Operator))
			}
		}
	}
}

// countByMulti counts a block's known keys that are multi- and single-valued.
// Rules count first and name the keys only when they report: most blocks are
// fine, and this runs on every keystroke.
func countByMulti(b *facts.Block) (multi, single int) {
	for i := range b.Keys {
		switch k := b.Keys[i].Catalog; {
		case k == nil:
		case k.Multi:
			multi++
		default:
			single++
		}
	}
	return multi, single
}

// keysByMulti names, comma-separated, the block's known keys that are
// (multi) or are not (!multi) multi-valued.
func keysByMulti(b *facts.Block, multi bool) string {
	var names []string
	for _, e := range b.Keys {
		if k := e.Catalog; k != nil && k.Multi == multi {
			names = append(names, e.Key)
		}
	}
	return strings.Join(names, ", ")
}

func checkSetOperatorOnSingleValued(p *Pass) {
	for _, s := range p.Policy.Statements {
		blocks := p.Conditions(s)
		for i := range blocks {
			b := &blocks[i]
			if !b.Known() || b.Set == "" || b.Op.Name == "Null" {
				continue // Null under a set prefix is null-with-set-operator's
			}
			multi, single := countByMulti(b)
			if single == 0 {
				continue
			}
			rejected := ""
			if b.Set == catalog.SetForAllValues {
				for _, e := range b.Keys {
					if k := e.Catalog; k != nil && !k.Multi && k.NoForAllValues {
						rejected = e.Key
						break
					}
				}
			}
			key := b.Member.Key
			base := strings.TrimPrefix(b.Operator, b.Set+":")
			var d *Diagnostic
			if rejected != "" {
				d = p.ReportSeverity(Error, key.Span, "KMS rejects a policy that uses ForAllValues: with %s (it would also match requests without it); remove ForAllValues: and use %s.", rejected, base)
			} else {
				d = p.Report(key.Span, "%s has a single value, so %s: does not apply to it; use %s.", keysByMulti(b, false), b.Set, base)
			}
			if multi == 0 {
				d.withFix(replaceWith("Change to "+base, key, base))
			}
		}
	}
}

func checkForAllValuesWithAllow(p *Pass) {
	for _, s := range p.Policy.Statements {
		if !s.Allows() {
			continue
		}
		blocks := p.Conditions(s)
		for i := range blocks {
			b := &blocks[i]
			if !b.Known() || b.Set != catalog.SetForAllValues || b.Op.Name == "Null" {
				continue
			}
			var open []string
			for _, e := range b.Keys {
				if k := e.Catalog; k != nil && !k.Multi {
					continue // set-operator-on-single-valued
				}
				if !requiresPresence(blocks, e.Key) && !alwaysCarried(p.Actions(s), e.Lower()) {
					open = append(open, e.Key)
				}
			}
			if len(open) == 0 {
				continue
			}
			p.Report(b.Member.Key.Span, "ForAllValues: is also true when the request has no %s at all, so this Allow applies to such requests too. Add \"Null\": {\"%s\": \"false\"} to require the key, or use ForAnyValue:.", strings.Join(open, " or "), open[0])
		}
	}
}

// carriedBy lists, by lower-cased condition key, the actions every request
// of which carries at least one value of that multi-valued key, because the
// API parameter the key is read from is required:
//   - aws:TagKeys: TagResource's Tags and UntagResource's TagKeys
//     (https://docs.aws.amazon.com/kms/latest/APIReference/API_TagResource.html,
//     https://docs.aws.amazon.com/kms/latest/APIReference/API_UntagResource.html);
//   - kms:GrantOperations: CreateGrant's Operations
//     (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html;
//     the KMS condition keys page notes ForAllValues would be true without
//     operations, but CreateGrant requires them).
var carriedBy = map[string][]string{
	"aws:tagkeys":         {"kms:TagResource", "kms:UntagResource"},
	"kms:grantoperations": {"kms:CreateGrant"},
}

// alwaysCarried reports whether every action of the statement's Action
// element always carries the key: then ForAllValues: cannot hold for want
// of it. A NotAction, another service's action or an unknown name may
// not, so they never count.
func alwaysCarried(acts *facts.Actions, lowerKey string) bool {
	carriers := carriedBy[lowerKey]
	if acts == nil || acts.Not || len(carriers) == 0 || len(acts.Other()) > 0 || acts.Named().Len() == 0 {
		return false
	}
	for a := range acts.Named().All() {
		if !slices.Contains(carriers, a.Name) {
			return false
		}
	}
	return true
}

// requiresPresence reports whether a Null block of the statement requires the key ("false").
func requiresPresence(blocks []facts.Block, key string) bool {
	for _, b := range blocks {
		if !b.Known() || b.Set != "" || b.Op.Name != "Null" || b.IfExists {
			continue
		}
		for _, e := range b.Entries {
			if strings.EqualFold(e.Key, key) && allFalse(e.Values) {
				return true
			}
		}
	}
	return false
}

func allFalse(vals []policy.Value) bool {
	for _, v := range vals {
		if !strings.EqualFold(v.Text, "false") {
			return false
		}
	}
	return len(vals) > 0
}
