package lsp

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/gctune"
)

// snapshot is one version of an open document under one configuration.
// Its text never changes once made. Its analysis is computed on first
// demand, by whichever goroutine asks first (the diagnostics worker or a
// request), and shared by all. The analysis of a document not used
// recently is let go (see heldAnalyses) and computed again if it is asked
// for: a snapshot keeps its text and line index, the analysis is ten times
// their size.
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
	held *heldAnalyses // nil: the analysis is kept for the snapshot's life
	// files knows which files Terraform configurations read as policies
	// (nil: none are followed).
	files *policyFiles

	mu sync.Mutex
	// run is the analysis started or made; nil before the first demand
	// and once let go. It is not a sync.Once: a request must be able to
	// give up waiting while the diagnostics worker computes.
	run *analysisRun

	// elem and dropped belong to held (guarded by held.mu): the
	// snapshot's place in its list, and whether it left the store.
	elem    *list.Element
	dropped bool
}

// analysisRun is one computation of a snapshot's analysis.
type analysisRun struct {
	done   chan struct{}
	result analysisResult
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

func newSnapshot(uri, languageID string, version int32, src []byte, lines *text.LineIndex, cfg *config, analyze analyzeFunc, held *heldAnalyses) *snapshot {
	if lines == nil {
		lines = text.NewLineIndex(src)
	}
	return &snapshot{uri: uri, languageID: languageID, version: version, src: src, lines: lines, cfg: cfg, analyze: analyze, held: held}
}

// start returns the snapshot's analysis run, and whether the caller must
// compute it (no one had started it, or it was let go).
func (sn *snapshot) start() (run *analysisRun, mine bool) {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.run == nil {
		sn.run = &analysisRun{done: make(chan struct{})}
		return sn.run, true
	}
	return sn.run, false
}

// get returns the analysis, waiting for it unless ctx ends first. The
// analysis runs on its own goroutine so that a cancelled request returns
// at once even while a large document is being analysed. A failed
// analysis is an error for every request about the snapshot.
func (sn *snapshot) get(ctx context.Context) (analysisResult, error) {
	run, mine := sn.start()
	if mine {
		go sn.compute(run)
	}
	select {
	case <-run.done:
		sn.used(run)
		return run.result, run.result.Err
	case <-ctx.Done():
		return analysisResult{}, ctx.Err()
	}
}

// await returns the analysis, computing it on the calling goroutine when
// no one has started it. The diagnostics worker has nothing else to do
// meanwhile, and handing the work to another goroutine and back costs two
// wake-ups per keystroke; a request uses get, which it can cancel.
func (sn *snapshot) await() (analysisResult, error) {
	run, mine := sn.start()
	if mine {
		sn.compute(run)
	}
	<-run.done
	sn.used(run)
	return run.result, run.result.Err
}

// used tells held that the snapshot's analysis was just used.
func (sn *snapshot) used(run *analysisRun) {
	if sn.held != nil && run.result.Doc != nil {
		sn.held.use(sn, run)
	}
}

// compute analyses the snapshot. What the document holds is decided by
// source.Classify inside the analysis, on the same tree the analysis uses;
// only a document too large to analyse is judged here, by a cheap look.
func (sn *snapshot) compute(run *analysisRun) {
	defer close(run.done)
	base := sn.base.Swap(nil)
	defer func() {
		if r := recover(); r != nil {
			run.result = analysisResult{InScope: true, Err: fmt.Errorf("analysis of %s version %d panicked: %v\n%s", sn.uri, sn.version, r, debug.Stack())}
		}
	}()
	// The bytes are never written after the snapshot is made (applyChanges
	// makes new ones), so the syntax tree may share them.
	file := source.File{Name: sn.uri, LanguageID: sn.languageID, Src: sn.src, Explicit: matchesAny(sn.cfg.globs, sn.uri), Frozen: true}
	if len(sn.src) > sn.cfg.maxSize {
		// Say so only when a cheap look suggests a policy, so that a big
		// data file stays quiet.
		in := source.MayHold(file)
		run.result = analysisResult{InScope: in, TooLarge: in}
		return
	}
	sn.held.analysing(sn)
	file.Referenced = sn.files.lookup(sn.uri)
	in := analysis.Input{File: file, Lines: sn.lines, Changes: sn.changes, Exists: existsOnDisk(sn.uri)}
	doc := sn.analyze(base, in, sn.cfg.analysis)
	if !doc.Incomplete() {
		// While a configuration is being typed, it reads what it read.
		sn.files.analysed(sn.uri, doc.References())
	}
	run.result = analysisResult{InScope: doc.IsPolicy()}
	if run.result.InScope {
		run.result.Doc = doc
	}
}

// ready returns the result when the analysis has finished, without
// starting or waiting for it; false too once it was let go.
func (sn *snapshot) ready() (analysisResult, bool) {
	sn.mu.Lock()
	run := sn.run
	sn.mu.Unlock()
	if run == nil {
		return analysisResult{}, false
	}
	select {
	case <-run.done:
		return run.result, true
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
// Nil when it was let go: the next version is then analysed afresh.
func (sn *snapshot) baseForNext() *analysis.Document {
	if res, ok := sn.ready(); ok {
		return res.Doc
	}
	return sn.base.Load()
}

// letGo drops the snapshot's analysis if it has finished; the next demand
// computes it again, from the text.
func (sn *snapshot) letGo() {
	sn.mu.Lock()
	defer sn.mu.Unlock()
	if sn.run == nil {
		return
	}
	select {
	case <-sn.run.done:
		sn.run = nil
	default:
	}
}

// heldAnalyses keeps the analyses (syntax trees, models, findings) of the
// documents used most recently, up to budget bytes, and lets the others
// go. Editors open every file of a workspace they restore, but the user
// works in a few at a time: the document being edited keeps its analysis,
// and keystrokes are analysed from it, while one not looked at for a while
// costs only its text and line index until it is used again, when it is
// analysed afresh (about 170 µs for a 32 KB key policy).
type heldAnalyses struct {
	mu     sync.Mutex
	budget int
	bytes  int
	order  list.List // of *snapshot, most recently used first
	room   int       // the collector's room asked for (see askRoom)
}

// analysisBytesPerTextByte estimates an analysis's size from its text's:
// the syntax tree, the model and the memo of a key policy come to ten to
// twelve times the text (TestMemoryOfOpenDocuments measures it).
const analysisBytesPerTextByte = 12

// defaultHeldAnalyses is the budget: about 15 key policies of 32 KB.
const defaultHeldAnalyses = 6 << 20

func newHeldAnalyses(budget int) *heldAnalyses { return &heldAnalyses{budget: budget} }

func analysisBytes(sn *snapshot) int { return len(sn.src) * analysisBytesPerTextByte }

// use records that sn's analysis run was used, if sn still holds it and
// is still in the store, and lets go of the least recently used others
// while over budget. The snapshot just used is kept even when it alone
// is over: it is the one being worked on.
func (h *heldAnalyses) use(sn *snapshot, run *analysisRun) {
	h.mu.Lock()
	defer h.mu.Unlock()
	sn.mu.Lock()
	current := sn.run == run
	sn.mu.Unlock()
	if !current || sn.dropped {
		return
	}
	if sn.elem != nil {
		h.order.MoveToFront(sn.elem)
		return
	}
	sn.elem = h.order.PushFront(sn)
	h.bytes += analysisBytes(sn)
	for h.bytes > h.budget {
		last := h.order.Back()
		if last == sn.elem {
			break
		}
		old := last.Value.(*snapshot)
		h.remove(old)
		old.letGo()
	}
	h.askRoom(0)
}

// askRoom asks the collector (gctune.Room) for room to grow by what
// GOGC=400 would give the held analyses: four times twice the largest, or
// the one about to be made (extra bytes), whichever is more. Each version of a
// document allocates about its analysis's size, so a keystroke in a 4 MB
// policy allocates tens of megabytes: without that room the collector
// would run several times per keystroke, while the texts of documents let
// go need no such room. The room is worked out again when an analysis
// joins the held ones, not when one leaves: a version superseded by a
// keystroke leaves just before the next is analysed. It is a no-op in a
// program that did not call gctune.Apply.
func (h *heldAnalyses) askRoom(extra int) {
	largest := extra
	for e := h.order.Front(); e != nil; e = e.Next() {
		largest = max(largest, analysisBytes(e.Value.(*snapshot)))
	}
	if room := roomPerHeldByte * largest; room != h.room {
		h.room = room
		gctune.Room(int64(room))
	}
}

// roomPerHeldByte mirrors gctune.Percent for the analyses in use. An
// analysis is made while the previous version's is still live, so twice
// its size is what GOGC=400 would see live.
const roomPerHeldByte = 2 * gctune.Percent / 100

// analysing asks for room for sn's analysis before it is made, when it is
// larger than the held ones.
func (h *heldAnalyses) analysing(sn *snapshot) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if roomPerHeldByte*analysisBytes(sn) > h.room {
		h.askRoom(analysisBytes(sn))
	}
}

// drop forgets a snapshot that left the store (superseded or closed). Its
// analysis is not let go: the next version may be built on it.
func (h *heldAnalyses) drop(sn *snapshot) {
	if h == nil || sn == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	sn.dropped = true
	h.remove(sn)
}

func (h *heldAnalyses) remove(sn *snapshot) {
	if sn.elem != nil {
		h.order.Remove(sn.elem)
		sn.elem = nil
		h.bytes -= analysisBytes(sn)
	}
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
	held    *heldAnalyses
	files   *policyFiles // set before the first document opens
}

func newStore(analyze analyzeFunc) *store {
	return &store{docs: make(map[string]*document), cfg: defaultConfig(), analyze: analyze, held: newHeldAnalyses(defaultHeldAnalyses)}
}

var errStaleVersion = errors.New("version does not increase")

func (st *store) open(uri, languageID string, version int32, src []byte) *snapshot {
	st.mu.Lock()
	defer st.mu.Unlock()
	if d, ok := st.docs[uri]; ok {
		st.held.drop(d.current) // opened again without a close
	}
	sn := newSnapshot(uri, languageID, version, src, nil, st.cfg, st.analyze, st.held)
	sn.files = st.files
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
	d.current = newSnapshot(uri, d.languageID, version, src, lines, st.cfg, st.analyze, st.held)
	d.current.files = st.files
	d.current.changes = applied
	d.current.base.Store(prev.baseForNext())
	st.held.drop(prev)
	return d.current, nil
}

func (st *store) close(uri string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	d, ok := st.docs[uri]
	if ok {
		st.held.drop(d.current)
	}
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
		d.current = newSnapshot(uri, d.languageID, old.version, old.src, old.lines, cfg, st.analyze, st.held)
		d.current.files = st.files
		d.current.base.Store(old.baseForNext())
		st.held.drop(old)
		uris = append(uris, uri)
	}
	return uris
}

// refresh gives the open documents whose file is one of paths a fresh
// snapshot of the same text, to analyse again (a configuration now reads
// them as another kind of policy), and returns their URIs.
func (st *store) refresh(paths []string) []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	var uris []string
	for uri, d := range st.docs {
		p, ok := filePath(uri)
		if !ok || !slices.Contains(paths, p) {
			continue
		}
		old := d.current
		d.current = newSnapshot(uri, d.languageID, old.version, old.src, old.lines, st.cfg, st.analyze, st.held)
		d.current.files = st.files
		d.current.base.Store(old.baseForNext())
		st.held.drop(old)
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
