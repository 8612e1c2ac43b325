package lsp

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// BenchmarkStoreKeystrokeIAM32KB is BenchmarkStoreKeystroke32KB on the
// identity policy of issue 15: 32 KB naming 200 actions of 30 services. A
// character is typed into the first Sid and deleted again.
func BenchmarkStoreKeystrokeIAM32KB(b *testing.B) {
	st := newStore(analysis.Reanalyze)
	src := string(policygen.IAMPolicy(32 << 10))
	sn := st.open(policyURI, "json", 1, []byte(src))
	publishable(b, sn)
	i := strings.Index(src, `"Sid": "`) + len(`"Sid": "`)
	line := strings.Count(src[:i], "\n")
	col := i - (strings.LastIndexByte(src[:i], '\n') + 1)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		text, end := "x", col
		if n%2 == 1 {
			text, end = "", col+1
		}
		change := contentChange{Text: text, Range: &wireRange{
			Start: wirePosition{Line: line, Character: col},
			End:   wirePosition{Line: line, Character: end},
		}}
		var err error
		if sn, err = st.change(policyURI, int32(n+2), []contentChange{change}); err != nil {
			b.Fatal(err)
		}
		publishable(b, sn)
	}
}

// BenchmarkCompletionHandlerS3 is the server's work for completion right
// after "s3: (every S3 action and wildcard), as BenchmarkCompletionHandler
// measures its places.
func BenchmarkCompletionHandlerS3(b *testing.B) {
	srv, params := benchServer(b, `{"Effect": "Allow", "Principal": "*", "Action": ["s3:|"], "Resource": "*"}`)
	size := answer(b, srv, "textDocument/completion", params)
	b.ReportAllocs()
	for b.Loop() {
		answer(b, srv, "textDocument/completion", params)
	}
	b.ReportMetric(float64(size), "B/reply")
}
