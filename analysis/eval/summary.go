package eval

import (
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

// Verdict is what a class of requests gets.
type Verdict uint8

const (
	// Never: no request of the class is allowed.
	Never Verdict = iota
	// Depends: some may be, on conditions the class leaves open.
	Depends
	// Always: every request of the class is allowed.
	Always
)

func (v Verdict) String() string {
	switch v {
	case Always:
		return "always"
	case Depends:
		return "depends"
	}
	return "never"
}

// keyActions are the actions a key policy can grant, in catalog order:
// the columns of the summary. Permissions only an IAM policy can grant
// (kms:CreateKey, …) are not authorized on a key.
var keyActions = func() []*catalog.Action {
	var out []*catalog.Action
	for _, a := range catalog.Actions() {
		if strings.HasPrefix(a.Name, "kms:") && a.PolicyTypes()&catalog.KeyPolicy != 0 {
			out = append(out, a)
		}
	}
	return out
}()

// KeyActions lists the actions a key policy can grant.
func KeyActions() []*catalog.Action { return keyActions }

// actionBits is a set of keyActions, by position.
type actionBits [2]uint64

func init() {
	if len(keyActions) > 128 {
		panic("eval: more key policy actions than an actionBits holds")
	}
}

var allActions = func() actionBits {
	var b actionBits
	for i := range keyActions {
		b.set(i)
	}
	return b
}()

func (b *actionBits) set(i int)     { b[i/64] |= 1 << (i % 64) }
func (b actionBits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b actionBits) and(c actionBits) actionBits {
	return actionBits{b[0] & c[0], b[1] & c[1]}
}
func (b actionBits) or(c actionBits) actionBits { return actionBits{b[0] | c[0], b[1] | c[1]} }
func (b actionBits) not() actionBits            { return actionBits{^b[0], ^b[1]}.and(allActions) }
func (b actionBits) empty() bool                { return b[0] == 0 && b[1] == 0 }
func (b actionBits) count() int                 { return bits.OnesCount64(b[0]) + bits.OnesCount64(b[1]) }

// when is the set where a truth is true (t) or possible (not false).
func when(t tri, possible bool) actionBits {
	if t == triT || possible && t == triU {
		return allActions
	}
	return actionBits{}
}

// symStatement is what the summary keeps of a statement for every
// subject: the actions it covers, and its condition keys with the actions
// that send them.
type symStatement struct {
	st *Statement
	// Who the principals can take in at all, to pass over a statement
	// quickly: "*" or NotPrincipal (anyone), the accounts and services
	// named.
	anyone   bool
	everyone bool // Principal "*": takes in every caller, by name
	accounts []string
	services []string
	actions  actionBits
	res      tri
	keys     []symKey
	dead     bool // an operator AWS does not know: never satisfied
	// baseSure and basePossible are the actions for which the keys that
	// are the same for every subject surely or possibly hold.
	baseSure, basePossible actionBits
}

type symKey struct {
	b *block
	e *entry
	// sent are the actions whose requests may carry the key; for the
	// others it is absent. Global keys may come with any action.
	sent   actionBits
	absent tri // the key's truth when absent
	// byClass: the key's domain depends on the subject (it is the
	// principal key of index class); otherwise its truth is the same for
	// every subject (free), in free.
	byClass bool
	class   int
	free    tri
}

func newSymStatement(st *Statement) *symStatement {
	ss := &symStatement{st: st, res: resourceTri(st), anyone: st.notPrincipal}
	ss.everyone = !st.notPrincipal
	for _, pp := range st.principals {
		switch {
		case pp.kind == arn.Everyone:
			ss.anyone = true
		case pp.kind == arn.Service:
			ss.services = append(ss.services, pp.service)
		case pp.account != "":
			ss.accounts = append(ss.accounts, pp.account)
		}
	}
	ss.everyone = ss.everyone && slices.ContainsFunc(st.principals, func(pp principalPattern) bool { return pp.kind == arn.Everyone })
	for i, a := range keyActions {
		if st.actions.has(&action{name: a.Name, index: a.Index(), catalog: a}) != st.notAction {
			ss.actions.set(i)
		}
	}
	ss.baseSure, ss.basePossible = allActions, allActions
	for bi := range st.conds {
		b := &st.conds[bi]
		if b.op == nil {
			ss.dead = true
			continue
		}
		for ei := range b.entries {
			e := &b.entries[ei]
			k := symKey{b: b, e: e, sent: sentWith(e.key), absent: concrete(b, e, nil)}
			k.class, k.byClass = principalKeyIndex[e.lower]
			if !k.byClass {
				k.free = (*symbolic)(nil).judge(b, e, free)
				// The same for every subject: judged once.
				ss.baseSure = ss.baseSure.and(k.sent.and(when(k.free, false)).or(k.sent.not().and(when(k.absent, false))))
				ss.basePossible = ss.basePossible.and(k.sent.and(when(k.free, true)).or(k.sent.not().and(when(k.absent, true))))
			}
			ss.keys = append(ss.keys, k)
		}
	}
	return ss
}

// sentWith is the set of actions whose requests may carry a condition
// key: for a kms: key the catalog knows, the actions that support it
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html);
// any action for other keys.
func sentWith(key string) actionBits {
	if !strings.HasPrefix(strings.ToLower(key), "kms:") {
		return allActions
	}
	k := catalog.LookupKey(key)
	if k == nil {
		return allActions
	}
	return sentBits[k]
}

