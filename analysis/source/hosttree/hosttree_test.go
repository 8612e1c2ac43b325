package hosttree

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func TestParseInsert(t *testing.T) {
	cases := []struct {
		text    string
		snippet bool
		want    func(Insert) bool
	}{
		{`, "Resource": "*"`, false, func(in Insert) bool {
			return in.LeadingComma && len(in.Members) == 1 && in.Members[0].Key.Expanded() == "Resource" && in.Members[0].Value.Expanded() == "*"
		}},
		{"\"Version\": \"2012-10-17\",\n  ", false, func(in Insert) bool { return in.TrailingComma && len(in.Members) == 1 }},
		{`"kms:Decrypt"`, false, func(in Insert) bool { return in.Value.Kind == FragString && in.Value.Expanded() == "kms:Decrypt" }},
		{`"a\"b\\c\u00e9"`, false, func(in Insert) bool { return in.Value.Expanded() == "a\"b\\cé" }},
		{`"${1|Allow,Deny|}"`, true, func(in Insert) bool { return in.Value.Expanded() == "Allow" && in.Value.HasAtoms() }},
		{`"arn:aws:iam::${1:111122223333}:root"`, true, func(in Insert) bool {
			return in.Value.Expanded() == "arn:aws:iam::111122223333:root" && len(in.Value.Parts) == 3
		}},
		{`"a\\\\b \$"`, true, func(in Insert) bool { return in.Value.Expanded() == `a\b $` }},
		{"{\n\t\"Sid\": \"${1:x}\",\n\t\"Action\": [\"kms:A\", \"kms:B\"]\n}$0", true, func(in Insert) bool {
			return in.Value.Kind == FragObject && in.Value.Multiline && len(in.Value.Members) == 2 && in.Tail == "$0"
		}},
		{"[\n\t$0\n]", true, func(in Insert) bool { return in.Value.Kind == FragArray && in.Value.Elems[0].Kind == FragSnippet }},
		{`"Action": ["$1"]`, true, func(in Insert) bool { return len(in.Members) == 1 && in.Members[0].Value.Kind == FragArray }},
		{`12.5`, false, func(in Insert) bool { return in.Value.Kind == FragLiteral && in.Value.Text == "12.5" }},
		{`{"a": true }`, false, func(in Insert) bool { return in.Value.Members[0].Value.Text == "true" }},
		{`"Sid": "Prüfung", "Action": "kms:Decrypt"`, false, func(in Insert) bool {
			return !in.TrailingComma && len(in.Members) == 2 && in.Members[1].Value.Expanded() == "kms:Decrypt"
		}},
		// Tab stops and placeholders numbered with the digits at either end.
		{`"ü$9ß$19"`, true, func(in Insert) bool { return in.Value.Expanded() == "üß" }},
		{`"${9:ä}${0:ö}${10:x}${1}"`, true, func(in Insert) bool { return in.Value.Expanded() == "äöx" }},
	}
	for _, c := range cases {
		in, ok := ParseInsert(c.text, c.snippet)
		if !ok || !c.want(in) {
			t.Errorf("ParseInsert(%q, %v) = %+v, %v", c.text, c.snippet, in, ok)
		}
	}
	for _, bad := range []string{`{"a": }`, `"unclosed`, `nope`, ``, `"Action":`} {
		if _, ok := ParseInsert(bad, false); ok {
			t.Errorf("ParseInsert(%q) accepted", bad)
		}
	}
	// A '$' that starts no atom, at the end of the text, and a placeholder
	// that is never closed.
	for _, bad := range []string{`1$`, `1${`, `"${1:abc"`} {
		if _, ok := ParseInsert(bad, true); ok {
			t.Errorf("ParseInsert(%q, true) accepted", bad)
		}
	}
}

// A JSON host's tree, written as a unit, is the same JSON; each string
// maps back to the host string it came from, escapes and all.
func TestEmitOfAJSONTree(t *testing.T) {
	host := `{"a": "x\ny\u00e9", "b" : [1, true, null], "c": {}}`
	f := jsonast.Parse([]byte(host))
	u := Emit(FromJSON(f, f.Root), text.Span{End: len(host)}, nil)
	if got, want := string(u.Src), `{"a":"x\nyé","b":[1,true,null],"c":{}}`; got != want {
		t.Fatalf("unit %s, want %s", got, want)
	}
	uf := jsonast.Parse(u.Src)
	for _, name := range []string{"a", "b", "c"} {
		got := u.Span(uf.Root.Lookup(name).Value.Span)
		want := f.Root.Lookup(name).Value.Span
		if got != want {
			t.Errorf("%s maps to %q, want %q", name, host[got.Start:got.End], host[want.Start:want.End])
		}
		k := u.Span(uf.Root.Lookup(name).Key.Span)
		if wk := f.Root.Lookup(name).Key.Span; k != wk {
			t.Errorf("key %s maps to %q", name, host[k.Start:k.End])
		}
	}
}

