// Package lsp is the language server of kms-policy-ls: a thin adapter that
// turns LSP messages into calls on the analysis package and its answers
// back into LSP. Nothing here decides anything about policies.
//
// # Design
//
// The server uses go.lsp.dev/jsonrpc2 for its connection and message types
// and go.lsp.dev/protocol for most payload types, but not protocol.Server /
// protocol.ServerHandler: the dispatcher in this file is written by hand,
// because most of the library's known defects (listed in the README,
// numbered 1 to 12 in comments below) sit in that generated layer. Owning the dispatch lets the server
// decode didChange with an optional range (2), reply to every request
// itself and never hand jsonrpc2 an error that would close the connection
// (3), answer unknown methods with -32601 and keep error codes and messages
// together (5), ignore the params of shutdown and exit (6), match numeric
// cancellation ids (1), and keep the client connection in the Server
// rather than in a context (10).
//
// Concurrency: jsonrpc2 reads messages on one goroutine and calls Server.handle
// for each in order. handle does only cheap work there — lifecycle checks,
// applying text edits, taking the current snapshot for a request — so the
// order of edits and requests is the order on the wire. Anything slow runs
// elsewhere (12): a request that would wait for an analysis, or whose cost
// grows with the document, is answered from its own goroutine (a quick one
// about a finished analysis is answered on the spot, see request.quick),
// and each document's diagnostics from a per-document worker. A snapshot
// (one version under one configuration) is analysed once, by whoever needs
// it first.
//
// File map: stream.go frames messages; encode.go writes results already
// encoded (completion lists) without jsonrpc2's json.Marshal; cancel.go
// tracks requests in flight; recover.go turns panics into errors;
// documents.go holds the text and snapshots, and the analyses of the
// documents used last (heldAnalyses); settings.go and glob.go the
// configuration; diagnostics.go publishes findings; completion.go,
// hover.go, codeaction.go, symbols.go and formatting.go are one feature
// each; protocol.go holds the wire types the library lacks or gets wrong.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
)

// Options configure a Server.
type Options struct {
	// Version is reported in serverInfo.
	Version string
	// Log receives the server's log; nil discards it.
	Log io.Writer
}

// Server is one language server session.
type Server struct {
	version string
	log     *log.Logger

	conn     jsonrpc2.Conn // the client; kept here, not in a context (pitfall 10)
	stream   *stream       // conn's, for results already encoded (writeResult)
	ctx      context.Context
	docs     *store
	inflight *inflight
	diags    *publisher

	state atomic.Int32 // a lifecycle value
	// completionClient is what the client accepts in a completion list.
	completionClient atomic.Pointer[completionClient]

	exitOnce sync.Once
	exit     chan int

	// working counts requests being answered; replying counts those and
	// a pending shutdown reply.
	working, replying sync.WaitGroup

	// analyze is analysis.Reanalyze; tests replace it to hold or break an
	// analysis.
	analyze analyzeFunc
}

type lifecycle int32

const (
	uninitialized lifecycle = iota
	running
	shutDown
)

// New makes a server.
func New(opts Options) *Server {
	w := opts.Log
	if w == nil {
		w = io.Discard
	}
	s := &Server{
		version:  opts.Version,
		log:      log.New(w, "kms-policy-ls: ", log.LstdFlags|log.Lmicroseconds),
		inflight: newInflight(),
		exit:     make(chan int, 1),
		analyze:  analysis.Reanalyze,
	}
	s.docs = newStore(func(prev *analysis.Document, in analysis.Input, o analysis.Options) *analysis.Document {
		return s.analyze(prev, in, o)
	})
	s.diags = newPublisher(s)
	s.docs.files = newPolicyFiles(func(paths []string) {
		for _, uri := range s.docs.refresh(paths) {
			s.diags.schedule(uri)
		}
	})
	s.completionClient.Store(&completionClient{})
	return s
}