// sentBits are the actions that send each KMS condition key.
var sentBits = func() map[*catalog.ConditionKey]actionBits {
	m := map[*catalog.ConditionKey]actionBits{}
	for _, k := range catalog.ConditionKeys() {
		var b actionBits
		for i, a := range keyActions {
			if a.Supports(k) {
				b.set(i)
			}
		}
		m[k] = b
	}
	return m
}()

// resourceTri is a key policy statement's Resource judged for the key it
// is attached to: "*" is that key, a pattern may or may not name it.
func resourceTri(st *Statement) tri {
	t := triU
	for i := range st.resources {
		if st.resources[i].all {
			t = triT
			break
		}
	}
	if t == triU && len(st.resources) > 0 && !st.notResource {
		none := true
		for i := range st.resources {
			if st.resources[i].mayNameKey() {
				none = false
			}
		}
		if none {
			t = triF
		}
	}
	if st.notResource {
		switch t {
		case triT:
			return triF
		case triF:
			return triT
		}
	}
	return t
}

// mayNameKey reports whether a Resource value may name a KMS key.
func (rp *resourcePattern) mayNameKey() bool {
	if rp.n == 0 {
		return false
	}
	if rp.n >= 3 && !glob(rp.comps[2].parts, "kms", false) && !strings.HasSuffix(rp.comps[2].raw, "*") {
		return false
	}
	return true
}

// Summary is the access a key policy grants: for each subject and action,
// a verdict.
type Summary struct {
	Policy     *Policy
	KeyAccount string
	Org        string
	Subjects   []*Subject
	sy         *symbolic
	stmts      []symStatement
	index      map[*Statement]int // position in stmts
	denies     bool               // some Deny statement can take effect
	idx        stmtIndex
	// rows are the subjects' verdicts, each made when first asked for: a
	// rule asks about a few subjects (anyone else, kms:PutKeyPolicy until
	// one gets it), and a keystroke should not pay for all of them.
	rows    []row
	rowOnce []sync.Once
	// bySubjectKey finds the subjects by the index keys of the statements
	// that may take them in, made when a lens first asks.
	bySubjectKey     map[string][]int
	bySubjectKeyOnce sync.Once
}

// Complete makes every subject's verdicts now (they are otherwise made
// when first asked for).
func (s *Summary) Complete() {
	for i := range s.Subjects {
		s.row(i)
	}
}

