// Package hclhost reads Terraform's HCL files with hclsyntax (as
// terraform-ls does; see testdata/parserbench for the measurements) into
// the host tree that policy units are written from, and writes inserted
// values back in HCL (Syntax).
package hclhost

import (
	"bytes"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Split cuts src into its top-level blocks and attributes without parsing
// them: a part starts at a line that starts at depth 0 (outside braces,
// brackets, parentheses, strings, heredocs and comments). A file is
// parsed part by part so that an edit re-parses its block, not the file,
// and a block that does not parse leaves the others checked.
func Split(src []byte) []text.Span {
	var out []text.Span
	start, depth := 0, 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			i++
			if depth == 0 && i < len(src) && startsPart(src[i]) && i > start && hasContent(src[start:i]) {
				out = append(out, text.Span{Start: start, End: i})
				start = i
			}
			continue
		case c == '#' || c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			i += 2
			for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
				i++
			}
			i += 2
			continue
		case c == '"':
			i = stringEnd(src, i+1)
			continue
		case c == '<' && i+1 < len(src) && src[i+1] == '<':
			i = heredocEnd(src, i)
			continue
		case c == '{' || c == '[' || c == '(':
			depth++
		case c == '}' || c == ']' || c == ')':
			depth = max(0, depth-1)
		}
		i++
	}
	if start < len(src) {
		out = append(out, text.Span{Start: start, End: len(src)})
	}
	return out
}

func startsPart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// hasContent reports whether b holds more than white space and line
// comments (which go with the block after them).
func hasContent(b []byte) bool {
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] != '#' && !bytes.HasPrefix(line, []byte("//")) {
			return true
		}
	}
	return false
}

// stringEnd is the offset after the quoted string whose content starts at
// i; interpolations in it may hold strings of their own.
func stringEnd(src []byte, i int) int {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
			continue
		case '"':
			return i + 1
		case '\n':
			return i // an unclosed string ends with its line
		case '$', '%':
			if i+1 < len(src) && src[i+1] == '{' {
				i = templateEnd(src, i+2)
				continue
			}
		}
		i++
	}
	return i
}

// templateEnd is the offset after the "}" closing an interpolation whose
// content starts at i.
func templateEnd(src []byte, i int) int {
	depth := 1
	for i < len(src) && depth > 0 {
		switch src[i] {
		case '"':
			i = stringEnd(src, i+1)
			continue
		case '{':
			depth++
		case '}':
			depth--
		case '\n':
			return i
		}
		i++
	}
	return i
}

// heredocEnd is the offset after the heredoc starting at i ("<<EOF" or
// "<<-EOF"), at the end of the line holding its closing marker; a "<<"
// that starts no heredoc is skipped.
func heredocEnd(src []byte, i int) int {
	j := i + 2
	if j < len(src) && src[j] == '-' {
		j++
	}
	k := j
	for k < len(src) && (src[k] == '_' || src[k] >= 'A' && src[k] <= 'Z' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= '0' && src[k] <= '9') {
		k++
	}
	if k == j || k >= len(src) || src[k] != '\n' && src[k] != '\r' {
		return i + 2
	}
	marker := string(src[j:k])
	for line := k + 1; line < len(src); {
		end := line
		for end < len(src) && src[end] != '\n' {
			end++
		}
		l := src[line:end]
		for len(l) > 0 && (l[0] == ' ' || l[0] == '\t') {
			l = l[1:]
		}
		if len(l) > 0 && l[len(l)-1] == '\r' {
			l = l[:len(l)-1]
		}
		if string(l) == marker {
			return end
		}
		line = end + 1
	}
	return len(src)
}
