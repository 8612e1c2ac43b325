package analysis

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// What the evaluation engine says of a document, for the editor: code
// lenses on key policies, inlay hints, the access table and hover on
// principals. The engine's access summary of a unit is made when first
// asked for and kept with the Document (one version of the file), so the
// lenses and hovers of a version share one. The checks make their own
// and let it go: keeping theirs with every open document would hold a
// summary (about 0.3 MB for a 32 KB key policy) for documents no lens or
// hover ever asks about.

// ShowAccessCommand is the command of the summary lens: its arguments are
// the document's URI (filled in by the language server) and the unit's
// index; it answers the unit's access table in Markdown.
const ShowAccessCommand = "kmsPolicy.showAccess"

// Lens is a line of text shown above a span of the file, with the command
// a click runs ("" for none).
type Lens struct {
	Span    text.Span
	Title   string
	Command string
	Unit    int // the unit the lens is about, the command's argument
}

// InlayHint is a label shown in the text at a file offset.
type InlayHint struct {
	Offset  int
	Label   string
	Tooltip string
}

// accessCache holds the access summary of each unit, made when first asked for.
type accessCache struct {
	mu   sync.Mutex
	sums map[int]*eval.Summary
}

// access is the unit's access summary; nil for a unit that is not a key
// policy.
func (d *Document) access(i int) *eval.Summary {
	u := d.Units[i]
	// A value a template computes could be anything: the engine would
	// answer for a policy that is not the one deployed.
	if u.Policy.Kind != policy.KindKey || u.Policy.Root == nil || len(u.Unknowns) > 0 {
		return nil
	}
	d.cache.mu.Lock()
	defer d.cache.mu.Unlock()
	if s, ok := d.cache.sums[i]; ok {
		return s
	}
	account, _ := facts.New(u.Policy, d.opts.Checks.Account).Account()
	s := eval.Summarize(eval.Compile(u.Policy, u.Name), eval.SummaryOptions{KeyAccount: account, Organization: d.opts.Checks.Organization})
	if d.cache.sums == nil {
		d.cache.sums = map[int]*eval.Summary{}
	}
	d.cache.sums[i] = s
	return s
}

// AccessMarkdown is the access table of a unit, for ShowAccessCommand.
func (d *Document) AccessMarkdown(unit int) (string, bool) {
	if unit < 0 || unit >= len(d.Units) {
		return "", false
	}
	s := d.access(unit)
	if s == nil {
		return "", false
	}
	name := "this key policy"
	if n := d.Units[unit].Name; n != "" {
		name = "the key policy in " + n
	}
	// One branch of a policy with !If functions: say which.
	switch {
	case d.pairedWithNext(unit):
		name += onlyWhen(d.Units[unit], true)
	case d.Units[unit].Branch == 1:
		name += onlyWhen(d.Units[unit], false)
	}
	return "## Who can do what with " + name + "\n\n" + s.Markdown(), true
}

// Lenses are the code lenses of the key policies of the file: above
// "Statement", the summary of who can do what, whose command opens the
// access table; above each statement, what it grants after the Denies. Of
// a policy with !If functions, a lens both branches give is shown once,
// and one they differ on says which branch it holds in.
func (d *Document) Lenses() []Lens {
	var out []Lens
	for i := 0; i < len(d.Units); i++ {
		ls := d.unitLenses(i)
		if d.pairedWithNext(i) {
			ls = mergeLenses(ls, d.unitLenses(i+1), d.Units[i])
			i++
		}
		out = append(out, ls...)
	}
	return out
}

// pairedWithNext reports whether unit i is the first branch of a policy
// with !If functions, whose second branch is unit i+1.
func (d *Document) pairedWithNext(i int) bool {
	return d.Units[i].Branch == 0 && i+1 < len(d.Units) && d.Units[i+1].Branch == 1
}

// unitLenses are the lenses of unit i.
func (d *Document) unitLenses(i int) []Lens {
	u := d.Units[i]
	s := d.access(i)
	if s == nil || u.Policy.StatementElem == nil || u.Policy.StatementElem.Member == nil {
		return nil
	}
	out := []Lens{{
		Span:    unitSpan(u, u.Policy.StatementElem.Member.Key.Span),
		Title:   summaryLine(s),
		Command: ShowAccessCommand,
		Unit:    i,
	}}
	for _, st := range u.Policy.Statements {
		est := s.Policy.StatementOf(st)
		if est == nil || st.Node == nil {
			continue
		}
		if title := statementLine(s, est); title != "" {
			out = append(out, Lens{Span: unitSpan(u, firstByte(st.Node)), Title: title, Unit: i})
		}
	}
	return out
}

