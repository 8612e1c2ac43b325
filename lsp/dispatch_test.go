package lsp

import (
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
)

// Quick requests about a finished analysis are answered on the read loop;
// anything that would wait for an analysis is not, nor is work whose cost
// grows with the document (formatting, the outline). TestPitfall01 checks
// over a real connection that a request about an unfinished analysis
// leaves the read loop free.
func TestWhichRequestsRunOnTheReadLoop(t *testing.T) {
	newSn := func() *snapshot {
		return newSnapshot("file:///p.json", "json", 1, []byte(typoPolicy), nil, defaultConfig(), analysis.Reanalyze, nil)
	}
	finished, unfinished := newSn(), newSn()
	if _, err := finished.await(); err != nil {
		t.Fatal(err)
	}
	quick := []string{"textDocument/completion", "completionItem/resolve", "textDocument/hover", "textDocument/codeAction"}
	for _, method := range quick {
		r := requests[method]
		if !r.onReadLoop(finished) {
			t.Errorf("%s about a finished analysis: not on the read loop", method)
		}
		if !r.onReadLoop(nil) {
			t.Errorf("%s about a document that is not open: not on the read loop", method)
		}
		if r.onReadLoop(unfinished) {
			t.Errorf("%s about an unfinished analysis: on the read loop, where it would block reading", method)
		}
	}
	// The lenses, hints and access table may make the engine's summary.
	growing := []string{"textDocument/formatting", "textDocument/documentSymbol", "textDocument/documentLink", "textDocument/codeLens", "textDocument/inlayHint", "workspace/executeCommand"}
	for _, method := range growing {
		if requests[method].onReadLoop(finished) {
			t.Errorf("%s on the read loop: its cost grows with the document", method)
		}
	}
	if got, want := len(requests), len(quick)+len(growing); got != want {
		t.Errorf("%d request methods, this test knows %d: say whether the new one is quick", got, want)
	}
}
