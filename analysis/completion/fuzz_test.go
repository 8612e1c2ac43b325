package completion

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/hover"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// FuzzCompleteHover: for any document bytes and every offset, Complete and
// Hover never panic, and every edit and hover span lies within the document
// and covers the cursor.
func FuzzCompleteHover(f *testing.F) {
	for _, seed := range []string{
		``,
		`{`,
		`{"Statement":[{"Effect":"Al`,
		`{"Statement":[{"Action":["kms:Dec`,
		`{"Statement":[{"Condition":{"StringEquals":{"kms:EncryptionContext:`,
		`{"Statement":{"Principal":{"AWS":"arn:aws:iam::1:root"},"Resource":"arn:aws:kms:us-east-1:1:key/x"}}`,
		"{\"Statement\":[{\"Sid\":\"😀\",\"Effect\":'Deny'}]}",
		`[{"Statement":[]}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := jsonast.Parse(src)
		pol := policy.Build(file, policy.KindAuto)
		step := 1
		if len(src) > 2048 {
			step = len(src) / 1024
		}
		for off := -1; off <= len(src)+1; off += step {
			for _, it := range Complete(file, pol, off) {
				e := it.Edit
				if e.Start < 0 || e.End > len(src) || e.Start > e.End || e.Start > off || e.End < off {
					t.Fatalf("offset %d: %q edit %v outside [0,%d] or not at the cursor", off, it.Label, e.Span, len(src))
				}
			}
			if h := hover.Hover(file, pol, off); h != nil {
				if h.Start < 0 || h.End > len(src) || h.Start > off || h.End < off || h.Markdown == "" {
					t.Fatalf("offset %d: hover span %v outside [0,%d]", off, h.Span, len(src))
				}
			}
		}
	})
}
