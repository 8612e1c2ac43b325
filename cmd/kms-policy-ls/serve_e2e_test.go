package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// These tests run the binary built by TestMain (cli_test.go) as a child
// process and speak LSP to it over its real stdin and stdout.

// serveLimit bounds each wait; it detects a hung server, it does not pace
// the test.
const serveLimit = 30 * time.Second

type lspProcess struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	client *lsptest.Client
	stderr *lockedBuffer
	waited chan struct{}
	status int
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// stdio joins the child's stdout (read) and stdin (write) into one stream.
type stdio struct {
	io.Reader
	io.WriteCloser
}

func startServer(t testing.TB, args ...string) *lspProcess {
	t.Helper()
	cmd := exec.Command(binary, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &lspProcess{cmd: cmd, stdin: stdin, stderr: &lockedBuffer{}, waited: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		err := cmd.Wait()
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			p.status = ee.ExitCode()
		case err != nil:
			p.status = -1
		}
		close(p.waited)
	}()
	p.client = lsptest.New(stdio{stdout, stdin})
	t.Cleanup(func() {
		_ = stdin.Close()
		select {
		case <-p.waited:
		case <-time.After(serveLimit):
			_ = cmd.Process.Kill()
			t.Errorf("server still running after stdin closed")
		}
		if t.Failed() {
			t.Logf("server stderr:\n%s", p.stderr.String())
		}
	})
	return p
}

func (p *lspProcess) wait(t testing.TB) int {
	t.Helper()
	select {
	case <-p.waited:
		return p.status
	case <-time.After(serveLimit):
		t.Fatalf("server did not exit; stderr:\n%s", p.stderr.String())
	}
	return -1
}

func serveCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), serveLimit)
	t.Cleanup(cancel)
	return ctx
}

func (p *lspProcess) initialize(t testing.TB, options any) json.RawMessage {
	t.Helper()
	raw, err := p.client.Initialize(serveCtx(t), options)
	if err != nil {
		t.Fatalf("initialize: %v", err)
	}
	return raw
}

