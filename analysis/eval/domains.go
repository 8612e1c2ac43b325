package eval

import (
	"strings"
)

// The symbolic questions ask what holds for every request of a class of
// requests ("a principal of an account the policy does not name"), not of
// one request. A class fixes some condition keys (aws:PrincipalIsAWSService
// is false for an IAM principal), bounds others (aws:PrincipalAccount is an
// account id that appears nowhere in the policy) and leaves the rest free.
// A domain is what a class says of one key, and each condition key of a
// statement is judged against it three ways: true for every request of the
// class, false for every one, or unknown. Unknown is always a sound answer;
// true and false are given only when they hold for every request.

// tri is a three-valued truth.
type tri uint8

const (
	triF tri = iota // false for every request of the class
	triT            // true for every request of the class
	triU            // true for some, false for others, or not known
)

func (t tri) and(u tri) tri {
	switch {
	case t == triF || u == triF:
		return triF
	case t == triT && u == triT:
		return triT
	}
	return triU
}

// join is the truth over the union of two sets of requests.
func (t tri) join(u tri) tri {
	if t == u {
		return t
	}
	return triU
}

type domainKind uint8

const (
	domFree   domainKind = iota // any value, or absent
	domAbsent                   // never in the request
	domValue                    // exactly one known value
	// domFreshAccount: a 12-digit account id that appears nowhere in the
	// policy.
	domFreshAccount
	// domMemberARN: aws:PrincipalArn of an identity the policy does not
	// name (or the root user) of the account account, or of an account
	// that appears nowhere in the policy when account is "".
	domMemberARN
	// domFreshOrg: an organization id that appears nowhere in the policy.
	domFreshOrg
	// domOrgPaths: the organization paths of an account of organization
	// org, or of an organization appearing nowhere in the policy when org
	// is "".
	domOrgPaths
)

// domain is what a class of requests says of one condition key.
type domain struct {
	kind  domainKind
	value string // domValue; the account of domMemberARN; the org of domOrgPaths
	// maybeAbsent: the key may also be missing from a request of the class.
	maybeAbsent bool
}

var (
	free   = domain{kind: domFree}
	absent = domain{kind: domAbsent}
)

func valueOf(v string) domain { return domain{kind: domValue, value: v} }

func (d domain) orAbsent() domain { d.maybeAbsent = true; return d }

// symbolic is what judging a key against a domain needs besides it: the
// account ids the policy names anywhere, which a fresh account is not.
type symbolic struct {
	named map[string]bool
}

// judge is a condition key's truth over a class, given its domain.
func (sy *symbolic) judge(b *block, e *entry, d domain) tri {
	if b.op == nil {
		return triF // an operator AWS does not know: never satisfied
	}
	switch d.kind {
	case domFree:
		return triU
	case domAbsent:
		return concrete(b, e, nil)
	case domValue:
		if hasVariables(e) {
			return triU // the variable's value belongs to another key
		}
		return concrete(b, e, []string{d.value}).join2(d, b, e)
	}
	present := sy.present(b, e, d)
	if d.maybeAbsent {
		return present.join(concrete(b, e, nil))
	}
	return present
}

// join2 adds the absent case to a value's truth when the key may be absent.
func (t tri) join2(d domain, b *block, e *entry) tri {
	if !d.maybeAbsent {
		return t
	}
	return t.join(concrete(b, e, nil))
}

// concrete evaluates a key on one request that holds exactly vals for it
// (absent when vals is nil).
func concrete(b *block, e *entry, vals []string) tri {
	var c Context
	if vals != nil {
		c.set1(e.lower, e.key, vals)
	}
	ev := evaluator{ctx: &c}
	if ev.entry(b, e) {
		return triT
	}
	return triF
}

func hasVariables(e *entry) bool {
	for i := range e.values {
		if e.values[i].text.vars {
			return true
		}
		if a := e.values[i].arn; a != nil {
			for _, c := range a {
				if c.vars {
					return true
				}
			}
		}
	}
	return false
}

// class is how many of a domain's values one policy value matches.
type class uint8

const (
	matchNone class = iota
	matchSome
	matchAll
)

