package eval

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
)

// The differential test decides the same questions a second way: it
// generates random key policies, and for each subject of a policy's
// summary many concrete requests of that class, and decides each with
// Evaluate. Every "always" must be an allow for every request, every
// "never" a deny; "depends" may be either.

const (
	diffOwn   = "111122223333"
	diffOther = "444455556666"
	diffOrg   = "o-a1b2c3d4e5"
)

// fragments policies are made of.
var (
	diffPrincipals = []string{
		`"*"`, `{"AWS": "*"}`, `{"AWS": "` + diffOwn + `"}`, `{"AWS": "arn:aws:iam::` + diffOwn + `:root"}`,
		`{"AWS": "arn:aws:iam::` + diffOther + `:root"}`, `{"AWS": "arn:aws:iam::` + diffOwn + `:role/App"}`,
		`{"AWS": "arn:aws:iam::` + diffOwn + `:user/bob"}`, `{"AWS": "arn:aws:sts::` + diffOwn + `:assumed-role/App/s1"}`,
		`{"AWS": "arn:aws:iam::` + diffOther + `:role/Reader"}`, `{"Service": "logs.amazonaws.com"}`,
		`{"AWS": ["arn:aws:iam::` + diffOwn + `:role/App", "` + diffOther + `"]}`,
	}
	diffActions = []string{`"kms:Decrypt"`, `"kms:Encrypt"`, `"kms:*"`, `"kms:Describe*"`, `"kms:CreateGrant"`, `"kms:PutKeyPolicy"`,
		`"kms:ScheduleKeyDeletion"`, `"kms:GenerateDataKey*"`, `["kms:Decrypt", "kms:ListGrants"]`, `"*"`}
	diffConditions = []string{
		`"StringEquals": {"kms:CallerAccount": "` + diffOwn + `"}`,
		`"StringEquals": {"kms:CallerAccount": ["` + diffOwn + `", "` + diffOther + `"]}`,
		`"StringLike": {"kms:CallerAccount": "1111*"}`,
		`"StringLike": {"kms:CallerAccount": "*"}`,
		`"StringLike": {"aws:PrincipalAccount": "????????????"}`,
		`"StringLike": {"aws:PrincipalAccount": "11112222333?"}`,
		`"StringEqualsIfExists": {"kms:CallerAccount": "` + diffOwn + `"}`,
		`"StringNotEquals": {"aws:PrincipalAccount": "` + diffOwn + `"}`,
		`"StringEquals": {"aws:PrincipalAccount": "` + diffOther + `"}`,
		`"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/app"}`,
		`"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::` + diffOwn + `:*"}`,
		`"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::` + diffOwn + `:root"}`,
		`"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin*"}`,
		`"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*"}`,
		`"StringLike": {"aws:PrincipalArn": "*:role/app"}`,
		`"StringEquals": {"aws:PrincipalOrgID": "` + diffOrg + `"}`,
		`"StringLike": {"aws:PrincipalOrgID": "o-*"}`,
		`"StringNotEquals": {"aws:PrincipalOrgID": "` + diffOrg + `"}`,
		`"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "` + diffOrg + `/r-ab12/*"}`,
		`"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "*"}`,
		`"ForAllValues:StringLike": {"aws:PrincipalOrgPaths": "` + diffOrg + `/*"}`,
		`"StringEquals": {"kms:ViaService": "ec2.us-east-1.amazonaws.com"}`,
		`"StringNotEqualsIfExists": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}`,
		`"Bool": {"aws:SecureTransport": "false"}`,
		`"Bool": {"kms:GrantIsForAWSResource": "true"}`,
		`"StringEquals": {"kms:EncryptionContext:team": "a"}`,
		`"ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["team"]}`,
		`"Null": {"kms:EncryptionContextKeys": "false"}`,
		`"StringEquals": {"aws:SourceAccount": "` + diffOwn + `"}`,
		`"ArnLike": {"aws:SourceArn": "arn:aws:logs:*:` + diffOwn + `:*"}`,
		`"Null": {"aws:SourceArn": "true"}`,
		`"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}`,
		`"Bool": {"aws:PrincipalIsAWSService": "false"}`,
		`"StringEquals": {"aws:PrincipalType": "User"}`,
		`"StringEquals": {"aws:username": "bob"}`,
		`"StringEquals": {"aws:PrincipalServiceName": "logs.amazonaws.com"}`,
		`"Bool": {"aws:PrincipalIsAWSService": "true"}`,
		`"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::` + diffOwn + `:role/Admin1"}`,
		`"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::` + diffOther + `:user/app"}`,
		`"StringEquals": {"aws:PrincipalTag/team": "${aws:username}"}`,
		`"StringEqualz": {"kms:CallerAccount": "` + diffOwn + `"}`,
	}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randomKeyPolicy(r *rand.Rand) string {
	var stmts []string
	for i := range 1 + r.IntN(5) {
		effect := "Allow"
		if r.IntN(4) == 0 {
			effect = "Deny"
		}
		princ := `"Principal": ` + pick(r, diffPrincipals)
		if r.IntN(10) == 0 {
			princ = `"NotPrincipal": ` + pick(r, diffPrincipals[2:])
		}
		act := `"Action": ` + pick(r, diffActions)
		if r.IntN(8) == 0 {
			act = `"NotAction": ` + pick(r, diffActions)
		}
		res := `"Resource": "*"`
		if r.IntN(10) == 0 {
			res = `"Resource": "arn:aws:kms:*:` + diffOwn + `:key/*"`
		}
		var conds []string
		for range r.IntN(3) {
			conds = append(conds, pick(r, diffConditions))
		}
		cond := ""
		if len(conds) > 0 && !duplicateOperators(conds) {
			cond = `, "Condition": {` + strings.Join(conds, ", ") + `}`
		}
		stmts = append(stmts, fmt.Sprintf(`{"Sid": "S%d", "Effect": "%s", %s, %s, %s%s}`, i, effect, princ, act, res, cond))
	}
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",\n") + `]}`
}

