package jsonast

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// checkInvariants asserts what every tree promises, whatever the input:
// spans in bounds and nested, siblings in order, Enclosing right, and
// the delimiters where the tree says they are.
func checkInvariants(t testing.TB, f *File) {
	t.Helper()
	src := f.Src
	var walk func(n, parent *Node, m *Member, lo, hi int)
	walk = func(n, parent *Node, m *Member, lo, hi int) {
		if n.Start < lo || n.End > hi || n.Start > n.End {
			t.Fatalf("%q: %v node span %d-%d outside %d-%d", src, n.Kind, n.Start, n.End, lo, hi)
		}
		if gp, gm := f.Enclosing(n); gp != parent || gm != m {
			t.Fatalf("%q: %v node at %d: Enclosing gives %p %p, want %p %p", src, n.Kind, n.Start, gp, gm, parent, m)
		}
		inLo, inHi := n.Start+1, n.End
		if n.Closed {
			inHi--
		}
		switch n.Kind {
		case Object:
			if src[n.Start] != '{' || (n.Closed && src[n.End-1] != '}') {
				t.Fatalf("%q: object %d-%d not delimited by braces", src, n.Start, n.End)
			}
			prevEnd := inLo
			for _, mb := range n.Members() {
				if mb.Object != n || mb.Key == nil || mb.Key.Kind != String || mb.Start < prevEnd || mb.End > inHi || mb.Start > mb.End {
					t.Fatalf("%q: bad member %d-%d in object %d-%d", src, mb.Start, mb.End, n.Start, n.End)
				}
				if mb.Start != mb.Key.Start {
					t.Fatalf("%q: member starts at %d, its key at %d", src, mb.Start, mb.Key.Start)
				}
				walk(mb.Key, n, mb, mb.Start, mb.End)
				if mb.Colon >= 0 && (src[mb.Colon] != ':' || mb.Colon < mb.Key.End) {
					t.Fatalf("%q: colon offset %d wrong", src, mb.Colon)
				}
				if mb.Comma >= 0 && (src[mb.Comma] != ',' || mb.Comma < mb.End) {
					t.Fatalf("%q: comma offset %d wrong", src, mb.Comma)
				}
				if mb.Value != nil {
					if mb.Colon >= 0 && mb.Value.Start <= mb.Colon {
						t.Fatalf("%q: value before colon", src)
					}
					walk(mb.Value, n, mb, mb.Key.End, mb.End)
				}
				prevEnd = mb.End
			}
			if n.Elems() != nil {
				t.Fatalf("%q: object with elements", src)
			}
		case Array:
			if src[n.Start] != '[' || (n.Closed && src[n.End-1] != ']') {
				t.Fatalf("%q: array %d-%d not delimited by brackets", src, n.Start, n.End)
			}
			prevEnd := inLo
			for _, e := range n.Elems() {
				walk(e, n, nil, prevEnd, inHi)
				prevEnd = e.End
			}
		case String:
			if n.Quote != 0 && src[n.Start] != n.Quote {
				t.Fatalf("%q: string at %d does not start with its quote", src, n.Start)
			}
			if n.Closed && (n.End-n.Start < 2 || src[n.End-1] != n.Quote) {
				t.Fatalf("%q: closed string %d-%d does not end with its quote", src, n.Start, n.End)
			}
			if n.Quote == 0 && string(src[n.Start:n.End]) != n.Value {
				t.Fatalf("%q: bare key %q is not its source text", src, n.Value)
			}
		default:
			if string(src[n.Start:n.End]) != n.Value || n.Start == n.End {
				t.Fatalf("%q: %v value %q is not its source text %q", src, n.Kind, n.Value, src[n.Start:n.End])
			}
		}
	}
	if f.Root != nil {
		walk(f.Root, nil, nil, 0, len(src))
	}
	if want := duplicateKeysByWalk(f.Root); !sameMembers(f.DuplicateKeys, want) {
		t.Fatalf("%q: DuplicateKeys %v, a walk of the tree finds %v", src, keyNames(f.DuplicateKeys), keyNames(want))
	}
	for _, e := range f.Errors {
		if e.Start < 0 || e.End > len(src) || e.Start > e.End || e.Message == "" {
			t.Fatalf("%q: bad error %+v", src, e)
		}
	}
	prev := 0
	for _, c := range f.Comments {
		if c.Start < prev || c.End > len(src) || c.End-c.Start < 2 || src[c.Start] != '/' {
			t.Fatalf("%q: bad comment %+v", src, c)
		}
		prev = c.End
	}
}

