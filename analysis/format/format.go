// Package format pretty-prints a policy as 2-space indented JSON, keeping the
// order of members as written.
//
// Strings and numbers are copied exactly as written (escapes such as \u002a
// stay escapes), so formatting never changes what a policy means. Empty
// objects and arrays print as {} and []. The output ends with one newline.
//
// Documents with syntax errors are refused (ErrSyntax), and so are documents
// with comments (ErrComments): AWS rejects policies with comments anyway, and
// a pretty-printer that re-flows members has no faithful place to put them.
package format

import (
	"bytes"
	"errors"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
)

// ErrSyntax is returned for a document with syntax errors: formatting
// half-typed JSON would move the user's text around under the cursor.
var ErrSyntax = errors.New("the document has JSON syntax errors; fix them before formatting")

// ErrComments is returned for a document with comments, which the formatter
// would have to drop or move.
var ErrComments = errors.New("the document has comments, which policies cannot contain; remove them before formatting")

const indentUnit = "  "

// Format returns the formatted document.
func Format(src []byte) ([]byte, error) {
	f := jsonast.Parse(src)
	if len(f.Errors) > 0 {
		return nil, ErrSyntax
	}
	if len(f.Comments) > 0 {
		return nil, ErrComments
	}
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/4)
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
		out.WriteString("\xEF\xBB\xBF") // keep a byte-order mark the user has
	}
	if f.Root == nil {
		return out.Bytes(), nil
	}
	w := writer{src: src, out: &out}
	w.value(f.Root, 0)
	out.WriteByte('\n')
	return out.Bytes(), nil
}

type writer struct {
	src []byte
	out *bytes.Buffer
}

func (w *writer) value(n *jsonast.Node, depth int) {
	if n == nil { // cannot happen without a syntax error; never crash on it
		w.out.WriteString("null")
		return
	}
	switch n.Kind {
	case jsonast.Object:
		if len(n.Members()) == 0 {
			w.out.WriteString("{}")
			return
		}
		w.out.WriteByte('{')
		for i, m := range n.Members() {
			w.separator(i, depth+1)
			w.out.Write(w.src[m.Key.Start:m.Key.End])
			w.out.WriteString(": ")
			w.value(m.Value, depth+1)
		}
		w.newline(depth)
		w.out.WriteByte('}')
	case jsonast.Array:
		if len(n.Elems()) == 0 {
			w.out.WriteString("[]")
			return
		}
		w.out.WriteByte('[')
		for i, e := range n.Elems() {
			w.separator(i, depth+1)
			w.value(e, depth+1)
		}
		w.newline(depth)
		w.out.WriteByte(']')
	default:
		w.out.Write(w.src[n.Start:n.End]) // strings, numbers and literals as written
	}
}

func (w *writer) separator(i, depth int) {
	if i > 0 {
		w.out.WriteByte(',')
	}
	w.newline(depth)
}

func (w *writer) newline(depth int) {
	w.out.WriteByte('\n')
	for range depth {
		w.out.WriteString(indentUnit)
	}
}
