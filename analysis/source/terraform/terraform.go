// Package terraform finds the policies of a Terraform configuration (HCL
// .tf files and JSON .tf.json files) and turns each into a policy unit:
//   - the policy argument of aws_kms_key, aws_kms_replica_key and
//     aws_kms_key_policy (key policies) and of aws_iam_policy,
//     aws_iam_role_policy, aws_iam_user_policy and aws_iam_group_policy,
//     and the inline_policy blocks of aws_iam_role (IAM policies);
//   - written as jsonencode({...}) (HCL object syntax; a conditional
//     expression among its values yields a unit for each branch, as
//     CloudFormation's !If does), as a heredoc or
//     string of JSON (interpolations are values Terraform computes), or as
//     a data "aws_iam_policy_document" block, whose kind is that of the
//     resource whose policy refers to it (detected when none does).
//
// A policy read from file("x.json") or templatefile("x.tftpl", {...}) is
// in another file: the configuration records a FileRef to it (Refs), and
// the file is read as a policy of the resource's kind on its own
// (ReadTemplate for a template).
package terraform

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hclhost"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/srcmap"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

var (
	keyResources = map[string]bool{"aws_kms_key": true, "aws_kms_replica_key": true, "aws_kms_key_policy": true}
	iamResources = map[string]bool{"aws_iam_policy": true, "aws_iam_role_policy": true, "aws_iam_user_policy": true, "aws_iam_group_policy": true}
)

const documentType = "aws_iam_policy_document"

// kindOf is the kind of policy a resource's policy argument holds.
func kindOf(resourceType string) (policy.Kind, bool) {
	switch {
	case keyResources[resourceType]:
		return policy.KindKey, true
	case iamResources[resourceType] || resourceType == "aws_iam_role":
		return policy.KindIAM, true
	}
	return policy.KindAuto, false
}

// Host is what a Terraform unit's host does: write edits, map spans, know
// the values Terraform computes.
type Host interface {
	Edit(e text.Edit, snippet bool) (text.Edit, bool)
	Span(s text.Span) text.Span
	UnknownAt(off int) (hosttree.Unknown, bool)
	Cursor(host int) (int, bool)
}

// Unit is a policy of a configuration.
type Unit struct {
	// Name is the resource's or data source's address
	// (aws_kms_key.main, data.aws_iam_policy_document.key); Where the
	// argument that holds the policy (policy, inline_policy[0].policy).
	Name, Where string
	Kind        policy.Kind
	Src         []byte
	Map         *srcmap.Map
	Unknowns    []hosttree.Unknown
	Host        Host
	// Document is the name of the aws_iam_policy_document a Unit is
	// written from, "" for a resource's own policy.
	Document string
	// Conditions are those of the conditional expressions (c ? a : b) of
	// a jsonencode policy, in order, and Branch the branch every one
	// takes in this unit: 0 the first, 1 the second.
	Conditions []string
	Branch     int
}

// at is the unit with its host text at offset base of the file.
func (u Unit) at(base int) Unit {
	switch h := u.Host.(type) {
	case *hosttree.Unit:
		h = h.At(base)
		u.Host, u.Map = h, h.Map
	case *hosttree.TextUnit:
		h = h.At(base)
		u.Host, u.Map = h, h.Map
	}
	return u
}

// Span is the host text the unit was written from.
func (u Unit) Span() text.Span { return u.Map.HostSpan() }

// block is what one top-level block of a configuration holds.
type block struct {
	units []Unit
	// refs are the policy documents the block's policies refer to, with
	// the kind of the resource that refers to each.
	refs map[string]policy.Kind
	// files are the files its policies are read from.
	files []FileRef
}