func duplicateOperators(conds []string) bool {
	seen := map[string]bool{}
	for _, c := range conds {
		op, _, _ := strings.Cut(c, ":")
		if seen[op] {
			return true
		}
		seen[op] = true
	}
	return false
}

// generator makes concrete requests of a subject's class.
type generator struct {
	r     *rand.Rand
	named map[string]bool
	org   string
}

func (g *generator) freshAccount() string {
	for {
		var s string
		switch g.r.IntN(3) {
		case 0:
			s = "1111" + digits(g.r, 8) // fits the policies' patterns
		case 1:
			s = "11112222333" + digits(g.r, 1)
		default:
			s = digits(g.r, 12)
		}
		if !g.named[s] {
			return s
		}
	}
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func (g *generator) name() string {
	return pick(g.r, []string{"app", "Admin1", "worker", "u" + digits(g.r, 3)})
}

// member is a principal of an account that the policy does not name.
func (g *generator) member(account string) Caller {
	n := g.name()
	switch g.r.IntN(4) {
	case 0:
		return Caller{Kind: CallerRoot, Account: account, ARN: "arn:aws:iam::" + account + ":root"}
	case 1:
		return Caller{Kind: CallerUser, Account: account, ARN: "arn:aws:iam::" + account + ":user/" + n}
	case 2:
		return Caller{Kind: CallerSession, Account: account, ARN: "arn:aws:sts::" + account + ":assumed-role/" + n + "/s" + digits(g.r, 2), RoleARN: "arn:aws:iam::" + account + ":role/" + n}
	}
	return Caller{Kind: CallerFederatedUser, Account: account, ARN: "arn:aws:sts::" + account + ":federated-user/" + n}
}

// unnamedIn reports whether a member is named by the policy (then it is
// not of the account's class but a subject of its own).
func unnamedIn(src string, c Caller) bool {
	switch c.Kind {
	case CallerRoot:
		return true
	case CallerSession:
		return !strings.Contains(src, `"`+c.RoleARN+`"`) && !strings.Contains(src, `"`+c.ARN+`"`)
	}
	return !strings.Contains(src, `"`+c.ARN+`"`)
}

func (g *generator) request(src string, sub *Subject) (*Request, bool) {
	req := &Request{}
	switch sub.Kind {
	case SubjectAccount:
		req.Caller = g.member(sub.Account)
		if !unnamedIn(src, req.Caller) {
			return nil, false
		}
	case SubjectPrincipal:
		c, _ := ParseCaller(sub.ARN)
		if c.Kind == CallerRole {
			c = Caller{Kind: CallerSession, Account: c.Account, RoleARN: c.RoleARN,
				ARN: "arn:aws:sts::" + c.Account + ":assumed-role/" + roleName(c.RoleARN) + "/x" + digits(g.r, 2)}
		}
		req.Caller = c
	case SubjectService:
		req.Caller = Caller{Kind: CallerService, Service: sub.Service}
	case SubjectAnyService:
		req.Caller = Caller{Kind: CallerService, Service: pick(g.r, []string{"sns", "events", "s3"}) + ".amazonaws.com"}
		if strings.Contains(src, req.Caller.Service) {
			return nil, false
		}
	default:
		req.Caller = g.member(g.freshAccount())
	}
	req.FillPrincipalKeys()
	g.principalContext(req, sub)
	g.freeContext(req)
	return req, true
}

func (g *generator) principalContext(req *Request, sub *Subject) {
	c := &req.Context
	if req.Caller.Kind != CallerService && g.r.IntN(4) == 0 {
		c.Delete("kms:CallerAccount") // documented without a word on its presence
	}
	switch sub.Kind {
	case SubjectOrganization:
		g.orgKeys(c, sub.Org)
	case SubjectAnyone:
		if g.r.IntN(2) == 0 {
			g.orgKeys(c, "o-fresh"+digits(g.r, 6))
		}
	case SubjectService, SubjectAnyService:
		if g.r.IntN(2) == 0 {
			acct := pick(g.r, []string{diffOwn, diffOther, g.freshAccount()})
			c.Set("aws:SourceAccount", acct)
			c.Set("aws:SourceArn", "arn:aws:logs:us-east-1:"+acct+":log-group:x")
		}
	default:
		switch {
		case g.org != "" && sub.Account == diffOwn:
			g.orgKeys(c, g.org)
		case g.r.IntN(2) == 0:
			g.orgKeys(c, pick(g.r, []string{diffOrg, "o-zzzz"}))
		}
	}
}

func (g *generator) orgKeys(c *Context, org string) {
	c.Set("aws:PrincipalOrgID", org)
	c.Set("aws:PrincipalOrgPaths", org+"/r-ab12/", org+"/r-ab12/ou-"+digits(g.r, 2)+"/")
}

func (g *generator) freeContext(req *Request) {
	c := &req.Context
	maybe := func(key string, vals ...string) {
		if g.r.IntN(3) > 0 {
			c.Set(key, pick(g.r, vals))
		}
	}
	maybe("kms:ViaService", "ec2.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com")
	maybe("aws:SecureTransport", "true", "false")
	maybe("kms:GrantIsForAWSResource", "true", "false")
	maybe("kms:EncryptionContext:team", "a", "b")
	maybe("aws:MultiFactorAuthAge", "10", "4000")
	maybe("aws:PrincipalTag/team", "bob", "x")
	if g.r.IntN(3) == 0 {
		c.Set("kms:EncryptionContextKeys", "team")
	} else if g.r.IntN(3) == 0 {
		c.Set("kms:EncryptionContextKeys", "team", "other")
	}
}

func TestSummaryAgreesWithConcreteEvaluation(t *testing.T) {
	policies, requests := 300, 12
	if testing.Short() {
		policies = 60
	}
	allowAll := compileIAM(t, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`)
	r := rand.New(rand.NewPCG(14, 2026))
	var checked, decisive, disagreements int
	for pi := range policies {
		src := randomKeyPolicy(r)
		p := compileKey(t, src)
		org := ""
		if pi%2 == 0 {
			org = diffOrg
		}
		s := Summarize(p, SummaryOptions{KeyAccount: diffOwn, Organization: org})
		g := &generator{r: r, named: s.sy.named, org: org}
		ps := &Policies{Key: p, Identity: []*Policy{allowAll}, IdentityKnown: true, KeyAccount: diffOwn}
		for si, sub := range s.Subjects {
			for range requests {
				req, ok := g.request(src, sub)
				if !ok {
					continue
				}
				byKeys := map[uint64]*Request{}
				keys := req.Context.Keys()
				sort.Strings(keys)
				for ai, a := range keyActions {
					v := s.Verdict(si, ai)
					if v == Depends {
						continue
					}
					areq := forAction(req, keys, ai, byKeys)
					got := Evaluate(ps, areq).Decision == Allow
					checked++
					if got != (v == Always) {
						disagreements++
						if disagreements <= 5 {
							t.Errorf("%s %s: summary says %s, but %s with %v is %s\npolicy: %s",
								sub, a.Name, v, areq.Caller, contextString(&areq.Context), Evaluate(ps, areq).Decision, src)
						}
					}
				}
			}
			for ai := range keyActions {
				if s.Verdict(si, ai) != Depends {
					decisive++
				}
			}
		}
	}
	t.Logf("%d concrete decisions checked against always/never verdicts; %d disagreements", checked, disagreements)
	if checked < 10000 || decisive == 0 {
		t.Errorf("only %d decisions checked (%d decisive verdicts): the test proves little", checked, decisive)
	}
}

// forAction is the request for one action: a kms: key reaches only the
// requests of the actions that send it (the catalog's keys of each
// action), as AWS KMS documents its condition keys.
func forAction(req *Request, keys []string, ai int, byKeys map[uint64]*Request) *Request {
	var mask uint64
	for i, k := range keys {
		if sentWithCached(k).has(ai) {
			mask |= 1 << i
		}
	}
	out := byKeys[mask]
	if out == nil {
		out = &Request{Caller: req.Caller}
		for i, k := range keys {
			if mask&(1<<i) != 0 {
				vs, _ := req.Context.Values(k)
				out.Context.Set(k, vs...)
			}
		}
		byKeys[mask] = out
	}
	out.Action = keyActions[ai].Name
	return out
}

var sentCache = map[string]actionBits{}

func sentWithCached(k string) actionBits {
	b, ok := sentCache[k]
	if !ok {
		b = sentWith(k)
		sentCache[k] = b
	}
	return b
}

func contextString(c *Context) string {
	var parts []string
	for _, k := range c.Keys() {
		vs, _ := c.Values(k)
		parts = append(parts, k+"="+strings.Join(vs, "|"))
	}
	return strings.Join(parts, " ")
}

// The summary's subjects of a policy are those its principals and
// principal conditions name.
func TestSummarySubjects(t *testing.T) {
	p := compileKey(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/App", "444455556666"]}, "Action": "kms:*", "Resource": "*"},
	 {"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"}, "Action": "kms:Encrypt", "Resource": "*"},
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "kms:CallerAccount": "777788889999"}}}]}`)
	s := Summarize(p, SummaryOptions{KeyAccount: "111122223333"})
	var got []string
	for _, sub := range s.Subjects {
		got = append(got, sub.String())
	}
	want := []string{"account 111122223333 (this key's)", "role App in 111122223333", "account 444455556666", "account 777788889999",
		"service logs.amazonaws.com", "organization o-a1b2c3d4e5", "anyone else", "any other service"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("subjects\n%q\nwant\n%q", got, want)
	}
	_ = arn.Role
}

// Subjects of the key's account and of the organization setting are its
// own, and come first; aws:PrincipalArn names users, roles and accounts
// (not sessions: a session is no principal a policy grants to by name).
func TestSummarySubjectsOwnAndOrder(t *testing.T) {
	p := compileKey(t, `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:role/X", "arn:aws:iam::111122223333:role/App"]}, "Action": "kms:*", "Resource": "*"},
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {
	  "StringEquals": {"aws:PrincipalOrgID": ["o-f6g7h8i9j0", "o-a1b2c3d4e5"]},
	  "ArnEquals": {"aws:PrincipalArn": ["arn:aws:iam::777788889999:user/U", "arn:aws:sts::555566667777:assumed-role/R/s", "arn:aws:iam::888899990000:root"]}}}]}`)
	s := Summarize(p, SummaryOptions{KeyAccount: "111122223333", Organization: "o-a1b2c3d4e5"})
	var got []string
	for _, sub := range s.Subjects {
		name := sub.String()
		if sub.Own {
			name += " [own]"
		}
		got = append(got, name)
	}
	want := []string{"account 111122223333 (this key's) [own]", "role App in 111122223333 [own]",
		"account 444455556666", "role X in 444455556666", "account 777788889999", "user U in 777788889999", "account 888899990000",
		"organization o-f6g7h8i9j0", "organization o-a1b2c3d4e5 [own]", "anyone else", "any other service"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("subjects\n%q\nwant\n%q", got, want)
	}
}

// The fresh account stands for the accounts a policy does not name: a
// 12-digit id not among them, whatever they are.
func TestFreshAccount(t *testing.T) {
	for _, n := range []int{0, 7, 123456789012, 999999999999} {
		if got := itoa12(n); len(got) != 12 || !isDigits(got) || strings.TrimLeft(got, "0") != strings.TrimLeft(fmt.Sprint(n), "0") {
			t.Errorf("itoa12(%d) = %q", n, got)
		}
	}
	named := map[string]bool{"000000000000": true, "999999999999": true, "999999999998": true}
	if got := freshAccount(named); len(got) != 12 || !isDigits(got) || named[got] {
		t.Errorf("freshAccount(%v) = %q", named, got)
	}
}
