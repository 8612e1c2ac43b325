package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// snapshot is one version of an open document under one configuration.
// It never changes once made; its analysis is computed at most once, on
// first demand, by whichever goroutine asks first (the diagnostics worker
// or a request), and shared by all.
type snapshot struct {
	uri        string
	languageID string
	version    int32
	src        []byte
	cfg        *config
	analyze    analyzeFunc
	// base is the analysis of an earlier version, for analyze to build on;
	// it is dropped once this version is analysed, so that versions do not
	// keep one another alive.
	base atomic.Pointer[analysis.Document]
	// wasPolicy is set when the document's previous version looked like
	// a policy by its content. This version then most likely is one too,
	// so it is analysed at once and judged from its own tree, instead of
	// being parsed once to judge and once more to analyse.
	wasPolicy bool

	// started is set by whoever starts the analysis. It is not a
	// sync.Once: a request must be able to give up waiting while the
	// diagnostics worker computes, and Once.Do would block it.
	started atomic.Bool
	done    chan struct{}
	result  analysisResult
}

// analysisResult says what became of a snapshot. Doc is nil when the
// document is not a policy, is too large, or its analysis panicked.
type analysisResult struct {
	Doc      *analysis.Document
	InScope  bool // a policy, or matched by a configured glob
	TooLarge bool
	Err      error
	// LooksLikePolicy is set when the content was judged, and judged a
	// policy (a document in scope through a glob is not judged).
	LooksLikePolicy bool
}

// analyzeFunc analyses src; prev, when not nil, is the analysis of an
// earlier version of the same document (see analysis.Reanalyze).
type analyzeFunc func(prev *analysis.Document, src []byte, opts analysis.Options) *analysis.Document

func newSnapshot(uri, languageID string, version int32, src []byte, cfg *config, analyze analyzeFunc) *snapshot {
	return &snapshot{uri: uri, languageID: languageID, version: version, src: src, cfg: cfg, analyze: analyze, done: make(chan struct{})}
}

// get returns the analysis, waiting for it unless ctx ends first. The
// analysis runs on its own goroutine so that a cancelled request returns
// at once even while a large document is being analysed. A failed
// analysis is an error for every request about the snapshot.
func (sn *snapshot) get(ctx context.Context) (analysisResult, error) {
	if sn.started.CompareAndSwap(false, true) {
		go sn.compute()
	}
	select {
	case <-sn.done:
		return sn.result, sn.result.Err
	case <-ctx.Done():
		return analysisResult{}, ctx.Err()
	}
}

// await returns the analysis, computing it on the calling goroutine when
// no one has started it. The diagnostics worker has nothing else to do
// meanwhile, and handing the work to another goroutine and back costs two
// wake-ups per keystroke; a request uses get, which it can cancel.
func (sn *snapshot) await() (analysisResult, error) {
	if sn.started.CompareAndSwap(false, true) {
		sn.compute()
	}
	<-sn.done
	return sn.result, sn.result.Err
}

func (sn *snapshot) compute() {
	defer close(sn.done)
	base := sn.base.Swap(nil)
	defer func() {
		if r := recover(); r != nil {
			sn.result = analysisResult{InScope: true, Err: fmt.Errorf("analysis of %s version %d panicked: %v\n%s", sn.uri, sn.version, r, debug.Stack())}
		}
	}()
	if sn.wasPolicy && sn.judgedByContent() {
		doc := sn.analyze(base, sn.src, sn.cfg.analysis)
		looks := doc.LooksLikePolicy()
		sn.result = analysisResult{InScope: looks, LooksLikePolicy: looks}
		if looks {
			sn.result.Doc = doc
		}
		return
	}
	sn.result = sn.classify()
	if sn.result.InScope && !sn.result.TooLarge {
		sn.result.Doc = sn.analyze(base, sn.src, sn.cfg.analysis)
	}
}

// judgedByContent reports whether the snapshot's text decides if it is in
// scope (by looking like a policy), rather than a glob or its size.
func (sn *snapshot) judgedByContent() bool {
	return (sn.languageID == "json" || sn.languageID == "jsonc") && len(sn.src) <= sn.cfg.maxSize &&
		!matchesAny(sn.cfg.globs, sn.uri)
}

