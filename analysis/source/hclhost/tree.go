package hclhost

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Error is an HCL syntax error: its span and message.
type Error struct {
	text.Span
	Message string
}

// Parse parses src as an HCL file. Offsets are offsets into src. The body
// is what the parser recovered, with its errors.
func Parse(src []byte) (*hclsyntax.Body, []Error) {
	f, diags := hclsyntax.ParseConfig(src, "", hcl.InitialPos)
	var errs []Error
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		// The first error of a block: those after it follow from it
		// (an unclosed string makes the rest of the block a string).
		e := Error{Message: "HCL: " + d.Summary}
		if d.Detail != "" {
			e.Message += ": " + strings.TrimSuffix(d.Detail, ".") + "."
		}
		if d.Subject != nil {
			e.Span = lineIfBlank(src, span(*d.Subject))
		}
		errs = append(errs, e)
		break
	}
	body, _ := f.Body.(*hclsyntax.Body)
	return body, errs
}

// lineIfBlank is s, or the text of its line when s covers only white
// space (the parser names the line break after an unclosed string).
func lineIfBlank(src []byte, s text.Span) text.Span {
	if len(strings.TrimSpace(string(src[s.Start:s.End]))) > 0 {
		return s
	}
	i := s.Start
	for i > 0 && src[i-1] != '\n' {
		i--
	}
	for i < s.Start && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	e := s.Start
	for e > i && (src[e-1] == ' ' || src[e-1] == '\t' || src[e-1] == '\r') {
		e--
	}
	if e == i {
		return s
	}
	return text.Span{Start: i, End: e}
}

func span(r hcl.Range) text.Span { return text.Span{Start: r.Start.Byte, End: r.End.Byte} }

// Style is how an HCL value is written, for Syntax.
type Style struct {
	// Bare is set for a key written as an identifier.
	Bare bool
	// Heredoc is set for a string written as a heredoc.
	Heredoc bool
}

// Reader turns HCL expressions and bodies into host trees.
type Reader struct {
	Src []byte
	// Choose makes a conditional expression (c ? a : b) the value of the
	// branch Branch (0 the first, 1 the second) instead of an unknown
	// value, and adds its condition, as written, to Conditions.
	Choose     bool
	Branch     int
	Conditions []string
}

const maxDepth = 100

// Expr reads an expression: object and tuple constructors, strings,
// numbers, booleans and null as themselves; anything else (a reference, a
// function call, a conditional, an interpolation) is a value Terraform
// computes, a string holding "${…}" as the configuration wrote it.
func (r *Reader) Expr(e hclsyntax.Expression) *hosttree.Node { return r.expr(e, 0) }

func (r *Reader) expr(e hclsyntax.Expression, depth int) *hosttree.Node {
	rng := span(e.Range())
	if depth > maxDepth {
		return r.unknown(e)
	}
	switch x := e.(type) {
	case *hclsyntax.ObjectConsExpr:
		n := &hosttree.Node{Kind: hosttree.Object, Span: rng, Syntax: &Style{}}
		n.Open, n.Close = brackets(rng)
		for _, it := range x.Items {
			n.Members = append(n.Members, &hosttree.Member{Key: r.key(it.KeyExpr), Value: r.expr(it.ValueExpr, depth+1)})
		}
		return n
	case *hclsyntax.TupleConsExpr:
		n := &hosttree.Node{Kind: hosttree.Array, Span: rng, Syntax: &Style{}}
		n.Open, n.Close = brackets(rng)
		for _, el := range x.Exprs {
			n.Elems = append(n.Elems, r.expr(el, depth+1))
		}
		return n
	case *hclsyntax.TemplateExpr:
		return r.template(x)
	case *hclsyntax.LiteralValueExpr:
		return r.literal(x)
	case *hclsyntax.ParenthesesExpr:
		return r.expr(x.Expression, depth+1)
	case *hclsyntax.ConditionalExpr:
		if r.Choose {
			c := span(x.Condition.Range())
			r.Conditions = append(r.Conditions, strings.Join(strings.Fields(string(r.Src[c.Start:c.End])), " "))
			if r.Branch == 0 {
				return r.expr(x.TrueResult, depth+1)
			}
			return r.expr(x.FalseResult, depth+1)
		}
	}
	return r.unknown(e)
}

func brackets(rng text.Span) (open, close text.Span) {
	return text.Span{Start: rng.Start, End: rng.Start + 1}, text.Span{Start: rng.End - 1, End: rng.End}
}

// key reads an object key: an identifier is the string it spells.
func (r *Reader) key(e hclsyntax.Expression) *hosttree.Node {
	k, ok := e.(*hclsyntax.ObjectConsKeyExpr)
	if !ok {
		return r.expr(e, 0)
	}
	if !k.ForceNonLiteral {
		if name := hcl.ExprAsKeyword(k.Wrapped); name != "" {
			n := hosttree.Str(name, span(k.Wrapped.Range()))
			n.Syntax = &Style{Bare: true}
			return n
		}
	}
	return r.expr(k.Wrapped, 0)
}

