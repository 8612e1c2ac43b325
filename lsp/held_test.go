package lsp

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// holds reports whether the snapshot keeps a finished analysis.
func holds(sn *snapshot) bool {
	res, ok := sn.ready()
	return ok && res.Doc != nil
}

// heldOf is a store whose budget holds the analyses of n documents of
// size bytes.
func heldOf(n, size int) *store {
	st := newStore(analysis.Reanalyze)
	st.held.budget = n * size * analysisBytesPerTextByte
	return st
}

// Only the analyses of the documents used last are kept; one let go is
// made again when it is asked for, and is then among the last used.
func TestHeldAnalysesAreTheLastUsed(t *testing.T) {
	src := policyOfSize(4 << 10)
	st := heldOf(3, len(src))
	var sns []*snapshot
	for i := range 6 {
		sn := st.open(fmt.Sprintf("file:///%d.json", i), "json", 1, []byte(src))
		if _, err := sn.await(); err != nil {
			t.Fatal(err)
		}
		sns = append(sns, sn)
	}
	for i, sn := range sns {
		if want := i >= 3; holds(sn) != want {
			t.Errorf("document %d holds its analysis: %v, want %v", i, holds(sn), want)
		}
	}
	// A request about document 0 analyses it again; 3, now the least
	// recently used, lets go of its analysis.
	res, err := sns[0].get(context.Background())
	if err != nil || res.Doc == nil || len(res.Doc.Diagnostics) == 0 {
		t.Fatalf("document 0 not analysed again: %+v %v", res, err)
	}
	if !holds(sns[0]) || holds(sns[3]) || !holds(sns[4]) || !holds(sns[5]) {
		t.Errorf("held after using document 0: %v %v %v %v, want true false true true",
			holds(sns[0]), holds(sns[3]), holds(sns[4]), holds(sns[5]))
	}
	if st.held.bytes != 3*len(src)*analysisBytesPerTextByte || st.held.order.Len() != 3 {
		t.Errorf("held: %d bytes in %d analyses", st.held.bytes, st.held.order.Len())
	}
}

// The document being edited keeps its analysis even when it alone is over
// the budget, and each keystroke builds on the previous version's.
func TestEditedDocumentKeepsItsAnalysis(t *testing.T) {
	src := policyOfSize(8 << 10)
	st := heldOf(0, len(src)) // a budget smaller than any document
	sn := st.open("u", "json", 1, []byte(src))
	if _, err := sn.await(); err != nil || !holds(sn) {
		t.Fatalf("the only document lets go of its analysis (%v)", err)
	}
	for v := int32(2); v <= 4; v++ {
		var err error
		if sn, err = st.change("u", v, []contentChange{{Range: rng(4, 14, 4, 14), Text: "x"}}); err != nil {
			t.Fatal(err)
		}
		res, err := sn.await()
		if err != nil || res.Doc == nil {
			t.Fatal(err)
		}
		if got := res.Doc.StatementsRechecked(); got != 1 {
			t.Errorf("version %d: %d statements checked afresh, want 1: not built on the previous analysis", v, got)
		}
	}
	if st.held.order.Len() != 1 {
		t.Errorf("%d analyses counted, want the current version's only", st.held.order.Len())
	}
}

// Superseded, closed and reconfigured snapshots leave the count.
func TestHeldAnalysesForgetSnapshotsThatLeftTheStore(t *testing.T) {
	src := policyOfSize(2 << 10)
	st := heldOf(10, len(src))
	for i := range 3 {
		sn := st.open(fmt.Sprintf("file:///%d.json", i), "json", 1, []byte(src))
		sn.await()
	}
	sn, _ := st.change("file:///0.json", 2, []contentChange{{Range: rng(4, 14, 4, 14), Text: "x"}})
	sn.await()
	st.close("file:///1.json")
	if st.held.order.Len() != 2 {
		t.Errorf("after a change and a close: %d analyses counted, want 2", st.held.order.Len())
	}
	for _, uri := range st.configure(defaultConfig()) {
		st.get(uri).await()
	}
	if st.held.order.Len() != 2 {
		t.Errorf("after a new configuration: %d analyses counted, want 2", st.held.order.Len())
	}
	bytes := 0
	for e := st.held.order.Front(); e != nil; e = e.Next() {
		sn := e.Value.(*snapshot)
		if st.get(sn.uri) != sn {
			t.Errorf("%s version %d counted but not current", sn.uri, sn.version)
		}
		bytes += analysisBytes(sn)
	}
	if bytes != st.held.bytes {
		t.Errorf("%d bytes counted for analyses of %d bytes", st.held.bytes, bytes)
	}
}

