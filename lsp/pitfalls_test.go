package lsp

// One test per known defect of go.lsp.dev/protocol v0.12.0 and
// go.lsp.dev/jsonrpc2 v0.10.0 (the table in README.md).
// Each fails when the workaround it names is removed.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// holdAnalysis makes the analysis of documents containing marker wait until
// the returned release function is called (at the latest at cleanup).
func holdAnalysis(t testing.TB, marker string) (setup func(*Server), release func()) {
	gate := make(chan struct{})
	var once bool
	release = func() {
		if !once {
			once = true
			close(gate)
		}
	}
	t.Cleanup(release)
	setup = func(s *Server) {
		s.analyze = func(prev *analysis.Document, in analysis.Input, o analysis.Options) *analysis.Document {
			if bytes.Contains(in.Src, []byte(marker)) {
				<-gate
			}
			return analysis.Reanalyze(prev, in, o)
		}
	}
	return setup, release
}

const heldPolicy = `{"Version": "2012-10-17", "Statement": [{"Sid": "HOLD", "Effect": "Allow", "Action": "kms:Dec", "Resource": "*"}]}`

// Pitfall 1: a numeric id in $/cancelRequest must cancel the request.
func TestPitfall01_CancelNumericAndStringIDs(t *testing.T) {
	setup, _ := holdAnalysis(t, "HOLD")
	s := initialized(t, nil, setup)
	uri := "file:///held.json"
	s.open(t, uri, "json", 1, heldPolicy)
	ctx := ctxT(t)
	for _, id := range []any{7, "seven"} {
		if err := s.client.SendRaw(id, "textDocument/completion", lsptest.Position(uri, 0, 70)); err != nil {
			t.Fatal(err)
		}
		if err := s.client.Notify(ctx, "$/cancelRequest", map[string]any{"id": id}); err != nil {
			t.Fatal(err)
		}
	}
	// The analysis is held, so only the cancellation can answer these.
	for _, id := range []jsonrpc2.ID{jsonrpc2.NewNumberID(7), jsonrpc2.NewStringID("seven")} {
		resp, err := s.client.WaitReply(ctx, id)
		if err != nil {
			t.Fatalf("request %v never answered: %v", id, err)
		}
		var rpc *jsonrpc2.Error
		if !errors.As(resp.Err(), &rpc) || rpc.Code != protocol.CodeRequestCancelled {
			t.Errorf("request %v: %v, want -32800", id, resp.Err())
		}
	}
}

func TestParseID(t *testing.T) {
	for raw, want := range map[string]jsonrpc2.ID{
		`7`:   jsonrpc2.NewNumberID(7),
		`7.0`: jsonrpc2.NewNumberID(7),
		`"7"`: jsonrpc2.NewStringID("7"),
		`-2`:  jsonrpc2.NewNumberID(-2),
		`"😀"`: jsonrpc2.NewStringID("😀"),
		// An int32's own bounds are ids (kills the survivors at cancel.go:76:30 and :76:51).
		`-2147483648`: jsonrpc2.NewNumberID(math.MinInt32),
		`2147483647`:  jsonrpc2.NewNumberID(math.MaxInt32),
	} {
		got, ok := parseID(json.RawMessage(raw))
		if !ok || got != want {
			t.Errorf("parseID(%s) = %v, %v; want %v", raw, got, ok, want)
		}
	}
	for _, raw := range []string{`7.5`, `null`, `{}`, `1e12`, ``, `-2147483649`, `2147483648`} {
		if _, ok := parseID(json.RawMessage(raw)); ok {
			t.Errorf("parseID(%s) accepted", raw)
		}
	}
}

// Pitfall 2: a change without a range replaces the whole text; with the
// library's type it would be an insertion at 0:0.
func TestPitfall02_FullTextChange(t *testing.T) {
	s := initialized(t, nil, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	if d := s.diagnostics(t, policyURI, 1); !hasCode(d, "unknown-action") {
		t.Fatalf("setup: no unknown-action in %s", d.Raw)
	}
	fixed := strings.Replace(typoPolicy, "Decrpyt", "Decrypt", 1)
	// A full-text change, then a ranged one on the new text, in one message.
	col := uint32(strings.Index(strings.Split(fixed, "\n")[3], "AllowUse"))
	s.change(t, policyURI, 2,
		lsptest.Change{Text: fixed},
		lsptest.Edit(3, col, 3, col+8, "AllowAll"))
	d := s.diagnostics(t, policyURI, 2)
	if hasCode(d, "unknown-action") || hasCode(d, "json-syntax") {
		t.Fatalf("the full-text change was not applied as a replacement: %s", d.Raw)
	}
	var symbols []protocol.DocumentSymbol
	s.call(t, "textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": policyURI}}, &symbols)
	if len(symbols) == 0 || !strings.Contains(mustJSON(t, symbols), "AllowAll") {
		t.Errorf("ranged change after the full text not applied: %s", mustJSON(t, symbols))
	}
}

