package hosttree

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// FromJSON reads the JSON value n of f (a CloudFormation JSON template, a
// Terraform .tf.json file) as a host tree: its brackets and strings map
// byte for byte, escapes as a whole.
func FromJSON(f *jsonast.File, n *jsonast.Node) *Node {
	if n == nil {
		return nil
	}
	out := &Node{Span: n.Span}
	switch n.Kind {
	case jsonast.Object:
		out.Kind = Object
		out.Open, out.Close = brackets(n)
		for _, m := range n.Members() {
			v := FromJSON(f, m.Value)
			if v == nil {
				end := m.Key.End
				if m.Colon >= 0 {
					end = m.Colon + 1
				}
				v = &Node{Kind: Null, Span: text.Span{Start: end, End: end}}
			}
			out.Members = append(out.Members, &Member{Key: FromJSON(f, m.Key), Value: v})
		}
	case jsonast.Array:
		out.Kind = Array
		out.Open, out.Close = brackets(n)
		for _, e := range n.Elems() {
			out.Elems = append(out.Elems, FromJSON(f, e))
		}
	case jsonast.String:
		out.Kind, out.Value = String, n.Value
		out.Pieces = stringPieces(f, n)
	case jsonast.Number:
		out.Kind, out.Value = Number, n.Value
		out.Pieces = []Piece{{N: len(n.Value), Host: n.Span, Linear: true}}
	case jsonast.True, jsonast.False:
		out.Kind, out.Value = Bool, n.Value
		out.Pieces = []Piece{{N: len(n.Value), Host: n.Span, Linear: true}}
	default:
		out.Kind = Null
		if n.Kind == jsonast.Null {
			out.Value = "null"
			out.Pieces = []Piece{{N: 4, Host: n.Span, Linear: true}}
		}
	}
	return out
}

func brackets(n *jsonast.Node) (open, close text.Span) {
	open = text.Span{Start: n.Start, End: n.Start + 1}
	close = text.Span{Start: n.End, End: n.End}
	if n.Closed {
		close.Start = n.End - 1
	}
	return open, close
}

// stringPieces are a JSON string's content: the runs between escapes byte
// for byte, each escape as a whole.
func stringPieces(f *jsonast.File, n *jsonast.Node) []Piece {
	if n.Quote == 0 {
		return []Piece{{N: len(n.Value), Host: n.Span, Linear: n.End-n.Start == len(n.Value)}}
	}
	_, escapes := f.Unescape(n)
	content := n.Content()
	pieces := make([]Piece, 0, 2*len(escapes)+1)
	host, at := content.Start, 0
	for _, e := range escapes {
		if e.Source.Start > host {
			pieces = append(pieces, Piece{N: e.Source.Start - host, Host: text.Span{Start: host, End: e.Source.Start}, Linear: true})
			at += e.Source.Start - host
		}
		pieces = append(pieces, Piece{N: e.Decoded.End - e.Decoded.Start, Host: e.Source})
		at, host = e.Decoded.End, e.Source.End
	}
	if content.End > host {
		pieces = append(pieces, Piece{N: content.End - host, Host: text.Span{Start: host, End: content.End}, Linear: true})
	}
	if len(pieces) == 0 {
		pieces = append(pieces, Piece{Host: text.Span{Start: content.Start, End: content.Start}, Linear: true})
	}
	return pieces
}

// JSONSyntax writes values in JSON, the indentation taken from the host
// lines around: for a policy in a CloudFormation JSON template, where
// intrinsic functions made the unit differ from the host text.
type JSONSyntax struct {
	Src []byte
}

// Value writes v over n.
func (s *JSONSyntax) Value(n *Node, key bool, v *Frag, snippet bool) (string, bool) {
	if key && v.Kind != FragString {
		return "", false
	}
	return jsonValue(v, s.indent(n.Span.Start), snippet), true
}

// Member writes fm over m.
func (s *JSONSyntax) Member(m *Member, fm FragMember, snippet bool) (text.Edit, bool) {
	span := text.Span{Start: m.Key.Span.Start, End: max(m.Key.Span.End, m.Value.Span.End)}
	return text.Edit{Span: span, NewText: jsonMember(fm, s.indent(span.Start), snippet)}, true
}