func (r *Reader) literal(x *hclsyntax.LiteralValueExpr) *hosttree.Node {
	rng := span(x.SrcRange)
	raw := string(r.Src[rng.Start:rng.End])
	n := &hosttree.Node{Span: rng, Syntax: &Style{}}
	switch {
	case x.Val.IsNull():
		n.Kind, n.Value = hosttree.Null, "null"
	case x.Val.Type() == cty.Bool:
		n.Kind, n.Value = hosttree.Bool, raw
	case x.Val.Type() == cty.Number:
		n.Kind, n.Value = hosttree.Number, raw
	case x.Val.Type() == cty.String:
		n.Kind, n.Value = hosttree.String, x.Val.AsString()
	default:
		return r.unknown(x)
	}
	n.Pieces = []hosttree.Piece{{N: len(n.Value), Host: rng, Linear: raw == n.Value}}
	return n
}

// template reads a quoted string or a heredoc: its literal parts mapped
// to the source, and each interpolation kept as "${…}" as written; a
// string with one is a value Terraform computes.
func (r *Reader) template(x *hclsyntax.TemplateExpr) *hosttree.Node {
	rng := span(x.SrcRange)
	heredoc := r.Src[rng.Start] == '<'
	n := &hosttree.Node{Kind: hosttree.String, Span: rng, Syntax: &Style{Heredoc: heredoc}}
	var b strings.Builder
	var about []string
	prevEnd := contentStart(r.Src, rng, heredoc)
	for i, p := range x.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type() == cty.String && !lit.Val.IsNull() {
			v := lit.Val.AsString()
			b.WriteString(v)
			n.Pieces = append(n.Pieces, LiteralPieces(r.Src, span(lit.SrcRange), v, !heredoc)...)
			prevEnd = lit.SrcRange.End.Byte
			continue
		}
		// An interpolation: from the end of the literal before it to the
		// start of the one after it, "${" and "}" included.
		end := contentEnd(r.Src, rng, heredoc)
		if i+1 < len(x.Parts) {
			end = x.Parts[i+1].Range().Start.Byte
		}
		end = max(end, prevEnd)
		v := placeholder(r.Src[p.Range().Start.Byte:p.Range().End.Byte])
		b.WriteString(v)
		n.Pieces = append(n.Pieces, hosttree.Piece{N: len(v), Host: text.Span{Start: prevEnd, End: end}})
		about = append(about, describe(r.Src[p.Range().Start.Byte:p.Range().End.Byte]))
		prevEnd = end
	}
	n.Value = b.String()
	if len(n.Pieces) == 0 {
		at := contentStart(r.Src, rng, heredoc)
		n.Pieces = []hosttree.Piece{{Host: text.Span{Start: at, End: at}, Linear: true}}
	}
	if len(about) > 0 {
		n.Unknown = true
		n.About = "Terraform computes " + strings.Join(about, ", ") + " when it applies the configuration. The checks take the result for any value of the right shape."
	}
	return n
}

// contentStart and contentEnd bound a string's content: inside its quotes,
// or the lines between a heredoc's markers.
func contentStart(src []byte, rng text.Span, heredoc bool) int {
	if !heredoc {
		return rng.Start + 1
	}
	i := rng.Start
	for i < rng.End && src[i] != '\n' {
		i++
	}
	return min(i+1, rng.End)
}

func contentEnd(src []byte, rng text.Span, heredoc bool) int {
	if !heredoc {
		return max(rng.End-1, rng.Start)
	}
	i := rng.End
	for i > rng.Start && src[i-1] != '\n' {
		i--
	}
	return i
}

// unknown is the string standing for a value Terraform computes.
func (r *Reader) unknown(e hclsyntax.Expression) *hosttree.Node {
	rng := span(e.Range())
	src := r.Src[rng.Start:rng.End]
	return &hosttree.Node{Kind: hosttree.String, Span: rng, Value: placeholder(src), Unknown: true, Syntax: &Style{},
		About: "Terraform computes " + describe(src) + " when it applies the configuration. The checks take it for any value of the right shape."}
}

// placeholder is "${…}" holding an expression's text on one line.
func placeholder(src []byte) string {
	s := strings.Join(strings.Fields(string(src)), " ")
	if len(s) > 80 {
		s = s[:77] + "…"
	}
	return "${" + s + "}"
}

