package lsp

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
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
	// lines is the line index of src: the store moves the previous
	// version's index over each edit as it applies it, and the analysis
	// uses this one instead of making its own.
	lines *text.LineIndex
	// changes are the edits that made src from the previous version's
	// text (nil when unknown), handed to the analysis.
	changes []text.Change
	cfg     *config
	analyze analyzeFunc
	// base is the analysis of an earlier version, for analyze to build on;
	// it is dropped once this version is analysed, so that versions do not
	// keep one another alive.
	base atomic.Pointer[analysis.Document]

	// started is set by whoever starts the analysis. It is not a
	// sync.Once: a request must be able to give up waiting while the
	// diagnostics worker computes, and Once.Do would block it.
	started atomic.Bool
	done    chan struct{}
	result  analysisResult
}

// analysisResult says what became of a snapshot. Doc is nil when the
// document holds no policy, is too large, or its analysis panicked.
type analysisResult struct {
	Doc      *analysis.Document
	InScope  bool // holds a policy
	TooLarge bool
	Err      error
}

// analyzeFunc analyses a version; prev, when not nil, is the analysis of an
// earlier version of the same document (see analysis.Reanalyze).
type analyzeFunc func(prev *analysis.Document, in analysis.Input, opts analysis.Options) *analysis.Document

func newSnapshot(uri, languageID string, version int32, src []byte, lines *text.LineIndex, cfg *config, analyze analyzeFunc) *snapshot {
	if lines == nil {
		lines = text.NewLineIndex(src)
	}
	return &snapshot{uri: uri, languageID: languageID, version: version, src: src, lines: lines, cfg: cfg, analyze: analyze, done: make(chan struct{})}
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

// compute analyses the snapshot. What the document holds is decided by
// source.Classify inside the analysis, on the same tree the analysis uses;
// only a document too large to analyse is judged here, by a cheap look.
func (sn *snapshot) compute() {
	defer close(sn.done)
	base := sn.base.Swap(nil)
	defer func() {
		if r := recover(); r != nil {
			sn.result = analysisResult{InScope: true, Err: fmt.Errorf("analysis of %s version %d panicked: %v\n%s", sn.uri, sn.version, r, debug.Stack())}
		}
	}()
	file := source.File{Name: sn.uri, LanguageID: sn.languageID, Src: sn.src, Explicit: matchesAny(sn.cfg.globs, sn.uri)}
	if len(sn.src) > sn.cfg.maxSize {
		// Say so only when a cheap look suggests a policy, so that a big
		// data file stays quiet.
		in := source.MayHold(file)
		sn.result = analysisResult{InScope: in, TooLarge: in}
		return
	}
	doc := sn.analyze(base, analysis.Input{File: file, Lines: sn.lines, Changes: sn.changes}, sn.cfg.analysis)
	sn.result = analysisResult{InScope: doc.IsPolicy()}
	if sn.result.InScope {
		sn.result.Doc = doc
	}
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

// baseForNext is the analysis the next version can build on: this
// version's when it is done, or else the one this version was to build on.
func (sn *snapshot) baseForNext() *analysis.Document {
	if res, ok := sn.ready(); ok {
		return res.Doc
	}
	return sn.base.Load()
}

// document is an open document; its fields are guarded by store.mu.
type document struct {
	languageID string
	current    *snapshot
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
	sn := newSnapshot(uri, languageID, version, src, nil, st.cfg, st.analyze)
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
	src, lines, applied, err := applyChanges(d.current.src, d.current.lines, changes)
	if err != nil {
		return nil, fmt.Errorf("change to %s version %d: %w", uri, version, err)
	}
	prev := d.current
	d.current = newSnapshot(uri, d.languageID, version, src, lines, st.cfg, st.analyze)
	d.current.changes = applied
	d.current.base.Store(prev.baseForNext())
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
		d.current = newSnapshot(uri, d.languageID, old.version, old.src, old.lines, cfg, st.analyze)
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
// LineIndex only; text.Apply moves the index over each edit. It returns
// the new text, its index and the changes in bytes, for the analysis.
func applyChanges(src []byte, lines *text.LineIndex, changes []contentChange) ([]byte, *text.LineIndex, []text.Change, error) {
	applied := make([]text.Change, 0, len(changes))
	for i, c := range changes {
		if c.Range == nil {
			applied = append(applied, text.Change{Start: 0, End: len(src), Text: c.Text})
			src = []byte(c.Text)
			lines = text.NewLineIndex(src)
			continue
		}
		span, err := changeSpan(src, lines, *c.Range)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("change %d: %w", i, err)
		}
		change := text.Change{Start: span.Start, End: span.End, Text: c.Text}
		src, lines = text.Apply(src, lines, change)
		applied = append(applied, change)
	}
	return src, lines, applied, nil
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
