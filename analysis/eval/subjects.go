package eval

import (
	"sort"
	"strings"
	"sync"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
)

// SubjectKind is a class of principals the access summary answers for.
type SubjectKind uint8

const (
	// SubjectAccount: the principals of an account the policy names,
	// through the account's IAM policies: its root user, and its users and
	// roles that the policy does not name.
	SubjectAccount SubjectKind = iota
	// SubjectPrincipal: one IAM user, role (its sessions), session or
	// federated user the policy names.
	SubjectPrincipal
	// SubjectService: a service principal the policy names, calling as
	// itself.
	SubjectService
	// SubjectOrganization: principals of an organization's accounts that
	// the policy does not name.
	SubjectOrganization
	// SubjectAnyone: any principal of an account the policy does not name,
	// outside the organizations it names (and the organization setting).
	SubjectAnyone
	// SubjectAnyService: a service principal the policy does not name,
	// calling as itself.
	SubjectAnyService
)

// Subject is a class of principals.
type Subject struct {
	Kind    SubjectKind
	Account string // SubjectAccount, SubjectPrincipal
	// ARN and Principal say which principal a SubjectPrincipal is.
	ARN       string
	Principal arn.Kind
	Service   string // SubjectService
	Org       string // SubjectOrganization
	// Own: the key's own account, a principal of it, or the organization
	// setting.
	Own bool

	reps    []*who // representative callers, one of each way a member can be matched
	domains *[len(principalKeyNames)]domain
	idxKeys []string         // the keys of the statements that may take it in (stmtIndex)
	pat     principalPattern // how the policy names a SubjectPrincipal

	// The representatives and domains are made when the subject is first
	// judged (most are never asked about on a keystroke), once.
	once                   sync.Once
	keyAccount, org, fresh string
}

// ready makes the subject's representatives, domains and index keys.
func (s *Subject) ready() {
	s.once.Do(func() {
		s.setUp(s.keyAccount, s.org, s.fresh)
		s.idxKeys = s.indexKeys()
	})
}

// String names the subject in a few words.
func (s *Subject) String() string {
	switch s.Kind {
	case SubjectAccount:
		if s.Own {
			return "account " + s.Account + " (this key's)"
		}
		return "account " + s.Account
	case SubjectPrincipal:
		name := s.ARN
		if a, err := arn.Parse(s.ARN); err == nil {
			name = a.ResourceID
		}
		return principalWord(s.Principal) + " " + name + " in " + s.Account
	case SubjectService:
		return "service " + s.Service
	case SubjectOrganization:
		return "organization " + s.Org
	case SubjectAnyService:
		return "any other service"
	}
	return "anyone else"
}

func principalWord(k arn.Kind) string {
	switch k {
	case arn.User:
		return "user"
	case arn.Role:
		return "role"
	case arn.AssumedRoleSession:
		return "session"
	case arn.FederatedUser:
		return "federated user"
	}
	return k.String()
}

// unnamed is the name given to the representatives of the identities a
// policy does not name.
const unnamed = "kms-policy-ls-unnamed"

// collectSubjects lists the subjects of a key policy: the key's account,
// every account, principal and service its principals name, the accounts
// and organizations its principal conditions name, the organization
// setting, and anyone else.
func collectSubjects(p *Policy, keyAccount, org string, named map[string]bool) []*Subject {
	c := subjectCollector{keyAccount: keyAccount, orgSetting: org, seen: map[string]bool{}}
	if keyAccount != "" {
		c.account(keyAccount)
	}
	for i := range p.Statements {
		st := &p.Statements[i]
		for _, pp := range st.principals {
			c.principal(&pp)
		}
		for _, b := range st.conds {
			for _, e := range b.entries {
				c.fromCondition(&e)
			}
		}
	}
	if org != "" {
		c.org(org)
	}
	sort.SliceStable(c.out, func(i, j int) bool { return c.out[i].rank() < c.out[j].rank() })
	fresh := freshAccount(named)
	c.out = append(c.out, &Subject{Kind: SubjectAnyone}, &Subject{Kind: SubjectAnyService, Service: unnamed + ".amazonaws.com"})
	for _, s := range c.out {
		s.keyAccount, s.org, s.fresh = keyAccount, org, fresh
	}
	return c.out
}

