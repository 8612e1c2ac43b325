// Package analysis is the editor-agnostic entry point of kms-policy-ls: it
// turns a document's bytes into an immutable Document snapshot (syntax tree,
// policy model, findings) and answers completion, hover, code action, outline
// and formatting requests against it. The CLI and the language server both
// use it; neither decides anything about policies themselves.
package analysis

import (
	"bytes"
	"encoding/json"

	"github.com/buger/jsonparser"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/completion"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/format"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/hover"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/outline"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Options configure an analysis.
type Options struct {
	Kind   policy.Kind // KindAuto detects key vs IAM policy
	Checks checks.Options
}

// Document is one analysed version of a document. It is never mutated after
// Analyze returns, so readers on other goroutines need no locks.
type Document struct {
	Src         []byte
	File        *jsonast.File
	Policy      *policy.Policy
	Lines       *text.LineIndex
	Diagnostics []checks.Diagnostic

	memo *checks.Memo // set by Reanalyze, for the next version's analysis
}

// Analyze parses src, builds the policy model and runs the checks.
func Analyze(src []byte, opts Options) *Document {
	f := jsonast.Parse(src)
	pol := policy.Build(f, opts.Kind)
	return &Document{
		Src:         src,
		File:        f,
		Policy:      pol,
		Lines:       text.NewLineIndex(src),
		Diagnostics: checks.Run(pol, opts.Checks),
	}
}

// Reanalyze analyses src, a new version of the document prev was made from
// (prev may be nil, or a Document that Analyze made). The result is the one
// Analyze gives; the checks that look at one statement at a time run only
// on the statements whose text is not in prev, which on a keystroke in a
// large key policy is one of many, and prev's line index is moved over the
// edit. An editor calls it on every change; a one-off lint has no previous
// version and calls Analyze.
func Reanalyze(prev *Document, src []byte, opts Options) *Document {
	if prev == nil {
		prev = &Document{}
	}
	f := jsonast.Parse(src)
	pol := policy.Build(f, opts.Kind)
	diags, memo := checks.Rerun(pol, opts.Checks, prev.memo)
	return &Document{
		Src:         src,
		File:        f,
		Policy:      pol,
		Lines:       prev.linesFor(src),
		Diagnostics: diags,
		memo:        memo,
	}
}

// linesFor is the line index of src, a new version of d's text: d's index
// moved over the edit, or a new index when d has none.
func (d *Document) linesFor(src []byte) *text.LineIndex {
	if d.Lines == nil {
		return text.NewLineIndex(src)
	}
	start, oldEnd, newEnd := changed(d.Src, src)
	return d.Lines.Edited(src, start, oldEnd, newEnd-start)
}

// changed finds the one edit that turns old into new: the bytes
// old[start:oldEnd] were replaced by new[start:newEnd]. (Several edits
// come out as one that spans them.) It compares a block at a time, with
// bytes.Equal's vector instructions, and then a byte at a time.
func changed(old, new []byte) (start, oldEnd, newEnd int) {
	const block = 256
	n := min(len(old), len(new))
	for start+block <= n && bytes.Equal(old[start:start+block], new[start:start+block]) {
		start += block
	}
	for start < n && old[start] == new[start] {
		start++
	}
	oldEnd, newEnd = len(old), len(new)
	for oldEnd-block >= start && newEnd-block >= start && bytes.Equal(old[oldEnd-block:oldEnd], new[newEnd-block:newEnd]) {
		oldEnd, newEnd = oldEnd-block, newEnd-block
	}
	for oldEnd > start && newEnd > start && old[oldEnd-1] == new[newEnd-1] {
		oldEnd, newEnd = oldEnd-1, newEnd-1
	}
	return start, oldEnd, newEnd
}

// StatementsRechecked is how many statements the statement-scoped checks
// were run on when d was made: all of them for Analyze, and for Reanalyze
// those whose text the previous version did not have.
func (d *Document) StatementsRechecked() int {
	if d.memo == nil {
		return len(d.Policy.Statements)
	}
	return d.memo.Rechecked()
}

// Complete proposes completions at a byte offset.
func (d *Document) Complete(offset int) []completion.Item {
	return completion.Complete(d.File, d.Policy, offset)
}

// Hover explains what is at a byte offset; nil when there is nothing to say.
func (d *Document) Hover(offset int) *hover.Result {
	return hover.Hover(d.File, d.Policy, offset)
}

// Symbols returns the outline.
func (d *Document) Symbols() []outline.Symbol { return outline.Symbols(d.Policy) }

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

// Format pretty-prints the document (2-space JSON, member order kept).
func (d *Document) Format() ([]byte, error) { return format.Format(d.Src) }

// LooksLikePolicy reports whether a JSON document looks like an IAM or key
// policy: a top-level Statement member, or a Version of "2012-10-17". It lets
// the language server stay silent on package.json and the like.
//
// The server asks this of every JSON file the editor opens, most of which are
// not policies and some of which are large (lock files). jsonparser answers
// for well-formed documents without building anything; only when it cannot
// (half-typed JSON) does the tolerant parser decide.
func LooksLikePolicy(src []byte) bool {
	if !MentionsPolicy(src) {
		return false
	}
	if looks, sure := quickLooksLikePolicy(src); sure {
		return looks
	}
	return tolerantLooksLikePolicy(src)
}

// LooksLikePolicy answers the question of the function LooksLikePolicy
// from the document's own tree, for callers that analyse a document anyway:
// the language server, which would otherwise parse every keystroke twice.
// The two agree except on a key or version string written with escapes,
// which only this method decodes.
func (d *Document) LooksLikePolicy() bool {
	if d.File == nil {
		return LooksLikePolicy(d.Src)
	}
	return MentionsPolicy(d.Src) && rootLooksLikePolicy(d.File)
}

// MentionsPolicy is the cheap first test, a byte search: a policy names its
// Statement member or its version somewhere. A document that fails it cannot
// look like a policy, so callers can skip parsing it.
func MentionsPolicy(src []byte) bool {
	return bytes.Contains(src, []byte(`"Statement"`)) || bytes.Contains(src, []byte(`2012-10-17`))
}

// quickLooksLikePolicy uses jsonparser's top-level key lookup; sure is false
// when the document is not well-formed enough for it to answer.
func quickLooksLikePolicy(src []byte) (looks, sure bool) {
	if !json.Valid(src) {
		return false, false
	}
	if v, typ, _, err := jsonparser.Get(src, "Version"); err == nil && typ == jsonparser.String && string(v) == "2012-10-17" {
		return true, true
	}
	_, _, _, err := jsonparser.Get(src, "Statement")
	return err == nil, true
}

func tolerantLooksLikePolicy(src []byte) bool {
	return rootLooksLikePolicy(jsonast.Parse(src))
}

func rootLooksLikePolicy(f *jsonast.File) bool {
	if f.Root == nil || f.Root.Kind != jsonast.Object {
		return false
	}
	for _, m := range f.Root.Members() {
		switch m.Key.Value {
		case "Statement":
			return true
		case "Version":
			if m.Value != nil && m.Value.Value == "2012-10-17" {
				return true
			}
		}
	}
	return false
}