// readBlock reads the policies of the top-level blocks of body, parsed
// from src.
func readBlock(src []byte, body *hclsyntax.Body) block {
	r := &hclhost.Reader{Src: src}
	out := block{refs: map[string]policy.Kind{}}
	for _, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			kind, ok := kindOf(b.Labels[0])
			if !ok {
				continue
			}
			name := b.Labels[0] + "." + b.Labels[1]
			if a, ok := b.Body.Attributes["policy"]; ok && b.Labels[0] != "aws_iam_role" {
				out.policy(r, a.Expr, name, "policy", kind)
			}
			i := 0
			for _, inner := range b.Body.Blocks {
				if b.Labels[0] == "aws_iam_role" && inner.Type == "inline_policy" {
					if a, ok := inner.Body.Attributes["policy"]; ok {
						out.policy(r, a.Expr, name, "inline_policy["+strconv.Itoa(i)+"].policy", kind)
					}
					i++
				}
			}
		case b.Type == "data" && len(b.Labels) == 2 && b.Labels[0] == documentType:
			body := r.Body(b.Body, hclSpan(b.OpenBraceRange), hclSpan(b.CloseBraceRange))
			body.Span = text.Span{Start: b.OpenBraceRange.Start.Byte, End: b.CloseBraceRange.End.Byte}
			syn := &DocumentSyntax{Host: &hclhost.Syntax{Src: src}, Argument: hclArgument(src), Indent: indentOf(src)}
			u := hosttree.Emit(Document(body), body.Span, syn)
			out.units = append(out.units, Unit{Name: "data." + documentType + "." + b.Labels[1], Src: u.Src, Map: u.Map,
				Unknowns: u.Unknowns, Host: u, Document: b.Labels[1]})
		}
	}
	return out
}

func hclSpan(r hcl.Range) text.Span { return text.Span{Start: r.Start.Byte, End: r.End.Byte} }

// policy reads a policy argument's expression.
func (b *block) policy(r *hclhost.Reader, e hclsyntax.Expression, name, where string, kind policy.Kind) {
	switch x := e.(type) {
	case *hclsyntax.FunctionCallExpr:
		if ref, ok := fileRef(x); ok {
			ref.Name, ref.Where, ref.Kind = name, where, kind
			b.files = append(b.files, ref)
			return
		}
		if x.Name == "jsonencode" && len(x.Args) == 1 {
			b.units = append(b.units, jsonencodeUnits(r.Src, x.Args[0], name, where, kind)...)
		}
	case *hclsyntax.TemplateExpr:
		if u, ok := textUnit(r.Src, x); ok {
			u.Name, u.Where, u.Kind = name, where, kind
			b.units = append(b.units, u)
		}
	case *hclsyntax.TemplateWrapExpr:
		b.policy(r, x.Wrapped, name, where, kind)
	case *hclsyntax.ScopeTraversalExpr:
		t := x.Traversal
		if len(t) >= 3 && t.RootName() == "data" {
			if a, ok := t[1].(hcl.TraverseAttr); ok && a.Name == documentType {
				if n, ok := t[2].(hcl.TraverseAttr); ok {
					if _, seen := b.refs[n.Name]; !seen {
						b.refs[n.Name] = kind
					}
				}
			}
		}
	}
}

// jsonencodeUnits are the units of jsonencode(e): one, or when e holds
// conditional expressions (c ? a : b), one where every one takes its
// first branch and one where every one takes its second, as
// CloudFormation's !If.
func jsonencodeUnits(src []byte, e hclsyntax.Expression, name, where string, kind policy.Kind) []Unit {
	var out []Unit
	for branch := 0; branch < 2; branch++ {
		r := &hclhost.Reader{Src: src, Choose: true, Branch: branch}
		tree := r.Expr(e)
		u := hosttree.Emit(tree, tree.Span, &hclhost.Syntax{Src: src})
		out = append(out, Unit{Name: name, Where: where, Kind: kind, Src: u.Src, Map: u.Map, Unknowns: u.Unknowns, Host: u,
			Conditions: r.Conditions, Branch: branch})
		if len(r.Conditions) == 0 {
			break
		}
	}
	if len(out) == 2 {
		// A conditional inside a branch is met in one unit only: both
		// name every condition.
		all := out[0].Conditions
		for _, c := range out[1].Conditions {
			if !slices.Contains(all, c) {
				all = append(all, c)
			}
		}
		out[0].Conditions, out[1].Conditions = all, all
	}
	return out
}

