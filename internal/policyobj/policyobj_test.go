package policyobj

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
)

// objectAt returns the innermost object whose text starts at the first
// occurrence of marker in src.
func objectAt(t *testing.T, f *jsonast.File, marker string) *jsonast.Node {
	t.Helper()
	i := strings.Index(string(f.Src), marker)
	if i < 0 {
		t.Fatalf("%q not in the document", marker)
	}
	var found *jsonast.Node
	var walk func(n *jsonast.Node)
	walk = func(n *jsonast.Node) {
		if n == nil {
			return
		}
		if n.Kind == jsonast.Object && n.Start == i {
			found = n
		}
		for _, m := range n.Members() {
			walk(m.Value)
		}
		for _, e := range n.Elems() {
			walk(e)
		}
	}
	walk(f.Root)
	if found == nil {
		t.Fatalf("no object starts at %q", marker)
	}
	return found
}

func TestClassify(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [
  {"Sid": "😀 first", "Principal": {"AWS": "*"}, "Condition": {"StringEquals": {"kms:ViaService": "s3.amazonaws.com"}, "Bool": {"aws:SecureTransport": "true"}}},
  {"Sid": "second", "NotPrincipal": {"Service": "x"}, "Other": {"Nested": {}}},
  [{"Sid": "in a nested array"}]
], "Extra": {"Sid": "not a statement"}}`
	f := jsonast.Parse([]byte(src))
	first := objectAt(t, f, `{"Sid": "😀 first"`)
	second := objectAt(t, f, `{"Sid": "second"`)
	cases := []struct {
		at       string
		kind     Kind
		stmt     *jsonast.Node
		operator string
	}{
		{`{"Version"`, Policy, nil, ""},
		{`{"Sid": "😀 first"`, Statement, first, ""},
		{`{"AWS"`, Principal, first, ""},
		{`{"StringEquals"`, Condition, first, ""},
		{`{"kms:ViaService"`, ConditionBlock, first, "StringEquals"},
		{`{"aws:SecureTransport"`, ConditionBlock, first, "Bool"},
		{`{"Service"`, Principal, second, ""},
		{`{"Nested"`, Unknown, nil, ""},
		{`{}`, Unknown, nil, ""},
		{`{"Sid": "in a nested array"`, Unknown, nil, ""},
		{`{"Sid": "not a statement"`, Unknown, nil, ""},
	}
	for _, c := range cases {
		got := Classify(f, objectAt(t, f, c.at))
		if got.Kind != c.kind || got.Statement != c.stmt || got.Operator != c.operator {
			t.Errorf("%s: got %+v, want kind %d operator %q (statement %v)", c.at, got, c.kind, c.operator, c.stmt != nil)
		}
	}
}

func TestClassifyLoneStatement(t *testing.T) {
	f := jsonast.Parse([]byte(`{"Statement": {"Effect": "Allow", "Principal": {"AWS": "*"}}}`))
	stmt := f.Root.Members()[0].Value
	if got := Classify(f, stmt); got.Kind != Statement || got.Statement != stmt {
		t.Errorf("lone statement: %+v", got)
	}
	if got := Classify(f, objectAt(t, f, `{"AWS"`)); got.Kind != Principal || got.Statement != stmt {
		t.Errorf("principal of a lone statement: %+v", got)
	}
}

// Half-typed documents still classify: completion runs on them.
func TestClassifyBrokenInput(t *testing.T) {
	f := jsonast.Parse([]byte(`{"Statement": [{"Condition": {"StringEquals": {"kms:`))
	block := objectAt(t, f, `{"kms:`)
	if got := Classify(f, block); got.Kind != ConditionBlock || got.Operator != "StringEquals" || got.Statement == nil {
		t.Errorf("unclosed operator block: %+v", got)
	}
	if got := Classify(f, nil); got.Kind != Unknown {
		t.Errorf("nil object classified as %d", got.Kind)
	}
	for _, src := range []string{``, `[`, `"😀"`, `{"Statement": "x"}`} {
		f := jsonast.Parse([]byte(src))
		if f.Root != nil && f.Root.Kind == jsonast.Object && Classify(f, f.Root).Kind != Policy {
			t.Errorf("%q: root not classified as the policy", src)
		}
	}
}