// Run serves one client reading from r and writing to w until the client
// sends exit or r ends. It returns the process exit status LSP asks for:
// 0 when shutdown came first, 1 otherwise. c is closed on return.
func (s *Server) Run(ctx context.Context, r io.Reader, w io.Writer, c io.Closer) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.ctx = ctx
	s.stream = newStream(r, w, s.log)
	s.conn = jsonrpc2.NewConn(s.stream)
	s.conn.Go(ctx, s.handle)
	code := 1
	select {
	case code = <-s.exit:
	case <-s.conn.Done():
		select {
		case code = <-s.exit: // exit was the last message before the end
		default:
			if s.lifecycle() == shutDown {
				code = 0
			}
			s.log.Printf("input closed (%v); exiting with status %d", s.conn.Err(), code)
		}
	case <-ctx.Done():
	}
	s.drain()
	s.inflight.cancelAll()
	cancel()
	_ = c.Close()
	return code
}

// drain lets the replies being worked on go out before the process ends,
// for clients that send exit without waiting for every answer. A reply
// stuck for longer is abandoned.
func (s *Server) drain() {
	done := make(chan struct{})
	go func() {
		s.replying.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(drainLimit):
		s.log.Printf("exiting with replies still pending")
	}
}

const drainLimit = 5 * time.Second

func (s *Server) lifecycle() lifecycle { return lifecycle(s.state.Load()) }

// handle is the jsonrpc2 handler. It always returns nil: an error returned
// to jsonrpc2 v0.10.0 closes the connection (pitfall 3), so every request is
// answered here, errors included.
func (s *Server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	if call, ok := req.(*jsonrpc2.Call); ok {
		s.handleCall(reply, call)
		return nil
	}
	s.handleNotification(req.Method(), req.Params())
	return nil
}

// requestFunc prepares a request on the read loop (decoding its params and
// taking the snapshot it is about, nil when the document is not open) and
// returns the work that answers it.
type requestFunc func(s *Server, params json.RawMessage) (*snapshot, func(context.Context) (any, error), error)

// request is how the server runs one method.
type request struct {
	prepare requestFunc
	// quick: the work answers in microseconds once the snapshot's analysis
	// has finished. It then runs on the read loop itself: handing it to a
	// goroutine and back cost ~30 µs of wake-ups per request on a 2-core
	// machine, ten times the work (BenchmarkRoundTripBinary). Work that
	// would wait for an analysis, or whose cost grows with the document
	// (formatting, the outline), runs on a goroutine of its own, so that
	// the read loop goes on reading, $/cancelRequest included.
	quick bool
}

var requests = map[string]request{
	"textDocument/completion":     {(*Server).completion, true},
	"completionItem/resolve":      {(*Server).resolveCompletion, true},
	"textDocument/hover":          {(*Server).hover, true},
	"textDocument/codeAction":     {(*Server).codeAction, true},
	"textDocument/documentSymbol": {(*Server).documentSymbol, false},
	"textDocument/documentLink":   {(*Server).documentLink, false},
	"textDocument/formatting":     {(*Server).formatting, false},
	// The lenses, hints and access table ask for the evaluation engine's
	// summary, made once a version, which costs more than the quick
	// requests: they run off the read loop.
	"textDocument/codeLens":    {(*Server).codeLens, false},
	"textDocument/inlayHint":   {(*Server).inlayHint, false},
	"workspace/executeCommand": {(*Server).executeCommand, false},
}

