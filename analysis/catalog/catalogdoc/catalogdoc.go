// Package catalogdoc renders the catalog's documentation of an action, a
// condition key or an operator as Markdown: hover shows it, completion
// attaches it to its items and the CLI's explain prints it.
package catalogdoc

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
)

// Action describes one KMS permission: its row of the permissions table
// plus the access level and dependent actions AWS lists today.
func Action(a *catalog.Action) string {
	if a == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`**", a.Name)
	if a.PermissionOnly {
		b.WriteString(" (permission only)")
	}
	b.WriteString("\n\n")
	if a.Doc != "" {
		b.WriteString(a.Doc + "\n\n")
	}
	b.WriteString("| | |\n|---|---|\n")
	op := a.Operation
	if op == "" {
		op = "none: this permission has no API operation of its own"
	} else {
		op = "`" + op + "`"
	}
	row(&b, "API operation", op)
	row(&b, "Policy type", policyTypes(a))
	row(&b, "Cross-account use", a.CrossAccountUse().String())
	row(&b, "Resources", resources(a))
	if a.AccessLevel != "" {
		row(&b, "Access level", a.AccessLevel)
	}
	if len(a.DependentActions) > 0 {
		row(&b, "Dependent actions", code(a.DependentActions))
	}
	writeKeyGroups(&b, a)
	if len(a.Notes) > 0 {
		b.WriteString("\n**Notes**\n\n")
		for _, n := range a.Notes {
			b.WriteString("- " + n + "\n")
		}
	}
	if len(a.Changes) > 0 {
		b.WriteString("\n**Since the permissions table**\n\n")
		for _, c := range a.Changes {
			b.WriteString("- " + c.Text + sourceNote(c.Source) + "\n")
		}
	}
	if a.Source != "" {
		b.WriteString("\nNewer than the KMS permissions table; source: " + a.Source + "\n")
	}
	b.WriteString(kmsLinks(a))
	return strings.TrimRight(b.String(), "\n")
}

// kmsAPIReference is where the KMS API reference documents an operation.
const kmsAPIReference = "https://docs.aws.amazon.com/kms/latest/APIReference/API_"

// kmsLinks links a KMS permission to its row of the Service Authorization
// Reference and its operation's page of the KMS API reference.
func kmsLinks(a *catalog.Action) string {
	var links []string
	if sa := services.LookupAction(a.Name); sa != nil {
		links = append(links, "["+a.Name+" in the Service Authorization Reference]("+sa.URL()+")")
	}
	if a.Operation != "" {
		links = append(links, "[the "+a.Operation+" API]("+kmsAPIReference+a.Operation+".html)")
	}
	if len(links) == 0 {
		return ""
	}
	return "\n" + strings.Join(links, " · ") + "\n"
}

func row(b *strings.Builder, name, value string) {
	fmt.Fprintf(b, "| %s | %s |\n", name, strings.ReplaceAll(value, "|", "\\|"))
}

func sourceNote(src string) string {
	if src == "" {
		return ""
	}
	return " _(" + src + ")_"
}

// policyTypes lists each use's policy type with its qualifier, so that
// kms:CreateAlias reads "IAM policy (for the alias); Key policy (for the CMK)".
func policyTypes(a *catalog.Action) string {
	if len(a.Uses) == 0 {
		return "none (no policy type is documented)"
	}
	parts := make([]string, 0, len(a.Uses))
	for _, u := range a.Uses {
		s := u.PolicyType.String()
		if u.For != "" {
			s += " (for " + strings.TrimPrefix(u.For, "for ") + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func resources(a *catalog.Action) string {
	rs := a.Resources()
	if len(rs) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		parts = append(parts, resourceWords(r))
	}
	return strings.Join(parts, ", ")
}

func resourceWords(r catalog.ResourceType) string {
	switch r {
	case catalog.ResourceKey:
		return "KMS key"
	case catalog.ResourceKeySymmetric:
		return "KMS key (symmetric only)"
	case catalog.ResourceKeyAsymmetric:
		return "KMS key (asymmetric only)"
	case catalog.ResourceAlias:
		return "alias"
	case catalog.ResourceAny:
		return "`*` (no particular resource)"
	}
	return r.String()
}

// writeKeyGroups lists the condition keys by the table's groups, one use
// after the other when the action has several.
func writeKeyGroups(b *strings.Builder, a *catalog.Action) {
	listed := false
	for _, u := range a.Uses {
		for _, g := range u.Groups {
			if len(g.Keys) == 0 {
				continue
			}
			if !listed {
				b.WriteString("\n**Condition keys**\n\n")
				listed = true
			}
			title := g.Title
			if title == "" {
				title = "Keys"
			}
			if len(a.Uses) > 1 {
				title += " (" + u.PolicyType.String() + ")"
			}
			fmt.Fprintf(b, "- _%s_: %s%s\n", title, code(g.Keys), sourceNote(g.Source))
		}
	}
	if !listed {
		b.WriteString("\nNo KMS condition keys.\n")
	}
}

func code(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = "`" + n + "`"
	}
	return strings.Join(parts, ", ")
}

// Key describes a condition key: its value type, whether it holds
// several values, what values it takes, restrictions, and which actions
// support it.
func Key(k *catalog.ConditionKey) string {
	if k == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`**", k.Name)
	if k.Global {
		b.WriteString(" (AWS global condition key)")
	}
	b.WriteString("\n\n")
	if k.Deprecated != "" {
		fmt.Fprintf(&b, "**Deprecated**: use `%s` instead.\n\n", k.Deprecated)
	}
	if k.Doc != "" {
		b.WriteString(k.Doc + "\n\n")
	}
	b.WriteString("| | |\n|---|---|\n")
	row(&b, "Type", typeWords(k))
	if k.Multi {
		row(&b, "Values", "multi-valued: use it with `ForAnyValue:` or `ForAllValues:`")
	} else {
		row(&b, "Values", "single-valued")
	}
	if k.Prefix != "" {
		row(&b, "Pattern", paramWords(k))
	}
	if len(k.Values) > 0 {
		row(&b, "Valid values", code(k.Values))
	}
	if k.HasRange {
		row(&b, "Range", fmt.Sprintf("%d to %d", k.Min, k.Max))
	}
	if k.Format != "" {
		row(&b, "Format", k.Format)
	}
	writeKeyRestrictions(&b, k)
	writeSupporting(&b, k)
	if k.Source != "" {
		b.WriteString("\nSource: " + k.Source + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func typeWords(k *catalog.ConditionKey) string {
	t := k.TypeName()
	for _, alt := range k.AltTypes {
		t += " or " + alt.String()
	}
	return t
}

func paramWords(k *catalog.ConditionKey) string {
	if k.ParamMax > 0 {
		return fmt.Sprintf("`%s` followed by a number from 0 to %d", k.Prefix, k.ParamMax)
	}
	return fmt.Sprintf("`%s` followed by the %s", k.Prefix, k.Param)
}

func writeKeyRestrictions(b *strings.Builder, k *catalog.ConditionKey) {
	var rs []string
	if k.IAMOnly {
		rs = append(rs, "valid in IAM policies only, not in key policies")
	}
	if k.Restriction != "" {
		rs = append(rs, k.Restriction)
	}
	if k.NoForAllValues {
		rs = append(rs, "KMS rejects a policy that uses `ForAllValues:` with this key")
	}
	if k.Sensitive {
		rs = append(rs, "a wildcard (`*` or `?`) in its value defeats its purpose")
	}
	if len(rs) > 0 {
		row(b, "Restrictions", strings.Join(rs, "; "))
	}
}

// maxListed bounds the supporting-actions list so that a key that nearly
// every action supports does not flood a hover.
const maxListed = 20

func writeSupporting(b *strings.Builder, k *catalog.ConditionKey) {
	acts := catalog.ActionsSupporting(k)
	switch {
	case len(acts) == 0 && k.Global:
		b.WriteString("\nThe KMS permissions table lists it for no particular action; it applies to requests in general.\n")
		return
	case len(acts) == 0:
		b.WriteString("\nNo KMS action supports this key.\n")
		return
	}
	fmt.Fprintf(b, "\n**Supported by** %d action", len(acts))
	if len(acts) > 1 {
		b.WriteString("s")
	}
	b.WriteString(": ")
	names := make([]string, 0, min(len(acts), maxListed))
	for i, a := range acts {
		if i == maxListed {
			break
		}
		names = append(names, a.Name)
	}
	b.WriteString(code(names))
	if len(acts) > maxListed {
		fmt.Fprintf(b, " and %d more", len(acts)-maxListed)
	}
	b.WriteString("\n")
}

// Operator explains a condition operator as written, including its
// set prefix and IfExists suffix.
func Operator(written string) string {
	set, op, ifExists, ok := catalog.ParseOperator(written)
	if !ok || op == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** (condition operator)\n\n", written)
	if op.Doc != "" {
		fmt.Fprintf(&b, "`%s`: %s\n\n", op.Name, op.Doc)
	}
	types := make([]string, len(op.Types))
	for i, t := range op.Types {
		types[i] = t.String()
	}
	fmt.Fprintf(&b, "- Works on keys of type: %s\n", strings.Join(types, ", "))
	if op.Negated {
		b.WriteString("- Negated: with several values, the request must match none of them; an absent key makes it true.\n")
	}
	if op.Wildcard {
		b.WriteString("- `*` and `?` in the policy values are wildcards.\n")
	}
	if op.Variables {
		b.WriteString("- Policy variables such as `${aws:username}` are replaced in the values.\n")
	}
	if ifExists {
		b.WriteString("- `IfExists`: when the key is missing from the request, this condition counts as met; otherwise the operator applies as usual.\n")
		if op.Name == "Null" {
			b.WriteString("- `Null` cannot take `IfExists`: IAM rejects this operator.\n")
		}
	}
	switch set {
	case catalog.SetForAnyValue:
		b.WriteString("- `ForAnyValue:`: for a multi-valued key, met when at least one value of the request matches; an absent or empty key is not a match.\n")
	case catalog.SetForAllValues:
		b.WriteString("- `ForAllValues:`: for a multi-valued key, met when every value of the request matches. It is also met when the key is absent or empty, so an Allow with it usually needs a `Null` check too.\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
