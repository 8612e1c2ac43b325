package yamlhost

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// Syntax writes values in YAML over the source they were read from: plain
// scalars where YAML reads them back as the same string, quoted ones
// (in the style the value had) where it would not; blocks at the
// indentation of what they join, and flow collections inside flow ones.
type Syntax struct {
	Src []byte
}

const indentStep = 2

// Value writes v over n.
func (s *Syntax) Value(n *hosttree.Node, key bool, v *hosttree.Frag, snippet bool) (string, bool) {
	st := style(n)
	if isScalar(v) {
		out := scalar(v, st, st.InFlow, key, snippet)
		if n.Span.Start == n.Span.End && n.Span.Start > 0 && s.Src[n.Span.Start-1] == ':' {
			out = " " + out // a key with no value yet
		}
		return out, true
	}
	if key {
		return "", false
	}
	if st.InFlow || !v.Multiline && s.afterKey(n.Span.Start) {
		out := flowValue(v, snippet)
		if n.Span.Start == n.Span.End && n.Span.Start > 0 && s.Src[n.Span.Start-1] == ':' {
			out = " " + out
		}
		return out, true
	}
	switch s.context(n.Span.Start) {
	case ctxValue:
		ind := s.lineIndent(n.Span.Start) + indentStep
		return "\n" + strings.Repeat(" ", ind) + block(v, ind, snippet), true
	case ctxItem, ctxLine:
		return block(v, s.column(n.Span.Start), snippet), true
	}
	return flowValue(v, snippet), true
}

// Member writes fm over the member m whose key is being typed.
func (s *Syntax) Member(m *hosttree.Member, fm hosttree.FragMember, snippet bool) (text.Edit, bool) {
	span := text.Span{Start: m.Key.Span.Start, End: max(m.Key.Span.End, m.Value.Span.End)}
	st := style(m.Key)
	if st.InFlow {
		return text.Edit{Span: span, NewText: flowMember(fm, snippet)}, true
	}
	return text.Edit{Span: span, NewText: blockMember(fm, s.column(span.Start), snippet)}, true
}

// Members adds members to obj before its member at.
func (s *Syntax) Members(obj *hosttree.Node, at int, ms []hosttree.FragMember, snippet bool) (text.Edit, bool) {
	st := style(obj)
	if !st.Block {
		var parts []string
		for _, m := range ms {
			parts = append(parts, flowMember(m, snippet))
		}
		joined := strings.Join(parts, ", ")
		switch {
		case len(obj.Members) == 0:
			return insertAt(obj.Open.End, joined), true
		case at == len(obj.Members):
			return insertAt(lastEnd(obj.Members[at-1]), ", "+joined), true
		}
		return insertAt(obj.Members[at].Key.Span.Start, joined+", "), true
	}
	if len(obj.Members) == 0 {
		return text.Edit{}, false
	}
	col := s.column(obj.Members[0].Key.Span.Start)
	pad := strings.Repeat(" ", col)
	var b strings.Builder
	if at == len(obj.Members) {
		for _, m := range ms {
			b.WriteString("\n" + pad + blockMember(m, col, snippet))
		}
		return insertAt(lastEnd(obj.Members[at-1]), b.String()), true
	}
	for _, m := range ms {
		b.WriteString(blockMember(m, col, snippet) + "\n" + pad)
	}
	return insertAt(obj.Members[at].Key.Span.Start, b.String()), true
}

// Elems adds elements to arr before its element at.
func (s *Syntax) Elems(arr *hosttree.Node, at int, es []*hosttree.Frag, snippet bool) (text.Edit, bool) {
	st := style(arr)
	if !st.Block {
		var parts []string
		for _, e := range es {
			parts = append(parts, flowValue(e, snippet))
		}
		joined := strings.Join(parts, ", ")
		switch {
		case len(arr.Elems) == 0:
			return insertAt(arr.Open.End, joined), true
		case at == len(arr.Elems):
			return insertAt(arr.Elems[at-1].Span.End, ", "+joined), true
		}
		return insertAt(arr.Elems[at].Span.Start, joined+", "), true
	}
	if len(arr.Elems) == 0 {
		return text.Edit{}, false
	}
	dash := s.dashColumn(arr.Elems[0].Span.Start)
	pad := strings.Repeat(" ", dash)
	var b strings.Builder
	if at == len(arr.Elems) {
		for _, e := range es {
			b.WriteString("\n" + pad + "- " + block(e, dash+2, snippet))
		}
		return insertAt(arr.Elems[at-1].Span.End, b.String()), true
	}
	for _, e := range es {
		b.WriteString("- " + block(e, dash+2, snippet) + "\n" + pad)
	}
	return insertAt(s.lineStartOfDash(arr.Elems[at].Span.Start), b.String()), true
}

