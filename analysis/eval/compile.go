package eval

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Effect is a statement's Effect.
type Effect uint8

const (
	EffectNone  Effect = iota // missing or not Allow/Deny: the statement has no effect
	EffectAllow               // Allow
	EffectDeny                // Deny
)

func (e Effect) String() string {
	switch e {
	case EffectAllow:
		return "Allow"
	case EffectDeny:
		return "Deny"
	}
	return "none"
}

// Policy is a policy read for evaluation: its statements with their
// patterns parsed, their actions expanded and their conditions read. It is
// made once per version of a policy and may be used for any number of
// requests, from several goroutines.
type Policy struct {
	Src *policy.Policy
	// Name names the policy in results (a file name); "" when unnamed.
	Name string
	// Key: a key policy (statements name principals); otherwise an
	// identity policy.
	Key        bool
	Statements []Statement
	bySrc      map[*policy.Statement]*Statement
}

// StatementOf is the statement read from s, nil when s is not one of the
// policy's.
func (p *Policy) StatementOf(s *policy.Statement) *Statement { return p.bySrc[s] }

// Statement is one statement read for evaluation.
type Statement struct {
	Src    *policy.Statement
	Effect Effect
	// Void is set when the statement can never take effect as written: it
	// lacks Action/NotAction, Resource/NotResource, or in a key policy
	// Principal/NotPrincipal. AWS accepts some of these (a key policy
	// statement without Resource; A11 of the evaluation notes) and they
	// simply never match.
	Void bool

	// byPrincipal: the statement names principals (a key policy's), so
	// a caller must be among them.
	byPrincipal  bool
	principals   []principalPattern
	notPrincipal bool

	actions   actionSet
	notAction bool

	resources   []resourcePattern
	notResource bool

	conds []block

	// sym is what the access summary keeps of the statement, made with it
	// (it does not depend on the other statements).
	sym *symStatement
}

// Sid is the statement's Sid, "" when it has none.
func (s *Statement) Sid() string {
	if s.Src.Sid == nil {
		return ""
	}
	return s.Src.Sid.Text
}

// Compile reads a policy for evaluation. A key policy is one whose Kind is
// KindKey; any other is read as an identity policy.
func Compile(pol *policy.Policy, name string) *Policy {
	p := &Policy{Src: pol, Name: name, Key: pol.Kind == policy.KindKey}
	variables := pol.Version != nil && pol.Version.Text == "2012-10-17"
	p.Statements = make([]Statement, len(pol.Statements))
	p.bySrc = make(map[*policy.Statement]*Statement, len(pol.Statements))
	for i, s := range pol.Statements {
		st := &p.Statements[i]
		*st = compileStatement(s, p.Key, variables)
		if !st.Void && st.byPrincipal {
			st.sym = newSymStatement(st)
			st.sym.st = nil // the summary sets it to the statement it judges
		}
		p.bySrc[s] = st
	}
	return p
}

func compileStatement(s *policy.Statement, key, variables bool) Statement {
	st := Statement{Src: s}
	if s.Effect != nil {
		switch s.Effect.Text {
		case "Allow":
			st.Effect = EffectAllow
		case "Deny":
			st.Effect = EffectDeny
		}
	}
	if s.Effect == nil || st.Effect == EffectNone {
		st.Void = true
	}
	// Action: the element wins over NotAction when both are written (the
	// policy is refused then anyway; conflicting-elements says so).
	switch {
	case s.Action != nil:
		st.actions = readActions(s.Action)
	case s.NotAction != nil:
		st.actions, st.notAction = readActions(s.NotAction), true
	default:
		st.Void = true
	}
	switch {
	case s.Resource != nil:
		st.resources = readResources(s.Resource, variables)
	case s.NotResource != nil:
		st.resources, st.notResource = readResources(s.NotResource, variables), true
	default:
		st.Void = true
	}
	if key {
		st.byPrincipal = true
		switch {
		case s.Principal != nil:
			st.principals = readPrincipals(s.Principal)
		case s.NotPrincipal != nil:
			st.principals, st.notPrincipal = readPrincipals(s.NotPrincipal), true
		default:
			st.Void = true
		}
	}
	st.conds = readConditions(s.Condition, variables)
	return st
}

