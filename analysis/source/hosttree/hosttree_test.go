package hosttree

import (
	"testing"

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