func insertAt(at int, s string) text.Edit {
	return text.Edit{Span: text.Span{Start: at, End: at}, NewText: s}
}

func lastEnd(m *hosttree.Member) int { return max(m.Key.Span.End, m.Value.Span.End) }

func style(n *hosttree.Node) *Style {
	if st, ok := n.Syntax.(*Style); ok {
		return st
	}
	return &Style{}
}

func isScalar(v *hosttree.Frag) bool {
	return v.Kind == hosttree.FragString || v.Kind == hosttree.FragLiteral || v.Kind == hosttree.FragSnippet
}

// context is where a value stands on its line.
type context uint8

const (
	ctxLine  context = iota // first on its line (a block collection's first key)
	ctxValue                // after "key:" on the same line
	ctxItem                 // after "- "
)

func (s *Syntax) context(at int) context {
	i := at
	for i > 0 && (s.Src[i-1] == ' ' || s.Src[i-1] == '\t') {
		i--
	}
	switch {
	case i == 0 || s.Src[i-1] == '\n':
		return ctxLine
	case s.Src[i-1] == ':':
		return ctxValue
	case s.Src[i-1] == '-':
		return ctxItem
	}
	return ctxValue
}

func (s *Syntax) afterKey(at int) bool { return s.context(at) == ctxValue }

// column is the 0-based column of at, in bytes.
func (s *Syntax) column(at int) int {
	i := at
	for i > 0 && s.Src[i-1] != '\n' {
		i--
	}
	return at - i
}

// lineIndent is the column of the first key on at's line: past the line's
// indentation and any "- " before it.
func (s *Syntax) lineIndent(at int) int {
	i := at
	for i > 0 && s.Src[i-1] != '\n' {
		i--
	}
	start := i
	for i < at && (s.Src[i] == ' ' || s.Src[i] == '-' && i+1 < len(s.Src) && s.Src[i+1] == ' ') {
		i++
	}
	return i - start
}

// dashColumn is the column of the "-" before the sequence item at at.
func (s *Syntax) dashColumn(at int) int {
	i := s.lineStartOfDash(at)
	return s.column(i)
}

// lineStartOfDash is the offset of the "-" that introduces the item at at.
func (s *Syntax) lineStartOfDash(at int) int {
	i := at
	for i > 0 && s.Src[i-1] != '\n' {
		i--
		if s.Src[i] == '-' {
			return i
		}
	}
	return at
}

// scalar writes a string, literal or snippet atom as a YAML scalar in the
// style st had where YAML allows it.
func scalar(v *hosttree.Frag, st *Style, inFlow, key, snippet bool) string {
	switch v.Kind {
	case hosttree.FragLiteral:
		return v.Text
	case hosttree.FragSnippet:
		return v.Text
	}
	content := v.Expanded()
	switch {
	case st.Style&yaml.SingleQuotedStyle != 0 && !strings.ContainsAny(content, "\n\t\r"):
		return "'" + v.Content(func(s string) string { return strings.ReplaceAll(s, "'", "''") }, snippet) + "'"
	case st.Style&yaml.DoubleQuotedStyle == 0 && plainSafe(content, inFlow, key, v.HasAtoms()):
		return v.Content(func(s string) string { return s }, snippet)
	}
	return `"` + v.Content(jsonquote.Content, snippet) + `"`
}

var (
	// notString are plain scalars YAML (1.1 or 1.2) reads as something
	// other than a string.
	notString = regexp.MustCompile(`^(?i:y|n|yes|no|on|off|true|false|null|~)$|^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(?i:inf|nan)$|^0[xXoObB][0-9a-fA-F_]+$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}`)
)

