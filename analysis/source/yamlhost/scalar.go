package yamlhost

import (
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// scalar reads a scalar: its JSON kind from the tag YAML resolved (a plain
// 2012-10-17 is a timestamp to YAML and a string to CloudFormation, as
// every other tag but null, bool and number is), its span, and where each
// run of its value lies in the source.
func (r *reader) scalar(n *yaml.Node, out *hosttree.Node, start, body int) {
	out.Kind, out.Value = hosttree.String, n.Value
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if !quoted {
		switch n.Tag {
		case "!!null":
			out.Kind, out.Value = hosttree.Null, "null"
		case "!!bool":
			if v := strings.ToLower(n.Value); v == "true" || v == "false" {
				out.Kind, out.Value = hosttree.Bool, v
			}
		case "!!int", "!!float":
			if jsonNumber.MatchString(n.Value) {
				out.Kind = hosttree.Number
			}
		}
	}
	var pieces []hosttree.Piece
	var end int
	var ok bool
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		pieces, end, ok = r.quoted(body, n.Value, '"')
	case n.Style&yaml.SingleQuotedStyle != 0:
		pieces, end, ok = r.quoted(body, n.Value, '\'')
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		pieces, end, ok = r.block(body, n.Value)
	case n.Value == "" && n.Tag == "!!null":
		// Nothing written: the string a value is typed into, empty.
		body = r.afterIndicator(body)
		start, end, ok = body, body, true
		out.Kind, out.Value = hosttree.String, ""
	default:
		pieces, end, ok = r.plain(body, n.Value)
	}
	if !ok {
		pieces = nil
		end = r.lineEnd(body)
	}
	for _, p := range pieces {
		end = max(end, p.Host.End) // a block scalar's last line break
	}
	out.Span = text.Span{Start: start, End: max(end, body)}
	if out.Kind == hosttree.String || len(pieces) == 1 && pieces[0].Linear {
		out.Pieces = pieces
	}
	if out.Kind == hosttree.String && len(pieces) == 0 && n.Value == "" && ok {
		// An empty string: its quotes (or nothing) in the host.
		mid := (body + end) / 2
		out.Pieces = []hosttree.Piece{{N: 0, Host: text.Span{Start: mid, End: mid}, Linear: true}}
	}
}

// afterIndicator is where a value that is not written would be: after
// the ":" of its key or the "-" of its item and the spaces that follow on
// the line (the parser puts an empty value at the indicator or before).
func (r *reader) afterIndicator(at int) int {
	i := at
	for i < len(r.src) && (r.src[i] == ' ' || r.src[i] == '\t') {
		i++
	}
	if i < len(r.src) && (r.src[i] == ':' || r.src[i] == '-') {
		i++
		for i < len(r.src) && (r.src[i] == ' ' || r.src[i] == '\t') {
			i++
		}
	}
	return i
}

// lineEnd is the end of the text on the line of off, before a comment.
func (r *reader) lineEnd(off int) int {
	i := off
	for i < len(r.src) && r.src[i] != '\n' && r.src[i] != '\r' && !(r.src[i] == '#' && i > off && isSpace(r.src[i-1])) {
		i++
	}
	for i > off && (r.src[i-1] == ' ' || r.src[i-1] == '\t') {
		i--
	}
	return i
}

// pieceList collects a scalar's pieces, merging adjacent linear runs.
type pieceList struct {
	ps  []hosttree.Piece
	val strings.Builder
}

func (l *pieceList) linear(s string, at int) {
	if s == "" {
		return
	}
	l.val.WriteString(s)
	if k := len(l.ps); k > 0 && l.ps[k-1].Linear && l.ps[k-1].Host.End == at {
		l.ps[k-1].N += len(s)
		l.ps[k-1].Host.End += len(s)
		return
	}
	l.ps = append(l.ps, hosttree.Piece{N: len(s), Host: text.Span{Start: at, End: at + len(s)}, Linear: true})
}

func (l *pieceList) opaque(s string, host text.Span) {
	if s == "" {
		return
	}
	l.val.WriteString(s)
	l.ps = append(l.ps, hosttree.Piece{N: len(s), Host: host})
}

// plain aligns a plain scalar's value with the source from at: runs of
// equal bytes map one for one, and each line fold (a line break and the
// indentation after it, read as a space) stands for its host bytes.
func (r *reader) plain(at int, value string) ([]hosttree.Piece, int, bool) {
	var l pieceList
	i, j := at, 0
	for j < len(value) {
		k := 0
		for j+k < len(value) && i+k < len(r.src) && r.src[i+k] == value[j+k] && r.src[i+k] != '\n' {
			k++
		}
		l.linear(value[j:j+k], i)
		i, j = i+k, j+k
		if j == len(value) {
			break
		}
		// A fold: white space and line breaks in the source, one space
		// or line breaks in the value.
		from := i
		for i < len(r.src) && isSpace(r.src[i]) {
			i++
		}
		fj := j
		for fj < len(value) && (value[fj] == ' ' || value[fj] == '\n') && fj-j < i-from {
			fj++
		}
		if i == from || fj == j && i == from {
			return nil, 0, false
		}
		l.opaque(value[j:fj], text.Span{Start: from, End: i})
		j = fj
	}
	return l.ps, i, l.val.String() == value
}