// textForm is how a template holding a policy is written.
type textForm int

const (
	quotedForm  textForm = iota // a quoted string
	heredocForm                 // a heredoc
	fileForm                    // a file templatefile() renders
)

// textUnit is the policy a heredoc or a quoted string holds as JSON: the
// template's literal text, each interpolation kept as "${…}" (inside a
// JSON string, which it makes a value Terraform computes) or standing for
// such a string (where a JSON value goes).
func textUnit(src []byte, x *hclsyntax.TemplateExpr) (Unit, bool) {
	rng := hclSpan(x.SrcRange)
	if src[rng.Start] == '<' {
		return textUnitIn(src, x, rng, text.Span{Start: lineAfter(src, rng.Start), End: lineStart(src, rng.End)}, heredocForm)
	}
	return textUnitIn(src, x, rng, text.Span{Start: rng.Start + 1, End: rng.End - 1}, quotedForm)
}

// ReadTemplate reads a file that templatefile() renders as a policy (or
// that file() reads, named *.tpl or *.tftpl): its literal text is the
// policy's, and each interpolation and each directive (%{ if }, %{ for })
// a value Terraform computes, as in a heredoc. A template that does not
// parse, or whose text is no JSON object without syntax errors once its
// directives stand for values (a directive that writes list elements with
// their commas), gives no unit: what Terraform renders from it is not
// known well enough to judge.
func ReadTemplate(src []byte) (Unit, bool) {
	if len(src) == 0 {
		return Unit{}, false
	}
	e, diags := hclsyntax.ParseTemplate(src, "", hcl.InitialPos)
	x, ok := e.(*hclsyntax.TemplateExpr)
	if diags.HasErrors() || !ok {
		return Unit{}, false
	}
	all := text.Span{End: len(src)}
	return textUnitIn(src, x, all, all, fileForm)
}

// textUnitIn is the unit of a template whose host text is rng and whose
// content (inside quotes, between a heredoc's markers) is content.
func textUnitIn(src []byte, x *hclsyntax.TemplateExpr, rng, content text.Span, form textForm) (Unit, bool) {
	heredoc := form != quotedForm // JSON written as it is, not escaped
	var b strings.Builder
	var pieces []hosttree.Piece
	var interps []text.Span // in unit offsets
	var about []string
	inString := false
	prevEnd := content.Start
	for i, p := range x.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type().FriendlyName() == "string" && !lit.Val.IsNull() {
			v := lit.Val.AsString()
			b.WriteString(v)
			pieces = append(pieces, hclhost.LiteralPieces(src, hclSpan(lit.SrcRange), v, !heredoc)...)
			inString = stringState(v, inString)
			prevEnd = lit.SrcRange.End.Byte
			continue
		}
		end := content.End
		if i+1 < len(x.Parts) {
			end = x.Parts[i+1].Range().Start.Byte
		}
		end = max(end, prevEnd)
		expr := src[p.Range().Start.Byte:p.Range().End.Byte]
		if directive(p) {
			expr = firstLine(expr) // "%{ for a in var.accounts ~}" says which
		}
		// Escaped: the expression may hold strings of its own.
		v := "${" + jsonquoteContent(strings.Join(strings.Fields(string(expr)), " ")) + "}"
		if !inString {
			v = `"` + v + `"`
		}
		interps = append(interps, text.Span{Start: b.Len(), End: b.Len() + len(v)})
		b.WriteString(v)
		pieces = append(pieces, hosttree.Piece{N: len(v), Host: text.Span{Start: prevEnd, End: end}})
		about = append(about, "`"+string(expr)+"`")
		prevEnd = end
	}
	value := b.String()
	// The argument holds the policy: any JSON object is one. A file's
	// template is judged only when it is well-formed JSON: a directive
	// may write what makes it so.
	f := jsonast.Parse([]byte(value))
	if f.Root == nil || f.Root.Kind != jsonast.Object || form == fileForm && len(f.Errors) > 0 {
		return Unit{}, false
	}
	var unknowns []hosttree.Unknown
	for k, s := range interps {
		n := f.NodeAt(s.Start)
		sp := s
		if n != nil && n.Kind == jsonast.String && n.Start <= s.Start && s.End <= n.End {
			sp = n.Span
		}
		unknowns = append(unknowns, hosttree.Unknown{Span: sp, About: "Terraform computes " + about[k] +
			" when it applies the configuration. The checks take it for any value of the right shape."})
	}
	escape := func(s string, at int, snippet bool) string { return escapeTemplate(src, s, at, heredoc, snippet) }
	u := hosttree.NewTextUnit(value, pieces, rng, unknowns, escape)
	return Unit{Src: u.Src, Map: u.Map, Unknowns: unknowns, Host: u}, true
}

