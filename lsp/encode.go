package lsp

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
)

// encodedResult is a request's result already encoded as JSON, buf[head:].
// The server writes it into the response as it is: jsonrpc2 would pass it
// through json.Marshal, which validates and copies it (about 6 µs for
// every 10 KB of a completion list, more than the rest of the request's
// work). One made by newResult has room before head for the response's
// start and the frame's header, so that the whole frame is written from
// that one buffer, which then goes back to a pool: a completion list is
// 20–40 KB, and two copies of it per request were most of its garbage.
type encodedResult struct {
	buf    []byte
	head   int
	pooled bool
}

// rawResult is a result already encoded elsewhere.
func rawResult(b []byte) encodedResult { return encodedResult{buf: b} }

const (
	responseStart = `{"jsonrpc":"2.0","result":`
	frameHead     = len("Content-Length: 4294967295\r\n\r\n")
	resultHead    = frameHead + len(responseStart)
	maxPooled     = 256 << 10 // larger buffers are left to the collector
)

var resultBuffers = sync.Pool{New: func() any { return new([]byte) }}

// newResult returns an empty result to append JSON to (r.buf).
func newResult() encodedResult {
	p := resultBuffers.Get().(*[]byte)
	b := *p
	if cap(b) < resultHead+4<<10 {
		b = make([]byte, 0, 32<<10)
	}
	return encodedResult{buf: b[:resultHead], head: resultHead, pooled: true}
}

// JSON is the encoded result.
func (r encodedResult) JSON() []byte { return r.buf[r.head:] }

// frame returns the whole frame of the response to request id: header,
// response start, result, id. It writes into r's buffer when r has room
// in front.
func (r *encodedResult) frame(id jsonrpc2.ID) ([]byte, error) {
	if !r.pooled {
		body, err := encodeResponse(id, r.JSON())
		if err != nil {
			return nil, err
		}
		return appendFrame(make([]byte, 0, len(body)+frameHead), body), nil
	}
	idJSON, err := json.Marshal(&id) // ID's MarshalJSON has a pointer receiver
	if err != nil {
		return nil, err
	}
	r.buf = append(r.buf, `,"id":`...)
	r.buf = append(r.buf, idJSON...)
	r.buf = append(r.buf, '}')
	start := r.head - len(responseStart)
	copy(r.buf[start:], responseStart)
	var hdr [frameHead]byte
	h := append(hdr[:0], "Content-Length: "...)
	h = strconv.AppendInt(h, int64(len(r.buf)-start), 10)
	h = append(h, "\r\n\r\n"...)
	start -= len(h)
	copy(r.buf[start:], h)
	return r.buf[start:], nil
}

// release gives a pooled result's buffer back once its frame is written.
func (r *encodedResult) release() {
	if !r.pooled || cap(r.buf) > maxPooled {
		return
	}
	b := r.buf[:0]
	r.buf, r.pooled = nil, false
	resultBuffers.Put(&b)
}

// appendFrame appends a frame: the Content-Length header, then body.
func appendFrame(b, body []byte) []byte {
	b = append(b, "Content-Length: "...)
	b = strconv.AppendInt(b, int64(len(body)), 10)
	b = append(b, "\r\n\r\n"...)
	return append(b, body...)
}

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
		for i < len(s) && plainJSON[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		b = append(b, s[start:i]...)
		if c := s[i]; c < utf8.RuneSelf {
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
		} else if r, size := utf8.DecodeRuneInString(s[i:]); r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
			i++
		} else {
			b = append(b, s[i:i+size]...)
			i += size
		}
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainJSON marks the bytes a JSON string holds as they are: printable
// ASCII but the quote and the backslash.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

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