// present judges a key that is in the request, with values from a
// bounded domain: each policy value matches none, some or all of the
// domain's values, and the operator turns that into a truth.
func (sy *symbolic) present(b *block, e *entry, d domain) tri {
	if b.op.fam == famNull {
		// The key is present: Null "false" holds, "true" does not.
		return concrete(b, e, []string{"x"})
	}
	if hasVariables(e) {
		return triU
	}
	all, some := false, false
	for i := range e.values {
		v := &e.values[i]
		if !v.ok {
			continue
		}
		switch sy.classify(b.op, v, d) {
		case matchAll:
			all = true
		case matchSome:
			some = true
		}
	}
	// A positive operator holds when a value matches; a negated one when
	// none does. With a set qualifier the request's values all come from
	// the domain, so the same holds of each of them.
	switch {
	case all:
		return truth(!b.op.negated)
	case some:
		return triU
	}
	return truth(b.op.negated)
}

func truth(b bool) tri {
	if b {
		return triT
	}
	return triF
}

// classify says how many values of the domain a policy value matches.
func (sy *symbolic) classify(op *operator, v *condValue, d domain) class {
	switch op.fam {
	case famString, famARN:
	default:
		return matchSome // numbers, dates, … of these keys: not reasoned about
	}
	switch d.kind {
	case domFreshAccount:
		if op.fam == famARN {
			return matchNone // an account id is no ARN
		}
		if !op.like {
			return matchNone // a literal: every 12-digit literal of the policy is named
		}
		return sy.accountPattern(v.text.parts)
	case domMemberARN:
		return sy.memberARN(op, v, d.value)
	case domFreshOrg:
		return orgPattern(op, v)
	case domOrgPaths:
		return orgPathPattern(op, v, d.value)
	}
	return matchSome
}

// accountPattern classifies a StringLike pattern against the account ids
// the policy does not name.
func (sy *symbolic) accountPattern(parts []part) class {
	digits, ones, stars := 0, 0, 0
	for _, p := range parts {
		switch p.kind {
		case partStar:
			stars++
		case partOne:
			ones++
		default:
			if !isDigits(p.text) {
				return matchNone
			}
			digits += len(p.text)
		}
	}
	if digits+ones > 12 || stars == 0 && digits+ones != 12 {
		return matchNone
	}
	if digits == 0 {
		return matchAll
	}
	// Among any len(named)+1 of the ids the pattern matches, one is not
	// named.
	for _, id := range fillDigits(parts, len(sy.named)+1) {
		if !sy.named[id] {
			return matchSome
		}
	}
	return matchNone
}

// fillDigits lists up to limit of the 12-digit ids a pattern of digits, ?
// and * matches.
func fillDigits(parts []part, limit int) []string {
	fixed := 0
	for _, p := range parts {
		if p.kind == partLit {
			fixed += len(p.text)
		} else if p.kind == partOne {
			fixed++
		}
	}
	// Every star but the first matches nothing; the first takes the rest.
	out := []string{""}
	starDone := false
	for _, p := range parts {
		n := 0
		switch p.kind {
		case partLit:
			for i := range out {
				out[i] += p.text
			}
			continue
		case partOne:
			n = 1
		case partStar:
			if starDone {
				continue
			}
			starDone, n = true, 12-fixed
		}
		for range n {
			next := make([]string, 0, min(len(out)*10, limit))
			for _, s := range out {
				for d := '0'; d <= '9' && len(next) < limit; d++ {
					next = append(next, s+string(d))
				}
			}
			out = next
		}
	}
	return out
}

