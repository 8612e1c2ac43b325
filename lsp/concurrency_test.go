package lsp

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/jsonrpc2"
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

// Hundreds of requests in flight, every other one cancelled: each gets
// exactly one reply (a result, or -32800 for a cancelled one that had not
// finished), and the server goes on serving.
func TestHundredsOfRequestsWithCancellations(t *testing.T) {
	s := initialized(t, nil, nil)
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}`
	s.open(t, policyURI, "json", 1, src)
	s.diagnostics(t, policyURI, 1)
	col := uint32(strings.Index(src, "kms:Decrypt") + 2)
	const n = 300
	ctx := ctxT(t)
	for i := 1; i <= n; i++ {
		method := "textDocument/hover"
		if i%3 == 0 {
			method = "textDocument/completion"
		}
		if err := s.client.SendRaw(1000+i, method, lsptest.Position(policyURI, 0, col)); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if err := s.client.Notify(ctx, "$/cancelRequest", map[string]any{"id": 1000 + i}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 1; i <= n; i++ {
		resp, err := s.client.WaitReply(ctx, jsonrpc2.NewNumberID(int32(1000+i)))
		if err != nil {
			t.Fatalf("request %d never answered: %v", 1000+i, err)
		}
		if e := resp.Err(); e != nil {
			var rpc *jsonrpc2.Error
			if i%2 == 1 || !errors.As(e, &rpc) || rpc.Code != protocol.CodeRequestCancelled {
				t.Errorf("request %d: %v", 1000+i, e)
			}
		}
	}
	var h protocol.Hover
	if err := s.client.Call(ctx, "textDocument/hover", lsptest.Position(policyURI, 0, col), &h); err != nil || !strings.Contains(h.Contents.Value, "kms:Decrypt") {
		t.Errorf("hover after the storm: %v %q", err, h.Contents.Value)
	}
}
