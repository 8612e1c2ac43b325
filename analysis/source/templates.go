package source

import (
	"bytes"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/cfn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/srcmap"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// mentionsTemplate is the byte search for a CloudFormation template.
func mentionsTemplate(src []byte) bool {
	return bytes.Contains(src, []byte(`AWSTemplateFormatVersion`)) || bytes.Contains(src, []byte(`"AWS::`))
}

// isTemplate reports whether a JSON file is a CloudFormation template: it
// names its format version, or one of its Resources has a Type "AWS::…".
func isTemplate(f *jsonast.File) bool {
	root := f.Root
	if root == nil || root.Kind != jsonast.Object {
		return false
	}
	if root.Lookup("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.Lookup("Resources")
	if res == nil || res.Value == nil || res.Value.Kind != jsonast.Object {
		return false
	}
	for _, m := range res.Value.Members() {
		if t := typeOf(m.Value); strings.HasPrefix(t, "AWS::") {
			return true
		}
	}
	return false
}

func typeOf(res *jsonast.Node) string {
	if res == nil || res.Kind != jsonast.Object {
		return ""
	}
	if t := res.Lookup("Type"); t != nil && t.Value != nil && t.Value.Kind == jsonast.String {
		return t.Value.Value
	}
	return ""
}

// templateUnits are the policies of a CloudFormation JSON template. Only
// the resources that can hold one are read into host trees.
func templateUnits(f *jsonast.File) []Unit {
	res := f.Root.Lookup("Resources")
	if res == nil || res.Value == nil || res.Value.Kind != jsonast.Object {
		return nil
	}
	types := map[string]string{}
	for _, m := range res.Value.Members() {
		types[m.Key.Value] = typeOf(m.Value)
	}
	syn := &hosttree.JSONSyntax{Src: f.Src}
	var out []Unit
	for _, m := range res.Value.Members() {
		if !cfn.MayHoldPolicy(types[m.Key.Value]) {
			continue
		}
		for _, p := range cfn.ResourcePolicies(m.Key.Value, hosttree.FromJSON(f, m.Value)) {
			if p.Node.Kind == hosttree.String {
				if u, ok := stringUnit(f, p.Property, f.NodeAt(p.Node.Span.Start)); ok {
					u.Name, u.Where, u.Kind = p.Resource, p.Property, p.Kind
					out = append(out, u)
				}
				continue
			}
			if p.Node.Kind == hosttree.Object && !p.Statement && !cfn.HasFunctions(p.Node) {
				// No intrinsic function: the policy is the template's
				// own JSON text, which the unit is as it stands, and its
				// edits are JSON edits of the template.
				out = append(out, verbatim(f, p))
				continue
			}
			for _, cu := range cfn.WriteBranches(p, types, syn, jsonEscape) {
				out = append(out, fromTemplate(cu))
			}
		}
	}
	return out
}

// verbatim is the unit of a policy that is the template's own JSON text.
func verbatim(f *jsonast.File, p cfn.Policy) Unit {
	sp := p.Node.Span
	return Unit{Name: p.Resource, Where: p.Property, Kind: p.Kind, Src: f.Src[sp.Start:sp.End], Span: sp, Map: srcmap.Shifted(sp.Start, sp.End), Verbatim: true}
}

// jsonEscape writes JSON text put into a JSON string (a policy a JSON
// template holds as the string of an Fn::Sub) as its content.
func jsonEscape(*hosttree.Node) cfn.Escape {
	return func(s string, _ int, snippet bool) string {
		if snippet {
			return escapeSnippetJSON(s)
		}
		return jsonquote.Content(s)
	}
}

// escapeSnippetJSON escapes a snippet's text as JSON string content,
// leaving its placeholders alone: quotes and line breaks only (a snippet's
// literal backslash is rare enough to be left).
func escapeSnippetJSON(s string) string {
	return strings.NewReplacer(`"`, `\"`, "\n", `\n`, "\t", `\t`).Replace(s)
}

// fromTemplate is the unit of a template's policy.
func fromTemplate(cu cfn.Unit) Unit {
	u := Unit{
		Name:     cu.Resource,
		Where:    cu.Property,
		Kind:     cu.Kind,
		Src:      cu.Src,
		Span:     cu.Map.HostSpan(),
		Map:      cu.Map,
		Host:     cu.Host,
		Unknowns: cu.Unknowns,
		Branch:   cu.Branch,
	}
	if cu.Resource == "" {
		u.Kind = policy.KindAuto // a YAML file that is a policy: the user's kind or detected
	}
	if len(cu.Ifs) > 0 {
		u.Conditions = cu.Ifs
	}
	return u
}

// classifyYAML reads a YAML file: a CloudFormation template's policies,
// or the policy the file is.
func classifyYAML(f File, prev *Contents) Contents {
	var cache *cfn.Cache
	if prev != nil {
		cache, _ = prev.cache.(*cfn.Cache)
	}
	if cache == nil && !f.Explicit && !mentionsYAMLPolicy(f.Src) {
		return Contents{}
	}
	y := cfn.ReadYAML(f.Src, cache, f.Explicit)
	c := Contents{Language: "yaml", cache: y.Cache, Broken: y.Broken}
	for _, e := range y.Errors {
		c.Errors = append(c.Errors, SyntaxError{Span: e.Span, Code: "yaml-syntax", Message: e.Message})
	}
	for _, cu := range y.Units {
		c.Units = append(c.Units, fromTemplate(cu))
	}
	return c
}

// mentionsYAMLPolicy is the byte search that spares a YAML file that holds
// no policy a parse.
func mentionsYAMLPolicy(src []byte) bool {
	return bytes.Contains(src, []byte("Statement")) || bytes.Contains(src, []byte("2012-10-17")) ||
		bytes.Contains(src, []byte("AWSTemplateFormatVersion")) || bytes.Contains(src, []byte("AWS::"))
}
