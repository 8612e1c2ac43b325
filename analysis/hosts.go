package analysis

import (
	"slices"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/completion"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// What the analysis does for units that a host writes otherwise than as
// JSON (templates): their findings, fixes and completions are written in
// the host's syntax by the unit's Host, values the host computes raise no
// finding, the two branches of an !If are compared, and while the host
// file does not parse, the last units that did stay, moved by the edits.

// addFindings collects the file's findings: the host's syntax errors and
// each unit's findings in file offsets, a policy with !If functions
// reported once for both its branches.
func (d *Document) addFindings(c source.Contents, opts Options) {
	for _, e := range c.Errors {
		if diag, ok := checks.SyntaxFinding(e.Code, e.Span, e.Message, opts.Checks); ok {
			d.Diagnostics = append(d.Diagnostics, diag)
		}
	}
	for i, u := range d.Units {
		if u.Branch != 0 {
			continue // reported with the unit before it
		}
		if i+1 < len(d.Units) && d.Units[i+1].Branch == 1 {
			d.Diagnostics = append(d.Diagnostics, mergeBranches(hostFindings(u), hostFindings(d.Units[i+1]), u)...)
			continue
		}
		for _, diag := range u.Diagnostics {
			d.Diagnostics = append(d.Diagnostics, toHost(diag, u))
		}
	}
	if len(d.Units) > 1 || c.Host != nil || len(c.Errors) > 0 {
		checks.SortDiagnostics(d.Diagnostics)
	}
}

// hostFindings are u's findings in file offsets.
func hostFindings(u *Unit) []checks.Diagnostic {
	out := make([]checks.Diagnostic, 0, len(u.Diagnostics))
	for _, diag := range u.Diagnostics {
		out = append(out, toHost(diag, u))
	}
	return out
}

// mergeBranches reports a finding of both branches once, and says of one
// found in one branch only which branch that is.
func mergeBranches(first, second []checks.Diagnostic, u *Unit) []checks.Diagnostic {
	key := func(d checks.Diagnostic) [4]string {
		return [4]string{d.Code, d.Message, itoa(d.Start), itoa(d.End)}
	}
	inFirst := map[[4]string]bool{}
	for _, d := range first {
		inFirst[key(d)] = true
	}
	inSecond := map[[4]string]bool{}
	for _, d := range second {
		inSecond[key(d)] = true
	}
	out := make([]checks.Diagnostic, 0, len(first)+len(second))
	for _, d := range first {
		if !inSecond[key(d)] {
			d.Message += onlyWhen(u, true)
		}
		out = append(out, d)
	}
	for _, d := range second {
		if !inFirst[key(d)] {
			d.Message += onlyWhen(u, false)
			out = append(out, d)
		}
	}
	return out
}

// onlyWhen says in which branch of the !If functions (or Terraform's
// conditional expressions) of u's policy a finding holds.
func onlyWhen(u *Unit, first bool) string {
	var names []string
	for _, c := range u.Conditions {
		if c != "" && !slices.Contains(names, c) {
			names = append(names, c)
		}
	}
	choice := u.Choice
	if choice == "" {
		choice = "!If"
	}
	value := "false (the second branch of " + choice + ")"
	if first {
		value = "true (the first branch of " + choice + ")"
	}
	switch len(names) {
	case 0:
		return " (only when the " + choice + " condition is " + value + ")"
	case 1:
		return " (only when condition " + names[0] + " is " + value + ")"
	}
	return " (only when conditions " + strings.Join(names, ", ") + " are " + value + ")"
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// toOtherHost maps a finding of a unit that its host writes otherwise, or
// of a stale unit: the span through the host, each fix's edits written by
// the host, and a fix it cannot write dropped (a stale unit's all).
func toOtherHost(d checks.Diagnostic, u *Unit) checks.Diagnostic {
	d.Span = unitSpan(u, d.Span)
	if len(d.Fixes) == 0 {
		return d
	}
	var fixes []checks.Fix
	for _, f := range d.Fixes {
		if u.Host == nil {
			break
		}
		edits := make([]text.Edit, 0, len(f.Edits))
		for _, e := range f.Edits {
			he, ok := u.Host.Edit(e, false)
			if !ok {
				edits = nil
				break
			}
			edits = append(edits, he)
		}
		if edits != nil {
			f.Edits = edits
			fixes = append(fixes, f)
		}
	}
	d.Fixes = fixes
	return d
}

// unitSpan maps a unit span into the file.
func unitSpan(u *Unit, s text.Span) text.Span {
	if u.Host != nil {
		return u.Host.Span(s)
	}
	return u.Map.Span(s)
}

// withoutUnknowns drops the findings that lie inside a value the host
// computes: such a value could be anything of the right shape, so it never
// causes a finding by itself.
func withoutUnknowns(diags []checks.Diagnostic, unknowns []hosttree.Unknown) []checks.Diagnostic {
	if len(unknowns) == 0 {
		return diags
	}
	out := diags[:0:0]
	for _, d := range diags {
		if !slices.ContainsFunc(unknowns, func(k hosttree.Unknown) bool { return k.Span.Start <= d.Start && d.End <= k.Span.End }) {
			out = append(out, d)
		}
	}
	return out
}

// hostItems writes completion proposals in the host's syntax, dropping
// those it cannot write, and filters each on what the user typed in the
// host: without the quotes a plain YAML scalar does not have.
func hostItems(src []byte, h source.Host, items []completion.Item) []completion.Item {
	out := items[:0]
	for _, it := range items {
		e, ok := h.Edit(it.Edit, it.Snippet)
		if !ok {
			continue
		}
		it.Edit = e
		it.FilterText = hostFilter(src, e.Start, it.FilterText)
		out = append(out, it)
	}
	return out
}

// hostFilter is a proposal's filter text for the host text at start: the
// unit's text is always a JSON string, the host's may be unquoted or
// single-quoted.
func hostFilter(src []byte, start int, filter string) string {
	inner := strings.TrimSuffix(strings.TrimPrefix(filter, `"`), `"`)
	if inner == filter {
		return filter
	}
	switch {
	case start < len(src) && src[start] == '"':
		return filter
	case start < len(src) && src[start] == '\'':
		return "'" + inner + "'"
	}
	return inner
}

// keepStale keeps the previous version's units that lie in the parts of
// the file that do not parse now (broken), moved by the edits: their
// findings stay where their text still is, those on text the edits
// touched go, and none offers a fix.
func keepStale(prev *Document, broken []text.Span, changes []text.Change) []*Unit {
	if prev == nil || len(broken) == 0 {
		return nil
	}
	start, oldEnd, newEnd, ok := text.Covering(changes)
	if !ok {
		return nil
	}
	delta := newEnd - oldEnd
	move := func(s text.Span) text.Span {
		if s.Start >= oldEnd {
			s.Start += delta
		}
		if s.End >= oldEnd {
			s.End += delta
		}
		return s
	}
	var out []*Unit
	for _, p := range prev.Units {
		at := move(p.Span)
		if !slices.ContainsFunc(broken, func(b text.Span) bool { return b.Start <= at.Start && at.End <= b.End }) {
			continue
		}
		u := *p
		u.stale, u.Host, u.Span = true, nil, at
		u.Map = p.Map.Moved(oldEnd, delta)
		u.Diagnostics = nil
		for _, diag := range p.Diagnostics {
			was := unitSpan(p, diag.Span)
			if was.End >= start && was.Start <= oldEnd {
				continue // on text the edits touched
			}
			diag.Fixes = nil
			u.Diagnostics = append(u.Diagnostics, diag)
		}
		out = append(out, &u)
	}
	return out
}

// completeKey proposes the key being typed on a line of its own in a YAML
// file or in an HCL object (jsonencode): a word without its colon (or
// "=") yet, or nothing, which the host does not parse, or reads as the
// continuation of the value above. The line is read as the key it will be
// (the word with its colon, or an empty key) in a copy of the file; the
// proposals' edits are moved back to the file, and a key's proposal
// brings its colon.
func (d *Document) completeKey(offset int) []completion.Item {
	ls := offset
	for ls > 0 && d.Src[ls-1] != '\n' {
		ls--
	}
	le := offset
	for le < len(d.Src) && d.Src[le] != '\n' && d.Src[le] != '\r' {
		le++
	}
	before := strings.TrimLeft(string(d.Src[ls:offset]), " \t")
	var ins, empty, sep string
	switch d.language {
	case "yaml":
		before = strings.TrimLeft(strings.TrimPrefix(before, "-"), " ")
		ins, empty, sep = ":", `"":`, ": "
	case "hcl":
		ins, empty, sep = " = null", `"" = null`, " = "
	default:
		return nil
	}
	if strings.TrimSpace(string(d.Src[offset:le])) != "" || strings.ContainsAny(before, " \t\"'{}[],#&!|>=") {
		return nil
	}
	cursor := offset
	if before == "" {
		ins, cursor = empty, offset+1
	}
	repaired := make([]byte, 0, len(d.Src)+len(ins))
	repaired = append(append(append(repaired, d.Src[:offset]...), ins...), d.Src[offset:]...)
	c := source.ClassifyNext(source.File{LanguageID: d.language, Src: repaired}, d.next)
	var su *source.Unit
	for i := range c.Units {
		if c.Units[i].Span.Contains(cursor) && c.Units[i].Branch == 0 {
			su = &c.Units[i]
		}
	}
	if su == nil {
		return nil
	}
	u := analyzeUnit(*su, source.File{}, nil, Options{Checks: checks.Options{Disabled: allRules()}}, false)
	wordStart := offset - len(before)
	var out []completion.Item
	for _, it := range completeIn(nil, repaired, u, cursor) {
		it.Edit.Span = text.Span{Start: back(it.Edit.Start, offset, len(ins)), End: back(it.Edit.End, offset, len(ins))}
		if it.Edit.Span == (text.Span{Start: wordStart, End: offset}) {
			it.Edit.NewText += sep
		}
		out = append(out, it)
	}
	return out
}

// back moves an offset of a text with n bytes inserted at at to the text
// without them.
func back(off, at, n int) int {
	switch {
	case off <= at:
		return off
	case off < at+n:
		return at
	}
	return off - n
}

// allRules disables every rule: completion needs the model, not findings.
func allRules() map[string]bool {
	out := map[string]bool{}
	for _, r := range checks.Rules() {
		out[r.Code] = true
	}
	return out
}

// References are the files the file's Terraform configuration reads
// policies from (file(), templatefile()), in file order.
func (d *Document) References() []source.Reference { return d.refs }

// addMissingFiles reports each reference to a file that exists says is
// not there: terraform plan would fail on it.
func (d *Document) addMissingFiles(exists func(source.Reference) bool, opts Options) {
	if exists == nil {
		return
	}
	n := len(d.Diagnostics)
	for _, r := range d.refs {
		if exists(r) {
			continue
		}
		msg := "Terraform cannot read " + r.Path + ", the policy of " + r.Name + ": there is no such file."
		if diag, ok := checks.SyntaxFinding("missing-policy-file", r.Span, msg, opts.Checks); ok {
			d.Diagnostics = append(d.Diagnostics, diag)
		}
	}
	if len(d.Diagnostics) > n {
		checks.SortDiagnostics(d.Diagnostics)
	}
}