// Through the server: with more documents open than the budget holds,
// requests about any of them are answered as when all were held, and a
// keystroke in one whose analysis was let go publishes its findings.
func TestRequestsAboutDocumentsLetGo(t *testing.T) {
	s := initialized(t, nil, func(srv *Server) { srv.docs.held.budget = 2 * len(typoPolicy) * analysisBytesPerTextByte })
	uri := func(i int) string { return fmt.Sprintf("file:///held-%d.json", i) }
	for i := range 6 {
		s.open(t, uri(i), "json", 1, typoPolicy)
		s.diagnostics(t, uri(i), 1)
	}
	for i := range 6 {
		var h *protocol.Hover
		s.call(t, "textDocument/hover", lsptest.Position(uri(i), 4, 20), &h)
		if h == nil {
			t.Errorf("%s: no hover", uri(i))
		}
		var list struct{ Items []struct{ Label string } }
		s.call(t, "textDocument/completion", lsptest.Position(uri(i), 4, 20), &list)
		if len(list.Items) == 0 {
			t.Errorf("%s: no completion", uri(i))
		}
	}
	s.change(t, uri(0), 2, lsptest.Edit(4, 20, 4, 20, "x"))
	if d := s.diagnostics(t, uri(0), 2); !hasCode(d, "unknown-action") {
		t.Errorf("after a keystroke in a document let go: %v", codes(d))
	}
}

// Requests, keystrokes and evictions race on a budget of one document;
// run under -race.
func TestHeldAnalysesConcurrently(t *testing.T) {
	src := policyOfSize(2 << 10)
	st := heldOf(1, len(src))
	uris := []string{"file:///a.json", "file:///b.json", "file:///c.json"}
	for _, u := range uris {
		st.open(u, "json", 1, []byte(src))
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				sn := st.get(uris[(g+i)%len(uris)])
				res, err := sn.get(context.Background())
				if err != nil || res.Doc == nil {
					t.Errorf("%s: %+v %v", sn.uri, res, err)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for v := int32(2); v < 40; v++ {
			if _, err := st.change(uris[0], v, []contentChange{{Range: rng(4, 14, 4, 14), Text: "x"}}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	wg.Wait()
	for _, u := range uris {
		if res, err := st.get(u).await(); err != nil || res.Doc == nil {
			t.Errorf("%s: %+v %v", u, res, err)
		}
	}
}

// The collector is asked for room for eight times the largest analysis held
// or about to be made; a superseded version leaves without shrinking it.
func TestRoomFollowsTheLargestHeldAnalysis(t *testing.T) {
	small, large := policyOfSize(2<<10), policyOfSize(64<<10)
	st := heldOf(1, len(small)) // holds one small analysis; a large one alone
	a := st.open("file:///small.json", "json", 1, []byte(small))
	a.await()
	if want := roomPerHeldByte * analysisBytes(a); st.held.room != want {
		t.Errorf("room %d with a small document, want %d", st.held.room, want)
	}
	b := st.open("file:///large.json", "json", 1, []byte(large))
	b.held.analysing(b)
	if want := roomPerHeldByte * analysisBytes(b); st.held.room != want {
		t.Errorf("room %d before analysing a large document, want %d", st.held.room, want)
	}
	b.await()
	c, _ := st.change("file:///large.json", 2, []contentChange{{Range: rng(4, 14, 4, 14), Text: "x"}})
	if want := roomPerHeldByte * analysisBytes(b); st.held.room != want {
		t.Errorf("room %d once the large document's version is superseded, want %d", st.held.room, want)
	}
	c.await()
	a.get(context.Background()) // the small one again: the large one is let go
	if holds(c) {
		t.Fatal("the large document keeps its analysis over budget")
	}
	if want := roomPerHeldByte * analysisBytes(a); st.held.room != want {
		t.Errorf("room %d with only the small one held, want %d", st.held.room, want)
	}
}
