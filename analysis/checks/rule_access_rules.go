package checks

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func init() {
	register(&Rule{
		Code:     "service-principal-unscoped",
		Severity: Warning,
		Doc:      "A service principal is allowed to use the key with no condition that ties its requests to your resources.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindPrincipals, facts.KindConditions, facts.KindActions},
		Check:    checkServicePrincipalUnscoped,
		Applies:  "key policies",
		Details: "An `Allow` names a service principal (`{\"Service\": \"logs.amazonaws.com\"}`) for " +
			"cryptographic or grant actions with no condition on `aws:SourceAccount`, " +
			"`aws:SourceArn`, `aws:SourceOrgID`, `aws:SourceOrgPaths` or the encryption context " +
			"(`kms:EncryptionContext:…`, `kms:EncryptionContextKeys`): the service may then use " +
			"the key whatever resource and account it acts for, and another account's use of the " +
			"service could reach your key (the confused deputy). AWS recommends scoping service " +
			"principals with these keys " +
			"([Permissions for AWS services in key policies](https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-services.html)); " +
			"use the ones the service's documentation shows, since not every service sends the " +
			"source keys. `…IfExists` and negated operators do not scope.",
		Example: `{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*"}`,
	})
	register(&Rule{
		Code:     "shadowed-statement",
		Severity: Warning,
		Doc:      "A Deny overrides this Allow for every request it could match, so it allows nothing.",
		Requires: []facts.Kind{facts.KindAccess},
		Check:    checkShadowedStatement,
		Applies:  "key policies",
		Details: "The evaluation engine finds that every request this `Allow` could apply to " +
			"is refused by a `Deny` (an explicit `Deny` wins over any `Allow`): the statement " +
			"grants nothing. Either it should go, or the `Deny` is broader than meant. " +
			"The finding covers the whole statement and is tagged unnecessary.",
		Example: `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"},
  {"Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}]}`,
	})
	register(&Rule{
		Code:     "unsatisfiable-condition",
		Severity: Error,
		Doc:      "A statement's conditions contradict each other, so no request satisfies them and the statement never applies.",
		Scope:    StatementScope,
		Check:    checkUnsatisfiableCondition,
		Details: "Two tests of one single-valued condition key that no value passes together: " +
			"two different `StringEquals` values (keys written in different case are one key), " +
			"an empty `Numeric`/`Date` range (`NumericLessThan 5` and `NumericGreaterThan 10`), " +
			"`Null` `true` with a test the key must be present for, `Bool` `true` and `false`. " +
			"The engine tries every distinct case of the tests and reports only when none " +
			"passes; tests with set qualifiers or policy variables are left alone.",
		Example: `"Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "5"}, "NumericGreaterThan": {"aws:MultiFactorAuthAge": "10"}}`,
	})
	register(&Rule{
		Code:     "cross-account-admin",
		Severity: Warning,
		Doc:      "Another account is allowed to create grants on the key, which can pass its permissions on to anyone.",
		Requires: []facts.Kind{facts.KindAccess, facts.KindActions},
		Check:    checkCrossAccountAdmin,
		Applies:  "key policies",
		Details: "The evaluation engine finds that a principal of another account may be allowed " +
			"`kms:CreateGrant` (named, or through `kms:*` or another wildcard), with no condition " +
			"on `kms:GrantIsForAWSResource`, `kms:GranteePrincipal` or `kms:GrantOperations`. " +
			"`kms:CreateGrant` works across accounts, and a grant can give any principal the " +
			"key's permissions. The other administrative permissions (`kms:PutKeyPolicy`, " +
			"`kms:ScheduleKeyDeletion`, …) do not work across accounts " +
			"([Allowing users in other accounts to use a KMS key](https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html)); " +
			"`not-cross-account` reports those that are listed.",
		Example: `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "*"}`,
	})
	register(&Rule{
		Code:     "external-access",
		Severity: Information,
		Doc:      "Principals outside the key's account (and organization) can use the key; the finding lists them.",
		Requires: []facts.Kind{facts.KindAccess},
		Check:    checkExternalAccess,
		Applies:  "key policies",
		Details: "Lists, from the evaluation engine's access summary, the principals outside the " +
			"key's account and, when the `organization` setting (`--organization`) gives it, its " +
			"organization, that the key policy may allow to use the key, with the actions: " +
			"other accounts, their principals, other organizations and anyone else. Service " +
			"principals are left to `service-principal-unscoped`. Nothing is reported when the " +
			"key's account is not known (the `account` setting, or the account the policy " +
			"allows `kms:*`).",
		Example: `{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*"}]}`,
	})
}

