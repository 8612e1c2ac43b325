package jsonast

import (
	"fmt"
	"strconv"
	"strings"
)

// dump renders a tree compactly for table tests:
//
//	{k:v k2:v2}  object; a missing closing bracket is simply not printed
//	[1 2]        array
//	"s"          string (decoded value, Go-quoted); "s without closing quote
//	's'          single-quoted string; bare key word printed as is
//	k~v          member without colon; k~ a key alone; k: a key with colon and no value
//	!raw         Invalid node
//
// With spans, every node is followed by @start-end.
func dump(n *Node, spans bool) string {
	var b strings.Builder
	dumpNode(&b, n, spans)
	return b.String()
}

func dumpNode(b *strings.Builder, n *Node, spans bool) {
	if n == nil {
		b.WriteString("<nil>")
		return
	}
	switch n.Kind {
	case Object:
		b.WriteByte('{')
		for i, m := range n.Members() {
			if i > 0 {
				b.WriteByte(' ')
			}
			dumpNode(b, m.Key, spans)
			if m.Colon >= 0 {
				b.WriteByte(':')
			} else {
				b.WriteByte('~')
			}
			if m.Value != nil {
				dumpNode(b, m.Value, spans)
			}
		}
		if n.Closed {
			b.WriteByte('}')
		}
	case Array:
		b.WriteByte('[')
		for i, e := range n.Elems() {
			if i > 0 {
				b.WriteByte(' ')
			}
			dumpNode(b, e, spans)
		}
		if n.Closed {
			b.WriteByte(']')
		}
	case String:
		q := strconv.Quote(n.Value)
		switch n.Quote {
		case 0:
			b.WriteString(n.Value)
		case '\'':
			q = "'" + q[1:len(q)-1] + "'"
			fallthrough
		default:
			if !n.Closed {
				q = q[:len(q)-1]
			}
			b.WriteString(q)
		}
	case Invalid:
		b.WriteString("!" + n.Value)
	default:
		b.WriteString(n.Value)
	}
	if spans {
		fmt.Fprintf(b, "@%d-%d", n.Start, n.End)
	}
}

func dumpErrors(f *File) []string {
	var out []string
	for _, e := range f.Errors {
		out = append(out, fmt.Sprintf("%d-%d: %s", e.Start, e.End, e.Message))
	}
	return out
}
