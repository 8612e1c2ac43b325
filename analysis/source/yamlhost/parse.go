// Package yamlhost reads YAML files (CloudFormation templates) into the
// host tree that policy units are written from, with every value's exact
// byte span, and writes inserted values back in YAML (Syntax).
//
// The parser is go.yaml.in/yaml/v3 (the maintained gopkg.in/yaml.v3), read
// as yaml.Node. It keeps tags (!Sub), styles and each node's line and
// column, but not where a node ends nor byte offsets: Parse finds both by
// reading the source around each node, and checks what it finds against
// the value the parser decoded, so that a scalar maps byte for byte where
// it can and as a whole where it cannot. Why this parser and not
// github.com/goccy/go-yaml: see testdata/parserbench.
package yamlhost

import (
	"bytes"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Error is a YAML syntax error: where the parser stopped, as a span of
// the source (the line it named), and its message.
type Error struct {
	text.Span
	Message string
}

// Parse reads the first YAML document of src. Offsets in the tree are
// offsets into src. A document that does not parse gives a nil tree and
// the error.
func Parse(src []byte) (*hosttree.Node, *Error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, syntaxError(src, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	r := &reader{src: src, lines: lineStarts(src)}
	root := r.convert(doc.Content[0], 0, false)
	if at := trailing(src, root.Span.End, r.column(root.Span.Start)); at >= 0 {
		// The parser stops after the root node when the text after it
		// is less indented (an indented first line), and says nothing.
		return nil, &Error{Span: text.Span{Start: at, End: lineEndOf(src, at)}, Message: "YAML: this line is not part of the document: it is indented less than the first line"}
	}
	return root, nil
}

// trailing is the offset of a line after end indented less than column
// (the root's), which the parser left out, or -1.
func trailing(src []byte, end, column int) int {
	if column == 0 {
		return -1
	}
	for i := lineEndOf(src, end) + 1; i < len(src); {
		e := lineEndOf(src, i)
		ind := 0
		for i+ind < e && src[i+ind] == ' ' {
			ind++
		}
		line := bytes.TrimSpace(src[i:e])
		if bytes.HasPrefix(line, []byte("---")) {
			return -1 // the next document: not this one's
		}
		if len(line) > 0 && line[0] != '#' && ind < column {
			return i + ind
		}
		i = e + 1
	}
	return -1
}

var errLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserProblems are the messages of the parser's errors (go.yaml.in/yaml/v3
// parserc.go), as opposed to the scanner's.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'": true, "did not find expected ',' or '}'": true,
	"did not find expected '-' indicator": true, "did not find expected <document start>": true,
	"did not find expected <stream-start>": true, "did not find expected key": true,
	"did not find expected node content": true, "found duplicate %TAG directive": true,
	"found duplicate %YAML directive": true, "found incompatible YAML document": true,
	"found undefined tag handle": true,
}

// syntaxError turns the parser's error, which names only a line, into a
// span of that line.
func syntaxError(src []byte, err error) *Error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 0
	if m := errLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserProblems[msg] {
			// The parser's (not the scanner's) errors name a line
			// counted from 0, where the construct it was reading
			// started.
			line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	starts := lineStarts(src)
	if line < 1 || line > len(starts) {
		line = len(starts)
	}
	for line > 1 && len(bytes.TrimSpace(src[starts[line-1]:lineEndOf(src, starts[line-1])])) == 0 {
		line-- // the end of the text: the last line that has some
	}
	start := starts[line-1]
	for start < len(src) && (src[start] == ' ' || src[start] == '\t') {
		start++
	}
	end := start
	for end < len(src) && src[end] != '\n' && src[end] != '\r' {
		end++
	}
	return &Error{Span: text.Span{Start: start, End: end}, Message: "YAML: " + msg}
}

func lineEndOf(src []byte, start int) int {
	for start < len(src) && src[start] != '\n' {
		start++
	}
	return start
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

type reader struct {
	src   []byte
	lines []int
	// nodes counts the nodes read: aliases repeat what they name, and a
	// few lines of aliases of aliases can name billions of nodes.
	nodes int
}

// maxNodes bounds the tree: a node per byte of the document, then some.
func (r *reader) maxNodes() int { return 4*len(r.src) + 1024 }

// offset is the byte offset of a 1-based line and column, the column
// counted in characters as the parser counts it.
func (r *reader) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(r.lines) {
		return len(r.src)
	}
	i := r.lines[line-1]
	for c := 1; c < col && i < len(r.src) && r.src[i] != '\n'; c++ {
		_, size := utf8.DecodeRune(r.src[i:])
		i += size
	}
	return i
}

// column is the 0-based column of offset in bytes from its line's start.
func (r *reader) column(off int) int {
	i := off
	for i > 0 && r.src[i-1] != '\n' {
		i--
	}
	return off - i
}

// Style is how a YAML value is written, which the host's Syntax reads.
type Style struct {
	yaml.Style
	// Column is the 0-based column of the value's first character; for a
	// block collection, of its keys or dashes.
	Column int
	// Block is set for a block mapping or sequence.
	Block bool
	// InFlow is set for a value inside a flow collection.
	InFlow bool
}

// maxDepth bounds the tree: deeper values (no policy nests so deep) are
// read as null.
const maxDepth = 200

// convert reads n; inFlow says its parent is a flow collection.
func (r *reader) convert(n *yaml.Node, depth int, inFlow bool) *hosttree.Node {
	start := r.offset(n.Line, n.Column)
	tag := ""
	if n.Style&yaml.TaggedStyle != 0 || strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		tag = n.Tag
	}
	body := r.skipProperties(start, tag != "", n.Anchor != "")
	out := &hosttree.Node{Tag: tag, Syntax: &Style{Style: n.Style, Column: r.column(body), InFlow: inFlow}}
	r.nodes++
	if depth > maxDepth || r.nodes > r.maxNodes() {
		out.Kind, out.Span = hosttree.Null, text.Span{Start: start, End: body}
		return out
	}
	switch n.Kind {
	case yaml.MappingNode:
		r.mapping(n, out, start, body, depth, inFlow)
	case yaml.SequenceNode:
		r.sequence(n, out, start, body, depth, inFlow)
	case yaml.AliasNode:
		return r.alias(n, start, depth)
	default:
		r.scalar(n, out, start, body)
	}
	return out
}