// rank orders subjects: the key's account and its principals, other
// accounts and theirs, services, organizations.
func (s *Subject) rank() int {
	own := 0
	if !s.Own {
		own = 1
	}
	switch s.Kind {
	case SubjectAccount, SubjectPrincipal:
		return own
	case SubjectService:
		return 2
	case SubjectOrganization:
		return 3
	}
	return 4 // anyone else and any other service come last, in that order
}

type subjectCollector struct {
	keyAccount string
	orgSetting string
	seen       map[string]bool
	out        []*Subject
}

func (c *subjectCollector) add(key string, s *Subject) {
	if !c.seen[key] {
		c.seen[key] = true
		c.out = append(c.out, s)
	}
}

func (c *subjectCollector) account(a string) {
	c.add("account:"+a, &Subject{Kind: SubjectAccount, Account: a, Own: a == c.keyAccount})
}

func (c *subjectCollector) org(o string) {
	c.add("org:"+o, &Subject{Kind: SubjectOrganization, Org: o, Own: o == c.orgSetting})
}

func (c *subjectCollector) principal(pp *principalPattern) {
	switch pp.kind {
	case arn.AccountRoot:
		c.account(pp.account)
	case arn.User, arn.Role, arn.AssumedRoleSession, arn.FederatedUser:
		c.account(pp.account)
		c.add("principal:"+pp.text, &Subject{Kind: SubjectPrincipal, Account: pp.account, ARN: pp.text, Principal: pp.kind, Own: pp.account == c.keyAccount, pat: *pp})
	case arn.Service:
		c.add("service:"+strings.ToLower(pp.service), &Subject{Kind: SubjectService, Service: pp.service})
	}
}

// fromCondition takes the accounts and organizations a condition names
// with an equality on a principal key: they may be granted access too.
func (c *subjectCollector) fromCondition(e *entry) {
	switch e.lower {
	case "kms:calleraccount", "aws:principalaccount":
		for _, v := range e.values {
			if arn.IsAccountID(v.text.raw) {
				c.account(v.text.raw)
			}
		}
	case "aws:principalorgid":
		for _, v := range e.values {
			if s := v.text.raw; strings.HasPrefix(s, "o-") && !strings.ContainsAny(s, "*?$") {
				c.org(s)
			}
		}
	case "aws:principalarn":
		// A principal named by its ARN in a condition is as named as one in
		// Principal ("*" with aws:PrincipalArn is a common way to name it).
		for _, v := range e.values {
			if s := v.text.raw; !strings.ContainsAny(s, "*?$") {
				pp := readPrincipal("AWS", s)
				if pp.kind == arn.User || pp.kind == arn.Role || pp.kind == arn.AccountRoot {
					c.principal(&pp)
				}
			}
		}
	}
}

// freshAccount is an account id the policy does not name.
func freshAccount(named map[string]bool) string {
	for n := 999999999999; ; n-- {
		s := itoa12(n)
		if !named[s] {
			return s
		}
	}
}

