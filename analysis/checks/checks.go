// Package checks holds the diagnostics rules. Each rule is one small unit
// with a stable code, a default severity and a documented purpose; Run
// applies every enabled rule to a policy model.
package checks

//go:generate go run ../../internal/ruledoc -readme ../../README.md

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Severity is how much a finding matters, most first. The zero value is no
// severity; the language server and the SARIF writer each map it to their
// own scale.
type Severity uint8

const (
	Error Severity = iota + 1
	Warning
	Information
	Hint
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Information:
		return "information"
	case Hint:
		return "hint"
	}
	return "unknown"
}

// ParseSeverity reads a severity as the settings and JSON output spell it.
func ParseSeverity(s string) (Severity, bool) {
	for _, sev := range []Severity{Error, Warning, Information, Hint} {
		if sev.String() == s {
			return sev, true
		}
	}
	return 0, false
}

// Tag marks a finding for editors that render unnecessary or deprecated code
// differently. The zero value is no tag.
type Tag uint8

const (
	TagUnnecessary Tag = iota + 1 // code that can go: it changes nothing
	TagDeprecated                 // a name that still works but has a successor
)

// Fix is a quick fix: edits that resolve one finding.
type Fix struct {
	Title     string
	Edits     []text.Edit
	Preferred bool // the one obvious fix (an editor may apply it on save)
}

// Diagnostic is one finding.
type Diagnostic struct {
	text.Span
	Code     string
	Severity Severity
	Message  string
	Tags     []Tag
	Fixes    []Fix
}

// Options tune a run.
type Options struct {
	// Account is the key's own 12-digit account, when the user knows it.
	Account string
	// Organization is the AWS Organizations id (o-…) of the key's account,
	// when the user gives it: its principals are not external.
	Organization string
	// Disabled rule codes are not run.
	Disabled map[string]bool
	// Severity overrides a rule's default severity.
	Severity map[string]Severity
	// Written is set for a policy whose text is not its own: written by a
	// host from its own syntax (a template's YAML or HCL), or a part of
	// the file's bytes (a template's JSON object). The file-scoped rules,
	// which judge a text's bytes, leave that to the file's own checks
	// (RunHost, the hosts' syntax rules), so that each is reported once.
	Written bool
	// Computed are the spans, in the policy's offsets, of the values a
	// host computes when it deploys (a template's !Ref or ${var.x}): the
	// rules that read the evaluation engine say nothing that such a value
	// could change.
	Computed []text.Span
}

// Rule is one check, with its documentation: the README's Rules section is
// generated from these fields (go generate ./analysis/checks), and DocURL
// points at the rule's part of it.
type Rule struct {
	Code     string
	Severity Severity // default severity; a check may report a different one (see Pass.ReportSeverity)
	Doc      string   // one sentence: what it finds and why it matters
	// Applies names the kind of policy the rule judges when it is not every
	// kind ("key policies", "IAM policies only"); the README's lead says it
	// after the severity.
	Applies string
	// Details is the rule's README paragraph, in Markdown, after the lead
	// ("**Warning, key policies.**") that Severity and Applies make. A rule
	// whose severity depends on the case writes its own lead instead: then
	// Details starts with the bold severities, the default one first.
	Details string
	// Example is a policy or fragment the rule reports (JSON, or JSONC if it
	// carries a comment); empty when no short one shows it.
	Example string
	Scope   Scope
	// Requires lists the facts the rule reads (see package facts): the
	// Pass's accessors refuse the others.
	Requires []facts.Kind
	Check    func(*Pass)
	// Replaces lists the codes of rules this one took the place of: they
	// find it (LookupRule), and disabling or setting the severity of one
	// of them does the same to this rule.
	Replaces []string
	// Elsewhere is set for a rule whose findings the analysis makes
	// outside Run (a host file's syntax errors): Run skips it.
	Elsewhere bool
}

// Scope says what a rule's findings may depend on, and so what a run after
// an edit may take over from the run before it (see Rerun).
type Scope uint8

const (
	// PolicyScope: a finding may depend on anything in the document. The
	// rule runs on the whole policy every time.
	PolicyScope Scope = iota
	// StatementScope: every finding lies inside one statement and depends
	// only on that statement's text and on the run's context (the policy's
	// kind, the options and the key's account). The rule is shown only the
	// statements whose text changed; its findings in the others are reused.
	StatementScope
	// FileScope: a finding about the file's own bytes (its syntax, its
	// encoding). The rule runs on a unit that is the whole file, like a
	// policy-scoped rule, and on the file itself when its policies are held
	// inside it (RunHost).
	FileScope
)

var registry []*Rule

// register adds a rule; each rule file calls it from init.
func register(r *Rule) *Rule {
	registry = append(registry, r)
	return r
}

