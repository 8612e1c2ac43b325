package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "unknown-operator",
		Severity: Error,
		Doc:      "A condition operator that IAM does not know.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkUnknownOperator,
		Details: "A condition operator IAM does not know (operators may take `IfExists` and " +
			"`ForAnyValue:`/`ForAllValues:`), or `NullIfExists`, which AWS rejects. The quick " +
			"fix offers the nearest operator.",
		Example: `"Condition": {"StringEqual": {"kms:CallerAccount": "111122223333"}}`,
	})
	register(&Rule{
		Code:     "operator-type-mismatch",
		Severity: Error,
		Doc:      "A condition operator of the wrong type for its key, e.g. NumericEquals on a String key.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkOperatorTypeMismatch,
		Details: "The operator compares another type than the key has: `StringEquals` on the " +
			"Numeric `kms:RotationPeriodInDays`, `NumericEquals` or `Bool` on a String key, " +
			"`DateLessThan` on a Boolean key. String operators on ARN keys, `Arn*` operators " +
			"on String keys whose values are ARNs, and `Null` on any key are fine.",
		Example: `"Condition": {"StringEquals": {"kms:RotationPeriodInDays": "365"}}`,
	})
}

var operatorNames = func() []string {
	var out []string
	for _, o := range catalog.Operators() {
		out = append(out, o.Name)
	}
	return out
}()

func checkUnknownOperator(p *Pass) {
	for _, s := range p.Policy.Statements {
		blocks := p.Conditions(s)
		for i := range blocks {
			b := &blocks[i]
			key := b.Member.Key
			switch {
			case b.Known() && b.IfExists && b.Op.Name == "Null":
				p.Report(key.Span, "Null cannot take IfExists: it already tests whether the key exists. Use Null.").
					withFix(replaceWith("Change to "+setPrefix(b.Set)+"Null", key, setPrefix(b.Set)+"Null"))
			case !b.Known():
				reportUnknownOperator(p, b)
			}
		}
	}
}

func setPrefix(set string) string {
	if set == "" {
		return ""
	}
	return set + ":"
}

// reportUnknownOperator suggests a fix for the base operator, keeping the
// set prefix and IfExists suffix as written when they are right.
func reportUnknownOperator(p *Pass, b *facts.Block) {
	key := b.Member.Key
	prefix, base := "", b.Operator
	if i := strings.LastIndexByte(base, ':'); i >= 0 {
		prefix, base = base[:i], base[i+1:]
		if set := catalog.Nearest(prefix, []string{catalog.SetForAnyValue, catalog.SetForAllValues}); set != "" {
			prefix = set + ":"
		} else {
			prefix = ""
		}
	}
	suffix := ""
	if strings.HasSuffix(strings.ToLower(base), "ifexists") && len(base) > len("IfExists") {
		base, suffix = base[:len(base)-len("IfExists")], "IfExists"
	}
	near := catalog.Nearest(base, operatorNames)
	if near == "" {
		p.Report(key.Span, "%q is not a condition operator; use one such as StringEquals, StringLike, ArnLike, NumericLessThan, Bool or Null.", b.Operator)
		return
	}
	if near == "Null" {
		suffix = ""
	}
	want := prefix + near + suffix
	p.Report(key.Span, "%q is not a condition operator; did you mean %q?", b.Operator, want).
		withFix(replaceWith("Change to "+want, key, want))
}

func checkOperatorTypeMismatch(p *Pass) {
	eachKey(p, func(_ *policy.Statement, b *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if !b.Known() || k == nil || operatorFits(b.Op, k, e.Values) {
			return
		}
		p.Report(e.Member.Key.Span, "%s compares %s, but %s is a %s key; use %s.", b.Op.Name, familyWord(b.Op), e.Key, k.TypeName(), suggestOperator(k))
	})
}

// operatorFits is the catalog's type rule plus the documented leniency:
// Arn operators on String keys whose values are ARNs.
func operatorFits(op *catalog.Operator, k *catalog.ConditionKey, values []policy.Value) bool {
	if op.Fits(k) {
		return true
	}
	return isArnOperator(op) && k.Type == catalog.TypeString && valuesLookLikeARNs(values)
}

func isArnOperator(op *catalog.Operator) bool    { return strings.HasPrefix(op.Name, "Arn") }
func isStringOperator(op *catalog.Operator) bool { return strings.HasPrefix(op.Name, "String") }

func valuesLookLikeARNs(values []policy.Value) bool {
	anyARN := false
	for _, v := range values {
		switch {
		case arn.LooksLikeARN(v.Text):
			anyARN = true
		case strings.HasPrefix(v.Text, "*") || strings.HasPrefix(v.Text, "${"):
		default:
			return false
		}
	}
	return anyARN
}

func familyWord(op *catalog.Operator) string {
	switch {
	case isStringOperator(op):
		return "strings"
	case isArnOperator(op):
		return "ARNs"
	case strings.HasPrefix(op.Name, "Numeric"):
		return "numbers"
	case strings.HasPrefix(op.Name, "Date"):
		return "dates"
	case op.Name == "Bool":
		return "booleans"
	case strings.Contains(op.Name, "IpAddress"):
		return "IP addresses"
	case op.Name == "BinaryEquals":
		return "binary values"
	}
	return "values"
}

// suggestOperator names the operators that fit a key's type.
func suggestOperator(k *catalog.ConditionKey) string {
	switch k.Type {
	case catalog.TypeString:
		return "a String operator such as StringEquals or StringLike"
	case catalog.TypeARN:
		return "an ARN operator such as ArnLike (or a String operator)"
	case catalog.TypeNumeric:
		return "a Numeric operator such as NumericLessThanEquals"
	case catalog.TypeDate:
		return "a Date operator such as DateLessThan"
	case catalog.TypeBool:
		return "Bool"
	case catalog.TypeIPAddress:
		return "IpAddress or NotIpAddress"
	case catalog.TypeBinary:
		return "BinaryEquals"
	}
	return "an operator of the key's type"
}
