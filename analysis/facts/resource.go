package facts

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// ResourceClass is what a statement's Resource element names, for deciding
// which actions can apply to it.
type ResourceClass uint8

const (
	ResourceUnknown ResourceClass = iota // mixed, missing, or not recognised
	ResourceAny                          // "*"
	ResourceKey                          // KMS key ARNs
	ResourceAlias                        // KMS alias ARNs
)

// ClassifyResource reads one Resource value.
func ClassifyResource(v string) ResourceClass {
	if v == "*" {
		return ResourceAny
	}
	// Fields, not Parse: a ${…} with a colon before the resource has always
	// left the value unclassified here.
	f, n := arn.Fields(v)
	parts := f[:n]
	if len(parts) != 6 || !arn.LooksLikeARN(v) || parts[2] != "kms" {
		return ResourceUnknown
	}
	switch {
	case strings.HasPrefix(parts[5], "key/"):
		return ResourceKey
	case strings.HasPrefix(parts[5], "alias/"):
		return ResourceAlias
	}
	return ResourceUnknown
}

// ResourceClassOf is the class shared by every Resource value of a
// statement, or ResourceUnknown.
func ResourceClassOf(s *policy.Statement) ResourceClass {
	if s.Resource == nil || len(s.Resource.Values) == 0 || len(s.Resource.NonStrings) > 0 {
		return ResourceUnknown
	}
	class := ClassifyResource(s.Resource.Values[0].Text)
	for _, v := range s.Resource.Values[1:] {
		if ClassifyResource(v.Text) != class {
			return ResourceUnknown
		}
	}
	return class
}

// ActionAccepts reports whether an action acts on resources of the class.
// "*" matches every resource and unknown classes are not judged.
func ActionAccepts(a *catalog.Action, class ResourceClass) bool {
	switch class {
	case ResourceKey:
		for _, r := range a.Resources() {
			if r == catalog.ResourceKey || r == catalog.ResourceKeySymmetric || r == catalog.ResourceKeyAsymmetric {
				return true
			}
		}
		return false
	case ResourceAlias:
		for _, r := range a.Resources() {
			if r == catalog.ResourceAlias {
				return true
			}
		}
		return false
	}
	return true
}