// directive reports whether a template part is a %{ if } or %{ for }
// directive.
func directive(p hclsyntax.Expression) bool {
	switch p.(type) {
	case *hclsyntax.ConditionalExpr, *hclsyntax.TemplateJoinExpr:
		return true
	}
	return false
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// stringState says whether text that followed JSON text in (or out of) a
// string is in one.
func stringState(s string, in bool) bool {
	for i := 0; i < len(s); i++ {
		switch {
		case in && s[i] == '\\':
			i++
		case s[i] == '"':
			in = !in
		}
	}
	return in
}

func lineAfter(src []byte, at int) int {
	for at < len(src) && src[at] != '\n' {
		at++
	}
	return min(at+1, len(src))
}

func lineStart(src []byte, at int) int {
	for at > 0 && src[at-1] != '\n' {
		at--
	}
	return at
}

// escapeTemplate writes JSON text put into a heredoc (where it is JSON as
// it is, its new lines indented as the line it goes into) or a quoted
// string (where its quotes are escaped); "${" and "%{" are escaped as
// every HCL template needs. In a snippet the placeholders stay.
func escapeTemplate(src []byte, s string, at int, heredoc, snippet bool) string {
	if !heredoc {
		s = jsonquoteContent(s)
	}
	if snippet {
		s = strings.NewReplacer(`\${`, `\$\${`, "%{", "%%{").Replace(s)
	} else {
		s = hclhost.EscapeTemplate(s)
	}
	if heredoc && strings.Contains(s, "\n") {
		s = strings.ReplaceAll(s, "\n", "\n"+indentOf(src)(at))
	}
	return s
}

// jsonquoteContent escapes JSON text as quoted-string content, leaving a
// snippet's own escapes (\$, \}) alone.
func jsonquoteContent(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`).Replace(s)
}

// indentOf is the indentation of the line at an offset of src.
func indentOf(src []byte) func(int) string {
	return func(at int) string {
		i := lineStart(src, min(at, len(src)))
		j := i
		for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
			j++
		}
		return string(src[i:j])
	}
}

// hclArgument writes a new argument of an HCL block.
func hclArgument(src []byte) func(string, *hosttree.Frag, bool, bool) string {
	syn := &hclhost.Syntax{Src: src}
	return func(name string, v *hosttree.Frag, list, snippet bool) string {
		if list && v.Kind != hosttree.FragArray {
			v = &hosttree.Frag{Kind: hosttree.FragArray, Elems: []*hosttree.Frag{v}}
		}
		text, _ := syn.Value(&hosttree.Node{}, false, v, snippet)
		return name + " = " + text
	}
}
