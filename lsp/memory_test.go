package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Memory held by the server for open documents, measured through the real
// server: each 32 KB policy costs its text and its line index, and those
// used last their syntax tree, model and memo too, up to the budget of
// heldAnalyses (about 20 such documents). Issue 17 asks for 12 MB; this
// test measures 11.4 MB (BENCHMARKS.md), 45 MB when every analysis was kept.
const (
	memDocs        = 100
	memDocSize     = 32 << 10
	memOpenLimit   = 12 << 20 // for all memDocs documents
	memClosedLimit = 1 << 20  // what may remain once they are closed
)

// heapInUse is the live heap after collecting garbage.
func heapInUse() int64 {
	var ms runtime.MemStats
	for range 2 { // a second cycle frees what the first one's finalisers released
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// rawClient speaks to a server with hand-made frames and keeps nothing it
// receives beyond which documents got diagnostics, so that the heap it
// leaves is the server's. (lsptest.Client keeps every notification.)
type rawClient struct {
	w         io.Writer
	published chan publishedDiags
}

type publishedDiags struct {
	uri     string
	version *int32
	count   int
}

func newRawClient(t *testing.T) *rawClient {
	serverEnd, clientEnd := net.Pipe()
	srv := New(Options{Version: "test"})
	done := make(chan int, 1)
	go func() { done <- srv.Run(context.Background(), serverEnd, serverEnd, serverEnd) }()
	c := &rawClient{w: clientEnd, published: make(chan publishedDiags, 16)}
	go c.read(bufio.NewReader(clientEnd))
	t.Cleanup(func() {
		clientEnd.Close()
		select {
		case <-done:
		case <-time.After(waitLimit):
			t.Error("server did not stop")
		}
	})
	c.send(t, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}`)
	return c
}

func (c *rawClient) send(t *testing.T, body string) {
	t.Helper()
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
		t.Fatal(err)
	}
}

func (c *rawClient) read(r *bufio.Reader) {
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var msg struct {
			Method string `json:"method"`
			Params struct {
				URI         string            `json:"uri"`
				Version     *int32            `json:"version"`
				Diagnostics []json.RawMessage `json:"diagnostics"`
			} `json:"params"`
		}
		if json.Unmarshal(body, &msg) == nil && msg.Method == "textDocument/publishDiagnostics" {
			c.published <- publishedDiags{msg.Params.URI, msg.Params.Version, len(msg.Params.Diagnostics)}
		}
	}
}

// waitPublished waits for diagnostics of uri that match.
func (c *rawClient) waitPublished(t *testing.T, uri string, match func(publishedDiags) bool) publishedDiags {
	t.Helper()
	timeout := time.After(waitLimit)
	for {
		select {
		case p := <-c.published:
			if p.uri == uri && match(p) {
				return p
			}
		case <-timeout:
			t.Fatalf("no diagnostics for %s", uri)
		}
	}
}

func TestMemoryOfOpenDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the heap of 100 analysed documents")
	}
	c := newRawClient(t)
	c.send(t, `{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	text, _ := json.Marshal(policyOfSize(memDocSize))
	uri := func(i int) string { return fmt.Sprintf("file:///memory/policy-%03d.json", i) }
	base := heapInUse()
	for i := range memDocs {
		c.send(t, fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":%q,"languageId":"json","version":1,"text":%s}}}`, uri(i), text))
		// Diagnostics of version 1 mean the document is analysed, and its
		// snapshot holds the analysis.
		c.waitPublished(t, uri(i), func(p publishedDiags) bool { return p.version != nil && *p.version == 1 && p.count > 0 })
	}
	open := heapInUse() - base
	t.Logf("%d open documents of %d bytes: %.1f MB held, %.0f KB each", memDocs, memDocSize, float64(open)/(1<<20), float64(open)/memDocs/1024)
	if open < memDocs*memDocSize {
		// Less than the texts themselves: the measurement is not measuring.
		t.Fatalf("only %d bytes held for %d documents of %d bytes", open, memDocs, memDocSize)
	}
	if open > memOpenLimit {
		t.Errorf("%d open documents hold %.1f MB, over the bound of %d MB", memDocs, float64(open)/(1<<20), memOpenLimit>>20)
	}

	for i := range memDocs {
		c.send(t, fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":%q}}}`, uri(i)))
		// Closing clears the document's diagnostics; once that is
		// published the server has let go of it.
		c.waitPublished(t, uri(i), func(p publishedDiags) bool { return p.version == nil && p.count == 0 })
	}
	left := heapInUse() - base
	t.Logf("after closing them: %.2f MB left", float64(left)/(1<<20))
	if left > memClosedLimit {
		t.Errorf("closed documents not freed: %.1f MB still held, over the bound of %d MB", float64(left)/(1<<20), memClosedLimit>>20)
	}
}
