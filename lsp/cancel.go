package lsp

import (
	"context"
	"encoding/json"
	"math"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// inflight tracks the requests being worked on so that $/cancelRequest can
// stop them. jsonrpc2.CancelHandler cannot be used: the library decodes the
// cancelled id into interface{}, a numeric id becomes a float64 and never
// matches the int32 id of the request (pitfall 1). Here the raw id is
// turned back into a jsonrpc2.ID, numbers and strings alike.
type inflight struct {
	mu       sync.Mutex
	requests map[jsonrpc2.ID]context.CancelFunc
}

func newInflight() *inflight {
	return &inflight{requests: make(map[jsonrpc2.ID]context.CancelFunc)}
}

// begin registers a request; the returned function must be called when the
// request has been answered.
func (f *inflight) begin(ctx context.Context, id jsonrpc2.ID) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	f.mu.Lock()
	f.requests[id] = cancel
	f.mu.Unlock()
	return ctx, func() {
		f.mu.Lock()
		delete(f.requests, id)
		f.mu.Unlock()
		cancel()
	}
}

// cancel cancels the request with the given raw JSON id, if it is still
// running; a cancellation for an unknown or finished request is ignored, as
// LSP asks.
func (f *inflight) cancel(raw json.RawMessage) bool {
	id, ok := parseID(raw)
	if !ok {
		return false
	}
	f.mu.Lock()
	cancel, found := f.requests[id]
	f.mu.Unlock()
	if found {
		cancel()
	}
	return found
}

// cancelAll stops every request (at exit).
func (f *inflight) cancelAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, cancel := range f.requests {
		cancel()
	}
}

// parseID reads a request id as jsonrpc2 represents it: an int32 number or
// a string. A number written as 7.0 is the id 7.
func parseID(raw json.RawMessage) (jsonrpc2.ID, bool) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return jsonrpc2.ID{}, false
	}
	switch v := v.(type) {
	case float64:
		if v != math.Trunc(v) || v < math.MinInt32 || v > math.MaxInt32 {
			return jsonrpc2.ID{}, false
		}
		return jsonrpc2.NewNumberID(int32(v)), true
	case string:
		return jsonrpc2.NewStringID(v), true
	}
	return jsonrpc2.ID{}, false
}
