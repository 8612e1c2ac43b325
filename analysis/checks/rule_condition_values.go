package checks

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "invalid-condition-value",
		Severity: Error,
		Doc:      "A condition value the key can never have: wrong type, outside the key's values or range, or of the wrong format.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkInvalidConditionValue,
		Details: "A value the key can never have: `\"yes\"` for a Boolean; a value outside the key's " +
			"list (`kms:KeySpec` `RSA_2049`, an unknown `kms:EncryptionAlgorithm` or " +
			"`kms:GrantOperations` entry; a `StringLike` pattern that matches no listed " +
			"value); a number outside the key's range (`kms:RotationPeriodInDays` 90–2560, " +
			"`kms:ScheduleKeyDeletionPendingWindowInDays` 7–30); a malformed number, date or " +
			"IP range; a value of the wrong format (`kms:ViaService` is " +
			"`SERVICE.REGION.amazonaws.com`, `aws:RequestedRegion` a Region name, " +
			"`aws:SourceVpc`/`aws:SourceVpce` are `vpc-`/`vpce-` " +
			"and 8 or 17 letters and digits, `kms:RequestAlias`/`kms:ResourceAliases` take " +
			"alias names not ARNs, `kms:CallerAccount` is 12 digits). The quick fix offers " +
			"the nearest valid value. Values with policy variables are not judged.",
		Example: `"Condition": {"StringEquals": {"kms:KeySpec": "RSA_2049"}}`,
	})
	register(&Rule{
		Code:     "wildcard-in-sensitive-key",
		Severity: Warning,
		Doc:      "A * or ? in the value of a global key where wildcards make no sense (aws:PrincipalOrgID, aws:SourceAccount, …).",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkWildcardInSensitiveKey,
		Details: "A `*` or `?` in the value of a global key that identifies one account, " +
			"organization or endpoint (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, " +
			"`aws:ResourceAccount`, `aws:ResourceOrgID`, `aws:SourceAccount`, " +
			"`aws:SourceOrgID`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:VpceAccount`, " +
			"`aws:VpceOrgID`). It matches far more than intended, or, with an Equals " +
			"operator, nothing.",
		Example: `"Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}`,
	})
}

func checkInvalidConditionValue(p *Pass) {
	eachKey(p, func(_ *policy.Statement, b *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if !b.Known() || (k == nil && b.Op.Name != "Null") {
			return
		}
		if b.Op.Name != "Null" && !operatorFits(b.Op, k, e.Values) {
			return // operator-type-mismatch
		}
		for _, v := range e.Values {
			if b.Op.Name != "Null" && hasVariable(v.Text) {
				continue
			}
			msg, fix := valueProblem(b.Op, k, v.Text)
			if msg == "" {
				continue
			}
			d := p.Report(v.Node.Span, "%s", msg)
			if fix != "" {
				d.withFix(replaceWith("Change to "+fix, v.Node, fix))
			}
		}
	})
}

// valueProblem explains why v cannot be a value of key k under op, and may
// suggest a replacement.
func valueProblem(op *catalog.Operator, k *catalog.ConditionKey, v string) (msg, fix string) {
	switch {
	case op.Name == "Null":
		return boolProblem("Null takes \"true\" (the key is absent) or \"false\" (the key is present)", v)
	case op.Name == "Bool":
		return boolProblem(k.Name+" is a Boolean key: its value is \"true\" or \"false\"", v)
	case strings.HasPrefix(op.Name, "Numeric"):
		return numericProblem(k, v), ""
	case strings.HasPrefix(op.Name, "Date"):
		if !isDate(v) {
			return fmt.Sprintf("%q is not a date; write an ISO 8601 date such as 2026-01-31T00:00:00Z or a Unix time in seconds.", v), ""
		}
	case strings.Contains(op.Name, "IpAddress"):
		if !isIPRange(v) {
			return fmt.Sprintf("%q is not an IP address or CIDR range such as 203.0.113.0/24 or 2001:db8::/32.", v), ""
		}
	case isStringOperator(op) || isArnOperator(op):
		return stringProblem(op, k, v)
	}
	return "", ""
}

func boolProblem(what, v string) (string, string) {
	if strings.EqualFold(v, "true") || strings.EqualFold(v, "false") {
		return "", ""
	}
	return fmt.Sprintf("%s, not %q.", what, v), catalog.Nearest(v, []string{"true", "false"})
}

func numericProblem(k *catalog.ConditionKey, v string) string {
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return fmt.Sprintf("%q is not a number; %s takes a number such as %d.", v, k.Name, exampleNumber(k))
	}
	if k.HasRange && k.Type == catalog.TypeNumeric && (n < float64(k.Min) || n > float64(k.Max)) {
		return fmt.Sprintf("%s is between %d and %d; %s is outside that range, so no request has it.", k.Name, k.Min, k.Max, v)
	}
	return ""
}

func exampleNumber(k *catalog.ConditionKey) int {
	if k.HasRange {
		return k.Min
	}
	return 30
}

var dateRE = regexp.MustCompile(`^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$`)

func isDate(v string) bool {
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return true // Unix time
	}
	return dateRE.MatchString(v)
}

func isIPRange(v string) bool {
	if _, err := netip.ParsePrefix(v); err == nil {
		return true
	}
	_, err := netip.ParseAddr(v)
	return err == nil
}