// row is a subject's verdicts, made once.
func (s *Summary) row(i int) *row {
	s.rowOnce[i].Do(func() { s.rows[i] = s.summarize(s.Subjects[i]) })
	return &s.rows[i]
}

// row is a subject's verdicts, as sets of actions.
type row struct {
	never, always actionBits
	direct        actionBits // actions some statement may grant by naming the principal itself
	directSure    actionBits // … surely grants so
	crossAccount  actionBits // actions refused because they do not work across accounts
	denied        actionBits // actions a Deny refuses every request of
}

// SummaryOptions are what the summary needs besides the policy.
type SummaryOptions struct {
	KeyAccount   string // the key's account; "" when unknown
	Organization string // the organization of the key's account; "" when unknown
}

// Summarize answers, for every subject of a key policy and every action a
// key policy can grant, whether the policy allows it always, never, or
// depending on conditions. The identity side of a grant is taken to
// allow: a subject's IAM policies (for an account, those of its
// principals) are assumed to allow what the key policy grants, so that the
// verdicts say what the key policy lets through. Verdicts are sound: an
// "always" or "never" holds for every request of the class.
func Summarize(p *Policy, o SummaryOptions) *Summary {
	sy := &symbolic{named: namedAccounts(p, o.KeyAccount)}
	s := &Summary{Policy: p, KeyAccount: o.KeyAccount, Org: o.Organization, sy: sy}
	s.Subjects = collectSubjects(p, o.KeyAccount, o.Organization, sy.named)
	s.stmts = make([]symStatement, 0, len(p.Statements))
	s.index = make(map[*Statement]int, len(p.Statements))
	for i := range p.Statements {
		st := &p.Statements[i]
		if st.Void || !st.byPrincipal {
			continue
		}
		s.index[st] = len(s.stmts)
		ss := *st.sym // read with the statement; st may be a later version's
		ss.st = st
		s.stmts = append(s.stmts, ss)
		s.denies = s.denies || st.Effect == EffectDeny
	}
	s.buildIndex()
	s.rows = make([]row, len(s.Subjects))
	s.rowOnce = make([]sync.Once, len(s.Subjects))
	return s
}

// judgement is one statement judged for one subject.
type judgement struct {
	principal tri
	direct    bool       // a representative is named itself, not through its account
	sure      actionBits // the statement applies to every request of the subject
	possible  actionBits // it may apply to some
}

// mayTakeIn reports whether a statement's principals can take in any
// member of the subject; when not, the statement is passed over.
func (ss *symStatement) mayTakeIn(sub *Subject) bool {
	if ss.anyone {
		return true
	}
	switch sub.Kind {
	case SubjectAccount, SubjectPrincipal:
		return slices.Contains(ss.accounts, sub.Account)
	case SubjectService, SubjectAnyService:
		for _, name := range ss.services {
			if strings.EqualFold(name, sub.Service) {
				return true
			}
		}
	}
	return false
}

func (s *Summary) judge(sub *Subject, ss *symStatement) judgement {
	var j judgement
	if !ss.mayTakeIn(sub) {
		return j
	}
	sub.ready()
	if ss.everyone {
		j.principal, j.direct = triT, true
	} else {
		j.principal, j.direct = principalTri(ss.st, sub)
	}
	if j.principal == triF || ss.res == triF || ss.dead {
		return j
	}
	sure, possible := ss.actions.and(ss.baseSure), ss.actions.and(ss.basePossible)
	if j.principal != triT || ss.res != triT {
		sure = actionBits{}
	}
	for i := range ss.keys {
		k := &ss.keys[i]
		if !k.byClass {
			continue
		}
		t := s.keyTruth(sub, k)
		sure = sure.and(k.sent.and(when(t, false)).or(k.sent.not().and(when(k.absent, false))))
		possible = possible.and(k.sent.and(when(t, true)).or(k.sent.not().and(when(k.absent, true))))
	}
	j.sure, j.possible = sure, possible
	return j
}

