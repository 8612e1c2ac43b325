package lsp

import (
	"bytes"
	"slices"
	"strconv"
	"unicode/utf8"
)

// encodedResult is a request's result already encoded as JSON. The server
// writes it into the response as it is: jsonrpc2 would pass it through
// json.Marshal, which validates and copies it (about 6 µs for every 10 KB
// of a completion list, more than the rest of the request's work).
type encodedResult []byte

// The helpers below append JSON to a buffer. They write what the language
// server's own encoders need and nothing more; the output is compact JSON
// that encoding/json reads back to the same values (TestAppendJSONString).

// appendString appends s as a JSON string literal. Bytes that are not
// UTF-8 become \ufffd, so that the output is valid whatever the document
// held.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				const hex = "0123456789abcdef"
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendField appends `,"name":` (without the comma for the first field,
// when b ends with '{').
func appendField(b []byte, name string) []byte {
	if len(b) > 0 && b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// appendRange appends an LSP range from positions already converted.
func appendRange(b []byte, startLine, startChar, endLine, endChar int) []byte {
	b = append(b, `{"start":{"line":`...)
	b = appendInt(b, startLine)
	b = append(b, `,"character":`...)
	b = appendInt(b, startChar)
	b = append(b, `},"end":{"line":`...)
	b = appendInt(b, endLine)
	b = append(b, `,"character":`...)
	b = appendInt(b, endChar)
	return append(b, `}}`...)
}

// appendMembersExcept appends the members of the JSON object obj, comma
// separated and without the braces, leaving out those named in skip. obj
// must be valid JSON (json.Unmarshal has read it): the scan only finds
// where each member ends.
func appendMembersExcept(b []byte, obj []byte, skip ...string) []byte {
	i := bytes.IndexByte(obj, '{')
	if i < 0 {
		return b
	}
	first := true
	for i++; i < len(obj); {
		i = skipSpace(obj, i)
		if i >= len(obj) || obj[i] == '}' {
			break
		}
		if obj[i] == ',' {
			i++
			continue
		}
		start := i
		keyEnd := skipString(obj, i)
		key := string(obj[start+1 : keyEnd-1])
		i = skipSpace(obj, keyEnd)
		i = skipValue(obj, skipSpace(obj, i+1)) // past the colon and the value
		if slices.Contains(skip, key) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, obj[start:i]...)
	}
	return b
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the offset after the string literal that starts at i.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return i
}

// skipValue returns the offset after the value that starts at i.
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 {
				return i
			}
		case ',':
			if depth == 0 {
				return i
			}
		case ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}
