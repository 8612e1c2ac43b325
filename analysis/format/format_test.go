package format

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
)

func TestFormat(t *testing.T) {
	src := `{"Version":"2012-10-17","Statement":[{"Sid":"caf\u00e9 😀","Resource":"*","Effect":"Allow",` +
		`"Action":["kms:Decrypt"],"Condition":{"NumericLessThanEquals":{"kms:RotationPeriodInDays":1.50e3}},"Principal":{}},[]]}`
	want := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "caf\u00e9 😀",
      "Resource": "*",
      "Effect": "Allow",
      "Action": [
        "kms:Decrypt"
      ],
      "Condition": {
        "NumericLessThanEquals": {
          "kms:RotationPeriodInDays": 1.50e3
        }
      },
      "Principal": {}
    },
    []
  ]
}
`
	got, err := Format([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormatRefuses(t *testing.T) {
	for _, src := range []string{`{"Statement":[`, `{"a" 1}`, `{'a': 1}`, `{"a": tru}`, `{"a":1,}`, `{"a":1} x`} {
		if _, err := Format([]byte(src)); !errors.Is(err, ErrSyntax) {
			t.Errorf("%q: err %v, want ErrSyntax", src, err)
		}
	}
	for _, src := range []string{"// c\n{}", `{"a": /* c */ 1}`} {
		if _, err := Format([]byte(src)); !errors.Is(err, ErrComments) {
			t.Errorf("%q: err %v, want ErrComments", src, err)
		}
	}
}

// TestFormatProperties: on random valid documents the output is valid JSON
// with the same members in the same order and the same raw values, and
// formatting it again changes nothing.
func TestFormatProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 500; i++ {
		src := randomValue(r, 0, true)
		out, err := Format([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if !json.Valid(out) {
			t.Fatalf("%s: output is not JSON:\n%s", src, out)
		}
		if a, b := tokens(t, src), tokens(t, string(out)); !reflect.DeepEqual(a, b) {
			t.Fatalf("%s: tokens changed:\n%v\n%v", src, a, b)
		}
		again, err := Format(out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("%s: not idempotent:\n%s\n%s", src, out, again)
		}
	}
}

// tokens lists the document's scalars and keys as written, in order.
func tokens(t *testing.T, src string) []string {
	f := jsonast.Parse([]byte(src))
	var out []string
	var walk func(n *jsonast.Node)
	walk = func(n *jsonast.Node) {
		switch n.Kind {
		case jsonast.Object:
			out = append(out, "{")
			for _, m := range n.Members() {
				out = append(out, src[m.Key.Start:m.Key.End]+":")
				walk(m.Value)
			}
			out = append(out, "}")
		case jsonast.Array:
			out = append(out, "[")
			for _, e := range n.Elems() {
				walk(e)
			}
			out = append(out, "]")
		default:
			out = append(out, src[n.Start:n.End])
		}
	}
	if f.Root != nil {
		walk(f.Root)
	}
	return out
}

var (
	scalars = []string{`"kms:Decrypt"`, `"\u002a"`, `"a\"b\\c"`, `"😀 ключ"`, `""`, `0`, `-1.5e+3`, `true`, `false`, `null`}
	keys    = []string{`"Version"`, `"Statement"`, `"Effect"`, `"z\u00e9"`, `"Action"`, `""`}
	spaces  = []string{"", " ", "\n", "\t", "\r\n  "}
)

// randomValue writes a random JSON value with random whitespace.
func randomValue(r *rand.Rand, depth int, root bool) string {
	ws := func() string { return spaces[r.IntN(len(spaces))] }
	kind := r.IntN(4)
	if root {
		kind = r.IntN(2)
	}
	if depth > 4 {
		kind = 2
	}
	var b strings.Builder
	switch kind {
	case 0:
		b.WriteString("{" + ws())
		for i, n := 0, r.IntN(4); i < n; i++ {
			if i > 0 {
				b.WriteString("," + ws())
			}
			b.WriteString(keys[r.IntN(len(keys))] + ws() + ":" + ws() + randomValue(r, depth+1, false) + ws())
		}
		b.WriteString("}")
	case 1:
		b.WriteString("[" + ws())
		for i, n := 0, r.IntN(4); i < n; i++ {
			if i > 0 {
				b.WriteString("," + ws())
			}
			b.WriteString(randomValue(r, depth+1, false) + ws())
		}
		b.WriteString("]")
	default:
		b.WriteString(scalars[r.IntN(len(scalars))])
	}
	return ws() + b.String() + ws()
}

func FuzzFormat(f *testing.F) {
	f.Add([]byte(`{"Statement":[{"Effect":"Allow"}]}`))
	f.Add([]byte(`[1,{"a":[]},"\u00e9"]`))
	f.Fuzz(func(t *testing.T, src []byte) {
		out, err := Format(src)
		if err != nil {
			return
		}
		again, err := Format(out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", src, out, again, err)
		}
	})
}

func TestFormatEmpty(t *testing.T) {
	out, err := Format([]byte("  \n"))
	if err != nil || len(out) != 0 {
		t.Errorf("empty document: %q, %v", out, err)
	}
}
