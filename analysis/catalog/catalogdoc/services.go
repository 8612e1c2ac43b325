package catalogdoc

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
)

// The other services' facts come from the Service Authorization Reference
// without AWS's descriptions: they are laid out here in our own words, with
// a link to the reference's page for the rest.

// ServiceAction describes an action of another service than KMS: its access
// level, resource types (with their ARN formats), condition keys and
// dependent actions, and where the reference documents it.
func ServiceAction(a *services.Action) string {
	if a == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** · %s\n\n| | |\n|---|---|\n", a.FullName(), a.Service.Name)
	row(&b, "Access level", a.Level.String())
	row(&b, "Resource types", actionResources(a))
	if keys := actionKeys(a); keys != "" {
		row(&b, "Condition keys", keys)
	}
	if deps := dependent(a); len(deps) > 0 {
		row(&b, "Dependent actions", code(deps))
	}
	if anyRequired(a) {
		b.WriteString("\n\\* every request names a resource of this type.\n")
	}
	fmt.Fprintf(&b, "\n[%s in the Service Authorization Reference](%s)", a.FullName(), a.URL())
	return b.String()
}

func actionResources(a *services.Action) string {
	if len(a.Resources) == 0 {
		return "none: the action takes `\"Resource\": \"*\"`"
	}
	parts := make([]string, 0, len(a.Resources))
	for _, r := range a.Resources {
		s := "`" + r.Type.Name + "`"
		if r.Required {
			s += "\\*"
		}
		parts = append(parts, s+" (`"+strings.Join(r.Type.Formats(), "`, `")+"`)")
	}
	return strings.Join(parts, "; ")
}

// actionKeys lists the keys an action supports, without repeats.
func actionKeys(a *services.Action) string {
	seen := map[string]bool{}
	var names []string
	for k := range a.Keys() {
		if !seen[k.Name] {
			seen[k.Name] = true
			names = append(names, k.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return code(names)
}

func dependent(a *services.Action) []string {
	out := append([]string(nil), a.Dependent...)
	for _, r := range a.Resources {
		out = append(out, r.Dependent...)
	}
	return out
}

func anyRequired(a *services.Action) bool {
	for _, r := range a.Resources {
		if r.Required {
			return true
		}
	}
	return false
}

// ServiceKey describes a condition key of another service's table: its
// type, how many of the service's actions support it (some named), and
// where the reference documents it.
func ServiceKey(k *services.Key) string {
	if k == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** · condition key of %s\n\n| | |\n|---|---|\n", k.Name, k.Service.Name)
	kind := k.BaseType()
	if k.Multi() {
		kind += ", multi-valued: use `ForAnyValue:` or `ForAllValues:`"
	}
	row(&b, "Type", kind)
	if k.Parameterised() {
		row(&b, "Name", "a family: the part in brackets or braces is yours to fill in")
	}
	var users []string
	acts := k.Service.Actions()
	for i := range acts {
		if supportsKey(&acts[i], k) {
			users = append(users, acts[i].FullName())
		}
	}
	if len(users) > 0 {
		shown := users
		if len(shown) > 8 {
			shown = shown[:8]
		}
		s := code(shown)
		if len(users) > len(shown) {
			s += fmt.Sprintf(", … (%d in all)", len(users))
		}
		row(&b, "Actions that support it", s)
	}
	fmt.Fprintf(&b, "\n[%s in the Service Authorization Reference](%s)", k.Name, k.URL())
	return b.String()
}

func supportsKey(a *services.Action, k *services.Key) bool {
	for x := range a.Keys() {
		if x == k {
			return true
		}
	}
	return false
}

// ServiceWildcard describes what an action pattern matches across services:
// how many actions, counted per access level, and the first few.
func ServiceWildcard(pattern string, acts []*services.Action) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** matches %d action", pattern, len(acts))
	if len(acts) != 1 {
		b.WriteString("s")
	}
	byLevel := map[services.AccessLevel]int{}
	byService := map[*services.Service]bool{}
	for _, a := range acts {
		byLevel[a.Level]++
		byService[a.Service] = true
	}
	if len(byService) > 1 {
		fmt.Fprintf(&b, " of %d services", len(byService))
	}
	b.WriteString("\n\n| Access level | Actions |\n|---|---|\n")
	for _, l := range services.AccessLevels {
		if n := byLevel[l]; n > 0 {
			fmt.Fprintf(&b, "| %s | %d |\n", l, n)
		}
	}
	const shown = 20
	b.WriteString("\n")
	for i, a := range acts {
		if i == shown {
			fmt.Fprintf(&b, "- … and %d more\n", len(acts)-shown)
			break
		}
		fmt.Fprintf(&b, "- `%s`: %s\n", a.FullName(), a.Level)
	}
	if len(byService) == 1 {
		fmt.Fprintf(&b, "\n[%s in the Service Authorization Reference](%s)", acts[0].Service.Name, acts[0].Service.URL())
	}
	return strings.TrimRight(b.String(), "\n")
}

// ResourceTypes describes which resource types of its service an ARN may
// name, or that it names none the reference lists.
func ResourceTypes(s *services.Service, types []*services.ResourceType) string {
	if len(types) == 0 {
		return fmt.Sprintf("Matches no resource type of %s in the Service Authorization Reference ([its resource types](%s)).",
			s.Name, s.ResourceTypesURL())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Resource type of %s: ", s.Name)
	for i, r := range types {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "[`%s`](%s)", r.Name, r.URL())
	}
	b.WriteString(".")
	return b.String()
}
