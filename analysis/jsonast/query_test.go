package jsonast

import (
	"strings"
	"testing"
)

// at parses a document containing one '|' marking the cursor.
func at(t *testing.T, marked string) (*File, int) {
	t.Helper()
	i := strings.IndexByte(marked, '|')
	if i < 0 {
		t.Fatalf("no cursor in %q", marked)
	}
	return Parse([]byte(marked[:i] + marked[i+1:])), i
}

// describe renders a cursor as slot, member key, node and container kind.
func describe(f *File, c Cursor) string {
	s := c.Slot.String()
	if c.Member != nil {
		s += " member=" + c.Member.Key.Value
	}
	if c.Node != nil {
		s += " node=" + c.Node.Kind.String() + ":" + f.Text(c.Node.Span)
	}
	if c.Container != nil {
		s += " in=" + c.Container.Kind.String()
	}
	return s
}

func TestLocate(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"Statement":[{"Effect":"Al|`, `value member=Effect node=string:"Al in=object`},
		{`{"Eff|`, `key member=Eff node=string:"Eff in=object`},
		{`{"Effect"|}`, `after-key member=Effect node=object:{"Effect"} in=object`},
		{`{"Effect": |}`, `value member=Effect node=object:{"Effect": } in=object`},
		{`{"Effect": |, "b": 1}`, `value member=Effect node=object:{"Effect": , "b": 1} in=object`},
		{`{"Effect": , | "b": 1}`, `member node=object:{"Effect": ,  "b": 1} in=object`},
		{`{"Effect": , |"b": 1}`, `key member=b node=string:"b" in=object`},
		{`{"Effect": "Allow", |}`, `member node=object:{"Effect": "Allow", } in=object`},
		{`{"Effect": "Allow"|}`, `member node=object:{"Effect": "Allow"} in=object`},
		{`{"Effect": "All|ow"}`, `value member=Effect node=string:"Allow" in=object`},
		{`{"Effect": |"Allow"}`, `value member=Effect node=string:"Allow" in=object`},
		{`{"Effect" | "Allow"}`, `after-key member=Effect node=object:{"Effect"  "Allow"} in=object`},
		{`{"Effect" |"Allow"}`, `value member=Effect node=string:"Allow" in=object`},
		{`{"Effect" "Al|low"}`, `value member=Effect node=string:"Allow" in=object`},
		{`{"Action": ["kms:En|"]}`, `element node=string:"kms:En" in=array`},
		{`{"Action": ["kms:Encrypt", |]}`, `element node=array:["kms:Encrypt", ] in=array`},
		{`{"Action": [|]}`, `element node=array:[] in=array`},
		{`{"Action": |[]}`, `value member=Action node=array:[] in=object`},
		{`{"Action": []|}`, `member node=object:{"Action": []} in=object`},
		{`{"a": tru|}`, `value member=a node=invalid:tru in=object`},
		{`{"a": 12|, "b": 2}`, `value member=a node=number:12 in=object`},
		{`{"a":x"b":1|}`, `value member=b node=number:1 in=object`},
		{`{"a":x| "b":1}`, `value member=a node=invalid:x in=object`},
		{`{"a":x|"b":1}`, `key member=b node=string:"b" in=object`}, // touching: the later node wins
		{`{"C": {"StringEquals": {"kms:Via|": 1}}}`, `key member=kms:Via node=string:"kms:Via" in=object`},
		{`|{}`, `none node=object:{}`},
		{`{}|`, `none`},
		{`|`, `none`},
		{`{Eff|`, `key member=Eff node=string:Eff in=object`},
	}
	for _, c := range cases {
		f, off := at(t, c.in)
		if got := describe(f, f.Locate(off)); got != c.want {
			t.Errorf("Locate(%s)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestLocateChain walks the ancestors completion needs for the example of
// the brief: the value of Effect, in an element of Statement's array.
func TestLocateChain(t *testing.T) {
	f, off := at(t, `{"Version": "2012-10-17", "Statement":[{"Effect":"Al|`)
	c := f.Locate(off)
	if c.Slot != SlotValue || c.Member.Key.Value != "Effect" || c.Node.Value != "Al" || c.Node.Closed {
		t.Fatalf("cursor %s", describe(f, c))
	}
	stmt := c.Member.Object
	arr, m := f.Enclosing(stmt)
	if arr == nil || arr.Kind != Array || m != nil {
		t.Fatalf("statement not enclosed by an array: %v %v", arr, m)
	}
	root, m := f.Enclosing(arr)
	if root != f.Root || m == nil || m.Key.Value != "Statement" || m.Object != f.Root || m.Value != arr {
		t.Fatalf("ancestors wrong: %s", dump(arr, true))
	}
	if p, m := f.Enclosing(f.Root); p != nil || m != nil {
		t.Errorf("the root is enclosed by %v, %v", p, m)
	}
	if p, m := f.Enclosing(&Node{Kind: String, Span: stmt.Span}); p != nil || m != nil {
		t.Errorf("a node not in the tree is enclosed by %v, %v", p, m)
	}
	if f.MemberAt(off) != c.Member {
		t.Error("MemberAt disagrees with Locate")
	}
}

func TestNodeAt(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"a": "b|c"}`, `"bc"`},
		{`{"a": "bc"|}`, `{"a": "bc"}`},
		{`{"a": "bc|`, `"bc`},
		{`{"a|": 1}`, `"a"`},
		{`{"a": [1, 2|]}`, `2`},
		{`{"a": [1, 2]|}`, `{"a": [1, 2]}`},
		{`|{"a": 1}`, `{"a": 1}`},
		{`{"a": 1}|`, ``},
		{`{"a": 1|`, `1`},
		{`{"é😀": "€|"}`, `"€"`},
		{`{|"a": 1}`, `"a"`},
		{`[|1, 2]`, `1`},
		{`{"a":x|"b":1}`, `"b"`}, // touching siblings: the later one
		{`[a|"b"]`, `"b"`},
	}
	for _, c := range cases {
		f, off := at(t, c.in)
		got := ""
		if n := f.NodeAt(off); n != nil {
			got = f.Text(n.Span)
		}
		if got != c.want {
			t.Errorf("NodeAt(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestContent: a string's content lies between its quotes, runs to the end
// of a string still being typed, and is all of an unquoted key.
func TestContent(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`{"k": "äb"}`, `äb`},
		{`{"k": 'äb'}`, `äb`},
		{`{"k": ""}`, ``},
		{`{"k": "äb`, `äb`},
		{`{k: 1}`, `k`},
	} {
		f := Parse([]byte(c.src))
		m := f.Root.Members()[0]
		n := m.Value
		if c.want == "k" {
			n = m.Key
		}
		if got := c.src[n.Content().Start:n.Content().End]; got != c.want {
			t.Errorf("%s: content %q, want %q", c.src, got, c.want)
		}
	}
}
