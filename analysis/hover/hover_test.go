package hover

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

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

// TestHoverText: what the explanation says, at the place each kind of value
// is hovered (the offset is one byte into target, or the end of the document
// for a target that ends it).
func TestHoverText(t *testing.T) {
	for _, c := range []struct {
		src, target string
		want, not   string
	}{
		// Service Authorization Reference: kms:GetKeyPolicy is a Read action.
		{`{"Statement":[{"Action":"kms:Get*"}]}`, `kms:Get*`, "- `kms:GetKeyPolicy`: Key policy, Read", "every other service"},
		{`{"Statement":[{"Action":kms:Decrypt}]}`, `kms:Decrypt`, "**`kms:Decrypt`**", ""}, // unquoted
		{`{"Statement":[{"Action":"kms:Decrypt`, `kms:Decrypt`, "**`kms:Decrypt`**", ""},   // unclosed, at the end
		{`{"Statement":[{"Condition":{"StringEquals":{"nosuch:Key":"x"}}}]}`, `nosuch:Key`, "not a known condition key", ""},
		{`{"Statement":[{"Resource":"arn:"}]}`, `arn:`, "Incomplete", ""},
		{`{"Statement":[{"Resource":"arn:aws:iam::111122223333:root"}]}`, `arn:`, "| region | (empty) | no Region: the resource is global |", ""},
		{`{"Statement":[{"Resource":"arn:aws:kms:us-east-1:111122223333:key/k"}]}`, `arn:`, "| region | `us-east-1` | the Region |", ""},
	} {
		f := jsonast.Parse([]byte(c.src))
		off := strings.Index(c.src, c.target) + 1
		if strings.HasSuffix(c.src, c.target) {
			off = len(c.src)
		}
		h := Hover(f, policy.Build(f, policy.KindAuto), off)
		if h == nil || !strings.Contains(h.Markdown, c.want) || c.not != "" && strings.Contains(h.Markdown, c.not) {
			t.Errorf("%s at %d: got %+v, want %q and not %q", c.src, off, h, c.want, c.not)
		}
	}
}
