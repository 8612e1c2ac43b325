package yamlhost

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

var samples = []string{
	"a: é\nbé: \"x\\ty\"  # c\nc: 'it''s'\nd:\n  - |\n    line1\n    line2\n  - plain\n    folded\ne: {k: v, \"q\": [1, 2]}\n",
	"Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Action:\n      - kms:Decrypt\n      - \"kms:Encrypt\"\n    Resource: '*'\n    Condition:\n      Bool: {aws:SecureTransport: false}\n",
	"a: null\nb: ~\nc:\n  - ~\n  - x\nd: >-\n  folded\n  text\n\n  para\ne: \"multi\n  line\\\n  joined\"\nf: 12\ng: 0x1Fz\nh: True\n",
	"base: &b\n  k: v\nuse: *b\nlit: |+\n  keep\n\n",
	"s: \"\\u00e9\\x41\\U0001F600 \\\" \\\\\"\nt: 'a\n\n  b'\n",
	// Tags and anchors before values, after keys written in characters of
	// more than one byte; flow collections closed after spaces and comments.
	"Ünï: !Sub \"x-${AWS::Region}\"\né: &anc !!str 12\nß: !Ref  Thing\nlist: [ü, !Sub 'a', &x b, *x]  # c\nm: {ä: 1, b: [1, 2 ] , c: {} # c\n  }\n",
	// CRLF line breaks, in plain and quoted scalars.
	"a: x\r\nb: \"y\r\n  z\"\r\nd: 'p\r\n\r\n  q'\r\n",
	// Escaped line breaks, folds over blank lines and trailing white space.
	"s: \"a \\\n   b\\\r\n c \\x41\\N\"\nt: 'a  \n\n\n  b  \n  c'\np: one\n  two  # c\n",
	// Folded and literal blocks with blank lines, chomping and indentation.
	"f: >\n  a\n  b\n\n  c\n\n\ng: |-\n  x\n   y\nh: >+\n  k\ni: |\n\n  after blank\n",
	// Empty strings, values not written, plain scalars folded over lines.
	"f: \"\"\ng: ''\nl:\n  - ''\np: one\n   two\n\n  three  # c\nq: a  b\te\n",
	// An escaped space and a tab before a fold in quotes; block scalars
	// with no content, one at the end of the text.
	"s: \"a\\ \n b\"\nt: 'a\t\n  b'\nk: |\n",
	"x: 1\nk: |",
}

// mapsAsAWhole are values that map as a whole: those an alias repeats, and
// a block scalar that keeps its trailing empty lines.
var mapsAsAWhole = map[string]bool{"k": true, "v": true, "keep\n\n": true, "b": true}

// Every string's pieces cover its value, and a linear piece is the host's
// own bytes.
func TestPiecesAreTheHostBytes(t *testing.T) {
	for _, src := range samples {
		root, err := Parse([]byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err.Message)
		}
		hosttree.Walk(root, func(n *hosttree.Node) {
			if n.Span.Start < 0 || n.Span.End > len(src) || n.Span.Start > n.Span.End {
				t.Errorf("%q: span %v outside the source", n.Value, n.Span)
			}
			if n.Kind != hosttree.String {
				return
			}
			if n.Pieces == nil {
				if !mapsAsAWhole[n.Value] {
					t.Errorf("%q at %v: no pieces", n.Value, n.Span)
				}
				return
			}
			at, prev := 0, n.Span.Start
			for _, p := range n.Pieces {
				if p.Host.End < p.Host.Start {
					t.Errorf("%q: piece %v ends before it starts", n.Value, p.Host)
				}
				if p.Host.Start < prev {
					t.Errorf("%q: piece %v before the end of the one before, %d", n.Value, p.Host, prev)
				}
				prev = p.Host.End
				v := n.Value[at : at+p.N]
				at += p.N
				if p.Linear && src[p.Host.Start:p.Host.End] != v {
					t.Errorf("%q: linear piece %q is %q in the host", n.Value, v, src[p.Host.Start:p.Host.End])
				}
				if p.Host.Start < n.Span.Start || p.Host.End > n.Span.End {
					t.Errorf("%q: piece %v outside the scalar %v", n.Value, p.Host, n.Span)
				}
			}
			if at != len(n.Value) {
				t.Errorf("%q: pieces cover %d of %d bytes", n.Value, at, len(n.Value))
			}
		})
	}
}

// The unit written from a YAML document is the JSON that the document
// decodes to (plain timestamps read as strings, as CloudFormation does).
func TestEmitIsTheDocumentAsJSON(t *testing.T) {
	for _, src := range samples {
		root, _ := Parse([]byte(src))
		u := hosttree.Emit(root, hostSpan(src), nil)
		var got any
		if err := json.Unmarshal(u.Src, &got); err != nil {
			t.Fatalf("%q: unit %s is not JSON: %v", src, u.Src, err)
		}
		var want any
		if err := yaml.Unmarshal([]byte(strings.ReplaceAll(src, "2012-10-17", `"2012-10-17"`)), &want); err != nil {
			t.Fatal(err)
		}
		wb, _ := json.Marshal(want)
		var w any
		json.Unmarshal(wb, &w)
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%q:\n got %s\nwant %s", src, u.Src, wb)
		}
	}
}