func itoa12(n int) string {
	b := []byte("000000000000")
	for i := 11; i >= 0 && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

// setUp makes a subject's representative callers and the domains of the
// principal condition keys for its requests. Sources for the keys:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// and the principal table of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
func (s *Subject) setUp(keyAccount, org, fresh string) {
	s.domains = new([len(principalKeyNames)]domain)
	d := domainSetter{s}
	d.set("aws:principalisawsservice", valueOf("false"))
	d.set("aws:principalservicename", absent)
	// Only a service principal acting for a resource sends these.
	for _, k := range []string{"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"} {
		d.set(k, absent)
	}
	switch s.Kind {
	case SubjectAccount:
		s.reps = members(s.Account)
		s.accountKeys(d, s.Account, keyAccount, org)
		d.set("aws:principalarn", domain{kind: domMemberARN, value: s.Account})
	case SubjectPrincipal:
		s.reps = []*who{s.pat.caller()}
		s.accountKeys(d, s.Account, keyAccount, org)
		c := s.reps[0].Caller
		d.set("aws:principalarn", valueOf(c.principalARN()))
		d.set("aws:principaltype", valueOf(c.principalType()))
		if c.Kind == CallerUser {
			d.set("aws:username", valueOf(s.pat.resource[strings.LastIndexByte(s.pat.resource, '/')+1:]))
		} else {
			d.set("aws:username", absent)
		}
	case SubjectService, SubjectAnyService:
		s.reps = []*who{newWho(&Caller{Kind: CallerService, Service: s.Service})}
		// A service calling as itself: what it sends of its account and
		// of the resource it acts for is not known here.
		for _, k := range []string{"aws:principalservicename", "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"} {
			d.set(k, free)
		}
		d.set("aws:principalisawsservice", valueOf("true"))
	case SubjectOrganization, SubjectAnyone:
		s.reps = members(fresh)
		d.set("kms:calleraccount", domain{kind: domFreshAccount}.orAbsent())
		d.set("aws:principalaccount", domain{kind: domFreshAccount})
		d.set("aws:principalarn", domain{kind: domMemberARN})
		if s.Kind == SubjectOrganization {
			d.set("aws:principalorgid", valueOf(s.Org))
			d.set("aws:principalorgpaths", domain{kind: domOrgPaths, value: s.Org})
		} else {
			d.set("aws:principalorgid", domain{kind: domFreshOrg}.orAbsent())
			d.set("aws:principalorgpaths", domain{kind: domOrgPaths}.orAbsent())
		}
	}
}

// domainSetter sets the domains of a subject's principal keys by name.
type domainSetter struct{ s *Subject }

func (d domainSetter) set(key string, v domain) { d.s.domains[principalKeyIndex[key]] = v }

// principalKeyNames are the condition keys whose domain a subject may
// set (lower case); every other key is free.
var principalKeyNames = [...]string{
	"kms:calleraccount", "aws:principalaccount", "aws:principalarn", "aws:principalorgid",
	"aws:principalorgpaths", "aws:principalisawsservice", "aws:principalservicename",
	"aws:principaltype", "aws:username", "aws:sourceaccount", "aws:sourcearn",
	"aws:sourceorgid", "aws:sourceorgpaths",
}

var principalKeyIndex = func() map[string]int {
	m := map[string]int{}
	for i, k := range principalKeyNames {
		m[k] = i
	}
	return m
}()

// accountKeys sets the keys a principal of a named account sends.
func (s *Subject) accountKeys(d domainSetter, account, keyAccount, org string) {
	// kms:CallerAccount is documented for key operations without a word
	// on whether every request carries it: take it as possibly absent.
	d.set("kms:calleraccount", valueOf(account).orAbsent())
	d.set("aws:principalaccount", valueOf(account))
	if org != "" && account == keyAccount {
		d.set("aws:principalorgid", valueOf(org))
		d.set("aws:principalorgpaths", domain{kind: domOrgPaths, value: org})
	}
}

// caller is a representative caller of the principal a value names: the
// user, session or federated user itself, or for a role a session of it
// that the policy does not name. It is made from the parsed value, not
// parsed again.
func (pp *principalPattern) caller() *who {
	c := &Caller{ARN: pp.text, Account: pp.account}
	w := &who{Caller: c, resource: pp.resource}
	switch pp.kind {
	case arn.User:
		c.Kind = CallerUser
	case arn.FederatedUser:
		c.Kind = CallerFederatedUser
	case arn.Role:
		c.Kind, c.RoleARN = CallerSession, pp.text
		w.roleName, w.session = pp.roleName, pp.roleName+"/"+unnamed
		w.resource = "assumed-role/" + w.session
		c.ARN = "arn:aws:sts::" + pp.account + ":" + w.resource
	case arn.AssumedRoleSession:
		c.Kind = CallerSession
		w.roleName, w.session = roleOfSession(pp.resource), sessionPart(pp.resource)
		c.RoleARN = "arn:aws:iam::" + pp.account + ":role/" + w.roleName
	}
	return w
}

// members are representatives of an account's principals that a policy
// does not name: its root user, a user, a role's session and a federated
// user, all named so that no policy value matches them.
func members(account string) []*who {
	mk := func(k CallerKind, service, resource, role string) *who {
		c := &Caller{Kind: k, Account: account, ARN: "arn:aws:" + service + "::" + account + ":" + resource}
		w := &who{Caller: c, resource: resource}
		if role != "" {
			c.RoleARN = "arn:aws:iam::" + account + ":role/" + role
			w.roleName, w.session = role, sessionPart(resource)
		}
		return w
	}
	return []*who{
		mk(CallerRoot, "iam", "root", ""),
		mk(CallerUser, "iam", "user/"+unnamed, ""),
		mk(CallerSession, "sts", "assumed-role/"+unnamed+"/"+unnamed, unnamed),
		mk(CallerFederatedUser, "sts", "federated-user/"+unnamed, ""),
	}
}

// domain is what the subject's requests say of a principal key (by its
// index in principalKeyNames); the zero domain is free.
func (s *Subject) domain(i int) domain { return s.domains[i] }
