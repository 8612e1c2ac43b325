package terraform

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// FileRef is a policy argument read from another file: file(P) or
// templatefile(P, {...}), possibly as jsonencode(jsondecode(...)).
type FileRef struct {
	// Path is the file's path, slash-separated: relative to the directory
	// of the configuration's file, or absolute.
	Path string
	// Name and Where are the resource and argument that read the file
	// (aws_kms_key.main, policy); Kind the kind of policy they hold.
	Name, Where string
	Kind        policy.Kind
	// Template is set for a file Terraform renders as a template:
	// templatefile's, or one named *.tpl or *.tftpl.
	Template bool
	// Span is the path's string in the configuration, quotes included.
	Span text.Span
}

// Resolve is the referenced file's path on this system, for a
// configuration whose file is in the directory dir.
func (r FileRef) Resolve(dir string) string {
	p := filepath.FromSlash(r.Path)
	if path.IsAbs(r.Path) || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// fileRef is the file a policy argument reads, when the argument is
// file() or templatefile() of a path it can resolve: a literal, or a
// literal after ${path.module}, ${path.root} or ${path.cwd} (all three
// the directory of the configuration's file here). Any other path
// (a variable, a function of one) is not followed.
func fileRef(x *hclsyntax.FunctionCallExpr) (FileRef, bool) {
	// jsonencode(jsondecode(file(P))) renders the file's JSON again.
	for x.Name == "jsonencode" || x.Name == "jsondecode" {
		inner, ok := unwrap(x)
		if !ok {
			return FileRef{}, false
		}
		x = inner
	}
	if x.Name != "file" && x.Name != "templatefile" || len(x.Args) == 0 {
		return FileRef{}, false
	}
	arg, ok := x.Args[0].(*hclsyntax.TemplateExpr)
	if !ok {
		return FileRef{}, false
	}
	p, ok := literalPath(arg)
	if !ok {
		return FileRef{}, false
	}
	ext := strings.ToLower(path.Ext(p))
	return FileRef{
		Path:     p,
		Template: x.Name == "templatefile" || ext == ".tpl" || ext == ".tftpl",
		Span:     hclSpan(arg.SrcRange),
	}, true
}

// unwrap is the function call a jsonencode or jsondecode holds.
func unwrap(x *hclsyntax.FunctionCallExpr) (*hclsyntax.FunctionCallExpr, bool) {
	if len(x.Args) != 1 {
		return nil, false
	}
	inner, ok := x.Args[0].(*hclsyntax.FunctionCallExpr)
	return inner, ok
}

// literalPath is the path a string spells: its literal text, after an
// optional ${path.module}, ${path.root} or ${path.cwd}.
func literalPath(x *hclsyntax.TemplateExpr) (string, bool) {
	parts := x.Parts
	prefixed := false
	if len(parts) > 0 {
		if t, ok := parts[0].(*hclsyntax.ScopeTraversalExpr); ok {
			if !pathPrefix(t.Traversal) {
				return "", false
			}
			parts, prefixed = parts[1:], true
		}
	}
	var b strings.Builder
	for _, p := range parts {
		lit, ok := p.(*hclsyntax.LiteralValueExpr)
		if !ok || !lit.Val.Type().Equals(cty.String) || lit.Val.IsNull() {
			return "", false
		}
		b.WriteString(lit.Val.AsString())
	}
	s := b.String()
	if prefixed {
		rest, ok := strings.CutPrefix(s, "/")
		if !ok {
			return "", false
		}
		s = rest
	}
	if s == "" || strings.ContainsAny(s, "\x00") {
		return "", false
	}
	return path.Clean(s), true
}

// pathPrefix reports whether t is path.module, path.root or path.cwd.
func pathPrefix(t hcl.Traversal) bool {
	if len(t) != 2 || t.RootName() != "path" {
		return false
	}
	a, ok := t[1].(hcl.TraverseAttr)
	return ok && (a.Name == "module" || a.Name == "root" || a.Name == "cwd")
}