func stringProblem(op *catalog.Operator, k *catalog.ConditionKey, v string) (string, string) {
	if k.Type == catalog.TypeARN {
		if arn.LooksLikeARN(v) || strings.HasPrefix(v, "*") || (op.Wildcard && catalog.HasWildcard(v) && !strings.Contains(v, ":")) {
			return "", ""
		}
		return fmt.Sprintf("%s holds an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE); %q is not one.", k.Name, v), ""
	}
	if len(k.Values) > 0 {
		return enumProblem(op, k, v)
	}
	return formatProblem(op, k, v)
}

// enumProblem checks a value against the key's enumeration: exact for
// Equals operators, ignoring case for IgnoreCase, by pattern for Like.
func enumProblem(op *catalog.Operator, k *catalog.ConditionKey, v string) (string, string) {
	fold := strings.Contains(op.Name, "IgnoreCase")
	wild := op.Wildcard && catalog.HasWildcard(v)
	for _, list := range [][]string{k.Values, k.MaybeValues} {
		for _, want := range list {
			if wild && catalog.MatchWildcard(v, want, false) || !wild && (v == want || fold && strings.EqualFold(v, want)) {
				return "", ""
			}
		}
	}
	for _, old := range k.DeprecatedValues {
		if v == old {
			return fmt.Sprintf("%s is no longer supported for %s; use one of %s.", v, k.Name, listValues(k.Values)), ""
		}
	}
	near := catalog.Nearest(v, k.Values)
	msg := fmt.Sprintf("%q is not a value of %s, so this condition never matches it. The values are %s.", v, k.Name, listValues(k.Values))
	if wild {
		msg = fmt.Sprintf("The pattern %q matches no value of %s (values are case-sensitive). The values are %s.", v, k.Name, listValues(k.Values))
	} else if catalog.HasWildcard(v) {
		msg += " With " + op.Name + ", * and ? are not wildcards; use StringLike for a pattern."
	}
	if near != "" && !wild {
		msg += " Did you mean " + near + "?"
	}
	if wild {
		near = ""
	}
	return msg, near
}

func listValues(vals []string) string {
	if len(vals) > 20 {
		return strings.Join(vals[:20], ", ") + " and more"
	}
	return strings.Join(vals, ", ")
}

// vpcIDRE are the shapes of VPC and VPC endpoint ids.
var vpcIDRE = map[string]*regexp.Regexp{
	"aws:SourceVpc":  regexp.MustCompile(`^vpc-(?:[0-9a-z]{8}|[0-9a-z]{17})$`),
	"aws:SourceVpce": regexp.MustCompile(`^vpce-(?:[0-9a-z]{8}|[0-9a-z]{17})$`),
}

// formatProblem checks the keys whose values have a documented shape.
func formatProblem(op *catalog.Operator, k *catalog.ConditionKey, v string) (string, string) {
	wild := op.Wildcard && catalog.HasWildcard(v)
	switch k.Name {
	case "kms:ViaService":
		if arn.LooksLikeARN(v) || !wild && !arn.IsServiceEndpoint(v) {
			return fmt.Sprintf("kms:ViaService is the service endpoint name SERVICE.REGION.amazonaws.com, e.g. s3.us-east-1.amazonaws.com; %q is not of that form.", v), ""
		}
	case "kms:RequestAlias", "kms:ResourceAliases":
		if name, ok := aliasFromARN(v); ok {
			return fmt.Sprintf("%s holds alias names such as alias/my-key, not alias ARNs.", k.Name), name
		}
		if !wild && !strings.HasPrefix(v, "alias/") {
			return fmt.Sprintf("%s holds alias names, which begin with alias/ (e.g. alias/my-key).", k.Name), "alias/" + v
		}
	case "aws:RequestedRegion", "kms:PrimaryRegion", "kms:ReplicaRegion":
		if !wild && !arn.IsRegion(v) || wild && !arn.CouldBeRegion(v) {
			return fmt.Sprintf("%s is a Region name such as us-east-1; %q is not one, so no request has it.", k.Name, v), ""
		}
	case "aws:SourceVpc", "aws:SourceVpce":
		if !wild && !vpcIDRE[k.Name].MatchString(v) {
			prefix := strings.TrimPrefix(strings.ToLower(k.Name), "aws:source")
			return fmt.Sprintf("%s is an id such as %s-1a2b3c4d: %s- and 8 or 17 lower-case letters and digits; %q is not one, so no request has it.", k.Name, prefix, prefix, v), ""
		}
	case "kms:CallerAccount":
		if wild && !onlyChars(v, "0123456789*?") || !wild && !arn.IsAccountID(v) {
			return fmt.Sprintf("kms:CallerAccount is a 12-digit AWS account id; %q is not one.", v), accountFromARN(v)
		}
	}
	return "", ""
}

// aliasFromARN turns arn:…:alias/NAME into alias/NAME.
func aliasFromARN(v string) (string, bool) {
	if !arn.LooksLikeARN(v) {
		return "", false
	}
	if i := strings.Index(v, ":alias/"); i >= 0 {
		return v[i+1:], true
	}
	return "", true
}

// accountFromARN suggests the account of an ARN written where an account id belongs.
func accountFromARN(v string) string {
	if a, err := arn.Parse(v); err == nil && arn.IsAccountID(a.Account) {
		return a.Account
	}
	return ""
}

func checkWildcardInSensitiveKey(p *Pass) {
	eachKey(p, func(_ *policy.Statement, b *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if k == nil || !k.Sensitive || (b.Known() && b.Op.Name == "Null") {
			return
		}
		for _, v := range e.Values {
			if catalog.HasWildcard(v.Text) {
				p.Report(v.Node.Span, "%s identifies one account, organization or endpoint; a wildcard in its value matches far more than intended (or, with an Equals operator, nothing). Write the exact value.", k.Name)
			}
		}
	})
}
