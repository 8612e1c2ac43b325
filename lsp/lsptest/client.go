// Package lsptest is a small LSP client for tests: it talks to a language
// server over any byte stream with go.lsp.dev/jsonrpc2, records the
// notifications the server sends, and lets a test wait for them without
// sleeping. The lsp package's tests use it over in-memory pipes, and
// cmd/kms-policy-ls's end-to-end tests over a child process's stdio.
package lsptest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// Notification is a notification received from the server.
type Notification struct {
	Method string
	Params json.RawMessage

	diags *Diagnostics // decoded once, for publishDiagnostics
}

// Diagnostics is a textDocument/publishDiagnostics notification, decoded
// without go.lsp.dev/protocol's type so that what was on the wire is seen:
// a missing version stays nil, and Raw keeps the params as sent.
type Diagnostics struct {
	URI         string                `json:"uri"`
	Version     *int32                `json:"version"`
	Diagnostics []protocol.Diagnostic `json:"diagnostics"`
	Raw         json.RawMessage       `json:"-"`
}

// Client is one client connection.
type Client struct {
	conn jsonrpc2.Conn
	raw  io.Writer

	mu      sync.Mutex
	notes   []Notification
	orphans []*jsonrpc2.Error // error replies with no id (to unreadable messages)
	replies map[jsonrpc2.ID]*jsonrpc2.Response
	changed chan struct{} // closed and replaced when something arrives
	answer  func(method string, params json.RawMessage) (any, error)
}

// New starts a client on rwc. Raw bytes for malformed-message tests can be
// written with WriteRaw.
func New(rwc io.ReadWriteCloser) *Client {
	c := &Client{raw: rwc, changed: make(chan struct{}), replies: make(map[jsonrpc2.ID]*jsonrpc2.Response)}
	c.conn = jsonrpc2.NewConn(&tap{Stream: jsonrpc2.NewStream(rwc), in: bufio.NewReader(rwc), c: c})
	c.conn.Go(context.Background(), c.handle)
	return c
}

// tap reads the server's frames itself: jsonrpc2's stream fails, and its
// connection closes, on a reply whose id is null, which is what a server
// sends to a message it could not read. Such replies are recorded as
// orphans; every other reply is also recorded by id, for SendRaw.
type tap struct {
	jsonrpc2.Stream
	in *bufio.Reader
	c  *Client
}

func (t *tap) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		body, err := ReadFrame(t.in)
		if err != nil {
			return nil, 0, err
		}
		var probe struct {
			ID    json.RawMessage `json:"id"`
			Error *jsonrpc2.Error `json:"error"`
		}
		if err := json.Unmarshal(body, &probe); err != nil {
			return nil, 0, fmt.Errorf("server sent invalid JSON: %w", err)
		}
		if string(probe.ID) == "null" && probe.Error != nil {
			t.c.record(func() { t.c.orphans = append(t.c.orphans, probe.Error) })
			continue
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if resp, ok := msg.(*jsonrpc2.Response); ok {
			t.c.record(func() { t.c.replies[resp.ID()] = resp })
		}
		return msg, int64(len(body)), err
	}
}

// ReadFrame reads one Content-Length framed body, for tests that read a
// server's output without a client.
func ReadFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		line = strings.TrimSpace(line)
		if line == "" {
			break
		}
		name, value, _ := strings.Cut(line, ":")
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil {
				return nil, fmt.Errorf("bad Content-Length %q", value)
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("frame without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}

func (c *Client) record(f func()) {
	c.mu.Lock()
	f()
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
}

func (c *Client) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	if _, ok := req.(*jsonrpc2.Call); ok {
		c.mu.Lock()
		answer := c.answer
		c.mu.Unlock()
		if answer == nil {
			return reply(ctx, nil, nil)
		}
		// Off the read loop, so that the answer may itself talk to the
		// server.
		go func() {
			result, err := answer(req.Method(), req.Params())
			_ = reply(ctx, result, err)
		}()
		return nil
	}
	n := Notification{Method: req.Method(), Params: append(json.RawMessage(nil), req.Params()...)}
	if n.Method == "textDocument/publishDiagnostics" {
		var d Diagnostics
		if err := json.Unmarshal(n.Params, &d); err == nil {
			d.Raw = n.Params
			n.diags = &d
		}
	}
	c.record(func() { c.notes = append(c.notes, n) })
	return nil
}

// Call sends a request and decodes its result into result (which may be
// nil). A JSON-RPC error reply is returned as a *jsonrpc2.Error.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

// Notify sends a notification.
func (c *Client) Notify(ctx context.Context, method string, params any) error {
	return c.conn.Notify(ctx, method, params)
}

// WriteRaw writes bytes to the server as they are. It is not synchronised
// with the connection's own writes: do not use it while a Call or Notify
// is being sent from another goroutine.
func (c *Client) WriteRaw(b []byte) error {
	_, err := c.raw.Write(b)
	return err
}

// Done is closed when the connection ends.
func (c *Client) Done() <-chan struct{} { return c.conn.Done() }

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Notifications returns the notifications received so far.
func (c *Client) Notifications() []Notification {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Notification(nil), c.notes...)
}

