package hclhost

import (
	"regexp"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// Syntax writes values in HCL over the source they were read from: the
// argument of jsonencode, an object whose members are "key = value",
// separated by commas or line breaks; strings quoted, with "${" and "%{"
// escaped as HCL templates need.
type Syntax struct {
	Src []byte
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// Value writes v over n.
func (s *Syntax) Value(n *hosttree.Node, key bool, v *hosttree.Frag, snippet bool) (string, bool) {
	if key {
		if v.Kind != hosttree.FragString {
			return "", false
		}
		return Key(v, snippet), true
	}
	return s.value(v, s.indent(n.Span.Start), snippet), true
}

// Member writes fm over m.
func (s *Syntax) Member(m *hosttree.Member, fm hosttree.FragMember, snippet bool) (text.Edit, bool) {
	sp := text.Span{Start: m.Key.Span.Start, End: max(m.Key.Span.End, m.Value.Span.End)}
	return text.Edit{Span: sp, NewText: Key(fm.Key, snippet) + " = " + s.value(fm.Value, s.indent(sp.Start), snippet)}, true
}

// Members adds members to obj before its member at: on lines of their own
// when the object's members are, else after commas.
func (s *Syntax) Members(obj *hosttree.Node, at int, ms []hosttree.FragMember, snippet bool) (text.Edit, bool) {
	return s.insert(obj, at, len(obj.Members), func(i int) text.Span {
		m := obj.Members[i]
		return text.Span{Start: m.Key.Span.Start, End: max(m.Key.Span.End, m.Value.Span.End)}
	}, func(ind string) []string {
		var out []string
		for _, m := range ms {
			out = append(out, Key(m.Key, snippet)+" = "+s.value(m.Value, ind, snippet))
		}
		return out
	})
}

// Elems adds elements to arr before its element at.
func (s *Syntax) Elems(arr *hosttree.Node, at int, es []*hosttree.Frag, snippet bool) (text.Edit, bool) {
	return s.insert(arr, at, len(arr.Elems), func(i int) text.Span { return arr.Elems[i].Span }, func(ind string) []string {
		var out []string
		for _, e := range es {
			out = append(out, s.value(e, ind, snippet))
		}
		return out
	})
}

func (s *Syntax) insert(c *hosttree.Node, at, n int, span func(int) text.Span, write func(ind string) []string) (text.Edit, bool) {
	if c.Open.End <= c.Open.Start {
		return text.Edit{}, false
	}
	if n == 0 {
		return text.Edit{Span: text.Span{Start: c.Open.End, End: c.Open.End}, NewText: strings.Join(write(s.indent(c.Span.Start)), ", ")}, true
	}
	ind := s.lineIndent(span(0).Start)
	sep := ", "
	if ind != "" {
		sep = "\n" + ind
	}
	entries := write(ind)
	if at == n {
		end := span(n - 1).End
		if ind == "" {
			return text.Edit{Span: text.Span{Start: end, End: end}, NewText: sep + strings.Join(entries, sep)}, true
		}
		return text.Edit{Span: text.Span{Start: end, End: end}, NewText: s.comma(end) + sep + strings.Join(entries, sep)}, true
	}
	start := span(at).Start
	return text.Edit{Span: text.Span{Start: start, End: start}, NewText: strings.Join(entries, sep) + sep}, true
}

// comma is "," when the entry ending at end is followed by one on its
// line (the new entries then want one too), else "".
func (s *Syntax) comma(end int) string {
	for i := end; i < len(s.Src) && s.Src[i] != '\n'; i++ {
		switch s.Src[i] {
		case ',':
			return ","
		case ' ', '\t', '\r':
		default:
			return ""
		}
	}
	return ""
}

func (s *Syntax) lineIndent(at int) string { return hosttree.LineIndent(s.Src, at) }

func (s *Syntax) indent(at int) string { return hosttree.Indent(s.Src, at) }

// Key writes an object key: bare when it is an identifier.
func Key(k *hosttree.Frag, snippet bool) string {
	if !k.HasAtoms() && identifier.MatchString(k.Expanded()) {
		return k.Content(func(s string) string { return s }, snippet)
	}
	return String(k, snippet)
}

// String writes a quoted HCL string.
func String(v *hosttree.Frag, snippet bool) string {
	return `"` + v.Content(EscapeString, snippet) + `"`
}

// EscapeString escapes text as quoted-string content: JSON's escapes, and
// "${" and "%{", which would start a template.
func EscapeString(s string) string {
	return EscapeTemplate(jsonquote.Content(s))
}

// EscapeTemplate escapes "${" and "%{" as "$${" and "%%{".
func EscapeTemplate(s string) string {
	if !strings.Contains(s, "${") && !strings.Contains(s, "%{") {
		return s
	}
	return strings.NewReplacer("${", "$${", "%{", "%%{").Replace(s)
}

// value writes v, a collection that spread over lines again over lines
// indented from ind.
func (s *Syntax) value(v *hosttree.Frag, ind string, snippet bool) string {
	inner := ind + "  "
	sep, open, close := ", ", " ", " "
	if v.Multiline {
		sep, open, close = "\n"+inner, "\n"+inner, "\n"+ind
	}
	switch v.Kind {
	case hosttree.FragString:
		return String(v, snippet)
	case hosttree.FragObject:
		if len(v.Members) == 0 {
			return "{}"
		}
		var parts []string
		for _, m := range v.Members {
			parts = append(parts, Key(m.Key, snippet)+" = "+s.value(m.Value, inner, snippet))
		}
		return "{" + open + strings.Join(parts, sep) + close + "}"
	case hosttree.FragArray:
		if len(v.Elems) == 0 {
			return "[]"
		}
		var parts []string
		for _, e := range v.Elems {
			parts = append(parts, s.value(e, inner, snippet))
		}
		if !v.Multiline {
			return "[" + strings.Join(parts, ", ") + "]"
		}
		return "[" + open + strings.Join(parts, ","+sep) + "," + close + "]"
	}
	return v.Text
}