// A JSON string's pieces cover its value in host order, each linear piece
// the very host bytes of its run of the value: escapes between plain runs,
// at either end, an empty string.
func TestFromJSONStringPieces(t *testing.T) {
	host := `{"Sid": "Prüfung \u00e9t\u00e9 ok", "Ä": "\tü\"", "": ""}`
	f := jsonast.Parse([]byte(host))
	n := 0
	Walk(FromJSON(f, f.Root), func(s *Node) {
		if s.Kind != String {
			return
		}
		n++
		at, prev := 0, s.Span.Start
		for _, p := range s.Pieces {
			if p.Host.Start < prev || p.Host.End > s.Span.End {
				t.Errorf("%q: piece %+v out of order or outside %v", s.Value, p, s.Span)
			}
			if at+p.N > len(s.Value) {
				t.Fatalf("%q: pieces run past the value", s.Value)
			}
			if run := s.Value[at : at+p.N]; p.Linear && host[p.Host.Start:p.Host.End] != run {
				t.Errorf("%q: linear piece %+v is %q in the host, %q in the value", s.Value, p, host[p.Host.Start:p.Host.End], run)
			}
			at, prev = at+p.N, p.Host.End
		}
		if at != len(s.Value) {
			t.Errorf("%q: pieces cover %d bytes of %d", s.Value, at, len(s.Value))
		}
	})
	if n != 6 {
		t.Errorf("%d strings walked, want 6", n)
	}
}

// Every part of a JSON host's unit maps to the host text it was written
// from: a run inside a string, the string's closing quote, a part of a
// number, the object's brackets, and the null a value that is no JSON
// stands for.
func TestEmitMapsTheUnitToTheHost(t *testing.T) {
	host := `{"Sid": "Prüfung \u00e9t\u00e9 ok", "N": 12.5, "B": bogus}`
	f := jsonast.Parse([]byte(host))
	u := Emit(FromJSON(f, f.Root), text.Span{End: len(host)}, nil)
	src := string(u.Src)
	if want := `{"Sid":"Prüfung été ok","N":12.5,"B":null}`; src != want {
		t.Fatalf("unit %s, want %s", src, want)
	}
	for _, c := range []struct {
		unit  text.Span
		wantS string // the host text it maps to
		after string // ... found after this text of the host
	}{
		{spanOf(src, "üf", ""), "üf", ""},
		{spanOf(src, "ok", ""), "ok", ""},
		{spanOf(src, `"`, "ok"), `"`, "ok"},
		{spanOf(src, "2.", ""), "2.", ""},
		{spanOf(src, "null", ""), "bogus", ""},
		{text.Span{Start: 0, End: 1}, "{", ""},
		{text.Span{Start: len(src) - 1, End: len(src)}, "}", "bogus"},
	} {
		got := u.Map.Span(c.unit)
		if want := spanOf(host, c.wantS, c.after); got != want {
			t.Errorf("unit %q maps to %q at %v, want %v", src[c.unit.Start:c.unit.End], host[got.Start:got.End], got, want)
		}
	}
}

// spanOf is the span of the first s in src after the first after.
func spanOf(src, s, after string) text.Span {
	from := strings.Index(src, after) + len(after)
	i := from + strings.Index(src[from:], s)
	return text.Span{Start: i, End: i + len(s)}
}

// yamlLike is a tree as a YAML host reads `Sid: <value>` and `N: x`, plain
// scalars whose quotes the host does not write: the value's host text is
// its content as it is, quotes, backslash, tab and an invalid byte
// included.
func yamlLike() (host, value string, root *Node) {
	value = "\"hi\" \\ \tPrüfung\xff ok"
	host = "Sid: " + value + "\nN: x\n"
	n := strings.Index(host, "\nN") + 1
	root = &Node{Kind: Object, Span: text.Span{End: len(host)}, Close: text.Span{Start: len(host), End: len(host)}, Members: []*Member{
		{Key: Str("Sid", text.Span{End: 3}), Value: Str(value, text.Span{Start: 5, End: 5 + len(value)})},
		{Key: Str("N", text.Span{Start: n, End: n + 1}), Value: Str("x", text.Span{Start: n + 3, End: n + 4})},
	}}
	return host, value, root
}