// Pitfall 3: a failing request must not take the connection down.
func TestPitfall03_ErrorsDoNotCloseTheConnection(t *testing.T) {
	s := initialized(t, nil, nil)
	for i := 0; i < 3; i++ {
		if e := s.callErr(t, "textDocument/hover", []int{1, 2}); e.Code != jsonrpc2.InvalidParams {
			t.Errorf("hover with array params: %d %q, want -32602", e.Code, e.Message)
		}
		if e := s.callErr(t, "textDocument/completion", nil); e.Code != jsonrpc2.InvalidParams {
			t.Errorf("completion without params: %d %q, want -32602", e.Code, e.Message)
		}
	}
	s.open(t, policyURI, "json", 1, typoPolicy)
	s.diagnostics(t, policyURI, 1)
}

// Pitfall 4: malformed frames are answered or skipped, never fatal.
func TestPitfall04_MalformedFrames(t *testing.T) {
	s := initialized(t, nil, nil)
	ctx := ctxT(t)
	if err := s.client.WriteRaw([]byte(frame(`{"jsonrpc": "2.0", "id": 1, "method": `))); err != nil {
		t.Fatal(err)
	}
	e, err := s.client.WaitOrphanError(ctx, 1)
	if err != nil || e.Code != jsonrpc2.ParseError {
		t.Fatalf("truncated JSON: %v / %+v, want -32700", err, e)
	}
	if err := s.client.WriteRaw([]byte(frame(`[1, 2]`))); err != nil {
		t.Fatal(err)
	}
	if e, err := s.client.WaitOrphanError(ctx, 2); err != nil || e.Code != jsonrpc2.InvalidRequest {
		t.Fatalf("JSON that is not a request: %v / %+v, want -32600", err, e)
	}
	body := `{"jsonrpc":"2.0","id":"lc","method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x.json"},"position":{"line":0,"character":0}}}`
	if err := s.client.WriteRaw([]byte(strings.Replace(frame(body), "Content-Length", "content-length", 1))); err != nil {
		t.Fatal(err)
	}
	if resp, err := s.client.WaitReply(ctx, jsonrpc2.NewStringID("lc")); err != nil || resp.Err() != nil {
		t.Fatalf("lower-case header: %v, %v", err, resp)
	}
	s.open(t, policyURI, "json", 1, typoPolicy)
	s.diagnostics(t, policyURI, 1)
}

// Pitfall 5: errors keep their code and their whole message; unknown
// methods get -32601.
func TestPitfall05_ErrorCodes(t *testing.T) {
	s := initialized(t, nil, nil)
	e := s.callErr(t, "textDocument/semanticTokens/full", map[string]any{})
	if e.Code != jsonrpc2.MethodNotFound || !strings.Contains(e.Message, "semanticTokens") {
		t.Errorf("unknown method: %d %q", e.Code, e.Message)
	}
	wrapped := rpcError(fmt.Errorf("completion: %w", jsonrpc2.Errorf(jsonrpc2.InvalidParams, "line is negative")))
	if wrapped.Code != jsonrpc2.InvalidParams || wrapped.Message != "completion: line is negative" {
		t.Errorf("wrapped error became %d %q", wrapped.Code, wrapped.Message)
	}
	if plain := rpcError(errors.New("boom")); plain.Code != jsonrpc2.InternalError || plain.Message != "boom" {
		t.Errorf("plain error became %d %q", plain.Code, plain.Message)
	}
}

