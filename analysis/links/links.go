// Package links finds the names in a policy that AWS documents on a page of
// its own: each action, condition key and resource ARN, with the address
// of its entry in the Service Authorization Reference (the IAM guide's
// page of global keys for aws: keys). An editor shows them as document
// links.
package links

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Link is a span of the policy and the page that documents what it names.
type Link struct {
	text.Span
	URL     string
	Tooltip string
}

// globalKeysPage is the IAM guide's page of the aws: condition keys.
const globalKeysPage = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html"

// Links returns the policy's links in the order they stand.
func Links(pol *policy.Policy) []Link {
	if pol == nil {
		return nil
	}
	var out []Link
	for _, s := range pol.Statements {
		for _, l := range []*policy.List{s.Action, s.NotAction} {
			if l == nil {
				continue
			}
			for _, v := range l.Values {
				out = appendLink(out, v.Node, actionLink(v.Text))
			}
		}
		if s.Condition != nil {
			for _, b := range s.Condition.Blocks {
				for _, e := range b.Entries {
					out = appendLink(out, e.Member.Key, keyLink(e.Key))
				}
			}
		}
		for _, l := range []*policy.List{s.Resource, s.NotResource} {
			if l == nil {
				continue
			}
			for _, v := range l.Values {
				out = appendLink(out, v.Node, resourceLink(v.Text))
			}
		}
	}
	return out
}

type target struct{ url, tooltip string }

// appendLink adds a link over a string's text, inside its quotes; a string
// still being typed has no closing quote, and its text runs to its end.
func appendLink(out []Link, n *jsonast.Node, t target) []Link {
	if t.url == "" {
		return out
	}
	return append(out, Link{Span: n.Content(), URL: t.url, Tooltip: t.tooltip})
}

// actionLink is an action's row of the reference, or its service's table
// of actions for a wildcard.
func actionLink(v string) target {
	prefix, _, ok := strings.Cut(v, ":")
	if !ok || catalog.HasWildcard(prefix) {
		return target{}
	}
	s := services.Lookup(prefix)
	if s == nil {
		return target{}
	}
	if catalog.HasWildcard(v) {
		return target{s.ActionsURL(), s.Name + " actions in the Service Authorization Reference"}
	}
	if a := services.LookupAction(v); a != nil {
		return target{a.URL(), a.FullName() + " in the Service Authorization Reference"}
	}
	return target{}
}

// keyLink is a key's row of the reference; an aws: key's section of the
// IAM guide's page of global keys.
func keyLink(name string) target {
	prefix, rest, ok := strings.Cut(name, ":")
	if !ok {
		return target{}
	}
	if strings.EqualFold(prefix, "aws") {
		if catalog.LookupKey(name) == nil {
			return target{}
		}
		base, _, _ := strings.Cut(rest, "/")
		return target{globalKeysPage + "#condition-keys-" + strings.ToLower(base), name + " in the IAM global condition keys"}
	}
	if k := services.LookupKey(name); k != nil {
		return target{k.URL(), k.Name + " in the Service Authorization Reference"}
	}
	return target{}
}

// resourceLink is the resource type an ARN names, or its service's table
// of resource types when it names none (or several).
func resourceLink(v string) target {
	if !arn.LooksLikeARN(v) {
		return target{}
	}
	f, n := arn.Fields(v)
	if n < 3 || catalog.HasWildcard(f[2]) {
		return target{}
	}
	s := services.Lookup(f[2])
	if s == nil {
		return target{}
	}
	if n == 6 {
		if r := mostSpecific(s.ResourceTypesMatching(v)); r != nil {
			return target{r.URL(), s.Name + " resource type " + r.Name}
		}
	}
	return target{s.ResourceTypesURL(), s.Name + " resource types"}
}

// mostSpecific is the one type whose ARN format spells the most of itself
// out ("bucket/*" may be a bucket named with a slash, but is an object);
// nil when none, or when two tie.
func mostSpecific(types []*services.ResourceType) *services.ResourceType {
	var best *services.ResourceType
	bestN, tie := -1, false
	for _, r := range types {
		n := literalLength(r.ARN)
		switch {
		case n > bestN:
			best, bestN, tie = r, n, false
		case n == bestN:
			tie = true
		}
	}
	if tie {
		return nil
	}
	return best
}

// literalLength counts the characters of a format outside its placeholders.
func literalLength(format string) int {
	n := 0
	for i := 0; i < len(format); i++ {
		if strings.HasPrefix(format[i:], "${") {
			if j := strings.IndexByte(format[i:], '}'); j > 0 {
				i += j
				continue
			}
		}
		n++
	}
	return n
}