// toAny converts a tree to the values encoding/json produces with UseNumber.
func toAny(n *Node) any {
	switch n.Kind {
	case Object:
		m := map[string]any{}
		for _, mb := range n.Members() {
			m[mb.Key.Value] = toAny(mb.Value) // the last duplicate wins, as in encoding/json
		}
		return m
	case Array:
		a := []any{}
		for _, e := range n.Elems() {
			a = append(a, toAny(e))
		}
		return a
	case String:
		return n.Value
	case Number:
		return json.Number(n.Value)
	case True:
		return true
	case False:
		return false
	case Null:
		return nil
	}
	return fmt.Sprintf("invalid(%s)", n.Value)
}

func decodeStd(t testing.TB, src []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(src))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("encoding/json rejects %q: %v", src, err)
	}
	if v, ok := v.([]any); ok && len(v) == 0 {
		return []any{}
	}
	return normalize(v)
}

// normalize makes empty arrays comparable ([]any{} vs nil never occurs in
// decoded values, but nested ones must be non-nil like toAny's).
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = normalize(x)
		}
	case []any:
		for i, x := range v {
			v[i] = normalize(x)
		}
	}
	return v
}

// assertSameAsStd checks a valid document: no errors, and the same values
// as encoding/json.
func assertSameAsStd(t testing.TB, src []byte) {
	t.Helper()
	f := Parse(src)
	if len(f.Errors) > 0 {
		t.Fatalf("valid %q: unexpected errors %v", src, dumpErrors(f))
	}
	checkInvariants(t, f)
	want := decodeStd(t, src)
	if got := toAny(f.Root); !reflect.DeepEqual(got, want) {
		t.Fatalf("valid %q:\n got %#v\nwant %#v", src, got, want)
	}
}

var tricky = []string{"", "a", "é", "€uro", "😀", "\"", "\\", "/", "\b\f\n\r\t", "\x00\x1f", "\u2028", "<&>", "kms:Encrypt", "arn:aws:kms:*:111122223333:key/*", "\xff"}

// randomValue builds a random JSON-able value of bounded depth.
func randomValue(rng *rand.Rand, depth int) any {
	switch k := rng.Intn(8); {
	case depth > 4 || k == 0:
		return tricky[rng.Intn(len(tricky))]
	case k == 1:
		return rng.NormFloat64() * 1e6
	case k == 2:
		return rng.Intn(2) == 0
	case k == 3:
		return nil
	case k <= 5:
		m := map[string]any{}
		for i := rng.Intn(5); i > 0; i-- {
			m[tricky[rng.Intn(len(tricky))]+fmt.Sprint(rng.Intn(3))] = randomValue(rng, depth+1)
		}
		return m
	default:
		a := []any{}
		for i := rng.Intn(5); i > 0; i-- {
			a = append(a, randomValue(rng, depth+1))
		}
		return a
	}
}

func TestValidDocumentsMatchEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 500; i++ {
		v := randomValue(rng, 0)
		var src []byte
		var err error
		if i%2 == 0 {
			src, err = json.Marshal(v)
		} else {
			src, err = json.MarshalIndent(v, " ", "\t")
		}
		if err != nil {
			t.Fatal(err)
		}
		assertSameAsStd(t, src)
	}
	hand := []string{
		`"\u00e9\ud83d\ude00\ud800x\udc00\u0041\/"`,
		`{"a":1,"a":2}`,
		`[0, -0, 1.5e10, -2E-3, 1e+2, 123456789012345678901234567890]`,
		"\t\r\n [ true , false , null ] \n",
		"\"\xff\xfe raw invalid bytes\"",
		`{"é😀":{"€":["x"]}}`,
		`[]`, `{}`, `""`, `0`,
		// Surrogates at the edges of their ranges, paired and alone.
		`["\ud800\udc00", "\udbff\udfff", "\ud7ff\ue000", "\udc00\udc00", "\ud800\ue000", "\udfff", "\ud800\udbff"]`,
	}
	for _, h := range hand {
		assertSameAsStd(t, []byte(h))
	}
}

