package completion

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// bigPolicy builds a key policy of about size bytes from realistic
// statements, with a cursor mark '|' in the last statement at where.
func bigPolicy(size int, where string) string {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; b.Len() < size-600; i++ {
		fmt.Fprintf(&b, `    {
      "Sid": "Allow use of the key %d",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/App%d"},
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      "Resource": "*",
      "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": "111122223333"}}
    },
`, i, i)
	}
	b.WriteString("    " + where + "\n  ]\n}\n")
	return b.String()
}

var benchCursors = map[string]string{
	"action":    `{"Effect": "Allow", "Principal": "*", "Action": ["kms:Gen|"], "Resource": "*"}`,
	"key":       `{"Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*", "Condition": {"StringEquals": {"kms:|": "x"}}}`,
	"operator":  `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"|": {}}}`,
	"value":     `{"Effect": "Allow", "Principal": "*", "Action": "kms:CreateKey", "Resource": "*", "Condition": {"StringEquals": {"kms:KeySpec": "|"}}}`,
	"element":   `{"Effect": "Allow", "|"}`,
	"s3-action": `{"Effect": "Allow", "Action": ["s3:|"], "Resource": "*"}`,
	"prefix":    `{"Effect": "Allow", "Action": ["s|"], "Resource": "*"}`,
	"s3-key":    `{"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": "*", "Condition": {"StringLike": {"s3:|": "x"}}}`,
}

func BenchmarkComplete(b *testing.B) {
	for name, where := range benchCursors {
		doc := bigPolicy(32<<10, where)
		off := strings.Index(doc, "|")
		src := []byte(doc[:off] + doc[off+1:])
		f := jsonast.Parse(src)
		pol := policy.Build(f, policy.KindAuto)
		if len(Complete(f, pol, off)) == 0 {
			b.Fatalf("%s: no proposals", name)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Complete(f, pol, off)
			}
		})
	}
}