// A host string's text that JSON must escape is escaped in the unit, each
// escape standing for its host character; the runs around map byte for
// byte.
func TestEmitEscapesHostText(t *testing.T) {
	host, value, root := yamlLike()
	u := Emit(root, text.Span{End: len(host)}, nil)
	src := string(u.Src)
	var got map[string]string
	if !utf8.Valid(u.Src) || json.Unmarshal(u.Src, &got) != nil {
		t.Fatalf("unit %q is not JSON", src)
	}
	if want := strings.ToValidUTF8(value, "\uFFFD"); got["Sid"] != want || got["N"] != "x" {
		t.Errorf("unit holds %q, want Sid %q and N x", got, want)
	}
	for _, c := range []struct {
		unit  text.Span
		wantS string // the host text it maps to
		after string // ... found after this text of the host
	}{
		{spanOf(src, "Prüfung", ""), "Prüfung", ""},
		{spanOf(src, "ok", ""), "ok", ""},
		{spanOf(src, "N", "ok"), "N", "ok"},
		{spanOf(src, "x", ""), "x", "N"},
		{spanOf(src, `\"`, ""), `"`, ""},
		{spanOf(src, `\t`, ""), "\t", ""},
	} {
		got := u.Map.Span(c.unit)
		if want := spanOf(host, c.wantS, c.after); got != want {
			t.Errorf("unit %q maps to %q at %v, want %v", src[c.unit.Start:c.unit.End], host[got.Start:got.End], got, want)
		}
	}
}

// Unit.Span maps a span of unit text the host does not write (a plain
// key's quote) to the innermost member or value around it that the host
// writes: the member, from its key to its value's end.
func TestUnitSpanOfUnwrittenText(t *testing.T) {
	host, value, root := yamlLike()
	u := Emit(root, text.Span{End: len(host)}, nil)
	quote := spanOf(string(u.Src), `"Sid"`, "")
	quote.End = quote.Start + 1
	if got, want := u.Span(quote), (text.Span{End: 5 + len(value)}); got != want {
		t.Errorf("the key's quote maps to %q, want the member %q", host[got.Start:got.End], host[want.Start:want.End])
	}
}

// Unit.Span maps the unit text of an object whose braces the host does not
// write (a YAML block mapping) to its first key, and that of a value the
// host does not write (nothing after `e:`) to its member; an object with
// no members maps to itself.
func TestUnitSpanOfUnwrittenBracesAndValues(t *testing.T) {
	host := "Sid: ä\ne:\n"
	e := strings.Index(host, "e:")
	root := &Node{Kind: Object, Span: text.Span{End: len(host)}, Close: text.Span{Start: len(host), End: len(host)}, Members: []*Member{
		{Key: Str("Sid", text.Span{End: 3}), Value: Str("ä", text.Span{Start: 5, End: 7})},
		{Key: Str("e", text.Span{Start: e, End: e + 1}), Value: Str("", text.Span{Start: e + 2, End: e + 2})},
	}}
	u := Emit(root, text.Span{End: len(host)}, nil)
	src := string(u.Src)
	empty := spanOf(src, `""`, "")
	for _, c := range []struct {
		unit text.Span
		want string // the host text it maps to
	}{
		{text.Span{End: 1}, "Sid"},
		{text.Span{Start: len(src) - 1, End: len(src)}, "Sid"},
		{text.Span{Start: empty.Start, End: empty.Start + 1}, "e:"},
		{empty, "e:"},
	} {
		got := u.Span(c.unit)
		if want := spanOf(host, c.want, ""); got != want {
			t.Errorf("unit %q maps to %q at %v, want %q", src[c.unit.Start:c.unit.End], host[got.Start:got.End], got, c.want)
		}
	}
	none := "# none\n"
	u = Emit(&Node{Kind: Object, Span: text.Span{End: len(none)}}, text.Span{End: len(none)}, nil)
	if got := u.Span(text.Span{End: 1}); got != (text.Span{End: len(none)}) {
		t.Errorf("the '{' of an object with no members maps to %v, want the object at %v", got, text.Span{End: len(none)})
	}
}

// A unit moved in its file (At) maps a span as it did, moved by as much.
func TestUnitAtMovesSpans(t *testing.T) {
	host, _, root := yamlLike()
	u := Emit(root, text.Span{End: len(host)}, nil)
	quote := spanOf(string(u.Src), `"Sid"`, "")
	quote.End = quote.Start + 1
	const base = 7
	want := u.Span(quote)
	want.Start, want.End = want.Start+base, want.End+base
	if got := u.At(base).Span(quote); got != want || got.Start == got.End {
		t.Errorf("the key's quote maps to %v in the unit moved by %d, want %v", got, base, want)
	}
}
