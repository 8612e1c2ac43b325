// Package analysis is the editor-agnostic entry point of kms-policy-ls: it
// turns a file's bytes into an immutable Document snapshot (the policy
// units the file holds, each with its syntax tree, policy model and
// findings) and answers completion, hover, code action, outline and
// formatting requests against it. The CLI and the language server both use
// it; neither decides anything about policies themselves.
//
// Every offset a Document takes or returns is an offset into the file;
// each Unit works in offsets into its own text, and the Document maps
// between the two (see source.Map).
package analysis

import (
	"errors"
	"slices"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/completion"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/format"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/hover"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/links"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/outline"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Options configure an analysis.
type Options struct {
	// Kind is the kind of the units whose host does not decide it;
	// KindAuto detects key vs IAM policy.
	Kind   policy.Kind
	Checks checks.Options
}

// Input is one version of a file.
type Input struct {
	source.File
	// Lines is the line index of Src when the caller keeps one (the
	// language server moves it over each edit as it applies the edit); it
	// is built when nil. The Document uses it and never makes another.
	Lines *text.LineIndex
	// Changes are the edits that turned the previous version's text into
	// Src, in order; Reanalyze takes over the units they did not touch.
	// Nil when unknown.
	Changes []text.Change
	// Exists reports whether a file the configuration reads a policy
	// from (source.Reference) exists; one that does not is a finding at
	// its path. Nil: not asked (the caller reads no files).
	Exists func(source.Reference) bool
}

// Bytes is the Input of src named on purpose as a policy: the way a test,
// or a caller with nothing but bytes, asks for them to be analysed.
func Bytes(src []byte) Input {
	return Input{File: source.File{Src: src, Explicit: true}}
}

// Document is one analysed version of a file. It is never mutated after
// Analyze returns, so readers on other goroutines need no locks.
type Document struct {
	Src   []byte
	Lines *text.LineIndex
	// Units are the policies the file holds, in file order; none when the
	// file holds no policy.
	Units []*Unit
	// Diagnostics are the findings of every unit, and of the file itself
	// where it is not one unit (its own syntax errors), in file offsets,
	// sorted by position.
	Diagnostics []checks.Diagnostic

	// language is the host's ("json", "yaml"), and next what classifying
	// the file's next version can reuse.
	language string
	next     *source.Contents
	broken   bool
	refs     []source.Reference

	opts  Options     // what the document was analysed with
	cache accessCache // the units' access summaries, made when first asked for
}

// Unit is one analysed policy of a Document. Its tree, model and findings
// are in offsets into the unit's own text (Unit.Src).
type Unit struct {
	source.Unit
	File        *jsonast.File
	Policy      *policy.Policy
	Diagnostics []checks.Diagnostic

	memo *checks.Memo // set by Reanalyze, for the next version's analysis
	// stale is set for a unit kept from an earlier version while its part
	// of the file does not parse (see keepStale); taken for one taken over
	// as it was, which this version did not check at all.
	stale, taken bool
}

// IsPolicy reports whether the file holds a policy, reads one from
// another file (source.Reference), or has a part that may hold one and
// does not parse (whose syntax errors are its findings).
func (d *Document) IsPolicy() bool { return len(d.Units) > 0 || d.broken || len(d.refs) > 0 }

// Incomplete reports whether a part of the file that may hold policies
// did not parse (a template being typed): what it holds and reads from
// other files (References) is then the parts' that parsed.
func (d *Document) Incomplete() bool { return d.broken }

// Analyze finds the policies in a file and analyses each.
func Analyze(in Input, opts Options) *Document {
	return analyze(nil, in, opts, false)
}

// Reanalyze analyses in, a new version of the file prev was made from
// (prev may be nil, or a Document that Analyze made). The result is the one
// Analyze gives. A unit that in.Changes did not touch is taken over from
// prev as it was; in a unit they touched, the checks that look at one
// statement at a time run only on the statements whose text is not in
// prev's unit, which on a keystroke in a large key policy is one of many.
// An editor calls it on every change; a one-off lint calls Analyze.
func Reanalyze(prev *Document, in Input, opts Options) *Document {
	return analyze(prev, in, opts, true)
}

func analyze(prev *Document, in Input, opts Options, incremental bool) *Document {
	var c source.Contents
	switch {
	case prev != nil && prev.IsPolicy() && prev.language == "json":
		// Most likely still a policy: parse at once, skipping the quick
		// tests that spare non-policies a parse.
		// The previous version's tree sizes the new one's slabs.
		c = source.ClassifyParsed(in.File, jsonast.ParseWith(in.Src, jsonast.Options{Frozen: in.Frozen, Like: prev.wholeTree()}))
	case prev != nil:
		c = source.ClassifyNext(in.File, prev.next)
	default:
		c = source.Classify(in.File)
	}
	d := &Document{Src: in.Src, Lines: in.Lines, language: c.Language, next: c.Reusable(), broken: len(c.Broken) > 0, opts: opts, refs: c.References}
	if d.Lines == nil {
		d.Lines = text.NewLineIndex(in.Src)
	}
	d.Diagnostics = []checks.Diagnostic{}
	switch {
	case c.Host != nil && c.IsPolicy():
		d.Diagnostics = checks.RunHost(c.Host, opts.Checks)
	case c.IsPolicy() && c.Language != "json":
		// A YAML or HCL host: its parser judged its syntax; its bytes
		// are judged here.
		d.Diagnostics = checks.RunEncoding(in.Src, opts.Checks)
	}
	var old *oldUnits
	if incremental && prev != nil {
		old = &oldUnits{doc: prev, changes: in.Changes}
	}
	for i, su := range c.Units {
		u := old.take(i, su)
		if u == nil {
			u = analyzeUnit(su, in.File, old.unit(i, su), opts, incremental)
		}
		d.Units = append(d.Units, u)
	}
	if stale := keepStale(prev, c.Broken, in.Changes); len(stale) > 0 {
		d.Units = append(d.Units, stale...)
		slices.SortStableFunc(d.Units, func(a, b *Unit) int { return a.Span.Start - b.Span.Start })
	}
	d.addFindings(c, opts)
	d.addMissingFiles(in.Exists, opts)
	return d
}

// analyzeUnit analyses one unit; prev, when not nil, is the previous
// version's analysis of the unit at the same index, whose tree and model
// size the new ones and whose memo the checks reuse.
func analyzeUnit(su source.Unit, file source.File, prev *Unit, opts Options, incremental bool) *Unit {
	var likeFile *jsonast.File
	var likePolicy *policy.Policy
	var memo *checks.Memo
	if prev != nil {
		likeFile, likePolicy, memo = prev.File, prev.Policy, prev.memo
	}
	f := su.Tree
	if f == nil { // the whole file, not parsed by Classify
		f = jsonast.ParseWith(su.Src, jsonast.Options{Frozen: file.Frozen, Like: likeFile})
	}
	kind := su.Kind
	if kind == policy.KindAuto {
		kind = opts.Kind
	}
	u := &Unit{Unit: su, File: f, Policy: policy.BuildLike(f, kind, likePolicy)}
	u.Tree = nil // the File holds it; the Unit need not keep a second reference
	copts := opts.Checks
	copts.Written = su.Host != nil || su.Verbatim
	for _, k := range su.Unknowns {
		copts.Computed = append(copts.Computed, k.Span)
	}
	if incremental {
		u.Diagnostics, u.memo = checks.Rerun(u.Policy, copts, memo)
	} else {
		u.Diagnostics = checks.Run(u.Policy, copts)
	}
	u.Diagnostics = withoutUnknowns(u.Diagnostics, su.Unknowns)
	return u
}

// wholeTree is the syntax tree of the file when the file is one policy;
// nil otherwise.
func (d *Document) wholeTree() *jsonast.File {
	if len(d.Units) == 1 && d.Units[0].Map == nil {
		return d.Units[0].File
	}
	return nil
}

// StatementsRechecked is how many statements the statement-scoped checks
// were run on when d was made, over all units: all of them for Analyze, and
// for Reanalyze those whose text the previous version did not have.
func (d *Document) StatementsRechecked() int {
	n := 0
	for _, u := range d.Units {
		switch {
		case u.taken || u.stale:
		case u.memo == nil:
			n += len(u.Policy.Statements)
		default:
			n += u.memo.Rechecked()
		}
	}
	return n
}

// unitAt returns the unit whose text holds the file offset, and the offset
// in the unit's text. Of the two units of a policy with !If functions it
// is the first.
func (d *Document) unitAt(offset int) (*Unit, int, bool) {
	for _, u := range d.Units {
		if u.Span.Contains(offset) && u.Branch == 0 {
			off, ok := u.Map.Unit(offset)
			return u, off, ok
		}
	}
	return nil, 0, false
}

// Complete proposes completions at a file offset.
func (d *Document) Complete(offset int) []completion.Item {
	return d.AppendCompletions(nil, offset)
}

// AppendCompletions is Complete appending to items, for a caller that
// reuses one buffer across requests.
func (d *Document) AppendCompletions(items []completion.Item, offset int) []completion.Item {
	u, _, ok := d.unitAt(offset)
	if ok && !u.stale {
		n := len(items)
		items = completeIn(items, d.Src, u, offset)
		if len(items) > n || u.Host == nil {
			return items
		}
	}
	return append(items, d.completeKey(offset)...)
}

// completeIn appends the completions at a file offset in the unit u.
func completeIn(items []completion.Item, src []byte, u *Unit, offset int) []completion.Item {
	// The cursor is where the text before it ends: at the end of a
	// template's key, the key being typed, not the colon after it.
	off, ok := u.Map.UnitBefore(offset)
	if u.Host != nil {
		off, ok = u.Host.Cursor(offset)
	}
	if !ok {
		return items
	}
	if u.Host != nil {
		if _, unknown := u.Host.UnknownAt(off); unknown {
			return items // the template computes this value; nothing to propose
		}
	}
	n := len(items)
	items = completion.Append(items, u.File, u.Policy, off)
	if u.Map == nil {
		return items
	}
	if u.Host != nil {
		kept := hostItems(src, u.Host, items[n:]) // filters in place
		return items[:n+len(kept)]
	}
	for i := n; i < len(items); i++ {
		items[i].Edit = toHostEdit(items[i].Edit, u.Map, items[i].Snippet)
	}
	return items
}

// Hover explains what is at a file offset; nil when there is nothing to say.
func (d *Document) Hover(offset int) *hover.Result {
	u, off, ok := d.unitAt(offset)
	if !ok {
		return nil
	}
	for _, k := range u.Unknowns {
		if k.Span.Start <= off && off < k.Span.End {
			return &hover.Result{Span: unitSpan(u, k.Span), Markdown: k.About}
		}
	}
	h := hover.Hover(u.File, u.Policy, off)
	// On a principal of a key policy, what the engine says it can do.
	if span, md := d.principalHover(d.unitIndex(u), off); md != "" {
		if h == nil {
			h = &hover.Result{Span: span}
		} else {
			md = h.Markdown + "\n\n---\n\n" + md
		}
		h.Markdown = md
	}
	if h != nil {
		h.Span = unitSpan(u, h.Span)
	}
	return h
}

func (d *Document) unitIndex(u *Unit) int {
	for i, v := range d.Units {
		if v == u {
			return i
		}
	}
	return -1
}

// Links returns the document links of every unit: its actions, condition
// keys and resource ARNs, each with the page that documents it.
func (d *Document) Links() []links.Link {
	var out []links.Link
	for _, u := range d.Units {
		for _, l := range links.Links(u.Policy) {
			l.Span = u.Map.Span(l.Span)
			out = append(out, l)
		}
	}
	return out
}

// Symbols returns the outline: each unit's statements; a unit held inside
// the file is one symbol, named by where it is, with its statements below.
func (d *Document) Symbols() []outline.Symbol {
	var out []outline.Symbol
	for _, u := range d.Units {
		if u.Branch != 0 {
			continue // the same policy as the unit before it
		}
		syms := outline.Symbols(u.Policy)
		if u.Map == nil {
			out = append(out, syms...)
			continue
		}
		detail := u.Policy.Kind.String() + " policy"
		if u.Where != "" {
			detail = u.Where + " · " + detail
		}
		name := u.Name
		if name == "" {
			name = "policy"
		}
		out = append(out, outline.Symbol{
			Name:      name,
			Detail:    detail,
			Kind:      outline.SymbolElement,
			Span:      u.Span,
			Selection: u.Span,
			Children:  symbolsToHost(syms, u),
		})
	}
	return out
}

func symbolsToHost(syms []outline.Symbol, u *Unit) []outline.Symbol {
	for i := range syms {
		syms[i].Span = unitSpan(u, syms[i].Span)
		syms[i].Selection = unitSpan(u, syms[i].Selection)
		syms[i].Children = symbolsToHost(syms[i].Children, u)
	}
	return syms
}

// CodeAction is a quick fix together with the finding it resolves.
type CodeAction struct {
	Fix        checks.Fix
	Diagnostic checks.Diagnostic
}

// CodeActions returns the quick fixes of findings that overlap span.
func (d *Document) CodeActions(span text.Span) []CodeAction {
	var out []CodeAction
	for _, diag := range d.Diagnostics {
		if diag.End < span.Start || diag.Start > span.End {
			continue
		}
		for _, fix := range diag.Fixes {
			out = append(out, CodeAction{Fix: fix, Diagnostic: diag})
		}
	}
	return out
}

// ErrNotJSON is Format's answer for a file that is not JSON (a YAML
// template): its own formatter is the one to run.
var ErrNotJSON = errors.New("only JSON documents are formatted")

// Format pretty-prints the file (2-space JSON, member order kept). A policy
// held in a string stays the string it is.
func (d *Document) Format() ([]byte, error) {
	if d.language != "" && d.language != "json" {
		return nil, ErrNotJSON
	}
	return format.Format(d.Src)
}
