package hover

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// TestActionMarkdownEveryAction: each action's hover carries its row of the
// table and the facts AWS added since.
func TestActionMarkdownEveryAction(t *testing.T) {
	for _, a := range catalog.Actions() {
		md := ActionMarkdown(a)
		for _, want := range []string{a.Name, "Policy type", "Cross-account use", a.CrossAccountUse().String(), "Resources"} {
			if !strings.Contains(md, want) {
				t.Errorf("%s: lacks %q", a.Name, want)
			}
		}
		if a.AccessLevel != "" && !strings.Contains(md, "| Access level | "+a.AccessLevel) {
			t.Errorf("%s: lacks access level %s", a.Name, a.AccessLevel)
		}
		for _, d := range a.DependentActions {
			if !strings.Contains(md, d) {
				t.Errorf("%s: lacks dependent action %s", a.Name, d)
			}
		}
		for _, k := range a.KeyNames() {
			if !strings.Contains(md, "`"+k+"`") {
				t.Errorf("%s: lacks condition key %s", a.Name, k)
			}
		}
		for _, n := range a.Notes {
			if !strings.Contains(md, n) {
				t.Errorf("%s: lacks note %q", a.Name, n)
			}
		}
		if a.Source != "" && !strings.Contains(md, a.Source) {
			t.Errorf("%s: newer than the table but its source is not shown", a.Name)
		}
	}
	if ActionMarkdown(nil) != "" {
		t.Error("nil action gives markdown")
	}
}

func TestKeyMarkdownEveryKey(t *testing.T) {
	for _, k := range catalog.ConditionKeys() {
		md := KeyMarkdown(k)
		if !strings.Contains(md, k.Name) || !strings.Contains(md, k.TypeName()) {
			t.Errorf("%s: lacks its name or type", k.Name)
		}
		if k.Multi != strings.Contains(md, "multi-valued") {
			t.Errorf("%s: multi-valued is %v but markdown disagrees", k.Name, k.Multi)
		}
		for _, v := range k.Values {
			if !strings.Contains(md, "`"+v+"`") {
				t.Errorf("%s: lacks value %s", k.Name, v)
			}
		}
		if k.HasRange && !strings.Contains(md, fmt.Sprintf("%d to %d", k.Min, k.Max)) {
			t.Errorf("%s: lacks its range", k.Name)
		}
		if k.Deprecated != "" && !strings.Contains(md, k.Deprecated) {
			t.Errorf("%s: lacks its replacement", k.Name)
		}
		if k.IAMOnly && !strings.Contains(md, "IAM policies only") {
			t.Errorf("%s: lacks the IAM-only restriction", k.Name)
		}
		if acts := catalog.ActionsSupporting(k); len(acts) > 0 && !strings.Contains(md, acts[0].Name) {
			t.Errorf("%s: lacks supporting action %s", k.Name, acts[0].Name)
		}
	}
}

func TestOperatorMarkdown(t *testing.T) {
	for _, op := range catalog.Operators() {
		for _, w := range []string{op.Name, op.Name + "IfExists", "ForAnyValue:" + op.Name, "ForAllValues:" + op.Name} {
			md := OperatorMarkdown(w)
			if !strings.Contains(md, w) {
				t.Errorf("%s: no markdown", w)
			}
			if strings.HasSuffix(w, "IfExists") != strings.Contains(md, "`IfExists`") {
				t.Errorf("%s: IfExists explanation wrong", w)
			}
		}
	}
	if OperatorMarkdown("StringEqualz") != "" {
		t.Error("unknown operator explained")
	}
}

// TestHoverSpan: the result's span is the hovered string, quotes included,
// from anywhere inside it.
func TestHoverSpan(t *testing.T) {
	src := `{"Statement":[{"Sid":"😀","Action":"kms:Decrypt"}]}`
	f := jsonast.Parse([]byte(src))
	pol := policy.Build(f, policy.KindAuto)
	start := strings.Index(src, `"kms:Decrypt"`)
	end := start + len(`"kms:Decrypt"`)
	for off := start; off < end; off++ {
		h := Hover(f, pol, off)
		if h == nil || h.Start != start || h.End != end {
			t.Fatalf("offset %d: got %+v, want span [%d,%d)", off, h, start, end)
		}
	}
	if h := Hover(f, pol, end); h != nil {
		t.Errorf("hover right after the closing quote: %v", h.Span)
	}
}

func BenchmarkHover(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; sb.Len() < 32<<10; i++ {
		fmt.Fprintf(&sb, `{"Sid":"S%d","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/R%d"},`+
			`"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*",`+
			`"Condition":{"StringEquals":{"kms:EncryptionContext:Dept":"x","kms:ViaService":"s3.us-east-1.amazonaws.com"}}},`, i, i)
	}
	sb.WriteString(`{"Effect":"Deny","Action":"kms:ScheduleKeyDeletion","Resource":"*"}]}`)
	src := sb.String()
	f := jsonast.Parse([]byte(src))
	pol := policy.Build(f, policy.KindAuto)
	for _, target := range []string{"kms:ScheduleKeyDeletion", "kms:GenerateDataKey*", "kms:EncryptionContext:Dept", "arn:aws:iam::111122223333:role/R3", "StringEquals"} {
		off := strings.LastIndex(src, target) + 2
		if Hover(f, pol, off) == nil {
			b.Fatalf("%s: no hover", target)
		}
		b.Run(target, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Hover(f, pol, off)
			}
		})
	}
}
