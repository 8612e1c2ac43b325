package yamlhost

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Edits of a unit written from YAML, as the quick fixes and completions
// make them, leave YAML that reads back as the edited JSON.
func TestEditsWrittenInYAML(t *testing.T) {
	cases := []struct {
		name, src string
		// edit finds the unit edit to make from the unit's text.
		unitEdit func(unit string) (text.Edit, bool)
		want     string
	}{
		{"member at the end of a block mapping",
			"Statement:\n  - Effect: Allow\n    Action: kms:*\n",
			func(u string) (text.Edit, bool) { return insertBefore(u, `}]}`, `, "Resource": "*"`) },
			"Statement:\n  - Effect: Allow\n    Action: kms:*\n    Resource: \"*\"\n"},
		{"member at the start of a block mapping",
			"Statement:\n  - Effect: Allow\n",
			func(u string) (text.Edit, bool) { return insertAfter(u, `{`, `"Version": "2012-10-17", `) },
			"Version: \"2012-10-17\"\nStatement:\n  - Effect: Allow\n"},
		{"member of a flow mapping",
			"Principal: {AWS: x}\n",
			func(u string) (text.Edit, bool) { return insertBefore(u, `}}`, `, "Service": "logs.amazonaws.com"`) },
			"Principal: {AWS: x, Service: logs.amazonaws.com}\n"},
		{"element of a block sequence",
			"Action:\n  - kms:Decrypt\n",
			func(u string) (text.Edit, bool) { return insertBefore(u, `]`, `, "kms:Encrypt"`) },
			"Action:\n  - kms:Decrypt\n  - kms:Encrypt\n"},
		{"element after an item of one character",
			"Action:\n  - a\n",
			func(u string) (text.Edit, bool) { return insertBefore(u, `]`, `, "kms:Encrypt"`) },
			"Action:\n  - a\n  - kms:Encrypt\n"},
		{"a value that needs quotes",
			"Resource: arn\n",
			func(u string) (text.Edit, bool) { return replace(u, `"arn"`, `"*"`) },
			"Resource: \"*\"\n"},
		{"an object where nothing was typed",
			"Principal:\nAction: x\n",
			func(u string) (text.Edit, bool) { return replace(u, `""`, `{"AWS": "arn:aws:iam::111122223333:root"}`) },
			"Principal: {AWS: \"arn:aws:iam::111122223333:root\"}\nAction: x\n"},
		{"an object where nothing was typed after spaces",
			"Principal:   \nAction: x\n",
			func(u string) (text.Edit, bool) { return replace(u, `""`, `{"AWS": "x"}`) },
			"Principal:   {AWS: x}\nAction: x\n"},
		{"a mapping where nothing was typed after a dash and spaces",
			"Statement:\n  -   \n",
			func(u string) (text.Edit, bool) { return replace(u, `""`, `{"Effect": "Allow"}`) },
			"Statement:\n  -   Effect: Allow\n"},
		{"a string where nothing was typed",
			"Effect:\nAction: x\n",
			func(u string) (text.Edit, bool) { return replace(u, `""`, `"Allow"`) },
			"Effect: Allow\nAction: x\n"},
		{"a mapping at the end of a block sequence",
			"Statement:\n  - Effect: Allow\n",
			func(u string) (text.Edit, bool) {
				return insertBefore(u, `]`, `, {"Effect": "Deny", "Action": "kms:*"}`)
			},
			"Statement:\n  - Effect: Allow\n  - Effect: Deny\n    Action: kms:*\n"},
		{"an empty list as a member's value",
			"Statement:\n  - Effect: Allow\n",
			func(u string) (text.Edit, bool) { return insertBefore(u, `}]}`, `, "Action": []`) },
			"Statement:\n  - Effect: Allow\n    Action: []\n"},
	}
	for _, c := range cases {
		root, err := Parse([]byte(c.src))
		if err != nil {
			t.Fatalf("%s: %s", c.name, err.Message)
		}
		u := hosttree.Emit(root, text.Span{End: len(c.src)}, &Syntax{Src: []byte(c.src)})
		ue, ok := c.unitEdit(string(u.Src))
		if !ok {
			t.Fatalf("%s: no place for the edit in %s", c.name, u.Src)
		}
		he, ok := u.Edit(ue, false)
		if !ok {
			t.Errorf("%s: the edit %+v of %s was refused", c.name, ue, u.Src)
			continue
		}
		got := c.src[:he.Start] + he.NewText + c.src[he.End:]
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		if _, err := Parse([]byte(got)); err != nil {
			t.Errorf("%s: the result does not parse: %s", c.name, err.Message)
		}
	}
}

func insertBefore(u, at, s string) (text.Edit, bool) {
	i := lastIndex(u, at)
	return text.Edit{Span: text.Span{Start: i, End: i}, NewText: s}, i >= 0
}

func insertAfter(u, at, s string) (text.Edit, bool) {
	i := index(u, at)
	return text.Edit{Span: text.Span{Start: i + len(at), End: i + len(at)}, NewText: s}, i >= 0
}

func replace(u, old, s string) (text.Edit, bool) {
	i := index(u, old)
	return text.Edit{Span: text.Span{Start: i, End: i + len(old)}, NewText: s}, i >= 0
}

func index(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func lastIndex(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// A string is written plain only where YAML reads it back as that string:
// a dash starts a plain string only when no space follows it.
func TestPlainSafe(t *testing.T) {
	for s, want := range map[string]bool{"-x": true, "Prüfung": true, "-": false, "- x": false, "#x": false, "a: b": false} {
		if got := plainSafe(s, false, false, false); got != want {
			t.Errorf("plainSafe(%q) = %v, want %v", s, got, want)
		}
	}
}