func (s *Server) handleCall(reply jsonrpc2.Replier, call *jsonrpc2.Call) {
	method := call.Method()
	respond := func(result any, err error) {
		if err != nil {
			result = nil
			err = rpcError(err)
		}
		// The server's context, not the request's: a cancelled request
		// must still get its -32800 written.
		var werr error
		if enc, ok := result.(encodedResult); ok {
			werr = s.stream.writeResult(call.ID(), enc)
		} else {
			werr = reply(s.ctx, result, err)
		}
		if werr != nil {
			s.log.Printf("replying to %s: %v", method, werr)
		}
	}
	var err error
	defer func() {
		s.recovered(method, &err)
		if err != nil {
			respond(nil, err)
		}
	}()

	switch st := s.lifecycle(); {
	case st == uninitialized && method != "initialize":
		respond(nil, jsonrpc2.Errorf(jsonrpc2.ServerNotInitialized, "%s before initialize", method))
		return
	case st == running && method == "initialize":
		respond(nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "initialize sent twice"))
		return
	case st == shutDown:
		respond(nil, jsonrpc2.Errorf(jsonrpc2.InvalidRequest, "%s after shutdown", method))
		return
	}

	switch method {
	case "initialize":
		result, ierr := s.initialize(call.Params())
		respond(result, ierr)
		return
	case "shutdown":
		// Params are not looked at: Emacs's eglot sends {} where LSP says
		// none, and the library then answered -32602 (pitfall 6).
		// Requests already received are answered first.
		s.state.Store(int32(shutDown))
		s.replying.Add(1)
		go func() {
			defer s.replying.Done()
			s.working.Wait()
			respond(nil, nil)
		}()
		return
	}
	r, ok := requests[method]
	if !ok {
		respond(nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s", method))
		return
	}
	sn, work, err := r.prepare(s, call.Params())
	if err != nil {
		return // answered by the deferred function
	}
	ctx, done := s.inflight.begin(s.ctx, call.ID())
	s.working.Add(1)
	s.replying.Add(1)
	answer := func() {
		defer s.replying.Done()
		defer s.working.Done()
		defer done()
		var result any
		var err error
		func() {
			defer s.recovered(method, &err)
			result, err = work(ctx)
		}()
		if ctx.Err() != nil {
			err = jsonrpc2.Errorf(protocol.CodeRequestCancelled, "%s cancelled", method)
		}
		respond(result, err)
	}
	if r.onReadLoop(sn) {
		answer()
		return
	}
	go answer()
}

// onReadLoop reports whether the request's work runs on the read loop:
// quick work about a snapshot whose analysis has finished (see quick).
func (r request) onReadLoop(sn *snapshot) bool { return r.quick && sn.finished() }

// rpcError gives every error a JSON-RPC code and keeps its whole message.
// A plain error would go out with code 0, and a wrapped *jsonrpc2.Error
// would lose the wrapping text (pitfall 5).
func rpcError(err error) *jsonrpc2.Error {
	var rpc *jsonrpc2.Error
	switch {
	case errors.As(err, &rpc):
		return jsonrpc2.Errorf(rpc.Code, "%s", err.Error())
	case errors.Is(err, context.Canceled):
		return jsonrpc2.Errorf(protocol.CodeRequestCancelled, "%s", err.Error())
	}
	return jsonrpc2.Errorf(jsonrpc2.InternalError, "%s", err.Error())
}

// decodeParams reads a request's params; a mismatch is -32602.
func decodeParams(raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "missing params")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid params: %v", err)
	}
	return nil
}

func (s *Server) handleNotification(method string, params json.RawMessage) {
	defer s.recovered(method, nil)
	switch method {
	case "exit":
		// Params ignored, for the same reason as shutdown's (pitfall 6).
		s.requestExit()
		return
	case "$/cancelRequest":
		var p cancelParams
		if err := json.Unmarshal(params, &p); err == nil {
			s.inflight.cancel(p.ID)
		}
		return
	}
	if s.lifecycle() != running {
		return // LSP: notifications before initialize or after shutdown are dropped
	}
	var err error
	switch method {
	case "textDocument/didOpen":
		err = s.didOpen(params)
	case "textDocument/didChange":
		err = s.didChange(params)
	case "textDocument/didClose":
		err = s.didClose(params)
	case "workspace/didChangeConfiguration":
		err = s.didChangeConfiguration(params)
	default:
		return // initialized, didSave, $/setTrace, and anything unknown
	}
	if err != nil {
		s.log.Printf("%s: %v", method, err)
	}
}