func hostSpan(src string) text.Span { return text.Span{End: len(src)} }

// A value not written yet (a key with nothing after it, an empty item) is
// an empty string where it would be typed, after the indicator's space:
// completion proposes there, and the rules call it empty.
func TestAValueNotWrittenIsAnEmptyString(t *testing.T) {
	src := "a: \nb:\nc:\n  - \n"
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err.Message)
	}
	for key, at := range map[string]int{"a": 3, "b": 6} {
		v := root.Lookup(key)
		if v.Kind != hosttree.String || v.Value != "" || v.Span != (text.Span{Start: at, End: at}) {
			t.Errorf("%s: %+v, want an empty string at %d", key, v, at)
		}
	}
	if item := root.Lookup("c").Elems[0]; item.Kind != hosttree.String || item.Span.Start != len(src)-1 {
		t.Errorf("empty item: %+v, want an empty string after \"- \"", item)
	}
	// After white space and before a comment; an item's dash and spaces;
	// a key on the last line with no line break.
	src = "a:  \t# c\nl:\n  -   \nb:"
	if root, err = Parse([]byte(src)); err != nil {
		t.Fatal(err.Message)
	}
	for _, c := range []struct {
		v  *hosttree.Node
		at int
	}{{root.Lookup("a"), strings.Index(src, "#")}, {root.Lookup("l").Elems[0], strings.Index(src, "-   ") + 4}, {root.Lookup("b"), len(src)}} {
		if c.v.Kind != hosttree.String || c.v.Value != "" || c.v.Span != (text.Span{Start: c.at, End: c.at}) {
			t.Errorf("%+v, want an empty string at %d", c.v, c.at)
		}
	}
}

// Aliases of aliases name exponentially many nodes; the tree stays
// bounded by the document's size.
func TestAliasesAreBounded(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
		"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err.Message)
	}
	n := 0
	hosttree.Walk(root, func(*hosttree.Node) { n++ })
	if n > 4*len(src)+1100 {
		t.Errorf("%d nodes from %d bytes", n, len(src))
	}
}

// The parser stops after an indented first mapping and ignores the less
// indented text after it; Parse reports that text instead of a document
// that lacks it.
func TestTextAfterAnIndentedRootIsAnError(t *testing.T) {
	src := "  a: 1\nb: 2\n"
	if _, err := Parse([]byte(src)); err == nil || src[err.Start:err.End] != "b: 2" {
		t.Errorf("error %+v, want one at the line the parser left out", err)
	}
	if _, err := Parse([]byte("  a: 1\n b: 2\n")); err == nil || err.Start != strings.Index("  a: 1\n b: 2\n", "b") {
		t.Errorf("error %+v, want one at the line indented by one space", err)
	}
	if _, err := Parse([]byte("    a: 1\n  b: 2\n")); err == nil || err.Start != strings.Index("    a: 1\n  b: 2\n", "b") {
		t.Errorf("error %+v, want one at the line indented by two spaces", err)
	}
	for _, src := range []string{"  a: 1\n  b: 2\n# note\n", "  a: 1\n\n  # note\n", "  a: 1", "  a: 1\n   "} {
		if _, err := Parse([]byte(src)); err != nil {
			t.Errorf("%q: an indented document is one: %v", src, err.Message)
		}
	}
}

