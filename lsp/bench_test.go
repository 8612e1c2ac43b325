package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// policyOfSize builds a key policy of about n bytes (statements with
// conditions, as real large key policies have).
func policyOfSize(n int) string {
	var b strings.Builder
	b.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	for i := 0; b.Len() < n; i++ {
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
	return b.String()
}

// keystrokes are the edits the keystroke benchmarks alternate between:
// typing a character and deleting it again. "in-string" types into the
// first statement's Sid value, so the policy stays well-formed JSON;
// "breaks-json" types a stray character after the statement's '{', so
// every other version is half-typed text.
var keystrokes = []struct {
	name         string
	line, column uint32
}{{"in-string", 4, 14}, {"breaks-json", 3, 5}}

func keystroke(i int, line, column uint32) lsptest.Change {
	if i%2 == 1 {
		return lsptest.Edit(line, column, line, column+1, "")
	}
	return lsptest.Edit(line, column, line, column, "x")
}

// BenchmarkKeystroke32KB measures one keystroke through the real server
// over a pipe: from sending didChange to receiving the publishDiagnostics
// of that version, on a 32 KB policy.
func BenchmarkKeystroke32KB(b *testing.B) {
	for _, k := range keystrokes {
		b.Run(k.name, func(b *testing.B) {
			s := initialized(b, nil, nil)
			src := policyOfSize(32 << 10)
			s.open(b, policyURI, "json", 1, src)
			s.diagnostics(b, policyURI, 1)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v := int32(i + 2)
				mark := s.client.Mark()
				s.change(b, policyURI, v, keystroke(i, k.line, k.column))
				if _, err := s.client.WaitDiagnosticsAfter(ctxT(b), mark, policyURI, lsptest.Version(v)); err != nil {
					b.Fatalf("waiting for diagnostics of version %d: %v", v, err)
				}
			}
		})
	}
}

// BenchmarkStoreKeystroke32KB measures the server's own work for one
// keystroke, without the pipe and the client: the incremental change
// applied through the document store, the new snapshot analysed, and its
// findings converted to LSP diagnostics.
func BenchmarkStoreKeystroke32KB(b *testing.B) {
	for _, k := range keystrokes {
		b.Run(k.name, func(b *testing.B) {
			st := newStore(analysis.Reanalyze)
			src := policyOfSize(32 << 10)
			sn := st.open(policyURI, "json", 1, []byte(src))
			publishable(b, sn)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c := keystroke(i, k.line, k.column)
				change := contentChange{Text: c.Text, Range: &wireRange{
					Start: wirePosition{Line: int(c.Range.Start.Line), Character: int(c.Range.Start.Character)},
					End:   wirePosition{Line: int(c.Range.End.Line), Character: int(c.Range.End.Character)},
				}}
				sn, err := st.change(policyURI, int32(i+2), []contentChange{change})
				if err != nil {
					b.Fatal(err)
				}
				publishable(b, sn)
			}
		})
	}
}

// publishable analyses a snapshot and converts its findings as the
// publisher does.
func publishable(b *testing.B, sn *snapshot) []protocol.Diagnostic {
	res, err := sn.await()
	if err != nil || res.Doc == nil {
		b.Fatalf("snapshot not analysed: %+v %v", res, err)
	}
	diags := make([]protocol.Diagnostic, 0, len(res.Doc.Diagnostics))
	for _, d := range res.Doc.Diagnostics {
		diags = append(diags, toProtocolDiagnostic(res.Doc.Lines, d))
	}
	return diags
}

// completionBenchPlaces are the places BenchmarkCompletionHandler asks at,
// in the last statement of a 32 KB key policy: the busiest (a condition
// operator typed without its colon, 157 proposals) and the one issue 17
// measured (an empty action string, 68).
var completionBenchPlaces = []struct{ name, statement string }{
	{"operator", `{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"|"}}`},
	{"action", `{"Effect": "Allow", "Principal": "*", "Action": ["|"], "Resource": "*"}`},
}

// benchServer is a server initialised as VS Code initialises it, with a
// 32 KB key policy open whose last statement is statement, analysed. It
// returns the params of a completion request at the statement's '|'.
func benchServer(b *testing.B, statement string) (*Server, json.RawMessage) {
	b.Helper()
	srv := New(Options{})
	init, _ := json.Marshal(map[string]any{"capabilities": lsptest.VSCodeCapabilities})
	if _, err := srv.initialize(init); err != nil {
		b.Fatal(err)
	}
	src := policyOfSize(32 << 10)
	src = src[:strings.LastIndex(src, "}")] // drop the policy's closing brace
	src = src[:strings.LastIndex(src, "]")] + ",\n    " + statement + "\n  ]\n}\n"
	off := strings.Index(src, "|")
	src = src[:off] + src[off+1:]
	sn := srv.docs.open(policyURI, "json", 1, []byte(src))
	if res, err := sn.await(); err != nil || res.Doc == nil {
		b.Fatalf("not analysed: %v", err)
	}
	pos := sn.lines.Position(off)
	params, _ := json.Marshal(lsptest.Position(policyURI, uint32(pos.Line), uint32(pos.Character)))
	return srv, params
}

// answer runs a request as the read loop does, through to the encoded
// response, without the pipe.
func answer(b *testing.B, srv *Server, method string, params json.RawMessage) int {
	_, work, err := requests[method].prepare(srv, params)
	if err != nil {
		b.Fatal(err)
	}
	result, err := work(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	r := result.(encodedResult)
	frame, err := r.frame(jsonrpc2.NewNumberID(7))
	if err != nil {
		b.Fatal(err)
	}
	body := frame[bytes.Index(frame, []byte("\r\n\r\n"))+4:]
	size := len(body)
	r.release() // as writeResult does, once the frame is written
	return size
}

// BenchmarkCompletionHandler is the server's work for one completion
// request, from its params to the encoded response: decoding, the
// proposals, encoding the list. The reply's size is reported as B/reply.
func BenchmarkCompletionHandler(b *testing.B) {
	for _, p := range completionBenchPlaces {
		b.Run(p.name, func(b *testing.B) {
			srv, params := benchServer(b, p.statement)
			size := answer(b, srv, "textDocument/completion", params)
			b.ReportAllocs()
			for b.Loop() {
				answer(b, srv, "textDocument/completion", params)
			}
			b.ReportMetric(float64(size), "B/reply")
		})
	}
}

// BenchmarkResolveHandler is the server's work for completionItem/resolve
// of an action as VS Code sends it back: decoding the item, adding its
// detail and documentation, encoding the response.
func BenchmarkResolveHandler(b *testing.B) {
	srv, params := benchServer(b, completionBenchPlaces[1].statement)
	var list struct{ Items []json.RawMessage }
	_, work, _ := requests["textDocument/completion"].prepare(srv, params)
	result, err := work(context.Background())
	if err != nil || json.Unmarshal(result.(encodedResult).JSON(), &list) != nil {
		b.Fatalf("completion answered %v", err)
	}
	var item json.RawMessage
	for _, it := range list.Items {
		if strings.Contains(string(it), `"kms:Decrypt"`) {
			item = it
		}
	}
	if item == nil {
		b.Fatal("kms:Decrypt not proposed")
	}
	size := answer(b, srv, "completionItem/resolve", item)
	b.ReportAllocs()
	for b.Loop() {
		answer(b, srv, "completionItem/resolve", item)
	}
	b.ReportMetric(float64(size), "B/reply")
}
