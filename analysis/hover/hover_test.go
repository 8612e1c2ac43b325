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
