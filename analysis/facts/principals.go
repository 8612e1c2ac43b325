package facts

import "github.com/kms-policy-ls/kms-policy-ls/analysis/policy"

// Class is what a principal value names.
type Class uint8

const (
	// Invalid: a value that names no principal this package can read: a
	// principal type other than AWS, Service, Federated or CanonicalUser, a
	// string other than "*", or an AWS value that is neither "*", an
	// account id nor an IAM or STS ARN.
	Invalid Class = iota
	// Public: "*" or {"AWS": "*"}, every identity of every account,
	// anonymous callers included.
	Public
	// OwnAccount: the key's account (a bare account id or its root ARN),
	// or a user, role or session of it.
	OwnAccount
	// OtherAccount: another account, or a user, role or session of it.
	OtherAccount
	// SomeAccount: an account or one of its identities, when the key's own
	// account is neither given nor detected, so that it is not known
	// whether the account is the key's.
	SomeAccount
	// Service: a service principal ({"Service": "logs.amazonaws.com"}).
	Service
	// Federated: a web-identity or SAML provider ({"Federated": …}).
	Federated
	// CanonicalUser: an S3 canonical user id ({"CanonicalUser": …}).
	CanonicalUser
)

var classNames = [...]string{"invalid", "public", "own-account", "other-account", "some-account", "service", "federated", "canonical-user"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "unknown"
}

// Principal is one value of a Principal or NotPrincipal element, classified.
type Principal struct {
	Value *policy.Value
	// Type is the principal type as written ("AWS", "Service", …); "" for
	// the string form, "Principal": "*".
	Type  string
	Not   bool // a NotPrincipal value
	Class Class
	// Account is the 12-digit account an account class names.
	Account string
}

// WholeAccount reports whether the value names an account itself (a bare
// account id or arn:PARTITION:iam::ACCOUNT:root), not one of its
// identities. Both forms mean the whole account, not only its root user.
func (p *Principal) WholeAccount() bool {
	if p.Account == "" {
		return false
	}
	_, ok := accountRoot(p.Value.Text)
	return ok
}

// Principals is a statement's principals classified, each element's values
// in the order written.
type Principals struct {
	Principal, NotPrincipal []Principal
}

// First returns the first of ps in class c, or nil.
func First(ps []Principal, c Class) *Principal {
	for i := range ps {
		if ps[i].Class == c {
			return &ps[i]
		}
	}
	return nil
}

// Principals returns the statement's principals classified.
func (f *Facts) Principals(s *policy.Statement) *Principals {
	return lazy(f, s, KindPrincipals, func(sf *stmtFacts) *Principals { return &sf.principals }, f.computePrincipals)
}

func (f *Facts) computePrincipals(s *policy.Statement, out *Principals) {
	out.Principal = f.classify(s.Principal, false)
	out.NotPrincipal = f.classify(s.NotPrincipal, true)
}

// classify classifies an element's values.
func (f *Facts) classify(pr *policy.Principal, not bool) []Principal {
	if pr == nil {
		return nil
	}
	n := 0
	if pr.Wildcard != nil {
		n = 1
	}
	for _, e := range pr.Entries {
		n += len(e.Values)
	}
	if n == 0 {
		return nil
	}
	out := make([]Principal, 0, n)
	if w := pr.Wildcard; w != nil {
		c := Invalid
		if w.Text == "*" {
			c = Public
		}
		out = append(out, Principal{Value: w, Not: not, Class: c})
	}
	for _, e := range pr.Entries {
		for i := range e.Values {
			p := Principal{Value: &e.Values[i], Type: e.Type, Not: not}
			f.classifyValue(&p)
			out = append(out, p)
		}
	}
	return out
}

func (f *Facts) classifyValue(p *Principal) {
	v := p.Value.Text
	switch p.Type {
	case "Service":
		p.Class = Service
	case "Federated":
		p.Class = Federated
	case "CanonicalUser":
		p.Class = CanonicalUser
	case "AWS":
		if v == "*" {
			p.Class = Public
			return
		}
		acct, ok := principalAccount(v)
		if !ok {
			return
		}
		p.Account = acct
		switch own, known := f.Account(); {
		case !known:
			p.Class = SomeAccount
		case acct == own:
			p.Class = OwnAccount
		default:
			p.Class = OtherAccount
		}
	}
}