// quoted reads a single- or double-quoted scalar from its opening quote
// at, decoding escapes and folds as YAML does, and checks the result
// against the parser's value.
func (r *reader) quoted(at int, value string, q byte) ([]hosttree.Piece, int, bool) {
	if at >= len(r.src) || r.src[at] != q {
		return nil, 0, false
	}
	var l pieceList
	i := at + 1
	run := i
	flush := func() {
		l.linear(string(r.src[run:i]), run)
	}
	for i < len(r.src) {
		c := r.src[i]
		switch {
		case c == q && q == '\'' && i+1 < len(r.src) && r.src[i+1] == '\'':
			flush()
			l.opaque("'", text.Span{Start: i, End: i + 2})
			i += 2
			run = i
			continue
		case c == q:
			flush()
			return l.ps, i + 1, l.val.String() == value
		case c == '\\' && q == '"':
			flush()
			n, dec := escape(r.src[i:])
			if n == 0 {
				return nil, 0, false
			}
			l.opaque(dec, text.Span{Start: i, End: i + n})
			i += n
			if dec == "" { // an escaped line break: the next line's indentation goes too
				for i < len(r.src) && (r.src[i] == ' ' || r.src[i] == '\t') {
					i++
				}
			}
			run = i
			continue
		case c == '\n' || c == '\r':
			// A fold: trailing white space, the break and the next
			// line's indentation read as one space, or as one line
			// break per empty line.
			t := i
			for t > run && (r.src[t-1] == ' ' || r.src[t-1] == '\t') {
				t--
			}
			l.linear(string(r.src[run:t]), run)
			from := t
			breaks := 0
			for i < len(r.src) && isSpace(r.src[i]) {
				if r.src[i] == '\n' {
					breaks++
				}
				i++
			}
			fold := " "
			if breaks > 1 {
				fold = strings.Repeat("\n", breaks-1)
			}
			l.opaque(fold, text.Span{Start: from, End: i})
			run = i
			continue
		}
		i++
	}
	return nil, 0, false
}

// escape decodes the double-quoted escape at the start of s; it returns
// its length in s (0 when it is none) and what it decodes to ("" for an
// escaped line break).
func escape(s []byte) (int, string) {
	if len(s) < 2 {
		return 0, ""
	}
	simple := map[byte]string{'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", '\t': "\t", 'n': "\n", 'v': "\v",
		'f': "\f", 'r': "\r", 'e': "\x1b", ' ': " ", '"': `"`, '/': "/", '\\': `\`, 'N': "\u0085", '_': "\u00a0",
		'L': "\u2028", 'P': "\u2029"}
	if d, ok := simple[s[1]]; ok {
		return 2, d
	}
	if s[1] == '\n' {
		return 2, ""
	}
	if s[1] == '\r' {
		if len(s) > 2 && s[2] == '\n' {
			return 3, ""
		}
		return 2, ""
	}
	width := 0
	switch s[1] {
	case 'x':
		width = 2
	case 'u':
		width = 4
	case 'U':
		width = 8
	}
	if width == 0 || len(s) < 2+width {
		return 0, ""
	}
	v, ok := jsonast.HexRune(s[2 : 2+width])
	if !ok {
		return 0, ""
	}
	return 2 + width, string(v)
}

// block reads a literal (|) or folded (>) block scalar from its indicator
// at: each content line maps byte for byte, a line break to the source's
// line break (as itself in a literal scalar, as the space it folds to in a
// folded one), and the indentation between is not part of the value.
func (r *reader) block(at int, value string) ([]hosttree.Piece, int, bool) {
	if at >= len(r.src) || r.src[at] != '|' && r.src[at] != '>' {
		return nil, 0, false
	}
	folded := r.src[at] == '>'
	i := at
	for i < len(r.src) && r.src[i] != '\n' {
		i++
	}
	header := string(r.src[at:i])
	// The content's indentation is its first non-empty line's. (An
	// explicit indentation indicator counts from the parent's, which is
	// not known here; the check against the value catches the rare
	// scalar that needs it, which then maps as a whole.)
	indent := 0
	type line struct{ start, end int } // content, without indentation and break
	var lines []line
	for i < len(r.src) {
		ls := i + 1
		if ls > len(r.src) {
			break
		}
		c := ls
		for c < len(r.src) && r.src[c] == ' ' {
			c++
		}
		e := c
		for e < len(r.src) && r.src[e] != '\n' {
			e++
		}
		blank := c == e || c < len(r.src) && r.src[c] == '\r' && c+1 == e
		if !blank {
			if indent == 0 {
				indent = c - ls
			}
			if c-ls < indent {
				break
			}
		}
		start := min(ls+indent, e)
		lines = append(lines, line{start, e})
		i = e
		if e >= len(r.src) {
			break
		}
	}
	for len(lines) > 0 && lines[len(lines)-1].start == lines[len(lines)-1].end {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil, at + len(header), value == ""
	}
	var l pieceList
	for k, ln := range lines {
		l.linear(string(r.src[ln.start:ln.end]), ln.start)
		if k+1 < len(lines) || strings.HasSuffix(value, "\n") && l.val.Len() < len(value) {
			brk := text.Span{Start: ln.end, End: min(ln.end+1, len(r.src))}
			blank, nextBlank := ln.start == ln.end, k+1 < len(lines) && lines[k+1].start == lines[k+1].end
			switch {
			case !folded || k+1 == len(lines) || blank:
				l.linear("\n", ln.end)
			case nextBlank:
				// Folding drops a break before empty lines, which
				// each keep theirs.
			default:
				l.opaque(" ", brk)
			}
		}
	}
	end := lines[len(lines)-1].end
	return l.ps, end, l.val.String() == value
}
