package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// waitLimit bounds every wait in these tests. It is a failure detector,
// never a synchronisation: tests wait for the event itself.
const waitLimit = 20 * time.Second

// session is a server and a client joined by an in-memory pipe.
type session struct {
	t      *testing.T
	srv    *Server
	client *lsptest.Client
	status chan int // Run's return value
	logBuf *syncBuffer
}

// syncBuffer is a log sink that tests can read while the server writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// newSession starts a server; setup may adjust it before it runs.
func newSession(t testing.TB, setup func(*Server)) *session {
	t.Helper()
	logBuf := &syncBuffer{}
	srv := New(Options{Version: "test", Log: logBuf})
	if setup != nil {
		setup(srv)
	}
	serverEnd, clientEnd := net.Pipe()
	s := &session{srv: srv, status: make(chan int, 1), logBuf: logBuf}
	if tt, ok := t.(*testing.T); ok {
		s.t = tt
	}
	go func() { s.status <- srv.Run(context.Background(), serverEnd, serverEnd, serverEnd) }()
	s.client = lsptest.New(clientEnd)
	t.Cleanup(func() {
		_ = s.client.Close()
		select {
		case <-s.status:
		case <-time.After(waitLimit):
			t.Errorf("server did not stop after the client went away")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logBuf.String())
		}
	})
	return s
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	t.Cleanup(cancel)
	return ctx
}

// initialized starts a session and initializes it with options.
func initialized(t testing.TB, options any, setup func(*Server)) *session {
	t.Helper()
	s := newSession(t, setup)
	if _, err := s.client.Initialize(ctxT(t), options); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	return s
}

func (s *session) open(t testing.TB, uri, lang string, version int32, text string) {
	t.Helper()
	if err := s.client.Open(ctxT(t), uri, lang, version, text); err != nil {
		t.Fatalf("didOpen: %v", err)
	}
}

func (s *session) change(t testing.TB, uri string, version int32, changes ...lsptest.Change) {
	t.Helper()
	if err := s.client.ChangeText(ctxT(t), uri, version, changes...); err != nil {
		t.Fatalf("didChange: %v", err)
	}
}

func (s *session) diagnostics(t testing.TB, uri string, version int32) lsptest.Diagnostics {
	t.Helper()
	d, err := s.client.WaitDiagnostics(ctxT(t), uri, lsptest.Version(version))
	if err != nil {
		t.Fatalf("waiting for diagnostics of %s version %d: %v", uri, version, err)
	}
	return d
}

func (s *session) call(t testing.TB, method string, params, result any) {
	t.Helper()
	if err := s.client.Call(ctxT(t), method, params, result); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

// callErr makes a call that must fail and returns its JSON-RPC error.
func (s *session) callErr(t testing.TB, method string, params any) *jsonrpc2.Error {
	t.Helper()
	err := s.client.Call(ctxT(t), method, params, nil)
	var rpc *jsonrpc2.Error
	if !errors.As(err, &rpc) {
		t.Fatalf("%s: want a JSON-RPC error, got %v", method, err)
	}
	return rpc
}

// exitStatus waits for Run to return.
func (s *session) exitStatus(t testing.TB) int {
	t.Helper()
	select {
	case code := <-s.status:
		s.status <- code // for Cleanup
		return code
	case <-time.After(waitLimit):
		t.Fatalf("server did not exit")
	}
	return -1
}

func codes(d lsptest.Diagnostics) []string {
	var out []string
	for _, x := range d.Diagnostics {
		c, _ := x.Code.(string)
		out = append(out, c)
	}
	return out
}

func hasCode(d lsptest.Diagnostics, code string) bool {
	for _, c := range codes(d) {
		if c == code {
			return true
		}
	}
	return false
}

func mustJSON(t testing.TB, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// frame wraps a body in an LSP header.
func frame(body string) string {
	return "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
}