// scopingKeys tie a service principal's requests to your resources.
var scopingKeys = map[string]bool{"aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true, "kms:encryptioncontextkeys": true}

func checkServicePrincipalUnscoped(p *Pass) {
	if !p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		if !s.Allows() || s.Principal == nil {
			continue
		}
		svc := facts.First(p.Principals(s).Principal, facts.Service)
		if svc == nil || !arn.IsServiceName(svc.Value.Text) || !usesKey(p.Actions(s)) || scoped(p.Conditions(s)) {
			continue
		}
		p.Report(svc.Value.Node.Span, "The service principal %s may use this key whatever resource and account it acts for: no condition on aws:SourceAccount, aws:SourceArn, aws:SourceOrgID, aws:SourceOrgPaths or the encryption context ties its requests to your resources, so another account's use of the service could reach the key (the confused deputy). Add the condition the service's documentation shows, such as %s.",
			svc.Value.Text, sourceAccountCondition(p))
	}
}

func sourceAccountCondition(p *Pass) string {
	acct, ok := p.shared.facts.Account()
	if !ok {
		acct = "111122223333"
	}
	return fmt.Sprintf(`"StringEquals": {"aws:SourceAccount": "%s"}`, acct)
}

// usesKey reports whether an Action or NotAction covers a cryptographic or
// grant action.
func usesKey(a *facts.Actions) bool {
	named := a.Named()
	if named == nil {
		return false
	}
	for _, act := range catalog.Actions() {
		c := eval.ClassOf(act)
		if (c == eval.ClassCryptographic || c == eval.ClassGrants) && named.Has(act) != a.Not {
			return true
		}
	}
	return false
}

// scoped reports whether a positive test (not negated, not IfExists) of
// a scoping key is among the conditions.
func scoped(blocks []facts.Block) bool {
	for i := range blocks {
		b := &blocks[i]
		if !b.Known() || b.Op.Negated || b.IfExists || b.Op.Name == "Null" {
			continue
		}
		for _, e := range b.Keys {
			l := e.Lower()
			if scopingKeys[l] || strings.HasPrefix(l, "kms:encryptioncontext:") {
				return true
			}
		}
	}
	return false
}

