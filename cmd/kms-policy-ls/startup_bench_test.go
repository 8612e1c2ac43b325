package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// BenchmarkInitialize measures how long an editor waits for the server: from
// starting the process (the binary built by TestMain) to reading its answer
// to initialize. Package initialisation (the catalog's indexes, the checks'
// patterns) is in the figure; the process's exit is not.
func BenchmarkInitialize(b *testing.B) {
	const request = `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}`
	frame := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(request), request)
	for b.Loop() {
		cmd := exec.Command(binary)
		stdin, err := cmd.StdinPipe()
		if err != nil {
			b.Fatal(err)
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		if _, err := io.WriteString(stdin, frame); err != nil {
			b.Fatal(err)
		}
		body, err := lsptest.ReadFrame(bufio.NewReader(stdout))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var resp struct {
			ID     int `json:"id"`
			Result struct {
				Capabilities map[string]any `json:"capabilities"`
			} `json:"result"`
		}
		if err := json.Unmarshal(body, &resp); err != nil || resp.ID != 1 || resp.Result.Capabilities["hoverProvider"] != true {
			b.Fatalf("initialize answered %s (%v)", body, err)
		}
		stdin.Close() // the server exits when its input ends
		if err := cmd.Wait(); err != nil {
			if _, ok := err.(*exec.ExitError); !ok {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
}

// BenchmarkKeystrokeBinary32KB is one keystroke as an editor sees it: the
// built binary, its GC settings included, driven over its stdin and stdout,
// from sending didChange to reading the publishDiagnostics of that version,
// on a 32 KB key policy. Each round types a character into the first
// statement's Sid or deletes it again.
func BenchmarkKeystrokeBinary32KB(b *testing.B) { keystrokeBinary(b, 32<<10) }

// BenchmarkKeystrokeBinaryLarge is the same keystroke in key policies far
// beyond KMS's 32 KB, up to the server's default maxDocumentSize (4 MB):
// what an editor waits for on a large generated policy or other JSON
// mistaken for one.
func BenchmarkKeystrokeBinaryLarge(b *testing.B) {
	for _, size := range []struct {
		name  string
		bytes int
	}{{"1MB", 1 << 20}, {"4MB", 4 << 20}} {
		b.Run(size.name, func(b *testing.B) { keystrokeBinary(b, size.bytes) })
	}
}

func keystrokeBinary(b *testing.B, size int) {
	p := startServer(b)
	p.initialize(b, nil)
	src := string(policygen.KeyPolicy(size))
	const uri = "file:///bench/key-policy.json"
	if err := p.client.Open(serveCtx(b), uri, "json", 1, src); err != nil {
		b.Fatal(err)
	}
	p.diagnostics(b, uri, 1)
	line, col := sidPosition(b, src)
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		change := lsptest.Edit(line, col, line, col, "x")
		if i%2 == 1 {
			change = lsptest.Edit(line, col, line, col+1, "")
		}
		v := int32(i + 2)
		mark := p.client.Mark()
		if err := p.client.ChangeText(serveCtx(b), uri, v, change); err != nil {
			b.Fatal(err)
		}
		if _, err := p.client.WaitDiagnosticsAfter(serveCtx(b), mark, uri, lsptest.Version(v)); err != nil {
			b.Fatalf("diagnostics of version %d: %v", v, err)
		}
	}
}

// sidPosition is the line and column just inside the first Sid's value.
func sidPosition(b *testing.B, src string) (line, col uint32) {
	i := strings.Index(src, `"Sid": "`)
	if i < 0 {
		b.Fatal("no Sid in the generated policy")
	}
	i += len(`"Sid": "`)
	start := strings.LastIndexByte(src[:i], '\n') + 1
	return uint32(strings.Count(src[:i], "\n")), uint32(i - start)
}

// BenchmarkRoundTripBinary is the floor under BenchmarkKeystrokeBinary32KB:
// a hover on the same open document, answered at once, over the same
// pipes. What a keystroke costs beyond it is the server's own work.
func BenchmarkRoundTripBinary(b *testing.B) {
	p := startServer(b)
	p.initialize(b, nil)
	const uri = "file:///bench/key-policy.json"
	if err := p.client.Open(serveCtx(b), uri, "json", 1, string(policygen.KeyPolicy(32<<10))); err != nil {
		b.Fatal(err)
	}
	p.diagnostics(b, uri, 1)
	params := map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     map[string]any{"line": 0, "character": 0},
	}
	for b.Loop() {
		var hover json.RawMessage
		p.call(b, "textDocument/hover", params, &hover)
	}
}

// completionDocument is a 32 KB key policy whose last statement is stmt,
// with the line and column of the '|' stmt holds (removed).
func completionDocument(b *testing.B, stmt string) (src string, line, col uint32) {
	b.Helper()
	src = string(policygen.KeyPolicy(32 << 10))
	end := strings.LastIndex(src, "]")
	src = src[:end] + ",\n    " + stmt + "\n  ]\n}\n"
	i := strings.Index(src, "|")
	src = src[:i] + src[i+1:]
	start := strings.LastIndexByte(src[:i], '\n') + 1
	return src, uint32(strings.Count(src[:i], "\n")), uint32(i - start)
}

// operatorPlace is the busiest place completion knows: a condition
// operator typed without its colon, 157 proposals.
const operatorPlace = `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"|"}}`

// startCompletionServer starts the binary as VS Code starts it (its
// completion capabilities) with the document open and analysed.
func startCompletionServer(b *testing.B, src string) (*lspProcess, string) {
	p := startServer(b)
	if _, err := p.client.InitializeWith(serveCtx(b), lsptest.VSCodeCapabilities, nil); err != nil {
		b.Fatalf("initialize: %v", err)
	}
	const uri = "file:///bench/key-policy.json"
	if err := p.client.Open(serveCtx(b), uri, "json", 1, src); err != nil {
		b.Fatal(err)
	}
	p.diagnostics(b, uri, 1)
	return p, uri
}

// BenchmarkCompletionBinary is a completion as an editor sees it: the
// built binary over its pipes, from sending the request to reading the
// list, with VS Code's capabilities; at the busiest place (operator) and
// at the place issue 17 measured (action, an empty action string). The
// work beyond BenchmarkRoundTripBinary's is the server's
// (BenchmarkCompletionHandler in ./lsp/ measures it alone) and the
// client's reading of the larger reply.
func BenchmarkCompletionBinary(b *testing.B) {
	for _, place := range []struct{ name, stmt string }{
		{"operator", operatorPlace},
		{"action", `{"Effect": "Allow", "Principal": "*", "Action": ["|"], "Resource": "*"}`},
	} {
		b.Run(place.name, func(b *testing.B) {
			src, line, col := completionDocument(b, place.stmt)
			p, uri := startCompletionServer(b, src)
			params := lsptest.Position(uri, line, col)
			var list struct {
				Items []json.RawMessage `json:"items"`
			}
			var raw json.RawMessage
			p.call(b, "textDocument/completion", params, &raw)
			if err := json.Unmarshal(raw, &list); err != nil || len(list.Items) < 50 {
				b.Fatalf("%d proposals (%v)", len(list.Items), err)
			}
			size := len(raw)
			for b.Loop() {
				p.call(b, "textDocument/completion", params, &raw)
			}
			b.ReportMetric(float64(size), "B/reply")
		})
	}
}

// BenchmarkResolveBinary is completionItem/resolve of an action, as VS
// Code sends it when the action is selected, over the binary's pipes.
func BenchmarkResolveBinary(b *testing.B) {
	src, line, col := completionDocument(b, `{"Effect": "Allow", "Principal": "*", "Action": ["|"], "Resource": "*"}`)
	p, uri := startCompletionServer(b, src)
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	p.call(b, "textDocument/completion", lsptest.Position(uri, line, col), &list)
	var item json.RawMessage
	for _, it := range list.Items {
		if strings.Contains(string(it), `"kms:Decrypt"`) {
			item = it
		}
	}
	if item == nil {
		b.Fatal("kms:Decrypt not proposed")
	}
	var resolved json.RawMessage
	p.call(b, "completionItem/resolve", item, &resolved)
	if !strings.Contains(string(resolved), `"documentation"`) {
		b.Fatalf("resolve answered %s", resolved)
	}
	size := len(resolved)
	for b.Loop() {
		p.call(b, "completionItem/resolve", item, &resolved)
	}
	b.ReportMetric(float64(size), "B/reply")
}