// actionSet is what an Action or NotAction element names: the catalog
// actions as bits, and the values as patterns for actions the catalog does
// not know.
type actionSet struct {
	bits     []uint64
	patterns []string // every value, for names outside the catalog
}

var catalogSize = len(catalog.Actions())

func readActions(l *policy.List) actionSet {
	as := actionSet{bits: make([]uint64, (catalogSize+63)/64)}
	for _, v := range l.Values {
		as.patterns = append(as.patterns, v.Text)
		for _, a := range catalog.MatchActions(v.Text) {
			if i := a.Index(); i >= 0 {
				as.bits[i/64] |= 1 << (i % 64)
			}
		}
	}
	return as
}

// has reports whether the set names the request's action. Action names
// ignore case; * and ? are wildcards.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
func (as *actionSet) has(a *action) bool {
	if a.index >= 0 && as.bits != nil {
		return as.bits[a.index/64]&(1<<(a.index%64)) != 0
	}
	for _, p := range as.patterns {
		if catalog.MatchWildcard(p, a.name, true) {
			return true
		}
	}
	return false
}

// action is a request's action, looked up once.
type action struct {
	name    string
	index   int // catalog index, -1 outside the catalog
	catalog *catalog.Action
}

func lookupAction(name string) action {
	a := action{name: name, index: -1}
	if c := catalog.LookupAction(name); c != nil {
		a.catalog, a.index = c, c.Index()
	}
	return a
}

// principalPattern is one value of a Principal or NotPrincipal element.
type principalPattern struct {
	text    string
	kind    arn.Kind // arn.Invalid: matches nobody
	account string
	// resource is the ARN's resource part ("role/path/App"); roleName the
	// role's name without its path.
	resource string
	roleName string
	service  string
}

func readPrincipals(pr *policy.Principal) []principalPattern {
	var out []principalPattern
	if w := pr.Wildcard; w != nil {
		k := arn.Invalid
		if w.Text == "*" {
			k = arn.Everyone
		}
		out = append(out, principalPattern{text: w.Text, kind: k})
	}
	for _, e := range pr.Entries {
		for _, v := range e.Values {
			out = append(out, readPrincipal(e.Type, v.Text))
		}
	}
	return out
}

func readPrincipal(typ, s string) principalPattern {
	pp := principalPattern{text: s}
	p := arn.ParsePrincipal(s)
	if p.Reason != "" {
		return pp // invalid (a wildcard inside an ARN included): matches nobody
	}
	switch {
	case typ == "AWS" && p.Kind.IsAWS():
	case typ == "Service" && p.Kind == arn.Service:
		pp.kind, pp.service = arn.Service, s
		return pp
	default:
		return pp // Federated and CanonicalUser name no KMS caller
	}
	pp.kind, pp.account = p.Kind, p.Account
	if p.IsARN {
		pp.resource = p.ARN.Resource
		if p.Kind == arn.Role {
			pp.roleName = pp.resource[strings.LastIndexByte(pp.resource, '/')+1:]
		}
	}
	return pp
}

// resourcePattern is one value of a Resource or NotResource element.
type resourcePattern struct {
	all  bool // "*"
	text value
	// comps are the components of an ARN pattern (n of them; a pattern cut
	// short may have fewer than six).
	comps [6]value
	n     int
}

func readResources(l *policy.List, variables bool) []resourcePattern {
	out := make([]resourcePattern, 0, len(l.Values))
	for _, v := range l.Values {
		rp := resourcePattern{all: v.Text == "*", text: readValue(v.Text, variables)}
		if !rp.all {
			f, n := splitARN(v.Text)
			rp.n = n
			for i := 0; i < n; i++ {
				rp.comps[i] = readValue(f[i], variables)
			}
		}
		out = append(out, rp)
	}
	return out
}

// ReadStatement reads one statement of pol for evaluation, as Compile
// reads each: for a rule that looks at one statement at a time.
func ReadStatement(pol *policy.Policy, s *policy.Statement) *Statement {
	variables := pol.Version != nil && pol.Version.Text == "2012-10-17"
	st := compileStatement(s, pol.Kind == policy.KindKey, variables)
	return &st
}
