package outline

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func TestSymbols(t *testing.T) {
	src := `{"Version":"2012-10-17","Statement":[
  {"Sid":"Let 😀 admins","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Create*","kms:Describe*"],"Resource":"*"},
  {"Effect":"Deny","NotAction":"kms:Decrypt","Resource":"*","Condition":{}}
]}`
	f := jsonast.Parse([]byte(src))
	syms := Symbols(policy.Build(f, policy.KindAuto))
	if len(syms) != 2 {
		t.Fatalf("got %d symbols, want 2", len(syms))
	}
	text := func(s text.Span) string { return src[s.Start:s.End] }

	first := syms[0]
	if first.Name != "Let 😀 admins" || first.Detail != "Allow" || first.Kind != SymbolStatement {
		t.Errorf("first statement: %+v", first)
	}
	if text(first.Selection) != `"Let 😀 admins"` {
		t.Errorf("selection %q, want the Sid value", text(first.Selection))
	}
	if got := text(first.Span); got[0] != '{' || got[len(got)-1] != '}' {
		t.Errorf("span %q is not the statement object", got)
	}
	wantChildren := []struct {
		name string
		kind SymbolKind
	}{{"kms:Create*", SymbolAction}, {"kms:Describe*", SymbolAction}, {"Principal", SymbolElement}, {"Resource", SymbolElement}}
	if len(first.Children) != len(wantChildren) {
		t.Fatalf("children %+v", first.Children)
	}
	for i, w := range wantChildren {
		c := first.Children[i]
		if c.Name != w.name || c.Kind != w.kind {
			t.Errorf("child %d: %s/%d, want %s/%d", i, c.Name, c.Kind, w.name, w.kind)
		}
		if c.Span.Start < first.Span.Start || c.Span.End > first.Span.End ||
			c.Selection.Start < c.Span.Start || c.Selection.End > c.Span.End {
			t.Errorf("child %s: spans %v/%v not nested in %v", c.Name, c.Span, c.Selection, first.Span)
		}
	}

	second := syms[1]
	if second.Name != "Statement 2" || second.Detail != "Deny" || text(second.Selection) != "{" {
		t.Errorf("second statement: %+v (selection %q)", second, text(second.Selection))
	}
	if len(second.Children) < 1 || second.Children[0].Name != "kms:Decrypt" || second.Children[0].Detail != "NotAction" {
		t.Errorf("second statement children: %+v", second.Children)
	}
}

func TestSymbolsOfBrokenDocuments(t *testing.T) {
	for _, src := range []string{"", "[]", `{"Statement":`, `{"Statement":{"Sid":"Only"`, `{"Statement":[1,{}]}`} {
		f := jsonast.Parse([]byte(src))
		syms := Symbols(policy.Build(f, policy.KindAuto))
		for _, s := range syms {
			if s.Span.Start < 0 || s.Span.End > len(src) || s.Selection.Start < s.Span.Start || s.Selection.End > s.Span.End {
				t.Errorf("%q: bad spans %+v", src, s)
			}
		}
	}
	if Symbols(nil) != nil {
		t.Error("nil policy has symbols")
	}
	f := jsonast.Parse([]byte(`{"Statement":{"Sid":"Only","Effect":"Allow"}}`))
	if syms := Symbols(policy.Build(f, policy.KindAuto)); len(syms) != 1 || syms[0].Name != "Only" {
		t.Errorf("lone statement object: %+v", syms)
	}
}
