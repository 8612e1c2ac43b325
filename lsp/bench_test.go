package lsp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// policyOfSize builds a key policy of about n bytes (statements with
// conditions, as real large key policies have).
func policyOfSize(n int) string {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `    {
      "Sid": "Statement%d",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/Role%d"},
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      "Resource": "*",
      "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}
    }`, i, i)
	}
	b.WriteString("\n  ]\n}\n")
	return b.String()
}

// BenchmarkKeystroke32KB measures one keystroke through the real server
// over a pipe: from sending didChange to receiving the publishDiagnostics
// of that version, on a 32 KB policy.
func BenchmarkKeystroke32KB(b *testing.B) {
	s := initialized(b, nil, nil)
	src := policyOfSize(32 << 10)
	s.open(b, policyURI, "json", 1, src)
	s.diagnostics(b, policyURI, 1)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := int32(i + 2)
		// Type a character into the first Sid, then delete it.
		change := lsptest.Edit(3, 13, 3, 13, "x")
		if i%2 == 1 {
			change = lsptest.Edit(3, 13, 3, 14, "")
		}
		s.change(b, policyURI, v, change)
		s.diagnostics(b, policyURI, v)
	}
}