func (s *Summary) keyTruth(sub *Subject, k *symKey) tri {
	return s.sy.judge(k.b, k.e, sub.domain(k.class))
}

// principalTri judges a statement's principals for a subject: whether
// they take in all, none or some of its representatives.
func principalTri(st *Statement, sub *Subject) (tri, bool) {
	in, out, direct := 0, 0, false
	for _, w := range sub.reps {
		switch st.principalVia(w) {
		case ViaNone:
			out++
		case ViaDirect:
			in++
			direct = true
		default:
			in++
		}
	}
	switch {
	case out == 0:
		return triT, direct
	case in == 0:
		return triF, false
	}
	return triU, direct
}

func (s *Summary) summarize(sub *Subject) row {
	var allowSure, allowPossible, denySure, denyPossible, direct, directSure actionBits
	for _, i := range s.relevant(sub) {
		ss := &s.stmts[i]
		j := s.judge(sub, ss)
		if ss.st.Effect == EffectDeny {
			denySure, denyPossible = denySure.or(j.sure), denyPossible.or(j.possible)
			continue
		}
		allowSure, allowPossible = allowSure.or(j.sure), allowPossible.or(j.possible)
		if j.direct {
			direct = direct.or(j.possible)
			if j.principal == triT {
				directSure = directSure.or(j.sure)
			}
		}
	}
	var r row
	r.crossAccount = s.refusedAcrossAccounts(sub)
	r.never = denySure.or(allowPossible.not()).or(r.crossAccount)
	r.always = allowSure.and(denyPossible.not()).and(r.never.not())
	if s.KeyAccount == "" && (sub.Kind == SubjectAccount || sub.Kind == SubjectPrincipal) {
		// Whether the account is the key's is not known, so neither is
		// whether these actions work for it.
		r.always = r.always.and(crossAccountActions)
	}
	r.direct, r.directSure, r.denied = direct, directSure, denySure
	return r
}

// crossAccountActions are the actions that work across accounts.
// Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
var crossAccountActions = func() actionBits {
	var b actionBits
	for i, a := range keyActions {
		if a.CrossAccountUse() == catalog.CrossAccountYes {
			b.set(i)
		}
	}
	return b
}()

// refusedAcrossAccounts are the actions a subject cannot be granted
// because it is of another account than the key's.
func (s *Summary) refusedAcrossAccounts(sub *Subject) actionBits {
	switch sub.Kind {
	case SubjectService, SubjectAnyService:
		return actionBits{}
	case SubjectOrganization, SubjectAnyone:
		return crossAccountActions.not()
	}
	if s.KeyAccount != "" && sub.Account != s.KeyAccount {
		return crossAccountActions.not()
	}
	return actionBits{}
}

// namedAccounts are the 12-digit account ids written anywhere in a
// policy, and the key's account: a fresh account is none of them.
func namedAccounts(p *Policy, keyAccount string) map[string]bool {
	named := map[string]bool{}
	if keyAccount != "" {
		named[keyAccount] = true
	}
	add := func(s string) {
		run := 0
		for i := 0; i <= len(s); i++ {
			if i < len(s) && s[i] >= '0' && s[i] <= '9' {
				run++
				continue
			}
			if run == 12 {
				named[s[i-12:i]] = true
			}
			run = 0
		}
	}
	for i := range p.Statements {
		st := &p.Statements[i]
		for _, pp := range st.principals {
			add(pp.text)
		}
		for _, rp := range st.resources {
			add(rp.text.raw)
		}
		for _, b := range st.conds {
			for _, e := range b.entries {
				for _, v := range e.values {
					add(v.text.raw)
				}
			}
		}
	}
	return named
}

