package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "empty-value",
		Severity: Error,
		Doc:      "An empty string or array where a value is needed.",
		Check:    checkEmptyValue,
		Details: "**Error** for an empty string or list where a value is needed: `\"Action\": []`, " +
			"`\"Resource\": \"\"`, an empty principal, an empty `Statement` list, a condition key " +
			"with `[]` as its values (never true). **Warning** for `[]` under `ForAllValues:` or " +
			"an `…IfExists` operator: that condition is true exactly when the request carries no " +
			"value for the key, so an Allow grants such requests; `\"Null\": {\"KEY\": \"true\"}` " +
			"says so plainly.",
		Example: `{"Effect": "Allow", "Action": [], "Resource": "*"}`,
	})
}

func checkEmptyValue(p *Pass) {
	if st := p.Policy.StatementElem.Value(); st != nil && st.Kind == jsonast.Array && len(st.Elems()) == 0 {
		p.Report(st.Span, "Statement is empty; add at least one statement.")
	}
	for _, s := range p.Policy.Statements {
		for _, l := range present(s.Action, s.NotAction, s.Resource, s.NotResource) {
			reportEmptyList(p, l.Name, "", l.Value(), l.Values)
		}
		for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			if pr == nil {
				continue
			}
			v := pr.Value()
			switch {
			case pr.Wildcard != nil && pr.Wildcard.Text == "":
				p.Report(v.Span, "%s is empty; name a principal, e.g. {\"AWS\": \"arn:aws:iam::111122223333:root\"}.", pr.Name)
			case v != nil && v.Kind == jsonast.Object && len(v.Members()) == 0:
				p.Report(v.Span, "%s is empty; name a principal, e.g. {\"AWS\": \"arn:aws:iam::111122223333:root\"}.", pr.Name)
			}
			for _, e := range pr.Entries {
				reportEmptyList(p, pr.Name, e.Type, e.Member.Value, e.Values)
			}
		}
		if s.Condition == nil {
			continue
		}
		for _, b := range s.Condition.Blocks {
			for _, e := range b.Entries {
				if e.Key == "" {
					p.Report(e.Member.Key.Span, "The condition key name is empty; name a key such as kms:CallerAccount.")
				}
				if v := e.Member.Value; v != nil && v.Kind == jsonast.Array && len(v.Elems()) == 0 {
					reportNoConditionValues(p, s, b.Operator, e.Key, v)
				}
			}
		}
	}
}

// reportEmptyList reports an empty list or empty strings in an element's
// value; typ qualifies the element ("Principal" "AWS") in the message.
func reportEmptyList(p *Pass, elem, typ string, v *jsonast.Node, values []policy.Value) {
	if v == nil {
		return
	}
	name := func() string {
		if typ == "" {
			return elem
		}
		return elem + " " + typ
	}
	if v.Kind == jsonast.Array && len(v.Elems()) == 0 {
		p.Report(v.Span, "%s is an empty list; give at least one value.", name())
		return
	}
	for _, val := range values {
		if val.Text == "" && val.Node.Closed {
			p.Report(val.Node.Span, "%s has an empty string; give a value or remove it.", name())
		}
	}
}

// reportNoConditionValues reports a condition key given []. Most operators
// are then never true; ForAllValues: and …IfExists are true exactly when
// the request carries no value for the key, which an Allow then grants.
func reportNoConditionValues(p *Pass, s *policy.Statement, op, key string, v *jsonast.Node) {
	set, _, ifExists, _ := catalog.ParseOperator(op)
	if set != catalog.SetForAllValues && !ifExists {
		p.Report(v.Span, "The condition on %s has no values, so it can never match; give at least one value.", key)
		return
	}
	effect := "this statement applies"
	if s.Allows() {
		effect = "this Allow grants"
	}
	p.ReportSeverity(Warning, v.Span, "The condition on %s has no values: %s is true exactly when the request carries no value for %s, so %s those requests and only those. To test that the key is absent, write \"Null\": {\"%s\": \"true\"}; otherwise give the values.", key, op, key, effect, key)
}
