// Package jsonquote writes text as a JSON string literal, for the edits that
// quick fixes and completions put into a policy.
package jsonquote

import (
	"strings"
	"unicode/utf8"
)

// String returns s as a JSON string literal. Unlike encoding/json it leaves
// <, > and & alone (they are common in ARNs and conditions and need no
// escape), and it writes a byte that is not UTF-8 as \ufffd so that the edit
// is valid JSON whatever the document held.
func String(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	writeContent(&b, s, false)
	b.WriteByte('"')
	return b.String()
}

// Content returns s escaped as the inside of a JSON string literal, for
// text put into a string that is already there (a policy held in a JSON
// string). Line breaks and tabs take their short escapes (\n, \r, \t), as
// in a pretty-printed policy held that way.
func Content(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	writeContent(&b, s, true)
	return b.String()
}

func writeContent(b *strings.Builder, s string, short bool) {
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case short && r == '\n':
			b.WriteString(`\n`)
		case short && r == '\r':
			b.WriteString(`\r`)
		case short && r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			const hex = "0123456789abcdef"
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xF])
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
}