func checkShadowedStatement(p *Pass) {
	if !p.isKeyPolicy() || p.anyComputed(true) || !p.hasDeny() {
		return
	}
	s := p.Access()
	for _, st := range p.Policy.Statements {
		est := p.Engine().StatementOf(st)
		if est == nil || p.computed(st) {
			continue
		}
		by, ok := s.Shadowed(est)
		if !ok {
			continue
		}
		names := make([]string, len(by))
		for i, d := range by {
			names[i] = d.Name()
		}
		d := p.Report(st.Node.Span, "Deny %s %s every request this Allow could apply to (an explicit Deny wins), so it allows nothing. Remove it, or narrow the Deny if it refuses more than meant.",
			plural(len(by), "statement", "statements")+" "+strings.Join(names, ", "), plural(len(by), "refuses", "refuse"))
		d.Tags = append(d.Tags, TagUnnecessary)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func checkUnsatisfiableCondition(p *Pass) {
	for _, st := range p.Policy.Statements {
		if st.Condition == nil || !testsAKeyTwice(st.Condition) || p.computed(st) {
			continue
		}
		for _, c := range eval.ReadStatement(p.Policy, st).Unsatisfiable() {
			last := c.Entries[len(c.Entries)-1]
			var tests []string
			for i, e := range c.Entries {
				tests = append(tests, c.Blocks[i].Operator+" "+valuesText(e.Values))
			}
			p.Report(last.Member.Key.Span, "No request can satisfy these tests of %s together: %s. It has one value, so this statement never applies. Remove the contradiction.", c.Key, strings.Join(tests, " and "))
		}
	}
}

// testsAKeyTwice reports whether a Condition tests one key (case
// ignored) more than once: a contradiction needs two tests.
func testsAKeyTwice(c *policy.Condition) bool {
	var buf [8]string // on the stack for the usual few keys
	seen := buf[:0]
	for _, b := range c.Blocks {
		for _, e := range b.Entries {
			for _, k := range seen {
				if strings.EqualFold(k, e.Key) {
					return true
				}
			}
			seen = append(seen, e.Key)
		}
	}
	return false
}

func valuesText(vs []policy.Value) string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Text)
	}
	if len(out) == 1 {
		return out[0]
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// grantLimits are condition keys that bound what a grant can give.
var grantLimits = map[string]bool{"kms:grantisforawsresource": true, "kms:granteeprincipal": true, "kms:grantoperations": true}

var createGrant = eval.ActionIndex(catalog.LookupAction("kms:CreateGrant"))

func checkCrossAccountAdmin(p *Pass) {
	if !p.isKeyPolicy() || p.anyComputed(true) || !p.namesOtherAccounts() || !p.mayGrant("kms:CreateGrant") {
		return
	}
	if _, known := p.read(facts.KindAccess).Account(); !known {
		return
	}
	s := p.Access()
	for _, st := range p.Policy.Statements {
		est := p.Engine().StatementOf(st)
		if est == nil || est.Effect != eval.EffectAllow || est.Void || limitsGrants(st) || p.computed(st) {
			continue
		}
		for si, sub := range s.Subjects {
			if sub.Own || sub.Kind != eval.SubjectAccount && sub.Kind != eval.SubjectPrincipal || s.Verdict(si, createGrant) == eval.Never {
				continue
			}
			if _, possibly := s.Applies(si, est); !containsInt(possibly, createGrant) || !namesAccount(st, sub.Account) {
				continue
			}
			p.Report(grantingValue(st), "This lets %s create grants on this key: kms:CreateGrant works across accounts, and a grant can give any principal the key's permissions. Allow it only for grants to AWS services with \"Bool\": {\"kms:GrantIsForAWSResource\": \"true\"}, or leave kms:CreateGrant out.", sub)
			break
		}
	}
}

// limitsGrants reports whether a statement tests a key that bounds grants.
func limitsGrants(st *policy.Statement) bool {
	if st.Condition == nil {
		return false
	}
	for _, b := range st.Condition.Blocks {
		for _, e := range b.Entries {
			if grantLimits[strings.ToLower(e.Key)] {
				return true
			}
		}
	}
	return false
}

// namesAccount reports whether a statement's Principal names the account
// or a principal of it (a grant through "*" is public-access's concern).
func namesAccount(st *policy.Statement, account string) bool {
	if st.Principal == nil {
		return false
	}
	for _, e := range st.Principal.Entries {
		for _, v := range e.Values {
			if v.Text == account || strings.Contains(v.Text, ":"+account+":") {
				return true
			}
		}
	}
	return false
}

// grantingValue is the Action value that covers kms:CreateGrant, or the
// NotAction key.
func grantingValue(st *policy.Statement) text.Span {
	if st.Action != nil {
		for _, v := range st.Action.Values {
			for _, a := range catalog.MatchActions(v.Text) {
				if a.Name == "kms:CreateGrant" {
					return v.Node.Span
				}
			}
		}
		return st.Action.Member.Key.Span
	}
	if st.NotAction != nil {
		return st.NotAction.Member.Key.Span
	}
	return firstByte(st.Node)
}

func checkExternalAccess(p *Pass) {
	span, ok := statementsElement(p.Policy)
	if !p.isKeyPolicy() || !ok || p.anyComputed(true) {
		return
	}
	if _, known := p.read(facts.KindAccess).Account(); !known || !p.mayReachOutside() {
		return
	}
	s := p.Access()
	var parts []string
	for si, sub := range s.Subjects {
		if !external(s, sub) {
			continue
		}
		var allowed []int
		for ai := range eval.KeyActions() {
			if s.Verdict(si, ai) != eval.Never {
				allowed = append(allowed, ai)
			}
		}
		if len(allowed) == 0 {
			continue
		}
		part := sub.String() + " (" + keyActionNames(allowed, 3)
		if keys := openKeys(s, si, allowed); len(keys) > 0 {
			part += "; depending on " + strings.Join(keys, ", ")
		}
		parts = append(parts, part+")")
	}
	if len(parts) == 0 {
		return
	}
	outside := "account " + s.KeyAccount
	if s.Org != "" {
		outside += " and organization " + s.Org
	}
	p.Report(span, "Principals outside %s can use this key: %s. Check that each is meant to; `kms-policy-ls access` shows the whole table.", outside, strings.Join(parts, "; "))
}

// external reports whether a subject is outside the key's account and
// organization (services are left to service-principal-unscoped).
func external(s *eval.Summary, sub *eval.Subject) bool {
	switch sub.Kind {
	case eval.SubjectAccount, eval.SubjectPrincipal:
		return !sub.Own
	case eval.SubjectOrganization:
		return sub.Org != s.Org
	case eval.SubjectAnyone:
		return true
	}
	return false
}
