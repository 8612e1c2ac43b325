package eval

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
)

// Via is how a key policy statement's principal takes in a caller.
type Via uint8

const (
	ViaNone Via = iota
	// ViaDirect: the statement names the caller itself (its user, role,
	// session or service, or "*"), so the key policy alone grants it.
	ViaDirect
	// ViaAccount: the statement names the caller's account (its root ARN or
	// id), which delegates to the account's IAM policies: they must allow
	// the caller too.
	// Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
	ViaAccount
)

func (v Via) String() string {
	switch v {
	case ViaDirect:
		return "direct"
	case ViaAccount:
		return "account"
	}
	return "none"
}

// who is a caller with the parts of its ARNs that principals are
// compared with, cut once a request.
type who struct {
	*Caller
	resource string // the resource part of its ARN
	roleName string // its role's name, for a role session
	session  string // ROLE/SESSION, for a session
}

func newWho(c *Caller) *who {
	w := &who{Caller: c, resource: resourceOf(c.ARN)}
	if c.RoleARN != "" {
		w.roleName = roleName(c.RoleARN)
	}
	if c.Kind == CallerSession {
		w.session = sessionPart(w.resource)
	}
	return w
}

// principalVia reports how a statement's Principal (or NotPrincipal) takes
// in the caller.
func (st *Statement) principalVia(c *who) Via {
	if st.notPrincipal {
		// NotPrincipal takes in every caller it does not exempt, as a
		// grant to everyone else; see exempt.
		if exempt(st.principals, c) {
			return ViaNone
		}
		return ViaDirect
	}
	via := ViaNone
	for i := range st.principals {
		switch v := st.principals[i].takes(c); v {
		case ViaDirect:
			return ViaDirect
		case ViaAccount:
			via = ViaAccount
		}
	}
	return via
}

// takes reports how one principal value takes in the caller.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
func (p *principalPattern) takes(c *who) Via {
	switch p.kind {
	case arn.Everyone:
		return ViaDirect
	case arn.AccountRoot:
		// The root ARN and the bare id both mean the whole account.
		if c.Account != "" && c.Account == p.account {
			return ViaAccount
		}
	case arn.User, arn.FederatedUser:
		if (c.Kind == CallerUser && p.kind == arn.User || c.Kind == CallerFederatedUser && p.kind == arn.FederatedUser) &&
			c.Account == p.account && c.resource == p.resource {
			return ViaDirect
		}
	case arn.Role:
		// A role takes in every session of it. A session ARN has no path,
		// so a session is the role's when account and role name agree.
		if c.RoleARN != "" && c.Account == p.account && c.roleName == p.roleName {
			return ViaDirect
		}
	case arn.AssumedRoleSession:
		// A session ARN takes in that session only.
		if c.Kind == CallerSession && c.Account == p.account && c.session == sessionPart(p.resource) {
			return ViaDirect
		}
	case arn.Service:
		if c.Kind == CallerService && strings.EqualFold(c.Service, p.service) {
			return ViaDirect
		}
	}
	return ViaNone
}

// exempt reports whether NotPrincipal's values exempt the caller. AWS may
// test a caller at each level of its chain (account, then role, then
// session), so a caller is exempt only when every level is listed: a
// session needs its session, role and account; a user its user and
// account.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
func exempt(ps []principalPattern, c *who) bool {
	listed := func(pred func(p *principalPattern) bool) bool {
		for i := range ps {
			if ps[i].kind == arn.Everyone || pred(&ps[i]) {
				return true
			}
		}
		return false
	}
	switch c.Kind {
	case CallerUnknown:
		return listed(func(*principalPattern) bool { return false })
	case CallerService:
		return listed(func(p *principalPattern) bool { return p.takes(c) == ViaDirect })
	}
	account := listed(func(p *principalPattern) bool { return p.kind == arn.AccountRoot && p.account == c.Account })
	if !account {
		return false
	}
	switch c.Kind {
	case CallerRoot:
		return true
	case CallerSession:
		return listed(func(p *principalPattern) bool { return p.kind == arn.AssumedRoleSession && p.takes(c) == ViaDirect }) &&
			listed(func(p *principalPattern) bool { return p.kind == arn.Role && p.takes(c) == ViaDirect })
	}
	return listed(func(p *principalPattern) bool { return p.kind != arn.AccountRoot && p.takes(c) == ViaDirect })
}

func resourceOf(s string) string {
	a, err := arn.Parse(s)
	if err != nil {
		return ""
	}
	return a.Resource
}

func roleName(roleARN string) string {
	r := resourceOf(roleARN)
	return r[strings.LastIndexByte(r, '/')+1:]
}

// sessionPart is "ROLE/SESSION" of an assumed-role resource.
func sessionPart(resource string) string {
	_, rest, _ := strings.Cut(resource, "/")
	return rest
}

// resourceMatches reports whether the statement's Resource (or
// NotResource) takes in the request's resource. In a key policy "*" is the
// key the policy is attached to.
// Source: https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
func (st *Statement) resourceMatches(ev *evaluator, res string) bool {
	in := false
	for i := range st.resources {
		if st.resources[i].matches(ev, res) {
			in = true
			break
		}
	}
	return in != st.notResource
}

// matches matches one Resource value as the Resource element does: each
// colon-separated component by itself, except that a component ending in
// * may run on over later colons. A value with a variable that has no
// value matches nothing.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
func (rp *resourcePattern) matches(ev *evaluator, res string) bool {
	if rp.all {
		return true
	}
	if rp.n == 0 {
		return false // not an ARN: a key id or alias name never names a key here
	}
	af, an := arn.Fields(res)
	if an != 6 {
		return false
	}
	var comps [6][]part
	for i := 0; i < rp.n; i++ {
		parts, ok := rp.comps[i].resolve(ev.lookup)
		if !ok {
			return false
		}
		comps[i] = parts
	}
	return matchComponents(comps[:rp.n], af[:])
}

// matchComponents lets a pattern component ending in * take in one or
// more of the ARN's components; there are at most six of each.
func matchComponents(pc [][]part, ac []string) bool {
	if len(pc) == 0 {
		return len(ac) == 0
	}
	if len(ac) == 0 {
		return false
	}
	p := pc[0]
	if len(p) == 0 || p[len(p)-1].kind != partStar {
		return glob(p, ac[0], false) && matchComponents(pc[1:], ac[1:])
	}
	for k := 1; k <= len(ac); k++ {
		if glob(p, strings.Join(ac[:k], ":"), false) && matchComponents(pc[1:], ac[k:]) {
			return true
		}
	}
	return false
}