// Access is what a subject gets of one action.
type Access struct {
	Verdict Verdict
	// Allows are the Allow statements that may grant it; Denies the Deny
	// statements that may refuse it.
	Allows, Denies []*Statement
	// On are the condition keys the verdict depends on (for Depends): those
	// of the statements above that a request of the subject may or may not
	// satisfy, in the order written.
	On []string
	// ThroughIAM: no statement names the principal itself; the grant is to
	// its account, whose IAM policies must allow it too.
	ThroughIAM bool
	// NotCrossAccount: never, because the action does not work across
	// accounts and the subject is of another account.
	NotCrossAccount bool
}

// Verdict is a subject's verdict on an action (its index in KeyActions).
func (s *Summary) Verdict(subject, action int) Verdict {
	r := s.row(subject)
	switch {
	case r.never.has(action):
		return Never
	case r.always.has(action):
		return Always
	}
	return Depends
}

// ActionIndex is an action's position in KeyActions, -1 when a key policy
// cannot grant it.
func ActionIndex(a *catalog.Action) int {
	for i, k := range keyActions {
		if k == a {
			return i
		}
	}
	return -1
}

// Access is a subject's access to an action (its index in KeyActions),
// with what it rests on.
func (s *Summary) Access(subject, action int) Access {
	sub := s.Subjects[subject]
	r := s.row(subject)
	acc := Access{Verdict: s.Verdict(subject, action), NotCrossAccount: r.crossAccount.has(action)}
	if acc.NotCrossAccount {
		return acc
	}
	seen := map[string]bool{}
	for _, i := range s.relevant(sub) {
		ss := &s.stmts[i]
		j := s.judge(sub, ss)
		if !j.possible.has(action) {
			continue
		}
		if ss.st.Effect == EffectDeny {
			acc.Denies = append(acc.Denies, ss.st)
		} else {
			acc.Allows = append(acc.Allows, ss.st)
		}
		if acc.Verdict == Depends {
			for _, k := range s.openKeys(sub, ss, action) {
				if !seen[strings.ToLower(k)] {
					seen[strings.ToLower(k)] = true
					acc.On = append(acc.On, k)
				}
			}
		}
	}
	acc.ThroughIAM = s.throughIAM(subject, action, acc.Verdict)
	return acc
}

// throughIAM reports whether a subject gets an action only through its
// account's IAM policies. An "always" through the account is no less
// through its IAM policies for a statement naming the principal that may
// not apply.
func (s *Summary) throughIAM(subject, action int, v Verdict) bool {
	r := s.row(subject)
	switch v {
	case Never:
		return false
	case Always:
		return !r.directSure.has(action)
	}
	return !r.direct.has(action)
}

// openKeys are the condition keys of a statement whose truth a request of
// the subject leaves open for the action.
func (s *Summary) openKeys(sub *Subject, ss *symStatement, action int) []string {
	sub.ready()
	var out []string
	for i := range ss.keys {
		k := &ss.keys[i]
		t := k.absent
		if k.sent.has(action) {
			t = k.free
			if k.byClass {
				t = s.keyTruth(sub, k)
			}
		}
		if t == triU {
			out = append(out, k.e.key)
		}
	}
	return out
}

// SubjectOf is the index of the first subject of a kind, -1 when there
// is none.
func (s *Summary) SubjectOf(k SubjectKind) int {
	for i, sub := range s.Subjects {
		if sub.Kind == k {
			return i
		}
	}
	return -1
}

// Applies says which actions (by index in KeyActions) a statement of the
// policy surely applies to and may apply to, for the requests of a
// subject: its principal, action, resource and conditions only, before
// other statements' Denies.
func (s *Summary) Applies(subject int, st *Statement) (surely, possibly []int) {
	i, ok := s.index[st]
	if !ok {
		return nil, nil
	}
	j := s.judge(s.Subjects[subject], &s.stmts[i])
	if j.possible.empty() {
		return nil, nil
	}
	for ai := range keyActions {
		if j.possible.has(ai) {
			possibly = append(possibly, ai)
			if j.sure.has(ai) {
				surely = append(surely, ai)
			}
		}
	}
	return surely, possibly
}

