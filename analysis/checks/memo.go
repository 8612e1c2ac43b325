package checks

import (
	"maps"
	"sort"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Memo is what a run remembers for the run on the next version of the same
// document: the findings of the statement-scoped rules in each statement,
// with the statement's text. A keystroke changes one statement of a key
// policy that may hold a hundred, so the next run checks that one and
// takes the others' findings over, moved to where the statement now is.
//
// A statement is looked up where it should be after an edit: at the same
// index, or at the same distance from the end when statements were added
// or removed before it. A statement moved elsewhere is checked afresh,
// which costs time but never changes the result; a map keyed by text
// would find it, but hashing every statement on every keystroke costs
// more than it saves.
type Memo struct {
	ctx     memoContext
	stmts   []stmtMemo     // by statement index
	pol     *policy.Policy // the policy the memo was made for
	dirtyAt []int          // indices of the statements checked afresh
}

// Rechecked is how many statements the run that made m showed to the
// statement-scoped rules (the others' findings were reused); 0 for nil.
func (m *Memo) Rechecked() int {
	if m == nil {
		return 0
	}
	return len(m.dirtyAt)
}

// memoContext is everything outside a statement that a statement-scoped
// rule may read: besides the options, the facts that depend on more than
// the statement (the key's account, by which principals are classified).
// Findings are reused only when it is unchanged.
type memoContext struct {
	kind    policy.Kind
	account string // the key's account, given or detected
	opts    Options
}

func (c *memoContext) equal(o *memoContext) bool {
	return c.kind == o.kind && c.account == o.account && c.opts.Account == o.opts.Account &&
		maps.Equal(c.opts.Disabled, o.opts.Disabled) && maps.Equal(c.opts.Severity, o.opts.Severity)
}

// stmtMemo is one statement's findings with offsets relative to its start.
// text is always a substring of the memo's own version of the document:
// taking over an older version's would keep that version's whole text
// alive for as long as the statement stays unchanged.
type stmtMemo struct {
	known bool // false: nothing is remembered of this statement
	text  string
	diags []Diagnostic // shared by the versions that reuse them; never changed
}

func newMemo(pol *policy.Policy, opts *Options, f *facts.Facts) *Memo {
	m := &Memo{stmts: make([]stmtMemo, len(pol.Statements)), pol: pol}
	m.ctx.kind, m.ctx.opts = pol.Kind, *opts
	m.ctx.account, _ = f.Account()
	return m
}

// reuse appends to diags the findings prev holds for statements whose text
// is unchanged, records them in m, and returns the statements that must be
// checked afresh.
func (m *Memo) reuse(prev *Memo, diags []Diagnostic) ([]Diagnostic, []*policy.Statement) {
	if prev != nil && !prev.ctx.equal(&m.ctx) {
		prev = nil
	}
	var dirty []*policy.Statement
	stmts := m.pol.Statements
	for i, s := range stmts {
		found := prev.lookup(m.pol.File, s, i, len(stmts))
		if !found.known {
			dirty = append(dirty, s)
			m.dirtyAt = append(m.dirtyAt, i)
			continue
		}
		m.stmts[i] = found
		for _, d := range found.diags {
			diags = append(diags, shifted(d, s.Node.Start))
		}
	}
	return diags, dirty
}

// lookup returns what m remembers of statement s, the i-th of n in the new
// version, with its text as a substring of the new version (see stmtMemo);
// a zero stmtMemo when m is nil or remembers nothing of that text where s
// should be.
func (m *Memo) lookup(f *jsonast.File, s *policy.Statement, i, n int) stmtMemo {
	if m == nil {
		return stmtMemo{}
	}
	key, ok := memoKey(f, s)
	if !ok {
		return stmtMemo{}
	}
	old := m.at(i, key)
	if old == nil {
		old = m.at(i+len(m.stmts)-n, key)
	}
	if old == nil {
		return stmtMemo{}
	}
	return stmtMemo{known: true, text: key, diags: old.diags}
}

// at returns what m remembers of statement i if its text is key.
func (m *Memo) at(i int, key string) *stmtMemo {
	if i < 0 || i >= len(m.stmts) || !m.stmts[i].known || m.stmts[i].text != key {
		return nil
	}
	return &m.stmts[i]
}

// keep records the findings of the statements that reuse found dirty.
// found holds the statement-scoped rules' findings, in any order.
func (m *Memo) keep(found []Diagnostic) {
	f := m.pol.File
	sorted := append([]Diagnostic(nil), found...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	for _, at := range m.dirtyAt {
		s := m.pol.Statements[at]
		key, ok := memoKey(f, s)
		if !ok {
			continue
		}
		sm := &stmtMemo{known: true, text: key}
		i := sort.Search(len(sorted), func(i int) bool { return sorted[i].Start >= s.Node.Start })
		for ; i < len(sorted) && sorted[i].Start < s.Node.End; i++ {
			if sorted[i].End > s.Node.End || !editsWithin(sorted[i], s.Node.Span) {
				sm = nil // it reaches outside the statement: it may not fit elsewhere
				break
			}
			sm.diags = append(sm.diags, shifted(sorted[i], -s.Node.Start))
		}
		if sm != nil {
			m.stmts[at] = *sm
		}
	}
}

// memoKey is the text a statement's findings are remembered by. Only a
// closed statement object without syntax errors qualifies: its tree is then
// the same wherever it stands, while the parser's recovery from an error
// may depend on what surrounds it.
func memoKey(f *jsonast.File, s *policy.Statement) (string, bool) {
	n := s.Node
	if f == nil || n == nil || n.Kind != jsonast.Object || !n.Closed {
		return "", false
	}
	i := sort.Search(len(f.Errors), func(i int) bool { return f.Errors[i].Start >= n.Start })
	if i < len(f.Errors) && f.Errors[i].Start < n.End {
		return "", false
	}
	return f.Text(n.Span), true
}

func editsWithin(d Diagnostic, span text.Span) bool {
	for _, fx := range d.Fixes {
		for _, e := range fx.Edits {
			if e.Start < span.Start || e.End > span.End {
				return false
			}
		}
	}
	return true
}

// shifted returns d moved by delta bytes, its fixes' edits too. The fixes
// are copied: the memo's findings are shared by the documents that use them.
func shifted(d Diagnostic, delta int) Diagnostic {
	d.Span = shiftSpan(d.Span, delta)
	if len(d.Fixes) == 0 {
		return d
	}
	fixes := make([]Fix, len(d.Fixes))
	for i, fx := range d.Fixes {
		edits := make([]text.Edit, len(fx.Edits))
		for j, e := range fx.Edits {
			edits[j] = text.Edit{Span: shiftSpan(e.Span, delta), NewText: e.NewText}
		}
		fx.Edits = edits
		fixes[i] = fx
	}
	d.Fixes = fixes
	return d
}

func shiftSpan(s text.Span, delta int) text.Span {
	return text.Span{Start: s.Start + delta, End: s.End + delta}
}
