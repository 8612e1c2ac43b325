// Package hover explains what is under the cursor: an action (its row of the
// KMS permissions table), a wildcard (what it expands to), a condition key,
// an operator, an element name, or an ARN.
package hover

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/catalogdoc"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policyobj"
)

// Result is a hover: markdown and the span of the text it explains.
type Result struct {
	text.Span
	Markdown string
}

// Hover returns the explanation at byte offset, or nil when there is nothing to say.
func Hover(f *jsonast.File, pol *policy.Policy, offset int) *Result {
	if f == nil || offset < 0 || offset > len(f.Src) {
		return nil
	}
	n := f.Locate(offset).Node
	if n == nil || (n.Kind != jsonast.String && n.Kind != jsonast.Invalid) {
		return nil
	}
	md := explain(f, n)
	if md == "" {
		return nil
	}
	return &Result{Span: n.Span, Markdown: md}
}

// explain decides what the string n is by where it stands in the policy.
func explain(f *jsonast.File, n *jsonast.Node) string {
	parent, m := f.Enclosing(n)
	if m != nil && m.Key == n {
		return explainKey(f, m.Object, n.Value)
	}
	if m == nil && parent != nil && parent.Kind == jsonast.Array {
		_, m = f.Enclosing(parent) // n is an element of an array value
	}
	if m == nil {
		return ""
	}
	return explainValue(f, m, n.Value)
}

func explainKey(f *jsonast.File, obj *jsonast.Node, name string) string {
	switch policyobj.Classify(f, obj).Kind {
	case policyobj.Policy:
		return topElementDocs[name]
	case policyobj.Statement:
		return statementElementDocs[name]
	case policyobj.Principal:
		return principalTypeDocs[name]
	case policyobj.Condition:
		return catalogdoc.Operator(name)
	case policyobj.ConditionBlock:
		return conditionKeyMarkdown(name)
	}
	return ""
}

func explainValue(f *jsonast.File, m *jsonast.Member, v string) string {
	name := m.Key.Value
	switch policyobj.Classify(f, m.Object).Kind {
	case policyobj.Policy:
		if name == "Version" {
			return versionDocs[v]
		}
	case policyobj.Statement:
		switch name {
		case "Effect":
			return effectDocs[v]
		case "Action", "NotAction":
			return actionValueMarkdown(v)
		case "Resource", "NotResource":
			return resourceMarkdown(v)
		case "Principal", "NotPrincipal":
			return principalValueMarkdown(v)
		}
	case policyobj.Principal:
		return principalValueMarkdown(v)
	case policyobj.ConditionBlock:
		return arnMarkdown(v)
	}
	return ""
}

// actionValueMarkdown explains an Action value: one action, a wildcard and
// what it expands to, or a word on why nothing is known about it. KMS
// actions are described from the catalog, every other service's from the
// Service Authorization Reference data.
func actionValueMarkdown(v string) string {
	prefix, name, _ := strings.Cut(v, ":")
	if !strings.ContainsAny(v, "*?") {
		if a := catalog.LookupAction(v); a != nil {
			return catalogdoc.Action(a)
		}
		if strings.EqualFold(prefix, "kms") {
			s := fmt.Sprintf("**%s**: not a KMS action.", v)
			if near := catalog.NearestAction(v); near != "" {
				s += fmt.Sprintf(" Did you mean `%s`?", near)
			}
			return s
		}
		return serviceActionMarkdown(v, prefix, name)
	}
	if strings.EqualFold(prefix, "kms") {
		acts := catalog.MatchActions(v)
		if len(acts) == 0 {
			return fmt.Sprintf("**`%s`** matches no KMS action.", v)
		}
		return wildcardMarkdown(v, acts)
	}
	acts := services.MatchActions(v)
	if len(acts) == 0 {
		return fmt.Sprintf("**`%s`** matches no action in the Service Authorization Reference.", v)
	}
	return catalogdoc.ServiceWildcard(v, acts)
}

