package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "public-principal",
		Severity: Warning,
		Doc:      "An Allow statement for Principal \"*\" with no condition that narrows who can use it.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindPrincipals, facts.KindConditions},
		Check:    checkPublicPrincipal,
		Details: "An Allow statement for `\"Principal\": \"*\"` or `{\"AWS\": \"*\"}` with no condition " +
			"that narrows it. Narrowing means `StringEquals`, `StringLike`, `ArnEquals` or " +
			"`ArnLike` (optionally `ForAnyValue:`, never `IfExists`) on one of " +
			"`kms:CallerAccount`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, " +
			"`aws:PrincipalOrgPaths`, `aws:PrincipalArn`, `aws:SourceAccount`, " +
			"`aws:SourceArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceVpc`, " +
			"`aws:SourceVpce`, `aws:userid`, `aws:username`, with a value other than `*`.",
		Example: `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}`,
	})
	register(&Rule{
		Code:     "lockout-risk",
		Severity: Warning,
		Doc:      "No Allow statement of the key policy grants kms:PutKeyPolicy, so the key could become unmanageable.",
		Requires: []facts.Kind{facts.KindActions},
		Check:    checkLockoutRisk,
		Applies:  "key policies",
		Details: "No Allow statement grants `kms:PutKeyPolicy` (directly, by wildcard, or through " +
			"`NotAction`) to any principal: once the policy is in place nobody could change " +
			"it.",
		Example: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
  "Action": "kms:Decrypt", "Resource": "*"}]}`,
	})
	register(&Rule{
		Code:     "overly-permissive",
		Severity: Warning,
		Doc:      "An IAM policy allows kms:* on Resource \"*\".",
		Scope:    StatementScope,
		Check:    checkOverlyPermissive,
		Applies:  "IAM policies",
		Details: "`kms:*` allowed on `Resource` `\"*\"`: every KMS operation, key deletion and key " +
			"policy changes included, on every key whose key policy lets IAM policies grant " +
			"access.",
		Example: `{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}`,
	})
}

// narrowingKeys identify who or where a request comes from (lower case).
var narrowingKeys = map[string]bool{
	"kms:calleraccount": true, "aws:principalaccount": true, "aws:principalorgid": true,
	"aws:principalorgpaths": true, "aws:principalarn": true, "aws:sourceaccount": true,
	"aws:sourcearn": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true,
	"aws:sourcevpc": true, "aws:sourcevpce": true, "aws:userid": true, "aws:username": true,
}

var narrowingOperators = map[string]bool{"StringEquals": true, "StringLike": true, "ArnEquals": true, "ArnLike": true}

func checkPublicPrincipal(p *Pass) {
	for _, s := range p.Policy.Statements {
		if !s.Allows() || s.Principal == nil {
			continue
		}
		star := facts.First(p.Principals(s).Principal, facts.Public)
		if star == nil || p.narrowed(s) {
			continue
		}
		p.Report(star.Value.Node.Span, "Principal \"*\" lets any AWS identity in any account use this key. Name the principals, or add a condition such as \"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"} or aws:PrincipalOrgID.")
	}
}

func (p *Pass) narrowed(s *policy.Statement) bool {
	blocks := p.Conditions(s)
	for i := range blocks {
		b := &blocks[i]
		if !b.Known() || b.IfExists || b.Set == catalog.SetForAllValues || !narrowingOperators[b.Op.Name] {
			continue
		}
		for _, e := range b.Keys {
			if narrowingKeys[e.Lower()] && len(e.Values) > 0 && noBareStar(e.Values) {
				return true
			}
		}
	}
	return false
}

func noBareStar(vals []policy.Value) bool {
	for _, v := range vals {
		if v.Text == "*" {
			return false
		}
	}
	return true
}

func checkLockoutRisk(p *Pass) {
	if !p.isKeyPolicy() || p.Policy.StatementElem == nil || len(p.Policy.Statements) == 0 {
		return
	}
	for _, s := range p.Policy.Statements {
		if mayAllow(s) && (s.Principal != nil || s.NotPrincipal != nil) && grantsPutKeyPolicy(s, p.Actions(s)) {
			return
		}
	}
	p.Report(p.Policy.StatementElem.Member.Key.Span, "No statement allows kms:PutKeyPolicy, so once this policy is in place nobody can change it and the key may become unmanageable. Allow kms:PutKeyPolicy (or kms:*) to the account or a key administrator role.")
}

var putKeyPolicy = catalog.LookupAction("kms:PutKeyPolicy")

// mayAllow: the statement allows, or its Effect is a value a template
// computes ("${…}"), which may be Allow.
func mayAllow(s *policy.Statement) bool {
	return s.Allows() || s.Effect != nil && hasVariable(s.Effect.Text)
}

// grantsPutKeyPolicy reports whether a statement's Action names
// kms:PutKeyPolicy or holds a value a template computes, which may; or its
// NotAction leaves kms:PutKeyPolicy out.
func grantsPutKeyPolicy(s *policy.Statement, a *facts.Actions) bool {
	switch {
	case a.Named() == nil:
		return false // neither Action nor NotAction
	case a.Not:
		return !a.Named().Has(putKeyPolicy)
	case a.Named().Has(putKeyPolicy):
		return true
	}
	for _, v := range s.Action.Values {
		if hasVariable(v.Text) {
			return true
		}
	}
	return false
}

func checkOverlyPermissive(p *Pass) {
	if p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		if !s.Allows() || s.Action == nil || s.Resource == nil || !anyIs(s.Resource.Values, "*") {
			continue
		}
		for _, v := range s.Action.Values {
			if strings.EqualFold(v.Text, "kms:*") {
				p.Report(v.Node.Span, "kms:* on Resource \"*\" allows every KMS operation, key deletion and key policy changes included, on every key open to IAM policies. List the actions needed and name the keys by ARN.")
			}
		}
	}
}

func anyIs(vals []policy.Value, s string) bool {
	for _, v := range vals {
		if v.Text == s {
			return true
		}
	}
	return false
}