func (p *lspProcess) call(t testing.TB, method string, params, result any) {
	t.Helper()
	if err := p.client.Call(serveCtx(t), method, params, result); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

func (p *lspProcess) notify(t testing.TB, method string, params any) {
	t.Helper()
	if err := p.client.Notify(serveCtx(t), method, params); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

func (p *lspProcess) diagnostics(t testing.TB, uri string, version int32) lsptest.Diagnostics {
	t.Helper()
	d, err := p.client.WaitDiagnostics(serveCtx(t), uri, lsptest.Version(version))
	if err != nil {
		t.Fatalf("diagnostics of %s version %d: %v", uri, version, err)
	}
	return d
}

func (p *lspProcess) shutdownExit(t *testing.T) int {
	t.Helper()
	p.call(t, "shutdown", map[string]any{}, nil) // {} as eglot sends it
	p.notify(t, "exit", map[string]any{})
	return p.wait(t)
}

func diagCodes(d lsptest.Diagnostics) []string {
	var out []string
	for _, x := range d.Diagnostics {
		c, _ := x.Code.(string)
		out = append(out, c)
	}
	return out
}

func findDiag(d lsptest.Diagnostics, code, inMessage string) *protocol.Diagnostic {
	for i := range d.Diagnostics {
		if d.Diagnostics[i].Code == code && strings.Contains(d.Diagnostics[i].Message, inMessage) {
			return &d.Diagnostics[i]
		}
	}
	return nil
}

// utf16Col is the UTF-16 column of the first occurrence of sub in line,
// computed independently of the server's LineIndex.
func utf16Col(line, sub string) uint32 {
	i := strings.Index(line, sub)
	if i < 0 {
		panic("missing " + sub)
	}
	n := 0
	for _, r := range line[:i] {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return uint32(n)
}

// e2ePolicy has non-ASCII text (é, €, and 😀 outside the BMP) on the line
// of the misspelt action, so that every column on it differs between
// bytes, runes and UTF-16.
const e2ePolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowUse",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"},
      "Action": [/* é€😀 */ "kms:Encrypt", "kms:Decrpyt"],
      "Resource": "*"
    }
  ]
}`

const e2eURI = "file:///tmp/policies/app-key.json"

func TestServeEndToEnd(t *testing.T) {
	p := startServer(t, "serve")
	raw := p.initialize(t, map[string]any{"kmsPolicy": map[string]any{"policyKind": "key"}})
	if !strings.Contains(string(raw), `"change":2`) || !strings.Contains(string(raw), `"name":"kms-policy-ls"`) {
		t.Errorf("initialize result lacks incremental sync or serverInfo: %s", raw)
	}
	src := strings.Replace(e2ePolicy, "/* é€😀 */ ", `"kms:GenerateDataKey", "é€😀", `, 1)
	lines := strings.Split(src, "\n")
	const actionLine = 7
	if err := p.client.Open(serveCtx(t), e2eURI, "json", 1, src); err != nil {
		t.Fatal(err)
	}

	// Diagnostics with the version, code, link and source.
	d := p.diagnostics(t, e2eURI, 1)
	typo := findDiag(d, "unknown-action", "Decrpyt")
	if typo == nil {
		t.Fatalf("no unknown-action among %v: %s", diagCodes(d), d.Raw)
	}
	wantCol := utf16Col(lines[actionLine], `"kms:Decrpyt"`)
	if typo.Range.Start.Line != actionLine || typo.Range.Start.Character < wantCol || typo.Range.Start.Character > wantCol+1 {
		t.Errorf("unknown-action range %+v, want line %d from UTF-16 column %d", typo.Range, actionLine, wantCol)
	}
	if typo.Source != "kms-policy-ls" || typo.CodeDescription == nil ||
		string(typo.CodeDescription.Href) != "https://github.com/kms-policy-ls/kms-policy-ls#rule-unknown-action" {
		t.Errorf("source/codeDescription = %q/%+v", typo.Source, typo.CodeDescription)
	}

	// The quick fix.
	var actions []protocol.CodeAction
	p.call(t, "textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": e2eURI},
		"range":        typo.Range,
		"context":      map[string]any{"diagnostics": []any{typo}},
	}, &actions)
	var fix *protocol.CodeAction
	for i := range actions {
		for _, e := range actions[i].Edit.Changes[e2eURI] {
			if strings.Contains(e.NewText, "kms:Decrypt") {
				fix = &actions[i]
			}
		}
	}
	if fix == nil {
		t.Fatalf("no quick fix to kms:Decrypt among %+v", actions)
	}
	if fix.Kind != protocol.QuickFix || len(fix.Diagnostics) == 0 || fix.Diagnostics[0].Code != "unknown-action" {
		t.Errorf("quick fix kind %q, diagnostics %+v", fix.Kind, fix.Diagnostics)
	}

	// An incremental edit fixing the typo, with columns counted in UTF-16:
	// replace "rpyt" by "rypt".
	at := utf16Col(lines[actionLine], `Decrpyt"`) + uint32(len("Dec"))
	if err := p.client.ChangeText(serveCtx(t), e2eURI, 2, lsptest.Edit(actionLine, at, actionLine, at+4, "rypt")); err != nil {
		t.Fatal(err)
	}
	d = p.diagnostics(t, e2eURI, 2)
	if findDiag(d, "unknown-action", "Decrpyt") != nil || findDiag(d, "unknown-action", "é€😀") == nil {
		t.Errorf("the typo is still reported after the edit: %s", d.Raw)
	}

	// Formatting the document with the edit applied must carry the exact
	// text: the server's copy of the text after a UTF-16 edit is right.
	var edits []protocol.TextEdit
	p.call(t, "textDocument/formatting", map[string]any{
		"textDocument": map[string]any{"uri": e2eURI},
		"options":      map[string]any{"tabSize": 2, "insertSpaces": true},
	}, &edits)
	if len(edits) != 1 {
		t.Fatalf("formatting: %d edits, want 1 whole-document edit", len(edits))
	}
	if !strings.Contains(edits[0].NewText, `"kms:Decrypt"`) || !strings.Contains(edits[0].NewText, `"é€😀"`) || strings.Contains(edits[0].NewText, "Decrpyt") {
		t.Errorf("formatted text does not reflect the edited document:\n%s", edits[0].NewText)
	}

	// Completion in a half-typed action.
	completionDoc := "file:///tmp/policies/half.json"
	half := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Dec`
	if err := p.client.Open(serveCtx(t), completionDoc, "json", 1, half); err != nil {
		t.Fatal(err)
	}
	var list protocol.CompletionList
	p.call(t, "textDocument/completion", lsptest.Position(completionDoc, 0, uint32(len(half))), &list)
	var decrypt *protocol.CompletionItem
	for i := range list.Items {
		if list.Items[i].Label == "kms:Decrypt" {
			decrypt = &list.Items[i]
		}
	}
	if decrypt == nil {
		t.Fatalf("kms:Decrypt not offered after %q; got %d items", half[len(half)-20:], len(list.Items))
	}
	if decrypt.TextEdit == nil || decrypt.TextEdit.Range.End.Character != uint32(len(half)) || !strings.Contains(decrypt.TextEdit.NewText, "kms:Decrypt") {
		t.Errorf("kms:Decrypt edit = %+v, want it to end at the cursor", decrypt.TextEdit)
	}

	// Hover on an action in the edited document.
	var hover protocol.Hover
	hoverCol := utf16Col(lines[actionLine], `kms:Encrypt`) + 5
	p.call(t, "textDocument/hover", lsptest.Position(e2eURI, actionLine, hoverCol), &hover)
	if !strings.Contains(hover.Contents.Value, "Key policy") || !strings.Contains(hover.Contents.Value, "Encrypt") {
		t.Errorf("hover on kms:Encrypt:\n%s", hover.Contents.Value)
	}

	// Document symbols: the statement by its Sid, its actions as children.
	var symbols []protocol.DocumentSymbol
	p.call(t, "textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": e2eURI}}, &symbols)
	if !hasSymbol(symbols, "AllowUse") || !hasSymbol(symbols, "kms:Encrypt") {
		t.Errorf("symbols lack the statement or its actions: %+v", symbols)
	}

	// Closing clears the diagnostics.
	p.notify(t, "textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": e2eURI}})
	if _, err := p.client.WaitDiagnostics(serveCtx(t), e2eURI, func(d lsptest.Diagnostics) bool {
		return len(d.Diagnostics) == 0 && strings.Contains(string(d.Raw), `"diagnostics":[]`) && d.Version == nil
	}); err != nil {
		t.Errorf("no empty diagnostics after didClose: %v", err)
	}

	if code := p.shutdownExit(t); code != 0 {
		t.Errorf("exit status after shutdown = %d, want 0", code)
	}
}

func hasSymbol(syms []protocol.DocumentSymbol, name string) bool {
	for _, s := range syms {
		if strings.Contains(s.Name, name) || hasSymbol(s.Children, name) {
			return true
		}
	}
	return false
}

func TestServeNoDiagnosticsForOtherJSON(t *testing.T) {
	p := startServer(t) // no arguments: LSP too
	p.initialize(t, nil)
	pkg := "file:///tmp/app/package.json"
	if err := p.client.Open(serveCtx(t), pkg, "json", 1, `{"name": "app", "version": "1.0.0", "scripts": {"test": "go test"}}`); err != nil {
		t.Fatal(err)
	}
	if err := p.client.Open(serveCtx(t), pkg+"5", "json", 1, `{"name": "app", "version": "2012-10-17"}`); err != nil {
		t.Fatal(err)
	}
	// A request about the document waits for its analysis.
	var symbols []protocol.DocumentSymbol
	p.call(t, "textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": pkg}}, &symbols)
	// A policy opened afterwards still gets its diagnostics.
	if err := p.client.Open(serveCtx(t), e2eURI, "json", 1, e2ePolicy); err != nil {
		t.Fatal(err)
	}
	p.diagnostics(t, e2eURI, 1)
	if code := p.shutdownExit(t); code != 0 {
		t.Errorf("exit status = %d", code)
	}
	for _, uri := range []string{pkg, pkg + "5"} {
		if got := p.client.AllDiagnostics(uri); len(got) != 0 {
			t.Errorf("%s got diagnostics: %s", uri, got[0].Raw)
		}
	}
}

func TestServeExitStatus(t *testing.T) {
	t.Run("exit without shutdown", func(t *testing.T) {
		p := startServer(t, "--stdio")
		p.initialize(t, nil)
		p.notify(t, "exit", nil)
		if code := p.wait(t); code != 1 {
			t.Errorf("status = %d, want 1", code)
		}
	})
	t.Run("stdin closed without shutdown", func(t *testing.T) {
		p := startServer(t, "serve")
		p.initialize(t, nil)
		_ = p.stdin.Close()
		if code := p.wait(t); code != 1 {
			t.Errorf("status = %d, want 1", code)
		}
	})
	t.Run("stdin closed after shutdown", func(t *testing.T) {
		p := startServer(t, "serve")
		p.initialize(t, nil)
		p.call(t, "shutdown", nil, nil)
		_ = p.stdin.Close()
		if code := p.wait(t); code != 0 {
			t.Errorf("status = %d, want 0", code)
		}
	})
	t.Run("requests after shutdown", func(t *testing.T) {
		p := startServer(t, "serve")
		p.initialize(t, nil)
		p.call(t, "shutdown", nil, nil)
		err := p.client.Call(serveCtx(t), "textDocument/hover", lsptest.Position(e2eURI, 0, 0), nil)
		var rpc *jsonrpc2.Error
		if !errors.As(err, &rpc) || rpc.Code != jsonrpc2.InvalidRequest {
			t.Errorf("hover after shutdown: %v, want -32600", err)
		}
		p.notify(t, "exit", map[string]any{})
		if code := p.wait(t); code != 0 {
			t.Errorf("status = %d, want 0", code)
		}
	})
	t.Run("log file", func(t *testing.T) {
		logPath := t.TempDir() + "/server.log"
		p := startServer(t, "serve", "--log-file", logPath)
		p.initialize(t, map[string]any{"policyKind": "nonsense"})
		if code := p.shutdownExit(t); code != 0 {
			t.Errorf("status = %d", code)
		}
		if p.stderr.String() != "" {
			t.Errorf("stderr not empty with --log-file: %s", p.stderr.String())
		}
	})
}

func TestServeMalformedMessages(t *testing.T) {
	p := startServer(t, "serve")
	p.initialize(t, nil)
	ctx := serveCtx(t)
	for i, bad := range []string{
		"Content-Length: 9\r\n\r\nnot json!",
		"Content-Type: application/json\r\n\r\n{}",                               // no length
		"Content-Length: many\r\n\r\n{}",                                         // wrong length
		"X-" + strings.Repeat("a", 1<<20) + ": b\r\nContent-Length: 2\r\n\r\n{}", // gigantic header
	} {
		if err := p.client.WriteRaw([]byte(bad)); err != nil {
			t.Fatal(err)
		}
		rpcErr, err := p.client.WaitOrphanError(ctx, i+1)
		if err != nil {
			t.Fatalf("no error reply to malformed frame %d: %v", i, err)
		}
		// Which error depends on where the reader found its footing again:
		// a frame whose header was lost costs its neighbour too.
		if rpcErr.Code != jsonrpc2.ParseError && rpcErr.Code != jsonrpc2.InvalidRequest {
			t.Errorf("frame %d answered %d %q, want -32700 or -32600", i, rpcErr.Code, rpcErr.Message)
		}
	}
	// A lower-case header name is accepted.
	body := `{"jsonrpc":"2.0","id":"lower","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///none.json"},"position":{"line":0,"character":0}}}`
	if err := p.client.WriteRaw([]byte("content-length: " + itoaE2E(len(body)) + "\r\n\r\n" + body)); err != nil {
		t.Fatal(err)
	}
	if resp, err := p.client.WaitReply(ctx, jsonrpc2.NewStringID("lower")); err != nil || resp.Err() != nil {
		t.Errorf("lower-case content-length: %v / %v", err, resp)
	}
	// Params of the wrong type: -32602, and the server carries on.
	err := p.client.Call(ctx, "textDocument/hover", []int{1, 2}, nil)
	var rpc *jsonrpc2.Error
	if !errors.As(err, &rpc) || rpc.Code != jsonrpc2.InvalidParams {
		t.Errorf("hover with array params: %v, want -32602", err)
	}
	// Unknown request.
	err = p.client.Call(ctx, "kms/noSuchMethod", map[string]any{}, nil)
	if !errors.As(err, &rpc) || rpc.Code != jsonrpc2.MethodNotFound || !strings.Contains(rpc.Message, "kms/noSuchMethod") {
		t.Errorf("unknown method: %v, want -32601 naming the method", err)
	}
	// Still serving.
	if err := p.client.Open(ctx, e2eURI, "json", 1, e2ePolicy); err != nil {
		t.Fatal(err)
	}
	p.diagnostics(t, e2eURI, 1)
	if code := p.shutdownExit(t); code != 0 {
		t.Errorf("status = %d", code)
	}
}

func itoaE2E(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestServeCancellation cancels a completion while the document it needs
// is still being analysed: a policy of several megabytes takes far longer
// to analyse than the cancellation takes to arrive.
func TestServeCancellation(t *testing.T) {
	p := startServer(t, "serve")
	p.initialize(t, map[string]any{"kmsPolicy": map[string]any{"maxDocumentSize": 64 << 20}})
	big := bigPolicy(6 << 20)
	uri := "file:///tmp/big.json"
	if err := p.client.Open(serveCtx(t), uri, "json", 1, big); err != nil {
		t.Fatal(err)
	}
	for _, id := range []any{4242, "cancel-me"} {
		if err := p.client.SendRaw(id, "textDocument/completion", lsptest.Position(uri, 3, 10)); err != nil {
			t.Fatal(err)
		}
		p.notify(t, "$/cancelRequest", map[string]any{"id": id})
	}
	for _, id := range []jsonrpc2.ID{jsonrpc2.NewNumberID(4242), jsonrpc2.NewStringID("cancel-me")} {
		resp, err := p.client.WaitReply(serveCtx(t), id)
		if err != nil {
			t.Fatalf("no reply to %v: %v", id, err)
		}
		var rpc *jsonrpc2.Error
		if !errors.As(resp.Err(), &rpc) || rpc.Code != protocol.CodeRequestCancelled {
			t.Errorf("reply to %v: %v, want -32800", id, resp.Err())
		}
	}
	if code := p.shutdownExit(t); code != 0 {
		t.Errorf("status = %d", code)
	}
}

// bigPolicy makes a valid policy of about size bytes.
func bigPolicy(size int) string {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`    {"Sid": "S` + itoaE2E(i) + `", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*"}`)
	}
	b.WriteString("\n  ]\n}\n")
	return b.String()
}
