package lsp

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// encodeMessage must write what json.Marshal writes, byte for byte.
func TestEncodeMessageMatchesMarshal(t *testing.T) {
	version := int32(3)
	diags := publishDiagnosticsParams{URI: "file:///a<b>&c.json", Version: &version, Diagnostics: []protocol.Diagnostic{{
		Message: "\"quoted\" <html> & é 😀 \u2028", Code: "unknown-action", Source: "kms-policy-ls",
	}}}
	must := func(m jsonrpc2.Message, err error) jsonrpc2.Message {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	msgs := []jsonrpc2.Message{
		must(jsonrpc2.NewNotification("textDocument/publishDiagnostics", diags)),
		must(jsonrpc2.NewNotification("exit", nil)),
		must(jsonrpc2.NewNotification("a<&>b", map[string]any{})),
		must(jsonrpc2.NewResponse(jsonrpc2.NewNumberID(7), []string{"x"}, nil)),
		must(jsonrpc2.NewResponse(jsonrpc2.NewStringID("s<1>"), nil, nil)),
		must(jsonrpc2.NewResponse(jsonrpc2.NewNumberID(8), json.RawMessage("{ \"a\" : [1, 2] }"), nil)),
		must(jsonrpc2.NewResponse(jsonrpc2.NewNumberID(9), nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "boom <x>"))),
		must(jsonrpc2.NewResponse(jsonrpc2.NewNumberID(10), nil, errors.New("plain"))),
		must(jsonrpc2.NewCall(jsonrpc2.NewNumberID(11), "workspace/applyEdit", map[string]int{"a": 1})),
	}
	for _, m := range msgs {
		want, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeMessage(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("encodeMessage:\n got %s\nwant %s", got, want)
		}
	}
}

// A result's buffer goes back to the pool when released, up to maxPooled
// bytes; the result then no longer holds it, so that a second release
// cannot give it back twice. A larger buffer is left to the collector.
func TestReleaseResult(t *testing.T) {
	for _, c := range []struct {
		capacity int
		given    bool
	}{{resultHead + 4<<10, true}, {maxPooled, true}, {maxPooled + 1, false}} {
		r := encodedResult{buf: make([]byte, resultHead, c.capacity), head: resultHead, pooled: true}
		r.release()
		if given := r.buf == nil && !r.pooled; given != c.given {
			t.Errorf("a buffer of %d bytes given back: %v, want %v", c.capacity, given, c.given)
		}
	}
}
