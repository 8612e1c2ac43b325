package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// hasVariable reports whether a value holds a policy variable such as
// ${aws:username}: its value is only known when a request is evaluated.
func hasVariable(s string) bool { return strings.Contains(s, "${") }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// replaceWith is a fix that replaces a node's text with a JSON string.
func replaceWith(title string, n *jsonast.Node, s string) Fix {
	return Fix{Title: title, Edits: []text.Edit{{Span: n.Span, NewText: jsonquote.String(s)}}, Preferred: true}
}

// withFix attaches a fix to a just-reported diagnostic.
func (d *Diagnostic) withFix(f Fix) *Diagnostic {
	d.Fixes = append(d.Fixes, f)
	return d
}

// firstByte is the span of a node's first byte: the opening bracket of an
// object, where a finding about the whole object (a missing element) points.
func firstByte(n *jsonast.Node) text.Span {
	return text.Span{Start: n.Start, End: min(n.Start+1, n.End)}
}

// lineIndent returns the white space from the start of the line holding
// offset up to offset, when only white space precedes it on that line.
func lineIndent(src []byte, offset int) string {
	i := offset
	for i > 0 && (src[i-1] == ' ' || src[i-1] == '\t') {
		i--
	}
	if i > 0 && src[i-1] != '\n' && src[i-1] != '\r' {
		return ""
	}
	return string(src[i:offset])
}

// appendMember is a fix that adds `"name": value` as the last member of an
// object, on its own line when the object's members are on their own lines.
func appendMember(src []byte, obj *jsonast.Node, name, valueJSON string) (text.Edit, bool) {
	if obj == nil || obj.Kind != jsonast.Object || !obj.Closed {
		return text.Edit{}, false
	}
	member := jsonquote.String(name) + ": " + valueJSON
	if len(obj.Members()) == 0 {
		return text.Edit{Span: text.Span{Start: obj.Start + 1, End: obj.Start + 1}, NewText: member}, true
	}
	last := obj.Members()[len(obj.Members())-1]
	sep := ", "
	if ind := lineIndent(src, last.Start); ind != "" {
		sep = ",\n" + ind
	}
	return text.Edit{Span: text.Span{Start: last.End, End: last.End}, NewText: sep + member}, true
}

// removeElement is an edit that deletes the i-th element of an array with
// the comma that separates it from a neighbour.
func removeElement(arr *jsonast.Node, i int) (text.Edit, bool) {
	if arr == nil || arr.Kind != jsonast.Array || len(arr.Elems()) < 2 || i >= len(arr.Elems()) {
		return text.Edit{}, false
	}
	if i > 0 {
		return text.Edit{Span: text.Span{Start: arr.Elems()[i-1].End, End: arr.Elems()[i].End}}, true
	}
	return text.Edit{Span: text.Span{Start: arr.Elems()[0].Start, End: arr.Elems()[1].Start}}, true
}

// splitAction splits "kms:Decrypt" into its service and action name.
func splitAction(s string) (service, name string, ok bool) {
	return strings.Cut(s, ":")
}

func isKMSService(service string) bool { return strings.EqualFold(service, "kms") }

// actionNames lists up to max action names for a message.
func actionNames(as []*catalog.Action, max int) string {
	var b strings.Builder
	for i, a := range as {
		if i == max {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.Name)
	}
	return b.String()
}

// present returns the lists that the statement has (of Action/NotAction or
// Resource/NotResource), skipping the missing one.
func present(ls ...*policy.List) []*policy.List {
	// A constant capacity lets the compiler keep the slice on the stack
	// once present is inlined into a range loop.
	out := make([]*policy.List, 0, 4)
	for _, l := range ls {
		if l != nil {
			out = append(out, l)
		}
	}
	return out
}