// Statements are the statements the summary judged: those of a key
// policy that can take effect.
func (s *Summary) Statements() []*Statement {
	out := make([]*Statement, len(s.stmts))
	for i := range s.stmts {
		out[i] = s.stmts[i].st
	}
	return out
}

// The statements that may take in a subject are found through an index,
// so that a policy naming many principals costs the sum of the
// statements naming each, not their product: the statements that take in
// anyone ("*", NotPrincipal), and those naming the subject's account, its
// principal or its service.
type stmtIndex struct {
	anyone []int
	byKey  map[string][]int
}

func (s *Summary) buildIndex() {
	s.idx.byKey = map[string][]int{}
	for i := range s.stmts {
		ss := &s.stmts[i]
		if ss.anyone {
			s.idx.anyone = append(s.idx.anyone, i)
			continue
		}
		seen := map[string]bool{}
		for _, pp := range ss.st.principals {
			for _, k := range pp.indexKeys() {
				if !seen[k] {
					seen[k] = true
					s.idx.byKey[k] = append(s.idx.byKey[k], i)
				}
			}
		}
	}
}

// indexKeys are the keys under which a principal value is indexed.
func (pp *principalPattern) indexKeys() []string {
	switch pp.kind {
	case arn.AccountRoot:
		return []string{"account:" + pp.account}
	case arn.Service:
		return []string{"service:" + strings.ToLower(pp.service)}
	case arn.Role:
		return []string{"role:" + pp.account + ":" + pp.roleName}
	case arn.AssumedRoleSession:
		// A session's statement may take in some sessions of its role.
		return []string{"role:" + pp.account + ":" + roleOfSession(pp.resource), "session:" + pp.account + ":" + sessionPart(pp.resource)}
	case arn.User, arn.FederatedUser:
		return []string{"principal:" + pp.account + ":" + pp.resource}
	}
	return nil
}

func roleOfSession(resource string) string {
	role, _, _ := strings.Cut(sessionPart(resource), "/")
	return role
}

// indexKeys are the index keys of the statements that may take in a
// subject.
func (sub *Subject) indexKeys() []string {
	switch sub.Kind {
	case SubjectAccount:
		return []string{"account:" + sub.Account}
	case SubjectService:
		return []string{"service:" + strings.ToLower(sub.Service)}
	case SubjectPrincipal:
		keys := []string{"account:" + sub.Account}
		w := sub.reps[0]
		switch sub.Principal {
		case arn.Role:
			keys = append(keys, "role:"+sub.Account+":"+w.roleName)
		case arn.AssumedRoleSession:
			keys = append(keys, "role:"+sub.Account+":"+w.roleName, "session:"+sub.Account+":"+w.session)
		default:
			keys = append(keys, "principal:"+sub.Account+":"+w.resource)
		}
		return keys
	}
	return nil
}