// mergeLenses shows a lens of both branches once, and says of one that
// only one branch gives which branch that is.
func mergeLenses(first, second []Lens, u *Unit) []Lens {
	key := func(l Lens) [3]string { return [3]string{l.Title, itoa(l.Span.Start), itoa(l.Span.End)} }
	in := func(ls []Lens) map[[3]string]bool {
		m := map[[3]string]bool{}
		for _, l := range ls {
			m[key(l)] = true
		}
		return m
	}
	inFirst, inSecond := in(first), in(second)
	out := make([]Lens, 0, len(first)+len(second))
	for _, l := range first {
		if !inSecond[key(l)] {
			l.Title += onlyWhen(u, true)
		}
		out = append(out, l)
	}
	for _, l := range second {
		if !inFirst[key(l)] {
			l.Title += onlyWhen(u, false)
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b Lens) int { return a.Span.Start - b.Span.Start })
	return out
}

func firstByte(n *jsonast.Node) text.Span {
	return text.Span{Start: n.Start, End: min(n.Start+1, n.End)}
}

// summaryLine says in one line who can use and who can administer the key.
func summaryLine(s *eval.Summary) string {
	var use, admin []string
	public := ""
	for si, sub := range s.Subjects {
		if mayDo(s, si, eval.ClassCryptographic) {
			use = append(use, sub.String())
			if sub.Kind == eval.SubjectAnyone {
				public = "anyone else can use this key · "
			}
		}
		if mayDo(s, si, eval.ClassAdministrative) {
			admin = append(admin, sub.String())
		}
	}
	return fmt.Sprintf("%suse: %s · administer: %s · show who can do what", public, listOrNone(use, 2), listOrNone(admin, 2))
}

// mayDo reports whether a subject may be allowed an action of a class.
func mayDo(s *eval.Summary, si int, c eval.ActionClass) bool {
	for _, ai := range eval.ClassActions(c) {
		if s.Verdict(si, ai) != eval.Never {
			return true
		}
	}
	return false
}

func listOrNone(xs []string, max int) string {
	switch {
	case len(xs) == 0:
		return "nobody"
	case len(xs) > max:
		return strings.Join(xs[:max], ", ") + fmt.Sprintf(" and %d more", len(xs)-max)
	}
	return strings.Join(xs, ", ")
}