// ready returns the result when the analysis has finished, without
// starting or waiting for it.
func (sn *snapshot) ready() (analysisResult, bool) {
	select {
	case <-sn.done:
		return sn.result, true
	default:
		return analysisResult{}, false
	}
}

// finished reports whether the analysis is done, so that a request about
// the snapshot will not wait; true for no snapshot (a document that is not
// open), which requests answer at once.
func (sn *snapshot) finished() bool {
	if sn == nil {
		return true
	}
	_, ok := sn.ready()
	return ok
}

// policyHint is what the next version's wasPolicy should be: this
// version's verdict if there is one yet, or else its own hint.
func (sn *snapshot) policyHint() bool {
	if res, ok := sn.ready(); ok {
		return res.LooksLikePolicy
	}
	return sn.wasPolicy
}

// baseForNext is the analysis the next version can build on: this
// version's when it is done, or else the one this version was to build on.
func (sn *snapshot) baseForNext() *analysis.Document {
	if res, ok := sn.ready(); ok {
		return res.Doc
	}
	return sn.base.Load()
}

// readyLines returns the line index the analysis built for this text, nil
// when there is none yet: an edit then needs not index the text again.
func (sn *snapshot) readyLines() *text.LineIndex {
	res, ok := sn.ready()
	if !ok || res.Doc == nil || res.Doc.Lines == nil || !sameBytes(res.Doc.Src, sn.src) {
		return nil
	}
	return res.Doc.Lines
}

// sameBytes reports whether a and b are the same slice of memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// classify decides whether the document is one the server speaks about:
// a json/jsonc document that looks like a policy, or any document a
// configured glob names. Package manifests and the like get nothing.
func (sn *snapshot) classify() analysisResult {
	in := matchesAny(sn.cfg.globs, sn.uri)
	looks := false
	if !in && (sn.languageID == "json" || sn.languageID == "jsonc") && len(sn.src) <= sn.cfg.maxSize {
		looks = analysis.LooksLikePolicy(sn.src)
		in = looks
	}
	if !in && len(sn.src) > sn.cfg.maxSize && (sn.languageID == "json" || sn.languageID == "jsonc") {
		// Too large to look at: say so only when a cheap look suggests it
		// is a policy, so that a big data file stays quiet.
		in = looksLikePolicyPrefix(sn.src)
	}
	return analysisResult{InScope: in, TooLarge: in && len(sn.src) > sn.cfg.maxSize, LooksLikePolicy: looks}
}

// looksLikePolicyPrefix is the cheap test for documents too large to parse:
// the start of the document names a Statement or the policy language
// version.
func looksLikePolicyPrefix(src []byte) bool {
	head := src[:min(len(src), 4096)]
	return bytes.Contains(head, []byte(`"Statement"`)) || bytes.Contains(head, []byte(`"2012-10-17"`))
}

// document is an open document; its fields are guarded by store.mu.
type document struct {
	languageID string
	current    *snapshot
	lines      *text.LineIndex // of current.src, made on the first edit
}

// store holds the open documents, keyed by URI exactly as the client wrote
// it: URIs are opaque keys, never converted to paths and back (pitfall 11),
// so "untitled:Untitled-1" and "file:///c%3A/x.json" round-trip unchanged.
type store struct {
	mu      sync.Mutex
	docs    map[string]*document
	cfg     *config
	analyze analyzeFunc
}

func newStore(analyze analyzeFunc) *store {
	return &store{docs: make(map[string]*document), cfg: defaultConfig(), analyze: analyze}
}

var errStaleVersion = errors.New("version does not increase")

func (st *store) open(uri, languageID string, version int32, src []byte) *snapshot {
	st.mu.Lock()
	defer st.mu.Unlock()
	sn := newSnapshot(uri, languageID, version, src, st.cfg, st.analyze)
	st.docs[uri] = &document{languageID: languageID, current: sn}
	return sn
}

