package jsonquote

import (
	"encoding/json"
	"testing"
)

func TestString(t *testing.T) {
	cases := map[string]string{
		``:                           `""`,
		`kms:Decrypt`:                `"kms:Decrypt"`,
		`say "hi"`:                   `"say \"hi\""`,
		`C:\keys`:                    `"C:\\keys"`,
		"tab\there\nnew":             `"tab\u0009here\u000anew"`,
		"\x1f":                       `"\u001f"`,
		`a<b>&c`:                     `"a<b>&c"`,
		"😀 é":                        `"😀 é"`,
		"bad \xff byte":              `"bad \ufffd byte"`,
		"arn:aws:kms:*:111122223333": `"arn:aws:kms:*:111122223333"`,
	}
	for in, want := range cases {
		got := String(in)
		if got != want {
			t.Errorf("String(%q) = %s, want %s", in, got, want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("String(%q) = %s is not JSON: %v", in, got, err)
		}
	}
}

// FuzzString: the output is always a JSON string that decodes to the input
// (with invalid UTF-8 replaced, as encoding/json also does).
func FuzzString(f *testing.F) {
	f.Add("kms:Decrypt")
	f.Add("\x00\"\\\xff😀")
	f.Fuzz(func(t *testing.T, s string) {
		var back string
		if err := json.Unmarshal([]byte(String(s)), &back); err != nil {
			t.Fatalf("String(%q) is not JSON: %v", s, err)
		}
		want, _ := json.Marshal(s)
		var norm string
		if err := json.Unmarshal(want, &norm); err != nil {
			t.Fatal(err)
		}
		if back != norm {
			t.Fatalf("String(%q) decodes to %q, want %q", s, back, norm)
		}
	})
}