// Each value's span is its host text, tag and anchor included: after keys
// of characters of more than one byte, in flow collections closed after
// white space and comments, and on a last line with no line break.
func TestSpansOfValues(t *testing.T) {
	src := "Ünï: !Sub \"x-${AWS::Region}\"  # c\né: &anc !!str 12\nß: !Ref  Thing\n" +
		"list: [ü, !Sub 'a', &x b, *x ]  # c\nm: {ä: 1, b: [1, 2 ] , c: {} # c\n  }\n" +
		"block:\n  - ä\n  -  b\ne:\nf: \"\"\ng: ''\np: one\n   two\n\n  three  # c\nz: !Ref"
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err.Message)
	}
	at := func(n *hosttree.Node) string { return src[n.Span.Start:n.Span.End] }
	list, m, block := root.Lookup("list"), root.Lookup("m"), root.Lookup("block")
	for _, c := range []struct {
		n    *hosttree.Node
		want string
	}{
		{root.Lookup("Ünï"), `!Sub "x-${AWS::Region}"`},
		{root.Lookup("é"), "&anc !!str 12"},
		{root.Lookup("ß"), "!Ref  Thing"},
		{list, "[ü, !Sub 'a', &x b, *x ]"},
		{list.Elems[0], "ü"},
		{list.Elems[1], "!Sub 'a'"},
		{list.Elems[2], "&x b"},
		{list.Elems[3], "*x"},
		{m, "{ä: 1, b: [1, 2 ] , c: {} # c\n  }"},
		{m.Lookup("ä"), "1"},
		{m.Lookup("b"), "[1, 2 ]"},
		{m.Lookup("c"), "{}"},
		{block, "- ä\n  -  b"},
		{block.Elems[1], "b"},
		{root.Lookup("f"), `""`},
		{root.Lookup("g"), "''"},
		{root.Lookup("z"), "!Ref"},
		{root.Lookup("p"), "one\n   two\n\n  three"},
	} {
		if got := at(c.n); got != c.want {
			t.Errorf("span %q, want %q", got, c.want)
		}
	}
	for _, c := range []struct {
		got  text.Span
		want string
	}{{list.Open, "["}, {list.Close, "]"}, {m.Open, "{"}, {m.Close, "}"}, {m.Lookup("b").Close, "]"}} {
		if got := src[c.got.Start:c.got.End]; got != c.want {
			t.Errorf("bracket %q, want %q", got, c.want)
		}
	}
	if e := root.Lookup("e"); e.Span.Start != strings.Index(src, "e:\n")+2 || e.Span.End != e.Span.Start {
		t.Errorf("the value not written after e: is at %v", e.Span)
	}
	if b := block.Span.End; block.Close != (text.Span{Start: b, End: b}) || block.Open != (text.Span{Start: block.Span.Start, End: block.Span.Start}) {
		t.Errorf("a block sequence's brackets are %v and %v, want empty spans at its ends", block.Open, block.Close)
	}
}

// A document of many small values is read whole: the bound on nodes is
// for aliases, not for what the text itself holds.
func TestManyValuesAreRead(t *testing.T) {
	src := "a: [" + strings.Repeat("1, ", 1999) + "1]\n"
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err.Message)
	}
	if a := root.Lookup("a"); len(a.Elems) != 2000 || a.Elems[1999].Kind != hosttree.Number {
		t.Errorf("%d values read, the last %+v", len(a.Elems), a.Elems[len(a.Elems)-1])
	}
}

// A number, a boolean and null written as JSON writes them map byte for
// byte.
func TestScalarsMapByteForByte(t *testing.T) {
	src := "Größe: 12.5\nb: true\nc: null\n"
	root, _ := Parse([]byte(src))
	u := hosttree.Emit(root, hostSpan(src), nil)
	for _, c := range []struct{ unit, host string }{{"2.", "2."}, {"ru", "ru"}, {"ul", "ul"}} {
		i := strings.Index(string(u.Src), c.unit)
		got := u.Map.Span(text.Span{Start: i, End: i + len(c.unit)})
		if j := strings.Index(src, c.host); got != (text.Span{Start: j, End: j + len(c.host)}) {
			t.Errorf("unit %q maps to %q", c.unit, src[got.Start:got.End])
		}
	}
}

// A scalar read as a whole (a block that keeps trailing empty lines, one
// with CRLF line breaks) spans its first line, up to a comment.
func TestSpanOfAScalarReadAsAWhole(t *testing.T) {
	src := "lit: |+ \t #c\n  keep\n\ncr: |\r\n  l1\r\n  l2\r\n"
	root, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err.Message)
	}
	for key, want := range map[string]string{"lit": "|+", "cr": "|"} {
		v := root.Lookup(key)
		if got := src[v.Span.Start:v.Span.End]; got != want || v.Pieces != nil {
			t.Errorf("%s spans %q (pieces %v), want %q as a whole", key, got, v.Pieces, want)
		}
	}
}

// Values nested deeper than maxDepth are read as null; those at maxDepth
// are read, in sequences and in mappings.
func TestDepthBound(t *testing.T) {
	for _, c := range []struct{ open, close string }{{"[", "]"}, {"{a: ", "}"}} {
		for depth, want := range map[int]hosttree.Kind{maxDepth: hosttree.Number, maxDepth + 1: hosttree.Null} {
			src := strings.Repeat(c.open, depth) + "1" + strings.Repeat(c.close, depth)
			n, err := Parse([]byte(src))
			if err != nil {
				t.Fatal(err.Message)
			}
			for n != nil && (n.Kind == hosttree.Array || n.Kind == hosttree.Object) {
				if n.Kind == hosttree.Array {
					n = n.Elems[0]
				} else {
					n = n.Members[0].Value
				}
			}
			if n == nil || n.Kind != want {
				t.Errorf("%s at depth %d: %+v, want kind %v", c.open, depth, n, want)
			}
		}
	}
}

// A key YAML reads as a number, a boolean or null is the string it spells,
// as JSON keys are strings.
func TestKeysAreStrings(t *testing.T) {
	root, err := Parse([]byte("1: a\ntrue: b\n~: c\n"))
	if err != nil {
		t.Fatal(err.Message)
	}
	for i, want := range []string{"1", "true", "~"} {
		if k := root.Members[i].Key; k.Kind != hosttree.String || k.Value != want {
			t.Errorf("key %d: %+v, want the string %q", i, k, want)
		}
	}
}