// wait waits until check, run under the lock, reports true.
func (c *Client) wait(ctx context.Context, check func() bool) error {
	for {
		c.mu.Lock()
		ok := check()
		ch := c.changed
		c.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-c.conn.Done():
			c.mu.Lock()
			ok := check()
			c.mu.Unlock()
			if ok {
				return nil
			}
			return fmt.Errorf("connection closed while waiting")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// WaitNotification waits for a notification, received at any time so far,
// for which match reports true, and returns the latest such.
func (c *Client) WaitNotification(ctx context.Context, match func(Notification) bool) (Notification, error) {
	return c.WaitNotificationAfter(ctx, 0, match)
}

// Mark is the number of notifications received so far, for the ...After
// waits: a loop that waits for one new notification per round then looks
// only at what came since, instead of at a history that grows every round.
func (c *Client) Mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.notes)
}

// WaitNotificationAfter is WaitNotification for the notifications received
// after the first mark ones (see Mark).
func (c *Client) WaitNotificationAfter(ctx context.Context, mark int, match func(Notification) bool) (Notification, error) {
	var found Notification
	err := c.wait(ctx, func() bool {
		for i := len(c.notes) - 1; i >= mark; i-- {
			if n := c.notes[i]; match(n) {
				found = n
				return true
			}
		}
		return false
	})
	return found, err
}

// WaitDiagnostics waits for diagnostics of uri for which match reports
// true (a nil match accepts any), and returns the latest such.
func (c *Client) WaitDiagnostics(ctx context.Context, uri string, match func(Diagnostics) bool) (Diagnostics, error) {
	return c.WaitDiagnosticsAfter(ctx, 0, uri, match)
}

// WaitDiagnosticsAfter is WaitDiagnostics for the notifications received
// after the first mark ones (see Mark).
func (c *Client) WaitDiagnosticsAfter(ctx context.Context, mark int, uri string, match func(Diagnostics) bool) (Diagnostics, error) {
	var found Diagnostics
	_, err := c.WaitNotificationAfter(ctx, mark, func(n Notification) bool {
		d, ok := decodeDiagnostics(n)
		if !ok || d.URI != uri || (match != nil && !match(d)) {
			return false
		}
		found = d
		return true
	})
	return found, err
}

// AllDiagnostics returns every publishDiagnostics for uri received so far,
// in order.
func (c *Client) AllDiagnostics(uri string) []Diagnostics {
	var out []Diagnostics
	for _, n := range c.Notifications() {
		if d, ok := decodeDiagnostics(n); ok && d.URI == uri {
			out = append(out, d)
		}
	}
	return out
}

// Version matches diagnostics published for one document version.
func Version(v int32) func(Diagnostics) bool {
	return func(d Diagnostics) bool { return d.Version != nil && *d.Version == v }
}

func decodeDiagnostics(n Notification) (Diagnostics, bool) {
	if n.diags == nil {
		return Diagnostics{}, false
	}
	return *n.diags, true
}

// WaitOrphanError waits for the n-th (1-based) error reply that carries no
// id, sent for a message the server could not read.
func (c *Client) WaitOrphanError(ctx context.Context, n int) (*jsonrpc2.Error, error) {
	var found *jsonrpc2.Error
	err := c.wait(ctx, func() bool {
		if len(c.orphans) >= n {
			found = c.orphans[n-1]
			return true
		}
		return false
	})
	return found, err
}