// relevant are the positions in s.stmts of the statements that may take
// in the subject, in policy order.
func (s *Summary) relevant(sub *Subject) []int {
	sub.ready()
	out := append([]int(nil), s.idx.anyone...)
	for _, k := range sub.idxKeys {
		out = append(out, s.idx.byKey[k]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// StatementOn are the condition keys of a statement that a request of the
// subject may or may not satisfy, for an action.
func (s *Summary) StatementOn(subject int, st *Statement, action int) []string {
	i, ok := s.index[st]
	if !ok {
		return nil
	}
	return s.openKeys(s.Subjects[subject], &s.stmts[i], action)
}

// Reach is what one statement does, subject by subject, after the other
// statements: what a code lens above it says.
type Reach struct {
	// Subjects are those it may apply to for some action that is not
	// refused to them whatever the request (for a Deny: those it may
	// refuse), in the summary's order; Actions the union of those actions
	// (by index in KeyActions).
	Subjects []int
	Actions  []int
	// Overridden: for an Allow, the Deny statements that may refuse some of
	// what it grants; Blocked: it may apply, but every such request is
	// refused anyway.
	Overridden []*Statement
	Blocked    bool
	// On are the keys of its own conditions a request may or may not meet.
	On []string
}

// ReachOf says what a statement of the summary's policy does.
func (s *Summary) ReachOf(st *Statement) Reach {
	var r Reach
	i, ok := s.index[st]
	if !ok {
		return r
	}
	ss := &s.stmts[i]
	var acts actionBits
	seenKey := map[string]bool{}
	for _, si := range s.subjectsOf(ss) {
		sub := s.Subjects[si]
		j := s.judge(sub, ss)
		if j.possible.empty() {
			continue
		}
		row := s.row(si)
		reached := j.possible
		if st.Effect == EffectAllow {
			reached = j.possible.and(row.never.not())
			if reached.empty() {
				r.Blocked = true
			}
			r.Overridden = s.denyingStatements(sub, j.possible, r.Overridden)
		}
		if reached.empty() {
			continue
		}
		r.Blocked = false
		r.Subjects = append(r.Subjects, si)
		acts = acts.or(reached)
		for _, k := range ss.keys {
			t := k.free
			if k.byClass {
				t = s.keyTruth(sub, &k)
			}
			if (t == triU && !k.sent.and(reached).empty() || k.absent == triU) && !seenKey[k.e.lower] {
				seenKey[k.e.lower] = true
				r.On = append(r.On, k.e.key)
			}
		}
	}
	for ai := range keyActions {
		if acts.has(ai) {
			r.Actions = append(r.Actions, ai)
		}
	}
	return r
}

// subjectsOf are the subjects a statement may take in, in order: every
// subject for "*" and NotPrincipal, else those it names by their index
// keys.
func (s *Summary) subjectsOf(ss *symStatement) []int {
	s.bySubjectKeyOnce.Do(func() {
		s.bySubjectKey = map[string][]int{}
		for si, sub := range s.Subjects {
			sub.ready()
			for _, k := range sub.idxKeys {
				s.bySubjectKey[k] = append(s.bySubjectKey[k], si)
			}
		}
	})
	if ss.anyone {
		out := make([]int, len(s.Subjects))
		for i := range out {
			out[i] = i
		}
		return out
	}
	var out []int
	for _, pp := range ss.st.principals {
		for _, k := range pp.indexKeys() {
			out = append(out, s.bySubjectKey[k]...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// denyingStatements adds the Deny statements that may apply to the subject for any
// of the actions.
func (s *Summary) denyingStatements(sub *Subject, acts actionBits, out []*Statement) []*Statement {
	if !s.denies {
		return out
	}
	for _, i := range s.relevant(sub) {
		d := &s.stmts[i]
		if d.st.Effect == EffectDeny && !s.judge(sub, d).possible.and(acts).empty() && !slices.Contains(out, d.st) {
			out = append(out, d.st)
		}
	}
	return out
}

// The questions below are answered from the statements alone, so that a
// rule can tell without the summary that it has nothing to say.

// AnyoneStatements reports whether an Allow of the policy names "*" or
// uses NotPrincipal: without one, no principal outside the accounts and
// services the policy names can be allowed anything.
func (p *Policy) AnyoneStatements() bool {
	for i := range p.Statements {
		st := &p.Statements[i]
		if st.sym != nil && st.sym.anyone && st.Effect == EffectAllow {
			return true
		}
	}
	return false
}

// HasDeny reports whether a Deny of the policy can take effect.
func (p *Policy) HasDeny() bool {
	for i := range p.Statements {
		if st := &p.Statements[i]; st.sym != nil && st.Effect == EffectDeny {
			return true
		}
	}
	return false
}

// MayAllow reports whether an Allow of the policy covers the action (its
// index in KeyActions), whatever its principals and conditions.
func (p *Policy) MayAllow(action int) bool {
	for i := range p.Statements {
		st := &p.Statements[i]
		if st.sym != nil && st.Effect == EffectAllow && st.sym.actions.has(action) && st.sym.res != triF {
			return true
		}
	}
	return false
}