// describe says what an expression is, as hover shows it.
func describe(src []byte) string {
	s := strings.Join(strings.Fields(string(src)), " ")
	parts := strings.Split(s, ".")
	switch {
	case len(parts) >= 4 && parts[0] == "data" && parts[1] == "aws_caller_identity" && parts[3] == "account_id":
		return "`" + s + "` (the account whose credentials Terraform uses)"
	case len(parts) >= 4 && parts[0] == "data" && parts[1] == "aws_partition":
		return "`" + s + "` (the partition Terraform works in)"
	case len(parts) >= 4 && parts[0] == "data" && parts[1] == "aws_region":
		return "`" + s + "` (the Region Terraform works in)"
	case len(parts) == 2 && parts[0] == "var":
		return "`" + s + "` (input variable " + parts[1] + ")"
	case len(parts) == 2 && parts[0] == "local":
		return "`" + s + "` (local value " + parts[1] + ")"
	case len(parts) >= 3 && strings.HasPrefix(parts[0], "aws_") && parts[2] == "arn":
		return "`" + s + "` (the ARN of " + parts[0] + " " + parts[1] + ", in the configuration's account)"
	}
	return "`" + s + "`"
}

// Body reads a block body as an object: its attributes in source order
// and its nested blocks, each a member named by its type (a repeated
// block is a repeated member).
func (r *Reader) Body(b *hclsyntax.Body, open, close text.Span) *hosttree.Node {
	n := &hosttree.Node{Kind: hosttree.Object, Span: span(b.SrcRange), Open: open, Close: close, Syntax: &Style{}}
	type item struct {
		at int
		m  *hosttree.Member
	}
	var items []item
	for _, a := range b.Attributes {
		k := hosttree.Str(a.Name, span(a.NameRange))
		k.Syntax = &Style{Bare: true}
		items = append(items, item{a.SrcRange.Start.Byte, &hosttree.Member{Key: k, Value: r.Expr(a.Expr)}})
	}
	for _, blk := range b.Blocks {
		k := hosttree.Str(blk.Type, span(blk.TypeRange))
		k.Syntax = &Style{Bare: true}
		v := r.Body(blk.Body, span(blk.OpenBraceRange), span(blk.CloseBraceRange))
		v.Span = text.Span{Start: blk.OpenBraceRange.Start.Byte, End: blk.CloseBraceRange.End.Byte}
		items = append(items, item{blk.TypeRange.Start.Byte, &hosttree.Member{Key: k, Value: v}})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].at < items[j].at })
	for _, it := range items {
		n.Members = append(n.Members, it.m)
	}
	return n
}

// LiteralPieces aligns a string literal's value with its source: runs of
// equal bytes map one for one; an escape (\" in a quoted string, $${ for
// "${"), and the indentation a flush heredoc strips, are skipped or map as
// a whole. A literal it cannot align maps as a whole.
func LiteralPieces(src []byte, rng text.Span, value string, quoted bool) []hosttree.Piece {
	var ps []hosttree.Piece
	add := func(n int, host text.Span, linear bool) {
		if k := len(ps); k > 0 && linear && ps[k-1].Linear && ps[k-1].Host.End == host.Start {
			ps[k-1].N += n
			ps[k-1].Host.End += n
			return
		}
		ps = append(ps, hosttree.Piece{N: n, Host: host, Linear: linear})
	}
	i, j := rng.Start, 0
	for i < rng.End && j < len(value) {
		c := src[i]
		switch {
		case quoted && c == '\\' && i+1 < rng.End:
			n, d := hclEscape(src[i:rng.End])
			if n == 0 || !strings.HasPrefix(value[j:], d) {
				return whole(rng, value)
			}
			add(len(d), text.Span{Start: i, End: i + n}, false)
			i, j = i+n, j+len(d)
		case (c == '$' || c == '%') && i+2 < rng.End && src[i+1] == c && src[i+2] == '{' && j+1 < len(value) && value[j] == c && value[j+1] == '{':
			add(1, text.Span{Start: i, End: i + 2}, false)
			i, j = i+2, j+1
		case c == value[j]:
			add(1, text.Span{Start: i, End: i + 1}, true)
			i, j = i+1, j+1
		case c == ' ' || c == '\t':
			i++ // indentation a flush heredoc strips
		default:
			return whole(rng, value)
		}
	}
	if j != len(value) {
		return whole(rng, value)
	}
	return ps
}

func whole(rng text.Span, value string) []hosttree.Piece {
	return []hosttree.Piece{{N: len(value), Host: rng}}
}

// hclEscape decodes the quoted-string escape at the start of s.
func hclEscape(s []byte) (int, string) {
	switch s[1] {
	case 'n':
		return 2, "\n"
	case 'r':
		return 2, "\r"
	case 't':
		return 2, "\t"
	case '"':
		return 2, `"`
	case '\\':
		return 2, `\`
	case 'u', 'U':
		width := 4
		if s[1] == 'U' {
			width = 8
		}
		if len(s) < 2+width {
			return 0, ""
		}
		v, ok := jsonast.HexRune(s[2 : 2+width])
		if !ok {
			return 0, ""
		}
		return 2 + width, string(v)
	}
	return 0, ""
}