// Open sends textDocument/didOpen.
func (c *Client) Open(ctx context.Context, uri, languageID string, version int32, text string) error {
	return c.Notify(ctx, "textDocument/didOpen", map[string]any{
		"textDocument": map[string]any{"uri": uri, "languageId": languageID, "version": version, "text": text},
	})
}

// Change is one content change; a nil Range replaces the whole text.
type Change struct {
	Range *protocol.Range `json:"range,omitempty"`
	Text  string          `json:"text"`
}

// Edit makes a ranged change.
func Edit(startLine, startChar, endLine, endChar uint32, text string) Change {
	return Change{Range: &protocol.Range{
		Start: protocol.Position{Line: startLine, Character: startChar},
		End:   protocol.Position{Line: endLine, Character: endChar},
	}, Text: text}
}

// ChangeText sends textDocument/didChange.
func (c *Client) ChangeText(ctx context.Context, uri string, version int32, changes ...Change) error {
	return c.Notify(ctx, "textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": changes,
	})
}

// Position makes TextDocumentPositionParams.
func Position(uri string, line, character uint32) map[string]any {
	return map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     map[string]any{"line": line, "character": character},
	}
}

// Initialize sends initialize (with snippet support and the given
// initializationOptions) and initialized, and returns the raw result.
func (c *Client) Initialize(ctx context.Context, options any) (json.RawMessage, error) {
	return c.InitializeWith(ctx, map[string]any{
		"textDocument": map[string]any{"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}}},
		"general":      map[string]any{"positionEncodings": []string{"utf-16"}},
	}, options)
}

// VSCodeCapabilities are the completion capabilities VS Code 1.100 sends
// (vscode-languageclient 9): snippets, lazy documentation, and the item
// defaults of LSP 3.17.
var VSCodeCapabilities = map[string]any{
	"textDocument": map[string]any{"completion": map[string]any{
		"completionItem": map[string]any{
			"snippetSupport":          true,
			"documentationFormat":     []string{"markdown", "plaintext"},
			"deprecatedSupport":       true,
			"tagSupport":              map[string]any{"valueSet": []int{1}},
			"insertReplaceSupport":    true,
			"resolveSupport":          map[string]any{"properties": []string{"documentation", "detail", "additionalTextEdits"}},
			"insertTextModeSupport":   map[string]any{"valueSet": []int{1, 2}},
			"labelDetailsSupport":     true,
			"commitCharactersSupport": true,
		},
		"completionList": map[string]any{
			"itemDefaults": []string{"commitCharacters", "editRange", "insertTextFormat", "insertTextMode", "data"},
		},
	}},
	"general": map[string]any{"positionEncodings": []string{"utf-16"}},
}

// InitializeWith is Initialize with the client capabilities given.
func (c *Client) InitializeWith(ctx context.Context, capabilities, options any) (json.RawMessage, error) {
	var result json.RawMessage
	params := map[string]any{
		"processId":    nil,
		"rootUri":      nil,
		"capabilities": capabilities,
	}
	if options != nil {
		params["initializationOptions"] = options
	}
	if err := c.Call(ctx, "initialize", params, &result); err != nil {
		return nil, err
	}
	return result, c.Notify(ctx, "initialized", map[string]any{})
}

// SendRaw frames and writes a request with an id of the caller's choosing
// (a number or a string), bypassing the connection's own numbering; its
// reply is read with WaitReply.
func (c *Client) SendRaw(id any, method string, params any) error {
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	return c.WriteRaw([]byte(fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)))
}

// WaitReply waits for the reply to the request with the given id.
func (c *Client) WaitReply(ctx context.Context, id jsonrpc2.ID) (*jsonrpc2.Response, error) {
	var found *jsonrpc2.Response
	err := c.wait(ctx, func() bool {
		found = c.replies[id]
		return found != nil
	})
	return found, err
}

// Answer sets how the client answers requests from the server (by
// default with a null result).
func (c *Client) Answer(f func(method string, params json.RawMessage) (any, error)) {
	c.mu.Lock()
	c.answer = f
	c.mu.Unlock()
}
