package lsp

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// publisher publishes diagnostics, one worker goroutine per document that
// has work pending. A worker handles its document's updates one after the
// other and always analyses the document's newest snapshot, so a result
// for an older version can never follow one for a newer version; it skips
// a snapshot that was superseded while it was analysed.
type publisher struct {
	s    *Server
	mu   sync.Mutex
	docs map[string]*docState
}

// docState is a document's publishing state. dirty and running are
// guarded by publisher.mu; the rest belongs to the one running worker.
type docState struct {
	dirty, running bool
	published      bool // something was published and may need clearing
	warnedTooLarge bool // the size warning was shown for the current episode
}

func newPublisher(s *Server) *publisher {
	return &publisher{s: s, docs: make(map[string]*docState)}
}

// schedule asks for the document's diagnostics to be brought up to date.
func (p *publisher) schedule(uri string) {
	p.mu.Lock()
	st, ok := p.docs[uri]
	if !ok {
		st = &docState{}
		p.docs[uri] = st
	}
	st.dirty = true
	started := false
	if !st.running {
		st.running = true
		started = true
		go p.work(uri, st)
	}
	p.mu.Unlock()
	if started {
		// Let the new worker start on this core now. Otherwise it waits
		// for another core to wake up and take it, while the read loop
		// goes back to a read that will block: about 20 µs of a
		// keystroke's 220 through the binary on a 2-core machine
		// (BenchmarkKeystrokeBinary32KB). The read loop is taken up by
		// the other core, or resumes when the worker blocks.
		runtime.Gosched()
	}
}

func (p *publisher) work(uri string, st *docState) {
	for {
		p.mu.Lock()
		if !st.dirty || p.s.ctx.Err() != nil {
			st.running = false
			if !st.published && !st.warnedTooLarge {
				delete(p.docs, uri) // nothing to remember: free it
			}
			p.mu.Unlock()
			return
		}
		st.dirty = false
		p.mu.Unlock()
		p.update(uri, st)
	}
}

// update publishes what is current for one document.
func (p *publisher) update(uri string, st *docState) {
	defer p.s.recovered("diagnostics of "+uri, nil)
	sn := p.s.docs.get(uri)
	if sn == nil { // closed
		if st.published {
			p.publish(uri, nil, []protocol.Diagnostic{})
			st.published = false
		}
		st.warnedTooLarge = false
		return
	}
	res, err := sn.await()
	if p.s.ctx.Err() != nil {
		return // the server is stopping
	}
	if err != nil {
		p.s.log.Printf("%v", err) // then clear what was published below
	}
	if p.s.docs.get(uri) != sn {
		return // superseded: the newer snapshot is already scheduled
	}
	if !res.TooLarge {
		st.warnedTooLarge = false
	}
	if res.Doc == nil {
		if res.TooLarge && !st.warnedTooLarge {
			st.warnedTooLarge = true
			p.s.notify("window/showMessage", protocol.ShowMessageParams{
				Type: protocol.MessageTypeWarning,
				Message: fmt.Sprintf("kms-policy-ls: %s is %d bytes, over the maxDocumentSize limit of %d bytes; it is not analysed.",
					displayName(uri), len(sn.src), sn.cfg.maxSize),
			})
		}
		if st.published {
			p.publish(uri, &sn.version, []protocol.Diagnostic{})
			st.published = false
		}
		return
	}
	diags := make([]protocol.Diagnostic, 0, len(res.Doc.Diagnostics))
	for _, d := range res.Doc.Diagnostics {
		diags = append(diags, toProtocolDiagnostic(res.Doc.Lines, d))
	}
	p.publish(uri, &sn.version, diags)
	st.published = true
}

func (p *publisher) publish(uri string, version *int32, diags []protocol.Diagnostic) {
	p.s.notify("textDocument/publishDiagnostics", publishDiagnosticsParams{URI: uri, Version: version, Diagnostics: diags})
}

// toProtocolDiagnostic converts one finding.
func toProtocolDiagnostic(lines *text.LineIndex, d checks.Diagnostic) protocol.Diagnostic {
	out := protocol.Diagnostic{
		Range:           toRange(lines, d.Span),
		Severity:        toProtocolSeverity(d.Severity),
		Code:            d.Code,
		CodeDescription: &protocol.CodeDescription{Href: uri.URI(checks.DocURL(d.Code))},
		Source:          "kms-policy-ls",
		Message:         d.Message,
	}
	for _, t := range d.Tags {
		if pt, ok := toProtocolTag(t); ok {
			out.Tags = append(out.Tags, pt)
		}
	}
	return out
}

// toProtocolSeverity maps the analysis's severity onto LSP's scale.
func toProtocolSeverity(s checks.Severity) protocol.DiagnosticSeverity {
	switch s {
	case checks.Error:
		return protocol.DiagnosticSeverityError
	case checks.Warning:
		return protocol.DiagnosticSeverityWarning
	case checks.Information:
		return protocol.DiagnosticSeverityInformation
	case checks.Hint:
		return protocol.DiagnosticSeverityHint
	}
	return 0 // omitted on the wire: the client decides
}

// toProtocolTag maps a finding's tag onto LSP's; a tag LSP has no name
// for is not sent.
func toProtocolTag(t checks.Tag) (protocol.DiagnosticTag, bool) {
	switch t {
	case checks.TagUnnecessary:
		return protocol.DiagnosticTagUnnecessary, true
	case checks.TagDeprecated:
		return protocol.DiagnosticTagDeprecated, true
	}
	return 0, false
}

// toRange converts a byte span through the document's LineIndex, the only
// place positions are converted.
func toRange(lines *text.LineIndex, s text.Span) protocol.Range {
	start, end := lines.Positions(s)
	return protocol.Range{Start: toPosition(start), End: toPosition(end)}
}

func toPosition(p text.Position) protocol.Position {
	return protocol.Position{Line: uint32(p.Line), Character: uint32(p.Character)}
}

func toTextEdits(lines *text.LineIndex, edits []text.Edit) []protocol.TextEdit {
	out := make([]protocol.TextEdit, 0, len(edits))
	for _, e := range edits {
		out = append(out, protocol.TextEdit{Range: toRange(lines, e.Span), NewText: e.NewText})
	}
	return out
}

// displayName is a short name for a document in a message.
func displayName(docURI string) string {
	if p := uriPath(docURI); p != "" {
		if i := strings.LastIndexByte(p, '/'); i >= 0 && i+1 < len(p) {
			return p[i+1:]
		}
		return p
	}
	return docURI
}