// plainSafe reports whether YAML reads s, written plain, as the string s.
// A snippet whose placeholders are all empty (a bare tab stop) is
// written plain: the user types the value there.
func plainSafe(s string, inFlow, key, atoms bool) bool {
	if s == "" {
		return atoms
	}
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@` \t", s[0]) >= 0 && !(s[0] == '-' && len(s) > 1 && s[1] != ' ') {
		return false
	}
	if strings.ContainsAny(s, "\n\r\t") || strings.Contains(s, ": ") || strings.Contains(s, " #") ||
		strings.HasSuffix(s, ":") || strings.HasSuffix(s, " ") || notString.MatchString(s) {
		return false
	}
	if (inFlow || key) && strings.ContainsAny(s, ",[]{}") {
		return false
	}
	if inFlow && strings.Contains(s, ":") {
		return false // a colon in a flow collection: not every parser reads it as text
	}
	return true
}

// flowValue writes v as a flow collection or a scalar.
func flowValue(v *hosttree.Frag, snippet bool) string {
	switch v.Kind {
	case hosttree.FragObject:
		var parts []string
		for _, m := range v.Members {
			parts = append(parts, flowMember(m, snippet))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case hosttree.FragArray:
		var parts []string
		for _, e := range v.Elems {
			parts = append(parts, flowValue(e, snippet))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return scalar(v, &Style{}, true, false, snippet)
}

func flowMember(m hosttree.FragMember, snippet bool) string {
	return scalar(m.Key, &Style{}, true, true, snippet) + ": " + flowValue(m.Value, snippet)
}

// block writes v as it stands after "- " or first on a line at column
// ind: a mapping's first member there and the others below it, a
// sequence's items likewise.
func block(v *hosttree.Frag, ind int, snippet bool) string {
	pad := "\n" + strings.Repeat(" ", ind)
	switch {
	case v.Kind == hosttree.FragObject && len(v.Members) > 0:
		var parts []string
		for _, m := range v.Members {
			parts = append(parts, blockMember(m, ind, snippet))
		}
		return strings.Join(parts, pad)
	case v.Kind == hosttree.FragArray && len(v.Elems) > 0:
		var parts []string
		for _, e := range v.Elems {
			parts = append(parts, "- "+block(e, ind+2, snippet))
		}
		return strings.Join(parts, pad)
	}
	return flowOrScalar(v, snippet)
}

// blockMember writes "key: value" at column ind: a scalar or an empty
// collection on the key's line, a collection on the lines below it.
func blockMember(m hosttree.FragMember, ind int, snippet bool) string {
	k := scalar(m.Key, &Style{}, false, true, snippet)
	v := m.Value
	if isScalar(v) || len(v.Members) == 0 && len(v.Elems) == 0 {
		return k + ": " + flowOrScalar(v, snippet)
	}
	return k + ":\n" + strings.Repeat(" ", ind+indentStep) + block(v, ind+indentStep, snippet)
}

func flowOrScalar(v *hosttree.Frag, snippet bool) string {
	if isScalar(v) {
		return scalar(v, &Style{}, false, false, snippet)
	}
	return flowValue(v, snippet)
}

// EscapeString writes JSON text s, put into the YAML string n at offset at
// of src, as the string's content: in a block scalar its new lines
// indented as the line it goes into; in a double-quoted string with
// JSON's escapes (YAML reads them alike); in a single-quoted one with its
// quotes doubled. A snippet's own escapes (\$, \}) are left alone.
func EscapeString(src []byte, n *hosttree.Node, s string, at int, snippet bool) string {
	st := style(n)
	switch {
	case st.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		i := at
		for i > 0 && src[i-1] != '\n' {
			i--
		}
		j := i
		for j < len(src) && src[j] == ' ' {
			j++
		}
		return strings.ReplaceAll(s, "\n", "\n"+string(src[i:j]))
	case st.Style&yaml.DoubleQuotedStyle != 0:
		r := strings.NewReplacer(`"`, `\"`, "\n", `\n`, "\t", `\t`)
		if !snippet {
			r = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
		}
		return r.Replace(s)
	case st.Style&yaml.SingleQuotedStyle != 0:
		return strings.NewReplacer("'", "''", "\n", " ").Replace(s)
	}
	return s
}