func TestSpans(t *testing.T) {
	src := `{"Sid": "é😀", "Action": ["kms:*", 1]}`
	f := Parse([]byte(src))
	got := dump(f.Root, true)
	want := `{"Sid"@1-6:"é😀"@8-16 "Action"@18-26:["kms:*"@29-36 1@38-39]@28-40}@0-41`
	if got != want {
		t.Errorf("spans\n got %s\nwant %s", got, want)
	}
	m := f.Root.Lookup("Sid")
	if s := f.Text(m.Span); s != `"Sid": "é😀"` {
		t.Errorf("member text %q", s)
	}
	if m.Colon != 6 || m.Comma != 16 {
		t.Errorf("Sid colon %d comma %d, want 6 and 16", m.Colon, m.Comma)
	}
	if a := f.Root.Lookup("Action"); a.Comma != -1 || f.Text(a.Value.Elems()[0].Span) != `"kms:*"` {
		t.Errorf("Action comma %d, first element %q", a.Comma, f.Text(a.Value.Elems()[0].Span))
	}
}

func TestLookup(t *testing.T) {
	f := Parse([]byte(`{"A":1,"B":2,"A":3,"a":4}`))
	if m := f.Root.Lookup("A"); m == nil || m.Value.Value != "1" {
		t.Errorf("Lookup(A) = %+v, want the first A", m)
	}
	if m := f.Root.Lookup("a"); m == nil || m.Value.Value != "4" {
		t.Errorf("Lookup is not case-sensitive: %+v", m)
	}
	if f.Root.Lookup("C") != nil || f.Root.Members()[0].Value.Lookup("A") != nil {
		t.Error("Lookup found a missing key or looked into a number")
	}
	var nilNode *Node
	if nilNode.Lookup("A") != nil {
		t.Error("nil node lookup")
	}
}

func TestCommentsAreTrivia(t *testing.T) {
	src := "// head\n{\"a\": /* x */ 1, // tail\n \"b\": [2 /*y*/]}\n/* end */"
	f := Parse([]byte(src))
	if len(f.Errors) != 0 {
		t.Fatalf("errors %v", dumpErrors(f))
	}
	if got := dump(f.Root, false); got != `{"a":1 "b":[2]}` {
		t.Errorf("tree %s", got)
	}
	var texts []string
	for _, c := range f.Comments {
		texts = append(texts, f.Text(c.Span))
	}
	want := []string{"// head", "/* x */", "// tail", "/*y*/", "/* end */"}
	if !reflect.DeepEqual(texts, want) {
		t.Errorf("comments %q, want %q", texts, want)
	}
}

// A comment ends a bare word before it; an empty block comment is one.
func TestCommentsEndBareWords(t *testing.T) {
	f := Parse([]byte("[true// c\n, false/* c */, null/**/]"))
	if got := dump(f.Root, false); got != `[true false null]` || len(f.Errors) != 0 {
		t.Errorf("tree %s, errors %v", got, dumpErrors(f))
	}
	var texts []string
	for _, c := range f.Comments {
		texts = append(texts, f.Text(c.Span))
	}
	if want := []string{"// c", "/* c */", "/**/"}; !reflect.DeepEqual(texts, want) {
		t.Errorf("comments %q, want %q", texts, want)
	}
}

// An invalid byte is an escape: U+FFFD in the decoded text, one byte of
// the source.
func TestUnescapeInvalidByte(t *testing.T) {
	f := Parse([]byte("[\"a\xffb\"]"))
	got, escapes := f.Unescape(f.Root.Elems()[0])
	want := []Escape{{Decoded: text.Span{Start: 1, End: 4}, Source: text.Span{Start: 3, End: 4}}}
	if got != "a\uFFFDb" || !reflect.DeepEqual(escapes, want) {
		t.Errorf("Unescape = %q, %v; want %q, %v", got, escapes, "a\uFFFDb", want)
	}
}

// A kind or slot past the known ones has a name too.
func TestUnknownKindAndSlot(t *testing.T) {
	if got := Kind(len(kindNames)).String(); got != "kind?" {
		t.Errorf("unknown kind %q", got)
	}
	if got := Slot(len(slotNames)).String(); got != "slot?" {
		t.Errorf("unknown slot %q", got)
	}
}

