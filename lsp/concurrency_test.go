package lsp

import (
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// Edits and completions race on one document; run under -race. Every
// completion must be answered, and the last version's diagnostics must
// arrive and reflect the final text.
func TestConcurrentChangesAndCompletion(t *testing.T) {
	s := initialized(t, nil, nil)
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Dec", "Resource": "*"}]}`
	col := uint32(strings.Index(src, `kms:Dec"`) + len("kms:Dec"))
	s.open(t, policyURI, "json", 1, src)
	const edits = 200
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for v := int32(2); v < edits+2; v++ {
			// Alternately add and remove a space at the start.
			change := lsptest.Edit(0, 0, 0, 0, " ")
			if v%2 == 1 {
				change = lsptest.Edit(0, 0, 0, 1, "")
			}
			if err := s.client.ChangeText(ctxT(t), policyURI, v, change); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	errs := make(chan error, edits)
	go func() {
		defer wg.Done()
		var inner sync.WaitGroup
		for i := 0; i < edits; i++ {
			inner.Add(1)
			go func() {
				defer inner.Done()
				var list protocol.CompletionList
				errs <- s.client.Call(ctxT(t), "textDocument/completion", lsptest.Position(policyURI, 0, col), &list)
			}()
		}
		inner.Wait()
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("completion: %v", err)
		}
	}
	last := int32(edits + 1)
	s.diagnostics(t, policyURI, last)
	var prev int32
	for _, d := range s.client.AllDiagnostics(policyURI) {
		if *d.Version < prev {
			t.Fatalf("version %d published after %d", *d.Version, prev)
		}
		prev = *d.Version
	}
}
