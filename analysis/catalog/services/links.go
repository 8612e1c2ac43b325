package services

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

// referenceBase is where the Service Authorization Reference's pages live.
const referenceBase = "https://docs.aws.amazon.com/service-authorization/latest/reference/"

// pageID is the name AWS gives the service's page and the prefix of its
// anchors: the service's title lower-cased without spaces or punctuation
// other than hyphens and dots ("AWS Key Management Service" →
// awskeymanagementservice, "AWS X-Ray" → awsx-ray, "Amazon AppStream 2.0" →
// amazonappstream2.0). A few pages keep a former title's name instead
// (Amazon Keyspaces' is list_awsmanagedapachecassandraservice.html): their
// links stay wrong until the file records each page's name.
func (s *Service) pageID() string {
	var b strings.Builder
	for _, c := range strings.ToLower(s.Name) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// URL is the service's page of the Service Authorization Reference.
func (s *Service) URL() string { return referenceBase + "list_" + s.pageID() + ".html" }

func (s *Service) anchor(name string) string { return s.URL() + "#" + s.pageID() + "-" + name }

// ActionsURL is the table of the service's actions.
func (s *Service) ActionsURL() string { return s.anchor("actions-as-permissions") }

// ResourceTypesURL is the table of the service's resource types.
func (s *Service) ResourceTypesURL() string { return s.anchor("resources-for-iam-policies") }

// URL is the action's row in its service's page.
func (a *Action) URL() string { return a.Service.anchor(a.Name) }

// URL is the resource type's row in its service's page; a name with a space
// has no anchor of its own, so the link is to the resource types' table.
func (r *ResourceType) URL() string {
	if strings.ContainsAny(r.Name, " ") {
		return r.Service.ResourceTypesURL()
	}
	return r.Service.anchor(r.Name)
}

// URL is the key's row in the condition keys table of its service's page
// (the table itself for a parameterised key, whose anchor is not
// predictable).
func (k *Key) URL() string {
	if k.Parameterised() {
		return k.Service.anchor("policy-keys")
	}
	return k.Service.anchor(strings.ReplaceAll(k.Name, ":", "_"))
}

// NearestService suggests the service prefix closest to a misspelt one, or "".
func NearestService(prefix string) string {
	d := theDirectory()
	names := make([]string, len(d.services))
	for i, s := range d.services {
		names[i] = s.Prefix
	}
	return catalog.Nearest(prefix, names)
}

// NearestAction suggests the action of the service closest to a misspelt
// name (without the prefix), or "".
func (s *Service) NearestAction(name string) string {
	acts := s.Actions()
	names := make([]string, len(acts))
	for i := range acts {
		names[i] = acts[i].Name
	}
	return catalog.Nearest(name, names)
}

// NearestKey suggests the key of the service's table closest to a
// misspelt one, or "". Parameterised keys are left out: their names hold
// placeholders, not what a policy writes.
func (s *Service) NearestKey(name string) string {
	var names []string
	for _, k := range s.Keys() {
		if !k.Parameterised() {
			names = append(names, k.Name)
		}
	}
	return catalog.Nearest(name, names)
}

// ResourceTypesMatching returns the service's resource types whose ARN
// format a Resource value may match (see arn.OverlapARN).
func (s *Service) ResourceTypesMatching(value string) []*ResourceType {
	var out []*ResourceType
	rs := s.ResourceTypes()
	for i := range rs {
		if rs[i].Matches(value) {
			out = append(out, &rs[i])
		}
	}
	return out
}

// Matches reports whether a Resource value may name a resource of this type.
func (r *ResourceType) Matches(value string) bool {
	// Longer than an ARN can be (2,048 characters): not judged, rather
	// than matched at a cost of its length times the format's.
	if value == "*" || len(value) > 2048 {
		return true
	}
	for _, f := range r.Formats() {
		if arn.OverlapARN(value, f) {
			return true
		}
	}
	return false
}

// Formats are the type's ARN formats: most types have one, a few (API
// Gateway's, for its two APIs) several, which the reference lists in one
// field separated by ", ".
func (r *ResourceType) Formats() []string { return strings.Split(r.ARN, ", ") }