func TestEmptyDocument(t *testing.T) {
	for _, src := range []string{"", "  \n\t", "// c", "\xef\xbb\xbf"} {
		f := Parse([]byte(src))
		if f.Root != nil || len(f.Errors) != 0 {
			t.Errorf("%q: root %v, errors %v", src, f.Root, dumpErrors(f))
		}
	}
}

func TestDepthLimit(t *testing.T) {
	huge := bytes.Repeat([]byte("["), 10<<20)
	f := Parse(huge)
	if f.Root == nil || !strings.Contains(fmt.Sprint(dumpErrors(f)), "nesting deeper than 1000") {
		t.Fatalf("no depth error: %v", dumpErrors(f)[:3])
	}
	if len(f.Errors) > maxErrors+1 {
		t.Errorf("%d errors kept, want at most %d", len(f.Errors), maxErrors+1)
	}

	// A too-deep part is skipped, and what follows it is still parsed.
	deep := strings.Repeat("[", 1500) + strings.Repeat("]", 1500)
	src := `{"deep": ` + deep + `, "after": "yes"}`
	f = Parse([]byte(src))
	if m := f.Root.Lookup("after"); m == nil || m.Value.Value != "yes" {
		t.Fatalf("member after the deep part lost: %v", dumpErrors(f))
	}
	if len(f.Errors) != 1 {
		t.Errorf("errors %v, want one", dumpErrors(f))
	}
	checkInvariants(t, f)

	// MaxDepth containers may nest; one more is too deep.
	for depth, errs := range map[int]int{MaxDepth: 0, MaxDepth + 1: 1} {
		f := Parse([]byte(strings.Repeat("[", depth) + strings.Repeat("]", depth)))
		if len(f.Errors) != errs {
			t.Errorf("%d nested arrays: errors %v, want %d", depth, dumpErrors(f), errs)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	src := []byte("{\"k\xff\": \"v\xc3\", \xfe: 1}")
	f := Parse(src)
	checkInvariants(t, f)
	if m := f.Root.Lookup("k\uFFFD"); m == nil || m.Value.Value != "v\uFFFD" {
		t.Errorf("invalid bytes not replaced: %s", dump(f.Root, false))
	}
	if len(f.Errors) != 1 || f.Errors[0].Start != 13 {
		t.Errorf("errors %v, want one for the bare key at 13", dumpErrors(f))
	}
}

// duplicateKeysByWalk is the plain definition of File.DuplicateKeys: every
// member of every object in the tree whose key an earlier member of the
// same object has.
func duplicateKeysByWalk(n *Node) []*Member {
	if n == nil {
		return nil
	}
	var out []*Member
	for i, m := range n.Members() {
		for _, earlier := range n.Members()[:i] {
			if earlier.Key.Value == m.Key.Value {
				out = append(out, m)
				break
			}
		}
	}
	for _, m := range n.Members() {
		out = append(out, duplicateKeysByWalk(m.Value)...)
	}
	for _, e := range n.Elems() {
		out = append(out, duplicateKeysByWalk(e)...)
	}
	return out
}

// sameMembers compares as sets: the parser lists an inner object's
// duplicates before its holder's, the walk after.
func sameMembers(a, b []*Member) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[*Member]bool{}
	for _, m := range a {
		in[m] = true
	}
	for _, m := range b {
		if !in[m] {
			return false
		}
	}
	return true
}

func keyNames(ms []*Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s@%d", m.Key.Value, m.Start))
	}
	return out
}

// Duplicate keys are those of objects in the tree: an object that the
// parser read only to get past it (in key position, or after the root
// value) is not in the tree, nor are its keys.
func TestDuplicateKeysOnlyInTheTree(t *testing.T) {
	for src, want := range map[string][]string{
		`{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}`:    {"c@23", "a@32"},
		`{{"x": 1, "x": 2} "y": 1}`:                  nil,
		`{"y": 1} {"x": 1, "x": 2}`:                  nil,
		`[{"k": 1, "k": 1, "k": 1}]`:                 {"k@10", "k@18"},
		`{"s": [{"p": 1}, {"p": 1}], "q": {"p": 1}}`: nil,
	} {
		f := Parse([]byte(src))
		checkInvariants(t, f)
		if got := keyNames(f.DuplicateKeys); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: duplicate keys %v, want %v", src, got, want)
		}
	}
}