// change applies a didChange. Either every change applies or none does: a
// change whose range lies outside the document leaves the text as it was
// (and the error says why), rather than leaving a half-edited text.
func (st *store) change(uri string, version int32, changes []contentChange) (*snapshot, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	d, ok := st.docs[uri]
	if !ok {
		return nil, fmt.Errorf("change to %s, which is not open", uri)
	}
	if version <= d.current.version {
		return nil, fmt.Errorf("change to %s: %w (%d after %d)", uri, errStaleVersion, version, d.current.version)
	}
	if d.lines == nil {
		d.lines = d.current.readyLines()
	}
	if d.lines == nil {
		d.lines = text.NewLineIndex(d.current.src)
	}
	src, lines, err := applyChanges(d.current.src, d.lines, changes)
	if err != nil {
		return nil, fmt.Errorf("change to %s version %d: %w", uri, version, err)
	}
	prev := d.current
	d.current = newSnapshot(uri, d.languageID, version, src, st.cfg, st.analyze)
	d.current.wasPolicy = prev.policyHint()
	d.current.base.Store(prev.baseForNext())
	d.lines = lines
	return d.current, nil
}

func (st *store) close(uri string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	_, ok := st.docs[uri]
	delete(st.docs, uri)
	return ok
}

// get returns the current snapshot of a document, nil when it is not open.
func (st *store) get(uri string) *snapshot {
	st.mu.Lock()
	defer st.mu.Unlock()
	if d, ok := st.docs[uri]; ok {
		return d.current
	}
	return nil
}

// configure installs new settings and returns the URIs of the open
// documents, each now with a fresh snapshot to analyse.
func (st *store) configure(cfg *config) []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cfg = cfg
	uris := make([]string, 0, len(st.docs))
	for uri, d := range st.docs {
		old := d.current
		d.current = newSnapshot(uri, d.languageID, old.version, old.src, cfg, st.analyze)
		d.current.wasPolicy = old.policyHint()
		d.current.base.Store(old.baseForNext())
		uris = append(uris, uri)
	}
	return uris
}

func (st *store) config() *config {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.cfg
}

// applyChanges applies content changes in order to src, whose line index
// is lines. Ranges are in UTF-16 code units and converted by the
// LineIndex only. It returns the new text and, when cheap, its index (nil
// when it must be rebuilt).
func applyChanges(src []byte, lines *text.LineIndex, changes []contentChange) ([]byte, *text.LineIndex, error) {
	for i, c := range changes {
		if c.Range == nil {
			src = []byte(c.Text)
			lines = nil
			continue
		}
		if lines == nil {
			lines = text.NewLineIndex(src)
		}
		span, err := changeSpan(src, lines, *c.Range)
		if err != nil {
			return nil, nil, fmt.Errorf("change %d: %w", i, err)
		}
		out := make([]byte, 0, len(src)-(span.End-span.Start)+len(c.Text))
		out = append(out, src[:span.Start]...)
		out = append(out, c.Text...)
		out = append(out, src[span.End:]...)
		src = out
		lines = nil
	}
	return src, lines, nil
}

// changeSpan converts a change's range. Besides what LineIndex accepts, a
// position at the start of the line after the last one means the end of
// the document: LSP lets a range include the final line break that way.
func changeSpan(src []byte, lines *text.LineIndex, r wireRange) (text.Span, error) {
	if r.Start.Line < 0 || r.End.Line < 0 {
		return text.Span{}, fmt.Errorf("negative line in range %v", r)
	}
	conv := func(p wirePosition) (int, error) {
		if p.Line == lines.LineCount() && p.Character == 0 {
			return len(src), nil
		}
		return lines.Offset(text.Position{Line: p.Line, Character: p.Character})
	}
	start, err := conv(r.Start)
	if err != nil {
		return text.Span{}, err
	}
	end, err := conv(r.End)
	if err != nil {
		return text.Span{}, err
	}
	if end < start {
		return text.Span{}, fmt.Errorf("range ends before it starts: %v", r)
	}
	return text.Span{Start: start, End: end}, nil
}