// Members adds members to obj before its member at.
func (s *JSONSyntax) Members(obj *Node, at int, ms []FragMember, snippet bool) (text.Edit, bool) {
	return s.insert(obj, at, len(obj.Members), func(i int) text.Span {
		m := obj.Members[i]
		return text.Span{Start: m.Key.Span.Start, End: max(m.Key.Span.End, m.Value.Span.End)}
	}, func(ind string) []string {
		var out []string
		for _, m := range ms {
			out = append(out, jsonMember(m, ind, snippet))
		}
		return out
	})
}

// Elems adds elements to arr before its element at.
func (s *JSONSyntax) Elems(arr *Node, at int, es []*Frag, snippet bool) (text.Edit, bool) {
	return s.insert(arr, at, len(arr.Elems), func(i int) text.Span { return arr.Elems[i].Span }, func(ind string) []string {
		var out []string
		for _, e := range es {
			out = append(out, jsonValue(e, ind, snippet))
		}
		return out
	})
}

// insert adds entries to a container of n entries (whose spans span
// gives) before entry at: on their own lines when the entries are.
func (s *JSONSyntax) insert(c *Node, at, n int, span func(int) text.Span, write func(ind string) []string) (text.Edit, bool) {
	if n == 0 {
		if c.Open.End <= c.Open.Start {
			return text.Edit{}, false
		}
		return text.Edit{Span: text.Span{Start: c.Open.End, End: c.Open.End}, NewText: strings.Join(write(s.indent(c.Span.Start)), ", ")}, true
	}
	first := span(0).Start
	ind, sep := s.lineIndent(first), ", "
	if ind != "" {
		sep = ",\n" + ind
	}
	entries := write(ind)
	if at == n {
		end := span(n - 1).End
		return text.Edit{Span: text.Span{Start: end, End: end}, NewText: sep + strings.Join(entries, sep)}, true
	}
	start := span(at).Start
	return text.Edit{Span: text.Span{Start: start, End: start}, NewText: strings.Join(entries, sep) + sep}, true
}

func (s *JSONSyntax) lineIndent(at int) string { return LineIndent(s.Src, at) }

func (s *JSONSyntax) indent(at int) string { return Indent(s.Src, at) }

// LineIndent is the white space before at when only white space precedes
// it on its line ("" otherwise): where an edit there may put a line break
// and keep the indentation. Every host's Syntax uses it.
func LineIndent(src []byte, at int) string {
	i := at
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] != '\n' {
		return ""
	}
	return string(src[i:at])
}

// Indent is the indentation of at's line.
func Indent(src []byte, at int) string {
	i := at
	for i > 0 && src[i-1] != '\n' {
		i--
	}
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	return string(src[i:j])
}

// jsonValue writes v; a value that spread over lines is written over
// lines again, indented from ind.
func jsonValue(v *Frag, ind string, snippet bool) string {
	inner := ind + "  "
	sep, open, close := ", ", "", ""
	if v.Multiline {
		sep, open, close = ",\n"+inner, "\n"+inner, "\n"+ind
	}
	switch v.Kind {
	case FragString:
		return `"` + v.Content(jsonquote.Content, snippet) + `"`
	case FragObject:
		if len(v.Members) == 0 {
			return "{}"
		}
		var parts []string
		for _, m := range v.Members {
			parts = append(parts, jsonMember(m, inner, snippet))
		}
		return "{" + open + strings.Join(parts, sep) + close + "}"
	case FragArray:
		if len(v.Elems) == 0 {
			return "[]"
		}
		var parts []string
		for _, e := range v.Elems {
			parts = append(parts, jsonValue(e, inner, snippet))
		}
		return "[" + open + strings.Join(parts, sep) + close + "]"
	}
	return v.Text
}

func jsonMember(m FragMember, ind string, snippet bool) string {
	return jsonValue(m.Key, ind, snippet) + ": " + jsonValue(m.Value, ind, snippet)
}
