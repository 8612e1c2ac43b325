package analysis

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

func TestXRetain(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; b.Len() < 32768; i++ {
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
	src := []byte(b.String())
	var docs []*Document
	var m0, m1 runtime.MemStats
	runtime.GC(); runtime.GC(); runtime.ReadMemStats(&m0)
	for range 20 {
		docs = append(docs, Reanalyze(nil, Bytes(append([]byte(nil), src...)), Options{}))
	}
	runtime.GC(); runtime.GC(); runtime.ReadMemStats(&m1)
	fmt.Println("retained per doc KB", (m1.HeapAlloc-m0.HeapAlloc)/20/1024)
	runtime.KeepAlive(docs)
}