// serviceActionMarkdown explains an action of another service than KMS.
func serviceActionMarkdown(v, prefix, name string) string {
	if a := services.LookupAction(v); a != nil {
		return catalogdoc.ServiceAction(a)
	}
	s := services.Lookup(prefix)
	switch {
	case s != nil:
		md := fmt.Sprintf("**%s**: not an action of %s in the Service Authorization Reference.", v, s.Name)
		if near := s.NearestAction(name); near != "" {
			md += fmt.Sprintf(" Did you mean `%s:%s`?", s.Prefix, near)
		}
		return md + fmt.Sprintf("\n\n[%s's actions](%s)", s.Name, s.URL())
	case services.Undocumented(prefix):
		return fmt.Sprintf("**%s**: `%s` is a service the Service Authorization Reference no longer lists (retired).", v, prefix)
	case prefix != "" && prefix != v:
		md := fmt.Sprintf("**%s**: no service in the Service Authorization Reference has the prefix `%s`.", v, prefix)
		if near := services.NearestService(prefix); near != "" {
			md += fmt.Sprintf(" Did you mean `%s`?", near)
		}
		return md
	}
	return ""
}

func wildcardMarkdown(v string, acts []*catalog.Action) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** matches %d KMS action", v, len(acts))
	if len(acts) != 1 {
		b.WriteString("s")
	}
	if v == "*" {
		b.WriteString(" (and every action of every other service)")
	}
	b.WriteString(":\n\n")
	for _, a := range acts {
		fmt.Fprintf(&b, "- `%s`: %s", a.Name, a.PolicyTypes())
		if a.AccessLevel != "" {
			b.WriteString(", " + a.AccessLevel)
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func resourceMarkdown(v string) string {
	if v == "*" {
		return "**`*`**: every resource the statement's actions apply to. In a key policy it means the key the policy is attached to."
	}
	return arnMarkdown(v)
}

func principalValueMarkdown(v string) string {
	switch {
	case v == "*":
		return "**`*`**: every principal, including anonymous ones. Allow it only together with conditions that narrow it down (for example `kms:CallerAccount` and `kms:ViaService`)."
	case arn.IsAccountID(v):
		return fmt.Sprintf("**%s**: an AWS account ID; the same as `arn:aws:iam::%s:root`, the whole account.", v, v)
	case strings.HasSuffix(v, ".amazonaws.com"):
		return fmt.Sprintf("**%s**: a service principal (the service acting on its own behalf).", v)
	}
	return arnMarkdown(v)
}

// conditionKeyMarkdown explains a condition key as written; a parameterised
// key also says what its parameter is here. kms: and aws: keys come from
// the catalog, other services' from the Service Authorization Reference.
func conditionKeyMarkdown(name string) string {
	k := catalog.LookupKey(name)
	if k == nil {
		if sk := services.LookupKey(name); sk != nil {
			return catalogdoc.ServiceKey(sk)
		}
		if !strings.Contains(name, ":") {
			return ""
		}
		s := fmt.Sprintf("**%s**: not a known condition key.", name)
		if near := nearestKey(name); near != "" {
			s += fmt.Sprintf(" Did you mean `%s`?", near)
		}
		return s
	}
	md := catalogdoc.Key(k)
	if k.Prefix != "" && len(name) > len(k.Prefix) {
		param := k.Param
		if k.ParamMax > 0 {
			param = "index"
		}
		md = fmt.Sprintf("`%s`: the %s here is `%s`.\n\n", name, param, name[len(k.Prefix):]) + md
	}
	return md
}

// nearestKey suggests a key for a misspelt one: from the catalog for kms:
// and aws: keys, from the service's table for others.
func nearestKey(name string) string {
	prefix := services.KeyPrefix(name)
	if strings.EqualFold(prefix, "kms") || strings.EqualFold(prefix, "aws") {
		return catalog.NearestKey(name)
	}
	if tables := services.KeyTables(prefix); len(tables) > 0 {
		return tables[0].NearestKey(name)
	}
	return ""
}