// Pitfall 6: shutdown and exit with {} params.
func TestPitfall06_ShutdownExitWithEmptyObject(t *testing.T) {
	s := initialized(t, nil, nil)
	var result json.RawMessage
	if err := s.client.Call(ctxT(t), "shutdown", map[string]any{}, &result); err != nil {
		t.Fatalf("shutdown {}: %v", err)
	}
	if err := s.client.Notify(ctxT(t), "exit", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if code := s.exitStatus(t); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
}

// Pitfall 7: diagnostics are [] and never null; version 0 is sent.
func TestPitfall07_EmptyDiagnosticsAndVersionZero(t *testing.T) {
	s := initialized(t, nil, nil)
	clean := `{"Version": "2012-10-17", "Statement": []}`
	s.open(t, policyURI, "json", 0, clean)
	d := s.diagnostics(t, policyURI, 0)
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(d.Raw, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw["version"]) != "0" {
		t.Errorf("version on the wire = %s, want 0", raw["version"])
	}
	if len(d.Diagnostics) == 0 && string(raw["diagnostics"]) != "[]" {
		t.Errorf("diagnostics on the wire = %s, want []", raw["diagnostics"])
	}
	// Clearing after close is [] too.
	if err := s.client.Notify(ctxT(t), "textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": policyURI}}); err != nil {
		t.Fatal(err)
	}
	s.open(t, policyURI, "json", 1, typoPolicy)
	s.diagnostics(t, policyURI, 1)
	if err := s.client.Notify(ctxT(t), "textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": policyURI}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.WaitDiagnostics(ctxT(t), policyURI, func(d lsptest.Diagnostics) bool {
		return d.Version == nil && bytes.Contains(d.Raw, []byte(`"diagnostics":[]`))
	}); err != nil {
		t.Errorf("no [] after didClose: %v", err)
	}
}

// Pitfall 8: the server states its position encoding, which the library's
// types cannot express.
func TestPitfall08_PositionEncoding(t *testing.T) {
	s := newSession(t, nil)
	raw, err := s.client.Initialize(ctxT(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Capabilities map[string]json.RawMessage `json:"capabilities"`
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	if got := string(res.Capabilities["positionEncoding"]); got != `"utf-16"` {
		t.Errorf("positionEncoding = %s, want \"utf-16\"", got)
	}
}

// Pitfall 9: workspace/applyEdit's reply is an object.
func TestPitfall09_ApplyEditResult(t *testing.T) {
	s := initialized(t, nil, nil)
	var got protocol.ApplyWorkspaceEditParams
	s.client.Answer(func(method string, params json.RawMessage) (any, error) {
		if method != "workspace/applyEdit" {
			return nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "%s", method)
		}
		if err := json.Unmarshal(params, &got); err != nil {
			return nil, err
		}
		return map[string]any{"applied": true}, nil
	})
	edit := protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{
		policyURI: {{NewText: "x"}},
	}}
	res, err := s.srv.applyEdit(ctxT(t), "fix", edit)
	if err != nil || !res.Applied {
		t.Fatalf("applyEdit = %+v, %v; want applied", res, err)
	}
	if got.Label != "fix" || len(got.Edit.Changes[policyURI]) != 1 {
		t.Errorf("client received %+v", got)
	}
}