// memberARN classifies a pattern of aws:PrincipalArn against the ARNs of
// the identities a policy does not name, in the account account (or in an
// account it does not name, when account is ""): arn:aws:iam::ACCOUNT:root,
// …:user/NAME, …:role/NAME and arn:aws:sts::ACCOUNT:federated-user/NAME.
func (sy *symbolic) memberARN(op *operator, v *condValue, account string) class {
	if op.fam == famARN {
		return sy.memberARNComponents(v, account)
	}
	parts := v.text.parts
	if !op.like || !v.text.wild {
		a := literal(parts)
		f, n := splitARN(a)
		if n != 6 || account == "" || f[4] != account || f[3] != "" || f[2] != "iam" && f[2] != "sts" {
			return matchNone
		}
		return matchSome
	}
	if onlyStarsAfter(parts, "arn:aws:") {
		return matchAll
	}
	// When no * comes before the account field, the pattern's first five
	// fields are fixed in place and can be judged one by one.
	f, n := splitARN(v.text.raw)
	if n == 6 && !strings.ContainsAny(f[0]+f[1]+f[2]+f[3], "*") {
		comps := [4]value{readValue(f[1], false), readValue(f[2], false), readValue(f[3], false), readValue(f[4], false)}
		if f[0] != "arn" || !glob(comps[0].parts, "aws", false) || !glob(comps[1].parts, "iam", false) && !glob(comps[1].parts, "sts", false) ||
			!glob(comps[2].parts, "", false) || sy.accountComponent(comps[3].parts, account) == matchNone {
			return matchNone
		}
	}
	return matchSome
}

func (sy *symbolic) memberARNComponents(v *condValue, account string) class {
	c := v.arn
	if c == nil {
		return matchNone
	}
	if !glob(c[0].parts, "arn", false) || !glob(c[1].parts, "aws", false) || !glob(c[3].parts, "", false) {
		return matchNone
	}
	iam, sts := glob(c[2].parts, "iam", false), glob(c[2].parts, "sts", false)
	if !iam && !sts {
		return matchNone
	}
	acct := sy.accountComponent(c[4].parts, account)
	if acct == matchNone {
		return matchNone
	}
	if iam && sts && acct == matchAll && onlyStars(c[5].parts) {
		return matchAll
	}
	return matchSome
}

// accountComponent classifies the account part of an ARN pattern.
func (sy *symbolic) accountComponent(parts []part, account string) class {
	if account != "" {
		if glob(parts, account, false) {
			return matchAll
		}
		return matchNone
	}
	if !hasWild(parts) {
		return matchNone // a literal account: named, or no account at all
	}
	return sy.accountPattern(parts)
}

func hasWild(parts []part) bool {
	for _, p := range parts {
		if p.kind != partLit {
			return true
		}
	}
	return false
}

func onlyStars(parts []part) bool {
	for _, p := range parts {
		if p.kind != partStar {
			return false
		}
	}
	return len(parts) > 0
}

// onlyStarsAfter reports whether parts are a literal that prefix begins
// with (possibly none) followed by stars only.
func onlyStarsAfter(parts []part, prefix string) bool {
	i := 0
	if len(parts) > 0 && parts[0].kind == partLit {
		if !strings.HasPrefix(prefix, parts[0].text) {
			return false
		}
		i = 1
	}
	return onlyStars(parts[i:])
}

// orgPattern classifies a pattern of aws:PrincipalOrgID against the
// organization ids the policy does not name (o- and 10 to 32 letters or
// digits).
func orgPattern(op *operator, v *condValue) class {
	if op.fam == famARN || !op.like || !v.text.wild {
		return matchNone
	}
	if onlyStarsAfter(v.text.parts, "o-") {
		return matchAll
	}
	if p := v.text.parts; p[0].kind == partLit && !strings.HasPrefix(p[0].text, "o-") && !strings.HasPrefix("o-", p[0].text) {
		return matchNone
	}
	return matchSome
}

// orgPathPattern classifies a pattern of aws:PrincipalOrgPaths against the
// paths of an organization's accounts, ORG/r-ROOT/ou-…/: of org, or of an
// organization the policy does not name when org is "".
func orgPathPattern(op *operator, v *condValue, org string) class {
	if op.fam == famARN {
		return matchNone
	}
	raw := v.text.raw
	first, _, _ := strings.Cut(raw, "/")
	if !strings.ContainsAny(first, "*?") && strings.Contains(raw, "/") {
		// The pattern names its organization.
		if org == "" || first != org {
			return matchNone
		}
		if op.like && onlyStarsAfter(v.text.parts, org+"/") {
			return matchAll
		}
		return matchSome
	}
	if !op.like || !v.text.wild {
		return matchNone
	}
	if onlyStars(v.text.parts) {
		return matchAll
	}
	return matchSome
}