// skipProperties skips a node's tag and anchor (and the white space after
// them) to where its content starts.
func (r *reader) skipProperties(i int, tag, anchor bool) int {
	for k := 0; k < 2 && i < len(r.src) && (tag && r.src[i] == '!' || anchor && r.src[i] == '&'); k++ {
		for i < len(r.src) && !isSpace(r.src[i]) {
			i++
		}
		for i < len(r.src) && (r.src[i] == ' ' || r.src[i] == '\t') {
			i++
		}
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (r *reader) mapping(n *yaml.Node, out *hosttree.Node, start, body, depth int, inFlow bool) {
	out.Kind = hosttree.Object
	flow := n.Style&yaml.FlowStyle != 0
	st := out.Syntax.(*Style)
	st.Block = !flow
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := r.convert(n.Content[i], depth+1, flow || inFlow)
		v := r.convert(n.Content[i+1], depth+1, flow || inFlow)
		if k.Kind != hosttree.String {
			k.Kind, k.Value = hosttree.String, n.Content[i].Value
		}
		if v.Span.Start == v.Span.End && v.Span.Start < k.Span.End {
			at := r.afterIndicator(k.Span.End)
			v.Span = text.Span{Start: at, End: at}
			for i := range v.Pieces {
				v.Pieces[i].Host = v.Span
			}
		}
		out.Members = append(out.Members, &hosttree.Member{Key: k, Value: v})
	}
	r.collection(out, start, body, flow, '}')
}

func (r *reader) sequence(n *yaml.Node, out *hosttree.Node, start, body, depth int, inFlow bool) {
	out.Kind = hosttree.Array
	flow := n.Style&yaml.FlowStyle != 0
	out.Syntax.(*Style).Block = !flow
	for _, c := range n.Content {
		out.Elems = append(out.Elems, r.convert(c, depth+1, flow || inFlow))
	}
	r.collection(out, start, body, flow, ']')
}

// collection sets a mapping's or sequence's span and the host text its
// JSON brackets stand for: its own brackets in flow style; in block style
// nothing, at its first key or dash and after its last value.
func (r *reader) collection(out *hosttree.Node, start, body int, flow bool, closer byte) {
	last := body
	for _, m := range out.Members {
		last = max(last, m.Key.Span.End, m.Value.Span.End)
	}
	for _, e := range out.Elems {
		last = max(last, e.Span.End)
	}
	if !flow {
		out.Span = text.Span{Start: body, End: last}
		out.Open = text.Span{Start: body, End: body}
		out.Close = text.Span{Start: last, End: last}
		if last < body {
			out.Span.End, out.Close = body, text.Span{Start: body, End: body}
		}
		return
	}
	out.Open = text.Span{Start: body, End: min(body+1, len(r.src))}
	end := r.closing(max(last, out.Open.End), closer) // past an empty collection's opening bracket
	out.Close = text.Span{Start: end - 1, End: end}
	if end <= last {
		out.Close = text.Span{Start: last, End: last}
		end = last
	}
	out.Span = text.Span{Start: start, End: end}
}

// closing finds the closing bracket of a flow collection after its last
// value: past white space, commas and comments. It returns the offset after
// the bracket, or from when it finds none.
func (r *reader) closing(from int, closer byte) int {
	for i := from; i < len(r.src); i++ {
		switch c := r.src[i]; {
		case c == closer:
			return i + 1
		case c == '#':
			for i < len(r.src) && r.src[i] != '\n' {
				i++
			}
		case c == ',' || isSpace(c):
		default:
			return from
		}
	}
	return from
}

// alias is the anchored value an alias names, written in full (JSON has
// no aliases) and mapped as a whole to the alias.
func (r *reader) alias(n *yaml.Node, start, depth int) *hosttree.Node {
	span := text.Span{Start: start, End: min(start+1+len(n.Value), len(r.src))}
	if n.Alias == nil || depth > maxDepth {
		return &hosttree.Node{Kind: hosttree.Null, Span: span}
	}
	v := r.convert(n.Alias, depth+1, false)
	hosttree.Walk(v, func(x *hosttree.Node) {
		x.Span, x.Pieces, x.Open, x.Close = span, nil, span, span
	})
	return v
}
