package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// rssOf reads a process's resident set size from /proc.
func rssOf(t testing.TB, pid int) int64 {
	t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range bytes.Split(status, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmRSS:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatal("no VmRSS in /proc status")
	return 0
}

// loadEveryService opens an IAM policy and hovers on its "*" action, which
// makes the server parse every service's data.
func loadEveryService(t *testing.T, p *lspProcess) {
	t.Helper()
	const uri = "file:///memory/iam-policy.json"
	src := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "*"], "Resource": "*"}]}`
	if err := p.client.Open(serveCtx(t), uri, "json", 1, src); err != nil {
		t.Fatal(err)
	}
	p.diagnostics(t, uri, 1)
	var h struct {
		Contents struct{ Value string } `json:"contents"`
	}
	p.call(t, "textDocument/hover", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"position":     map[string]any{"line": 0, "character": strings.Index(src, `"*"`) + 1},
	}, &h)
	if !strings.Contains(h.Contents.Value, "services") {
		t.Fatalf("hover on * does not count every service's actions: %q", h.Contents.Value)
	}
}

// The server's resident memory with many 32 KB key policies open, through
// the built binary as shipped: issue 17 asks for at most 25 MB with 100
// open and 60 MB with 1,000. 100 documents measure 23.0–23.6 MB since the
// collector's headroom is 4 MB and its smallest heap 12 MB (internal/gctune;
// they were 25.0–26.2 MB at 6 and 16 MB). Each document differs from the
// others (its Id), as files in a repository do.
func TestServeMemoryOfOpenDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("opens up to 1,000 documents in the built binary")
	}
	for _, c := range []struct {
		docs  int
		limit int64
	}{{100, 25 << 20}, {1000, 60 << 20}} {
		t.Run(strconv.Itoa(c.docs), func(t *testing.T) {
			p := startServer(t)
			p.initialize(t, nil)
			pid := p.cmd.Process.Pid
			t.Logf("after initialize: RSS %.1f MB", float64(rssOf(t, pid))/(1<<20))
			policy := string(policygen.KeyPolicy(32 << 10))
			for i := range c.docs {
				uri := fmt.Sprintf("file:///memory/policy-%04d.json", i)
				src := bytes.Replace([]byte(policy), []byte("key-policy-generated"), []byte(fmt.Sprintf("key-policy-%04d", i)), 1)
				if err := p.client.Open(serveCtx(t), uri, "json", 1, string(src)); err != nil {
					t.Fatal(err)
				}
				p.diagnostics(t, uri, 1)
			}
			open := rssOf(t, pid)
			time.Sleep(2 * time.Second) // the runtime returns freed pages to the kernel in the background
			settled := rssOf(t, pid)
			t.Logf("%d open documents of 32 KB: RSS %.1f MB, %.1f MB two seconds later", c.docs, float64(open)/(1<<20), float64(settled)/(1<<20))
			if open > c.limit {
				t.Errorf("RSS %.1f MB with %d open documents, over the bound of %d MB", float64(open)/(1<<20), c.docs, c.limit>>20)
			}
			// The figure with every service's data parsed too, which a
			// hover on "*" in an IAM policy asks for: stated, not bounded
			// here (TestRSSWithEveryServiceLoaded bounds what it adds).
			loadEveryService(t, p)
			t.Logf("%d open documents and every service parsed: RSS %.1f MB", c.docs, float64(rssOf(t, pid))/(1<<20))
		})
	}
}