// statementLine says what a statement grants or refuses, to whom, after
// the Denies: "allows kms:Decrypt to role App in 111122223333; Deny
// "NoHTTP" may override it".
func statementLine(s *eval.Summary, st *eval.Statement) string {
	r := s.ReachOf(st)
	var who, first []string // first: anyone else and any other service, which matter most
	for _, si := range r.Subjects {
		sub := s.Subjects[si]
		if sub.Kind == eval.SubjectAnyone || sub.Kind == eval.SubjectAnyService {
			first = append(first, sub.String())
		} else {
			who = append(who, sub.String())
		}
	}
	who = append(first, who...)
	var denies []string
	for _, d := range r.Overridden {
		denies = append(denies, d.Name())
	}
	slices.Sort(denies)
	verb := "allows"
	if st.Effect == eval.EffectDeny {
		verb = "refuses"
	}
	switch {
	case len(who) == 0 && r.Blocked:
		return "allows nothing: overridden by Deny " + strings.Join(denies, ", ")
	case len(who) == 0:
		return verb + " nothing: it applies to no request"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s to %s", verb, actionList(r.Actions), listOrNone(who, 3))
	if len(r.On) > 0 {
		fmt.Fprintf(&b, " (depending on %s)", strings.Join(r.On, ", "))
	}
	if len(denies) > 0 {
		fmt.Fprintf(&b, "; Deny %s may override it", strings.Join(denies, ", "))
	}
	return b.String()
}

// actionList names actions compactly: every action a key policy can grant
// is "every action", otherwise up to four names.
func actionList(ais []int) string {
	all := eval.KeyActions()
	if len(ais) == len(all) {
		return "every key action"
	}
	names := make([]string, 0, 4)
	for i, ai := range ais {
		if i == 4 {
			return strings.Join(names, ", ") + fmt.Sprintf(" and %d more", len(ais)-4)
		}
		names = append(names, all[ai].Name)
	}
	return strings.Join(names, ", ")
}

// InlayHints are the hints within a span of the file: after a wildcard
// action, how many actions it stands for in this kind of policy; after an
// account id a key policy names, whether it is the key's own account.
func (d *Document) InlayHints(span text.Span) []InlayHint {
	var out []InlayHint
	for _, u := range d.Units {
		if u.Span.End < span.Start || u.Span.Start > span.End {
			continue
		}
		account, known := facts.New(u.Policy, d.opts.Checks.Account).Account()
		add := func(n *jsonast.Node, label, tooltip string) {
			at := unitSpan(u, n.Span).End
			if span.Start <= at && at <= span.End {
				out = append(out, InlayHint{Offset: at, Label: label, Tooltip: tooltip})
			}
		}
		for _, st := range u.Policy.Statements {
			for _, l := range []*policy.List{st.Action, st.NotAction} {
				if l == nil {
					continue
				}
				for _, v := range l.Values {
					if label, tip, ok := wildcardHint(v.Text, u.Policy.Kind); ok {
						add(v.Node, label, tip)
					}
				}
			}
			if known && u.Policy.Kind == policy.KindKey {
				accountHints(st, account, add)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b InlayHint) int { return a.Offset - b.Offset })
	// The two branches of a policy with !If functions share the text
	// outside the !If: its hints are shown once.
	return slices.CompactFunc(out, func(a, b InlayHint) bool { return a == b })
}

// wildcardHint counts the actions a wildcard action value matches: in a
// key policy those a key policy can grant.
func wildcardHint(v string, kind policy.Kind) (string, string, bool) {
	if !catalog.HasWildcard(v) {
		return "", "", false
	}
	var names []string
	for _, a := range catalog.MatchActions(v) {
		if kind == policy.KindKey && a.PolicyTypes()&catalog.KeyPolicy == 0 {
			continue
		}
		names = append(names, a.Name)
	}
	if len(names) == 0 {
		return "", "", false // wildcard-matches-nothing says so
	}
	label := fmt.Sprintf("%d actions", len(names))
	if len(names) == 1 {
		label = "1 action"
	}
	return label, strings.Join(names, "\n"), true
}

// accountHints labels the account ids a statement names in Principal and
// in principal conditions.
func accountHints(st *policy.Statement, own string, add func(*jsonast.Node, string, string)) {
	label := func(acct string) string {
		if acct == own {
			return "this key's account"
		}
		return "other account"
	}
	if st.Principal != nil {
		for _, e := range st.Principal.Entries {
			if e.Type != "AWS" {
				continue
			}
			for _, v := range e.Values {
				if p := arn.ParsePrincipal(v.Text); p.Account != "" && p.Reason == "" {
					add(v.Node, label(p.Account), "")
				}
			}
		}
	}
	if st.Condition == nil {
		return
	}
	for _, b := range st.Condition.Blocks {
		for _, e := range b.Entries {
			switch strings.ToLower(e.Key) {
			case "kms:calleraccount", "aws:principalaccount", "aws:sourceaccount", "aws:resourceaccount":
				for _, v := range e.Values {
					if arn.IsAccountID(v.Text) {
						add(v.Node, label(v.Text), "")
					}
				}
			}
		}
	}
}

// principalHover says what a Principal value of a key policy can do on
// the key, from the access summary; "" when the offset is on none.
func (d *Document) principalHover(ui, off int) (text.Span, string) {
	u := d.Units[ui]
	if u.Policy.Kind != policy.KindKey {
		return text.Span{}, ""
	}
	for _, st := range u.Policy.Statements {
		for _, pr := range []*policy.Principal{st.Principal, st.NotPrincipal} {
			if pr == nil {
				continue
			}
			if pr.Wildcard != nil && pr.Wildcard.Node.Span.Contains(off) {
				return d.subjectHover(ui, pr.Wildcard)
			}
			for _, e := range pr.Entries {
				for i := range e.Values {
					if e.Values[i].Node.Span.Contains(off) {
						return d.subjectHover(ui, &e.Values[i])
					}
				}
			}
		}
	}
	return text.Span{}, ""
}

// subjectHover renders what the subject a value names gets.
func (d *Document) subjectHover(ui int, v *policy.Value) (text.Span, string) {
	s := d.access(ui)
	if s == nil {
		return text.Span{}, ""
	}
	si := subjectOf(s, v.Text)
	if si < 0 {
		return text.Span{}, ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** on this key, by the whole policy:\n\n", s.Subjects[si])
	for _, c := range eval.ActionClasses {
		cell := s.Cell(si, c)
		fmt.Fprintf(&b, "- %s: %s\n", c, cell.Text())
	}
	return v.Node.Span, b.String()
}

// subjectOf finds the summary's subject a principal value names.
func subjectOf(s *eval.Summary, v string) int {
	if v == "*" {
		return s.SubjectOf(eval.SubjectAnyone)
	}
	p := arn.ParsePrincipal(v)
	for i, sub := range s.Subjects {
		switch {
		case p.Kind == arn.AccountRoot && sub.Kind == eval.SubjectAccount && sub.Account == p.Account,
			p.Kind == arn.Service && sub.Kind == eval.SubjectService && strings.EqualFold(sub.Service, v),
			sub.Kind == eval.SubjectPrincipal && sub.ARN == v:
			return i
		}
	}
	return -1
}