// Rules returns every rule, sorted by code.
func Rules() []*Rule {
	out := append([]*Rule(nil), registry...)
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// LookupRule finds a rule by code, or by the code of a rule it replaced.
func LookupRule(code string) *Rule {
	for _, r := range registry {
		if r.Code == code {
			return r
		}
	}
	for _, r := range registry {
		if slices.Contains(r.Replaces, code) {
			return r
		}
	}
	return nil
}

// disabled reports whether the options turn the rule off, by its code or
// one it replaced.
func (o *Options) disabled(r *Rule) bool {
	if o.Disabled[r.Code] {
		return true
	}
	for _, c := range r.Replaces {
		if o.Disabled[c] {
			return true
		}
	}
	return false
}

// severity is the user's severity for the rule, by its code or one it
// replaced.
func (o *Options) severity(r *Rule) (Severity, bool) {
	if s, ok := o.Severity[r.Code]; ok {
		return s, true
	}
	for _, c := range r.Replaces {
		if s, ok := o.Severity[c]; ok {
			return s, true
		}
	}
	return 0, false
}

// Pass is what a rule sees: the policy, the options, and a way to report.
type Pass struct {
	Policy *policy.Policy
	Opts   *Options
	rule   *Rule
	diags  *[]Diagnostic
	// shared holds what several rules derive from the same statements
	// (expanded actions, parsed operators), computed once per Run.
	shared *shared
	needs  facts.Kind // the rule's Requires
}

// Report records a finding of the running rule at its default severity; see
// ReportSeverity for how long the result may be used.
func (p *Pass) Report(span text.Span, format string, args ...any) *Diagnostic {
	return p.ReportSeverity(p.rule.Severity, span, format, args...)
}

// ReportSeverity records a finding with an explicit severity (for rules whose
// severity depends on the case, e.g. error when no action supports a key,
// warning when only some do). A user's override still wins.
//
// The returned pointer is valid until the next report (it points into a
// growing slice): use it at once to attach Fixes or Tags.
func (p *Pass) ReportSeverity(sev Severity, span text.Span, format string, args ...any) *Diagnostic {
	if o, ok := p.Opts.severity(p.rule); ok {
		sev = o
	}
	*p.diags = append(*p.diags, Diagnostic{
		Span:     span,
		Code:     p.rule.Code,
		Severity: sev,
		Message:  oneLine(fmt.Sprintf(format, args...)),
	})
	return &(*p.diags)[len(*p.diags)-1]
}

// oneLine keeps a message on one line: a value quoted in it may hold a
// line break (a string cut in two), which would break the CLI's
// one-finding-a-line output and an editor's problem list.
func oneLine(msg string) string {
	if !strings.ContainsAny(msg, "\n\r") {
		return msg
	}
	return strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`).Replace(msg)
}

// Run applies every enabled rule and returns the findings sorted by position.
func Run(pol *policy.Policy, opts Options) []Diagnostic {
	diags, _ := run(pol, opts, nil, false)
	return diags
}

// Rerun is Run for a new version of a document that prev (from the run on
// an earlier version, or nil) was made for. Its findings are exactly Run's;
// statement-scoped rules run only on the statements whose text is not in
// prev. The Memo it returns is for the run on the next version.
func Rerun(pol *policy.Policy, opts Options, prev *Memo) ([]Diagnostic, *Memo) {
	return run(pol, opts, prev, true)
}

func run(pol *policy.Policy, opts Options, prev *Memo, remember bool) ([]Diagnostic, *Memo) {
	diags := []Diagnostic{}
	if pol == nil {
		return diags, nil
	}
	sh := newShared(pol, &opts)
	var memo *Memo
	scoped := pol // what statement-scoped rules are shown
	if remember {
		memo = newMemo(pol, &opts, sh.facts)
		var dirty []*policy.Statement
		diags, dirty = memo.reuse(prev, diags)
		view := *pol
		view.Statements = dirty
		scoped = &view
	}
	mark := len(diags)
	// One Pass serves every rule in turn: a rule keeps none after its
	// Check returns, and a Pass per rule was an allocation per rule per
	// keystroke.
	pass := &Pass{Opts: &opts, diags: &diags, shared: sh}
	for _, r := range registry {
		if opts.disabled(r) || r.Scope != StatementScope || r.Elsewhere {
			continue
		}
		pass.Policy, pass.rule, pass.needs = scoped, r, requires(r)
		r.Check(pass)
	}
	if memo != nil {
		memo.keep(diags[mark:])
	}
	for _, r := range registry {
		if opts.disabled(r) || r.Scope == StatementScope || r.Elsewhere || r.Scope == FileScope && opts.Written {
			continue
		}
		pass.Policy, pass.rule, pass.needs = pol, r, requires(r)
		r.Check(pass)
	}
	hedgeNearSyntaxErrors(pol, diags)
	SortDiagnostics(diags)
	return diags, memo
}

// SortDiagnostics orders findings by position, then code, then the rest, so
// that the order never depends on which rule ran first: Rerun reports
// reused findings before fresh ones and must still match Run, and a file's
// findings come out in one order whichever of its units they belong to.
func SortDiagnostics(diags []Diagnostic) {
	slices.SortStableFunc(diags, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Start, b.Start),
			strings.Compare(a.Code, b.Code),
			cmp.Compare(a.End, b.End),
			strings.Compare(a.Message, b.Message),
		)
	})
}

// RunHost reports what is wrong with a file that holds policies without
// being one, such as a JSON document with a policy in one of its strings:
// the findings of the file-scoped rules (its syntax errors and comments,
// its encoding). The findings of the policies in it come from Run on each.
func RunHost(f *jsonast.File, opts Options) []Diagnostic {
	diags := []Diagnostic{}
	if f == nil {
		return diags
	}
	pol := &policy.Policy{File: f}
	sh := newShared(pol, &opts)
	for _, r := range registry {
		if r.Scope == FileScope && !opts.disabled(r) {
			r.Check(&Pass{Policy: pol, Opts: &opts, rule: r, diags: &diags, shared: sh, needs: requires(r)})
		}
	}
	SortDiagnostics(diags)
	return diags
}
