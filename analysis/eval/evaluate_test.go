package eval

import (
	"strings"
	"testing"
)

const defaultKeyPolicy = `{"Version": "2012-10-17", "Statement": [
 {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
 {"Sid": "App", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}]}`

type evalCase struct {
	name      string
	doc       string
	key       string   // key policy; "" for none
	identity  []string // identity policies
	known     bool     // the identity policies are all the caller has
	account   string   // the key's account; default 111122223333
	principal string
	action    string
	resource  string
	ctx       map[string][]string
	want      Decision
	reason    Reason
	sids      []string // the deciding statements' Sids, in order
}

func (c *evalCase) run(t *testing.T) Result {
	t.Helper()
	ps := &Policies{KeyAccount: c.account, IdentityKnown: c.known || len(c.identity) > 0}
	if ps.KeyAccount == "" {
		ps.KeyAccount = "111122223333"
	}
	if c.key != "" {
		ps.Key = compileKey(t, c.key)
	}
	for _, src := range c.identity {
		ps.Identity = append(ps.Identity, compileIAM(t, src))
	}
	req := &Request{Caller: caller(t, c.principal), Action: c.action, Resource: c.resource, Context: ctx(c.ctx)}
	req.FillPrincipalKeys()
	return Evaluate(ps, req)
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.doc == "" {
				t.Fatal("every case cites the rule it encodes")
			}
			r := c.run(t)
			if r.Decision != c.want || r.Reason != c.reason {
				t.Fatalf("%s %s = %s (reason %d), want %s (reason %d) (%s)", c.principal, c.action, r.Decision, r.Reason, c.want, c.reason, c.doc)
			}
			if c.sids != nil {
				var got []string
				for _, m := range r.Deciding {
					got = append(got, m.Statement.Sid())
				}
				if strings.Join(got, "|") != strings.Join(c.sids, "|") {
					t.Errorf("deciding statements %q, want %q", got, c.sids)
				}
			}
		})
	}
}

func iam(stmts string) string { return `{"Version": "2012-10-17", "Statement": [` + stmts + `]}` }

const keyARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func TestKeyPolicyAndIdentityPolicies(t *testing.T) {
	allowAll := iam(`{"Sid": "AllKMS", "Effect": "Allow", "Action": "kms:*", "Resource": "*"}`)
	runEvalCases(t, []evalCase{
		{name: "root of the key's account through the account statement", doc: docKMSDef, key: defaultKeyPolicy,
			principal: "arn:aws:iam::111122223333:root", action: "kms:ScheduleKeyDeletion", want: Allow, sids: []string{"Enable IAM User Permissions"}},
		{name: "a bare account id is the root user", doc: docKMSDef, key: defaultKeyPolicy,
			principal: "111122223333", action: "kms:PutKeyPolicy", want: Allow},
		{name: "a user of the account needs an identity policy", doc: docKMSDef, key: defaultKeyPolicy,
			principal: "arn:aws:iam::111122223333:user/alice", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "…which grants through the account statement", doc: docKMSDef, key: defaultKeyPolicy, identity: []string{allowAll},
			principal: "arn:aws:iam::111122223333:user/alice", action: "kms:Decrypt", want: Allow, sids: []string{"Enable IAM User Permissions", "AllKMS"}},
		{name: "an identity policy for another action does not", doc: docKMSDef, key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}`)},
			principal: "arn:aws:iam::111122223333:user/alice", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "a role named directly needs no identity policy", doc: docEvalLogic, key: defaultKeyPolicy,
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Decrypt", want: Allow, sids: []string{"App"}},
		{name: "a role given by its ARN stands for its sessions", doc: docPrincipal + "#principal-roles", key: defaultKeyPolicy,
			principal: "arn:aws:iam::111122223333:role/App", action: "kms:Encrypt", want: Allow, sids: []string{"App"}},
		{name: "the key policy alone: no identity policy, no account statement", doc: docKMSEval,
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/Alice"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:root", action: "kms:DescribeKey", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "an identity allow alone is not enough for KMS", doc: docEvalLogic, identity: []string{allowAll},
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/Alice"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/bob", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNeedsKeyPolicy},
		{name: "an explicit deny in the key policy beats an identity allow", doc: docEvalLogic + "#policy-eval-denyallow", identity: []string{allowAll},
			key:       iam(`{"Sid": "Enable", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}, {"Sid": "NoDecrypt", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/bob", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"NoDecrypt"}},
		{name: "an explicit deny in an identity policy beats the key policy", doc: docEvalLogic, key: defaultKeyPolicy,
			identity:  []string{iam(`{"Sid": "No", "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*"}`)},
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"No"}},
		{name: "a deny naming the account covers its users", doc: docPrincipal + "#principal-accounts",
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}, {"Sid": "D", "Effect": "Deny", "Principal": {"AWS": "111122223333"}, "Action": "kms:Decrypt", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/bob", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"D"}},
		{name: "a session principal matches that session", doc: docPrincipal + "#principal-sessions",
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/App/s1"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Decrypt", want: Allow},
		{name: "…and no other", doc: docPrincipal + "#principal-sessions",
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:assumed-role/App/s1"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:sts::111122223333:assumed-role/App/s2", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "a role with a path matches its sessions", doc: docPrincipal + "#principal-roles",
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/team/App"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Decrypt", want: Allow},
		{name: "a federated user principal takes in that federated user", doc: docPrincipal,
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:federated-user/Bob"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:sts::111122223333:federated-user/Bob", action: "kms:Decrypt", want: Allow},
		{name: "…and not the IAM user of that name", doc: docPrincipal,
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:sts::111122223333:federated-user/Bob"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "a user principal does not take in the federated user of that name", doc: docPrincipal + "#principal-users",
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/Bob"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:sts::111122223333:federated-user/Bob", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "user names are case-sensitive", doc: docPrincipal + "#principal-users",
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/Alice"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/alice", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "a wildcard inside a principal ARN matches nobody", doc: docPrincipal,
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/*"}, "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:role/App", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "a service principal calling as itself", doc: docPrincipal + "#principal-services",
			key:       iam(`{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*"}`),
			principal: "cloudtrail.amazonaws.com", action: "kms:GenerateDataKey", want: Allow},
		{name: "a service principal does not match a role", doc: docPrincipal + "#principal-services",
			key:       iam(`{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:role/App", action: "kms:GenerateDataKey", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "Principal * with the account and service conditions, through EBS", doc: docKMSConds + "#conditions-kms-caller-account",
			key: iam(`{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
				"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.us-west-2.amazonaws.com"}}}`),
			principal: "arn:aws:iam::111122223333:user/bob", action: "kms:Decrypt", ctx: one("kms:ViaService", "ec2.us-west-2.amazonaws.com"), want: Allow},
		{name: "…and called directly", doc: docKMSConds + "#conditions-kms-caller-account",
			key: iam(`{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
				"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.us-west-2.amazonaws.com"}}}`),
			principal: "arn:aws:iam::111122223333:user/bob", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "a statement without Resource has no effect", doc: docKMSOver,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*"}`),
			principal: "arn:aws:iam::111122223333:root", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "an IAM-only action is decided by identity policies alone", doc: docKMSPerms, identity: []string{allowAll},
			key:       iam(`{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/bob", action: "kms:CreateKey", resource: "*", want: Allow},
		{name: "…and without one it is denied", doc: docKMSPerms, known: true,
			key:       defaultKeyPolicy,
			principal: "arn:aws:iam::111122223333:user/bob", action: "kms:ListKeys", resource: "*", want: ImplicitDeny, reason: ReasonIAMOnly},
	})
}

func TestCrossAccount(t *testing.T) {
	key444 := `{"Version": "2012-10-17", "Statement": [
	 {"Sid": "Own", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "kms:*", "Resource": "*"},
	 {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["kms:Encrypt", "kms:ScheduleKeyDeletion"], "Resource": "*"},
	 {"Sid": "Bob", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/Bob"}, "Action": "kms:Decrypt", "Resource": "*"}]}`
	k444 := "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	allowAll := iam(`{"Sid": "IAM", "Effect": "Allow", "Action": "kms:*", "Resource": "` + k444 + `"}`)
	runEvalCases(t, []evalCase{
		{name: "the key policy delegates Encrypt to the account", doc: docKMSXAcct, key: key444, account: "444455556666", identity: []string{allowAll},
			principal: "arn:aws:sts::111122223333:assumed-role/R/s", action: "kms:Encrypt", want: Allow, sids: []string{"Partner", "IAM"}},
		{name: "IAM cannot exceed what the key policy delegated", doc: docKMSXAcct, key: key444, account: "444455556666", identity: []string{allowAll},
			principal: "arn:aws:sts::111122223333:assumed-role/R/s", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNeedsKeyPolicy},
		{name: "a user named directly still needs its identity policy", doc: docKMSXAcct, key: key444, account: "444455556666", known: true,
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "…and with it, is allowed", doc: docKMSXAcct, key: key444, account: "444455556666", identity: []string{allowAll},
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:Decrypt", want: Allow, sids: []string{"Bob", "IAM"}},
		{name: "an identity policy naming another key does not allow", doc: docKMSXAcct, key: key444, account: "444455556666",
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:*", "Resource": "arn:aws:kms:us-east-1:444455556666:key/other"}`)},
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "an action that does not work across accounts", doc: docKMSXAcct, key: key444, account: "444455556666", identity: []string{allowAll},
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:ScheduleKeyDeletion", want: ImplicitDeny, reason: ReasonNotCrossAccount},
		{name: "another account's identity policies, not given, are assumed to allow", doc: docKMSXAcct, key: key444, account: "444455556666",
			principal: "arn:aws:iam::111122223333:user/Carol", action: "kms:Encrypt", want: Allow},
		{name: "the key's own account's are not", doc: docKMSDef, key: key444, account: "444455556666",
			principal: "arn:aws:iam::444455556666:user/Dave", action: "kms:Encrypt", want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "an unknown caller: Principal * grants it", doc: docPrincipal + "#principal-anonymous",
			key:       iam(`{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}`),
			principal: "*", action: "kms:Decrypt", want: Allow, sids: []string{"Public"}},
		{name: "an unknown caller carries no account keys", doc: docPrincipal + "#principal-anonymous",
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringLike": {"kms:CallerAccount": "*"}}}`),
			principal: "*", action: "kms:Decrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "an unknown caller is of no named account", doc: docPrincipal + "#principal-accounts", key: key444, account: "444455556666",
			principal: "*", action: "kms:Encrypt", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "no key policy given: the default one delegates to the key's account only", doc: docKMSDef, identity: []string{allowAll}, account: "444455556666",
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:Encrypt", want: ImplicitDeny, reason: ReasonNeedsKeyPolicy, sids: []string{"IAM"}},
		{name: "…and with it the key's own account is allowed", doc: docKMSDef, identity: []string{allowAll}, account: "444455556666",
			principal: "arn:aws:iam::444455556666:user/Dave", action: "kms:Encrypt", want: Allow, sids: []string{"IAM"}},
	})
}

func TestNotElements(t *testing.T) {
	notPrincipal := `{"Version": "2012-10-17", "Statement": [
	 {"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
	 {"Sid": "OnlyApp", "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:sts::111122223333:assumed-role/App/s1", "arn:aws:iam::111122223333:role/App", "arn:aws:iam::111122223333:root"]},
	  "Action": "kms:Decrypt", "Resource": "*"},
	 {"Sid": "SessionOnly", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:sts::111122223333:assumed-role/App/s1"}, "Action": "kms:Encrypt", "Resource": "*"}]}`
	notUser := iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
	 {"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::111122223333:root"]}, "Action": "kms:Decrypt", "Resource": "*"}`)
	notService := iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
	 {"Sid": "D", "Effect": "Deny", "NotPrincipal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:Decrypt", "Resource": "*"}`)
	runEvalCases(t, []evalCase{
		{name: "NotPrincipal exempts a session listed at every level", doc: docNotPrinc, key: notPrincipal,
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Decrypt", want: Allow},
		{name: "…and denies another session", doc: docNotPrinc, key: notPrincipal,
			principal: "arn:aws:sts::111122223333:assumed-role/App/s2", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"OnlyApp"}},
		{name: "a session listed alone may still be denied", doc: docNotPrinc, key: notPrincipal,
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Encrypt", want: ExplicitDeny, sids: []string{"SessionOnly"}},
		{name: "the root user exempt by its account", doc: docNotPrinc, key: notPrincipal,
			principal: "111122223333", action: "kms:Decrypt", want: Allow},
		{name: "a user listed with its account is exempt", doc: docNotPrinc, key: notUser,
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:Decrypt", want: Allow},
		{name: "a user listed without its account, with another, is not", doc: docNotPrinc,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}, {"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:user/Bob", "arn:aws:iam::444455556666:root"]}, "Action": "kms:Decrypt", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/Bob", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"D"}},
		{name: "a session whose role and account are listed, but not the session, is not", doc: docNotPrinc,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}, {"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:role/App", "arn:aws:iam::111122223333:root"]}, "Action": "kms:Decrypt", "Resource": "*"}`),
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"D"}},
		{name: "a session and its account listed, but not its role, is not", doc: docNotPrinc,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"}, {"Sid": "D", "Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:sts::111122223333:assumed-role/App/s1", "arn:aws:iam::111122223333:root"]}, "Action": "kms:Decrypt", "Resource": "*"}`),
			principal: "arn:aws:sts::111122223333:assumed-role/App/s1", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"D"}},
		{name: "a service listed is exempt", doc: docNotPrinc, key: notService,
			principal: "cloudtrail.amazonaws.com", action: "kms:Decrypt", want: Allow},
		{name: "…and another service is not", doc: docNotPrinc, key: notService,
			principal: "logs.amazonaws.com", action: "kms:Decrypt", want: ExplicitDeny, sids: []string{"D"}},
		{name: "Allow with NotPrincipal grants everyone else", doc: docNotPrinc,
			key:       iam(`{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrypt", "Resource": "*"}`),
			principal: "*", action: "kms:Decrypt", want: Allow},
		{name: "NotAction grants what it does not list", doc: docNotAction,
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "NotAction": "kms:Describe*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:role/App", action: "kms:Decrypt", want: Allow},
		{name: "…and not what it lists", doc: docNotAction,
			key:       iam(`{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "NotAction": "kms:Describe*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:role/App", action: "kms:DescribeKey", want: ImplicitDeny, reason: ReasonNoAllow},
		{name: "NotResource denies other keys", doc: docResource, key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}, {"Sid": "D", "Effect": "Deny", "Action": "kms:*", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/k1"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:111122223333:key/k2", want: ExplicitDeny, sids: []string{"D"}},
		{name: "…and spares the key it names", doc: docResource, key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}, {"Sid": "D", "Effect": "Deny", "Action": "kms:*", "NotResource": "arn:aws:kms:us-east-1:111122223333:key/k1"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:111122223333:key/k1", want: Allow},
	})
}

func TestActionsAndResources(t *testing.T) {
	runEvalCases(t, []evalCase{
		{name: "action names ignore case", doc: docAction, known: true,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "KMS:decrypt", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", want: Allow},
		{name: "? is one character of an action", doc: docAction, known: true,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:?ncrypt", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Encrypt", want: Allow},
		{name: "an action outside the catalog matches by pattern", doc: docAction, known: true,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:Frobnicate*", "Resource": "*"}`),
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:FrobnicateKey", want: Allow},
		{name: "an identity policy names the key by ARN, wildcards per segment", doc: docResource, key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*:111122223333:key/*"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: keyARN, want: Allow},
		{name: "an alias ARN does not name the key", doc: "https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html", key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:alias/app"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: keyARN, want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "a key id does not name the key", doc: "https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html", key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "1234abcd-12ab-34cd-56ef-1234567890ab"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: keyARN, want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "a trailing * runs over later colons", doc: docResource + "#reference_policies_elements_resource_wildcards", key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: keyARN, want: Allow},
		{name: "a variable in Resource", doc: docVariables, key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:${aws:PrincipalAccount}:key/*"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: keyARN, want: Allow},
		{name: "a Resource variable with no value matches nothing", doc: docVariables + "#policy-vars-no-value", key: defaultKeyPolicy,
			identity:  []string{iam(`{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/${aws:PrincipalTag/key}"}`)},
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", resource: keyARN, want: ImplicitDeny, reason: ReasonNeedsIdentity},
		{name: "a key policy statement naming the key's ARN", doc: docKMSOver, known: true,
			key:       iam(`{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "` + keyARN + `"}`),
			principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", want: Allow},
	})
}

func TestParseCaller(t *testing.T) {
	for _, c := range []struct {
		in      string
		kind    CallerKind
		account string
		role    string
	}{
		{"*", CallerUnknown, "", ""},
		{"111122223333", CallerRoot, "111122223333", ""},
		{"arn:aws:iam::111122223333:root", CallerRoot, "111122223333", ""},
		{"arn:aws:iam::111122223333:user/a/b", CallerUser, "111122223333", ""},
		{"arn:aws:iam::111122223333:role/R", CallerRole, "111122223333", "arn:aws:iam::111122223333:role/R"},
		{"arn:aws:sts::111122223333:assumed-role/R/s", CallerSession, "111122223333", "arn:aws:iam::111122223333:role/R"},
		{"arn:aws:sts::111122223333:federated-user/f", CallerFederatedUser, "111122223333", ""},
		{"logs.amazonaws.com", CallerService, "", ""},
	} {
		got, err := ParseCaller(c.in)
		if err != nil || got.Kind != c.kind || got.Account != c.account || got.RoleARN != c.role {
			t.Errorf("ParseCaller(%q) = %+v, %v", c.in, got, err)
		}
	}
	for _, bad := range []string{"", "arn:aws:iam::111122223333:group/g", "arn:aws:iam::111122223333:role/*", "bob", "arn:aws:s3:::b"} {
		if _, err := ParseCaller(bad); err == nil {
			t.Errorf("ParseCaller(%q) succeeded", bad)
		}
	}
}

func TestPrincipalKeys(t *testing.T) {
	req := &Request{Caller: caller(t, "arn:aws:sts::111122223333:assumed-role/App/s1")}
	req.Context.Set("aws:PrincipalAccount", "999999999999")
	req.FillPrincipalKeys()
	want := map[string]string{
		"aws:PrincipalArn": "arn:aws:iam::111122223333:role/App", "kms:CallerAccount": "111122223333",
		"aws:PrincipalType": "AssumedRole", "aws:PrincipalIsAWSService": "false",
		"aws:PrincipalAccount": "999999999999", // given, so kept
	}
	for k, v := range want {
		if got, _ := req.Context.Values(k); len(got) != 1 || got[0] != v {
			t.Errorf("%s = %v, want %s", k, got, v)
		}
	}
	if req.Context.Has("aws:username") {
		t.Error("a role session has no aws:username")
	}
	user := &Request{Caller: caller(t, "arn:aws:iam::111122223333:user/path/bob")}
	user.FillPrincipalKeys()
	if v, _ := user.Context.Values("aws:username"); len(v) != 1 || v[0] != "bob" {
		t.Errorf("aws:username = %v", v)
	}
	svc := &Request{Caller: caller(t, "logs.amazonaws.com")}
	svc.FillPrincipalKeys()
	if v, _ := svc.Context.Values("aws:PrincipalServiceName"); len(v) != 1 || v[0] != "logs.amazonaws.com" || svc.Context.Has("kms:CallerAccount") {
		t.Errorf("service keys = %v", svc.Context.Keys())
	}
	anon := &Request{Caller: caller(t, "*")}
	anon.FillPrincipalKeys()
	if len(anon.Context.Keys()) != 0 {
		t.Errorf("an unknown caller carries keys %v", anon.Context.Keys())
	}
}

func TestUnmetStatements(t *testing.T) {
	// Deciding lists, when nothing allows, the Allow statements (of the key
	// policy and of identity policies) whose conditions fail: not the
	// Deny statements, nor those for another action.
	c := evalCase{name: "unmet", doc: docEvalLogic, known: true,
		key: iam(`{"Sid": "Cond", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}},
		{"Sid": "DenyCond", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
		{"Sid": "Other", "Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}`),
		identity: []string{iam(`{"Sid": "IdCond", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}}},
		{"Sid": "IdDenyCond", "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
		{"Sid": "IdOther", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}}}`)},
		principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt", ctx: one("aws:SecureTransport", "true"),
		want: ImplicitDeny, reason: ReasonNoAllow, sids: []string{"Cond", "IdCond"}}
	runEvalCases(t, []evalCase{c})
	var got []string
	for _, m := range c.run(t).Unmet {
		got = append(got, m.Statement.Sid())
	}
	if strings.Join(got, "|") != "Cond|IdCond" {
		t.Errorf("unmet statements %q, want [Cond IdCond]", got)
	}
}

func TestMissingContextOfAResult(t *testing.T) {
	c := evalCase{key: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
		"Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}},
		{"Effect": "Allow", "Principal": "*", "Action": "kms:Encrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:a": "b"}}}]}`,
		principal: "arn:aws:iam::111122223333:user/u", action: "kms:Decrypt"}
	r := c.run(t)
	if r.Decision != ImplicitDeny || len(r.Missing) != 1 || r.Missing[0] != "kms:ViaService" {
		t.Errorf("decision %s, missing %v; want implicit-deny missing [kms:ViaService] (the Encrypt statement does not apply)", r.Decision, r.Missing)
	}
}