func (s *Server) requestExit() {
	code := 1
	if s.lifecycle() == shutDown {
		code = 0
	}
	s.exitOnce.Do(func() { s.exit <- code })
}

func (s *Server) initialize(raw json.RawMessage) (any, error) {
	var p initializeParams
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "invalid initialize params: %v", err)
		}
	}
	cfg, problems := parseSettings(p.InitializationOptions)
	for _, msg := range problems {
		s.log.Printf("initializationOptions: %s", msg)
	}
	s.docs.configure(cfg)
	comp := p.Capabilities.TextDocument.Completion
	s.completionClient.Store(&completionClient{
		snippets:       comp.CompletionItem.SnippetSupport,
		resolvesDetail: slices.Contains(comp.CompletionItem.ResolveSupport.Properties, "detail"),
		editRange:      slices.Contains(comp.CompletionList.ItemDefaults, "editRange"),
		formatDefault:  slices.Contains(comp.CompletionList.ItemDefaults, "insertTextFormat"),
	})
	s.state.Store(int32(running))
	return initializeResult{
		Capabilities: serverCapabilities{
			PositionEncoding: "utf-16",
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.TextDocumentSyncKindIncremental,
			},
			CompletionProvider: protocol.CompletionOptions{TriggerCharacters: []string{`"`, ":", "*"}, ResolveProvider: true},
			HoverProvider:      true,
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix},
			},
			DocumentSymbolProvider:     true,
			DocumentFormattingProvider: true,
			DocumentLinkProvider:       &protocol.DocumentLinkOptions{},
			CodeLensProvider:           &protocol.CodeLensOptions{},
			ExecuteCommandProvider:     &protocol.ExecuteCommandOptions{Commands: commands},
			InlayHintProvider:          true,
		},
		ServerInfo: protocol.ServerInfo{Name: "kms-policy-ls", Version: s.version},
	}, nil
}

func (s *Server) didOpen(raw json.RawMessage) error {
	var p didOpenParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	td := p.TextDocument
	s.docs.open(td.URI, td.LanguageID, td.Version, []byte(td.Text))
	s.diags.schedule(td.URI)
	return nil
}

func (s *Server) didChange(raw json.RawMessage) error {
	var p didChangeParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	if _, err := s.docs.change(p.TextDocument.URI, p.TextDocument.Version, p.ContentChanges); err != nil {
		return err
	}
	s.diags.schedule(p.TextDocument.URI)
	return nil
}

func (s *Server) didClose(raw json.RawMessage) error {
	var p textDocumentParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	if s.docs.close(p.TextDocument.URI) {
		s.diags.schedule(p.TextDocument.URI)
		s.docs.files.closed(p.TextDocument.URI)
	}
	return nil
}

func (s *Server) didChangeConfiguration(raw json.RawMessage) error {
	var p configurationParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return err
	}
	if !carriesSettings(p.Settings) {
		s.log.Printf("settings: didChangeConfiguration carries no kmsPolicy settings; keeping the current ones")
		return nil
	}
	cfg, problems := parseSettings(p.Settings)
	for _, msg := range problems {
		s.log.Printf("settings: %s", msg)
	}
	for _, uri := range s.docs.configure(cfg) {
		s.diags.schedule(uri)
	}
	return nil
}

// notify sends a notification to the client, logging a failure.
func (s *Server) notify(method string, params any) {
	if err := s.conn.Notify(s.ctx, method, params); err != nil {
		s.log.Printf("sending %s: %v", method, err)
	}
}

// snapshotFor returns the current snapshot of a document named in a
// request; nil when it is not open (the request then gets an empty answer).
func (s *Server) snapshotFor(uri string) *snapshot {
	sn := s.docs.get(uri)
	if sn == nil {
		s.log.Printf("request about %s, which is not open", uri)
	}
	return sn
}

// positionParams is TextDocumentPositionParams with the URI kept opaque.
type positionParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Position wirePosition `json:"position"`
}