// Pitfall 10: the client lives in the Server, so logging and talking to
// the client both work in one session (with the library's contexts the
// logger replaced the client or the reverse).
func TestPitfall10_LoggerAndClientBothWork(t *testing.T) {
	s := initialized(t, map[string]any{"kmsPolicy": map[string]any{"policyKind": "bogus"}}, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	s.diagnostics(t, policyURI, 1)
	if !strings.Contains(s.logBuf.String(), `unknown policyKind "bogus"`) {
		t.Errorf("log lacks the settings problem:\n%s", s.logBuf.String())
	}
}

// Pitfall 11: non-file URIs are opaque keys and never break anything.
func TestPitfall11_OpaqueURIs(t *testing.T) {
	s := initialized(t, map[string]any{"fileGlobs": []string{"Untitled-*", "**/policies/*.txt"}}, nil)
	for i, uri := range []string{
		"untitled:Untitled-1",
		"file:///c%3A/Users/me/key%20policy.json",
		"vscode-notebook-cell:/x.ipynb#W1sZmlsZQ%3D%3D",
	} {
		s.open(t, uri, "json", int32(i+1), typoPolicy)
		d := s.diagnostics(t, uri, int32(i+1))
		if d.URI != uri || !hasCode(d, "unknown-action") {
			t.Errorf("diagnostics for %s came back as %s with %v", uri, d.URI, codes(d))
		}
	}
	// A glob brings in a document of another language; the untitled one is
	// matched through its opaque part.
	s.open(t, "untitled:Untitled-2", "plaintext", 1, typoPolicy)
	s.open(t, "file:///srv/policies/key.txt", "plaintext", 1, typoPolicy)
	s.diagnostics(t, "untitled:Untitled-2", 1)
	s.diagnostics(t, "file:///srv/policies/key.txt", 1)
}

// Pitfall 12: analysis runs off the read loop; a document whose analysis
// takes long does not hold up requests or other documents.
func TestPitfall12_SlowAnalysisDoesNotBlock(t *testing.T) {
	setup, release := holdAnalysis(t, "HOLD")
	s := initialized(t, nil, setup)
	s.open(t, "file:///held.json", "json", 1, heldPolicy)
	s.open(t, policyURI, "json", 1, typoPolicy)
	s.diagnostics(t, policyURI, 1)
	var list protocol.CompletionList
	s.call(t, "textDocument/completion", lsptest.Position(policyURI, 4, 20), &list)
	var h json.RawMessage
	s.call(t, "textDocument/hover", lsptest.Position(policyURI, 4, 20), &h)
	if got := s.client.AllDiagnostics("file:///held.json"); len(got) != 0 {
		t.Fatalf("held document published before release: %s", got[0].Raw)
	}
	release()
	s.diagnostics(t, "file:///held.json", 1)
}

// A panic in a handler is an internal error for that request only.
func TestRecoverFromPanics(t *testing.T) {
	s := initialized(t, nil, func(s *Server) {
		s.analyze = func(prev *analysis.Document, in analysis.Input, o analysis.Options) *analysis.Document {
			switch {
			case bytes.Contains(in.Src, []byte("PANIC-IN-ANALYSIS")):
				panic("analysis bug")
			case bytes.Contains(in.Src, []byte("PANIC-IN-HANDLER")):
				// a unit with no tree or model: handlers dereference nil
				return &analysis.Document{Src: in.Src, Units: []*analysis.Unit{{}}}
			}
			return analysis.Reanalyze(prev, in, o)
		}
	})
	for _, marker := range []string{"PANIC-IN-ANALYSIS", "PANIC-IN-HANDLER"} {
		uri := "file:///" + marker + ".json"
		s.open(t, uri, "json", 1, strings.Replace(typoPolicy, "AllowUse", marker, 1))
		if e := s.callErr(t, "textDocument/completion", lsptest.Position(uri, 4, 20)); e.Code != jsonrpc2.InternalError {
			t.Errorf("%s: completion answered %d %q, want -32603", marker, e.Code, e.Message)
		}
	}
	s.open(t, policyURI, "json", 1, typoPolicy)
	s.diagnostics(t, policyURI, 1)
	if log := s.logBuf.String(); !strings.Contains(log, "panic") || !strings.Contains(log, "goroutine") {
		t.Errorf("panics not logged with a stack:\n%s", log)
	}
}

// An initialize request without params (a client that sends none) is
// answered with the defaults.
func TestInitializeWithoutParams(t *testing.T) {
	s := newSession(t, nil)
	if err := s.client.WriteRaw([]byte(frame(`{"jsonrpc": "2.0", "id": 1, "method": "initialize"}`))); err != nil {
		t.Fatal(err)
	}
	resp, err := s.client.WaitReply(ctxT(t), jsonrpc2.NewNumberID(1))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Capabilities struct {
			CompletionProvider *struct{} `json:"completionProvider"`
		} `json:"capabilities"`
	}
	if resp.Err() != nil || json.Unmarshal(resp.Result(), &res) != nil || res.Capabilities.CompletionProvider == nil {
		t.Errorf("initialize without params: %v %s", resp.Err(), resp.Result())
	}
}

// When the client's end closes without exit, the server stops with status
// 0 after a shutdown and 1 without one.
func TestInputClosedWithoutExit(t *testing.T) {
	for _, shutdown := range []bool{true, false} {
		s := initialized(t, nil, nil)
		if shutdown {
			var result json.RawMessage
			if err := s.client.Call(ctxT(t), "shutdown", nil, &result); err != nil {
				t.Fatal(err)
			}
		}
		_ = s.client.Close()
		want := 1
		if shutdown {
			want = 0
		}
		if code := s.exitStatus(t); code != want {
			t.Errorf("shutdown %v, input closed: status %d, want %d", shutdown, code, want)
		}
	}
}

// A request id may be a long string: the reply carries it whole, also
// around a short result.
func TestLongStringID(t *testing.T) {
	s := initialized(t, nil, nil)
	id := "é😀-" + strings.Repeat("x", 200)
	if err := s.client.SendRaw(id, "shutdown", nil); err != nil {
		t.Fatal(err)
	}
	resp, err := s.client.WaitReply(ctxT(t), jsonrpc2.NewStringID(id))
	if err != nil || resp.Err() != nil || len(resp.Result()) != 0 && string(resp.Result()) != "null" {
		t.Errorf("shutdown with a long id: %v %v %s", err, resp.Err(), resp.Result())
	}
}
