package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var examples = filepath.Join(repoRoot, "testdata", "examples")

func example(name string) string { return filepath.Join(examples, name) }

type simulationJSON struct {
	Decision   string `json:"decision"`
	Statements []struct {
		Policy string    `json:"policy"`
		Index  int       `json:"index"`
		Sid    string    `json:"sid"`
		Effect string    `json:"effect"`
		Range  jsonRange `json:"range"`
	} `json:"statements"`
	MissingContext []string `json:"missingContext"`
	Explanation    string   `json:"explanation"`
}

func simulateJSON(t *testing.T, stdin string, args ...string) simulationJSON {
	t.Helper()
	r := runCLI(t, stdin, append([]string{"simulate", "--format", "json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	var out simulationJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	return out
}

// lineOf is the 0-based line of the first line of path holding s.
func lineOf(t *testing.T, path, s string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, s) {
			return i
		}
	}
	t.Fatalf("%s has no line with %q", path, s)
	return -1
}

func TestSimulateAllowsANamedRoleAndPointsAtItsStatement(t *testing.T) {
	p := example("default-key-policy.json")
	out := simulateJSON(t, "", p, "--action", "kms:Decrypt", "--principal", "arn:aws:sts::111122223333:assumed-role/AppServerRole/s1")
	if out.Decision != "allow" || len(out.Statements) != 1 {
		t.Fatalf("got %+v", out)
	}
	st := out.Statements[0]
	if st.Sid != "Allow use of the key" || st.Effect != "Allow" || st.Index != 2 || st.Policy != p {
		t.Errorf("deciding statement %+v", st)
	}
	// The range is the statement object: from its { to its }.
	if sid := lineOf(t, p, `"Sid": "Allow use of the key"`); st.Range.Start.Line != sid-1 || st.Range.End.Line <= sid {
		t.Errorf("range %+v, the Sid is on line %d", st.Range, sid)
	}
	r := runCLI(t, "", "simulate", p, "--action", "kms:Decrypt", "--principal", "arn:aws:iam::111122223333:role/AppServerRole")
	want := p + ":" + strconv.Itoa(st.Range.Start.Line+1) + ":" + strconv.Itoa(st.Range.Start.Character+1) + `: Allow statement "Allow use of the key"`
	if r.code != 0 || !strings.HasPrefix(r.stdout, "allow: ") || !strings.Contains(r.stdout, want) {
		t.Errorf("text output (exit %d):\n%s\nwant a line with %s", r.code, r.stdout, want)
	}
}

func TestSimulateNeedsTheIdentityPolicyOfAUserOfTheAccount(t *testing.T) {
	dir := t.TempDir()
	p := example("default-key-policy.json")
	user := "arn:aws:iam::111122223333:user/alice"
	out := simulateJSON(t, "", p, "--action", "kms:Decrypt", "--principal", user)
	if out.Decision != "implicit-deny" || !strings.Contains(out.Explanation, "no identity policy") {
		t.Errorf("without an identity policy: %+v", out)
	}
	id := writeFile(t, dir, "alice.json", `{"Version": "2012-10-17", "Statement": [{"Sid": "UseKeys", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:*:111122223333:key/*"}]}`)
	out = simulateJSON(t, "", p, "--action", "kms:Decrypt", "--principal", user, "--identity-policy", id)
	if out.Decision != "allow" || len(out.Statements) != 2 || out.Statements[1].Policy != id || out.Statements[1].Sid != "UseKeys" {
		t.Errorf("with its identity policy: %+v", out)
	}
	// The root user needs none.
	out = simulateJSON(t, "", p, "--action", "kms:ScheduleKeyDeletion", "--principal", "111122223333")
	if out.Decision != "allow" {
		t.Errorf("root: %+v", out)
	}
}

func TestSimulateReportsMissingContext(t *testing.T) {
	p := example("service-key-policy.json")
	user := "arn:aws:iam::111122223333:user/u"
	out := simulateJSON(t, "", p, "--action", "kms:Decrypt", "--principal", user)
	if out.Decision != "implicit-deny" || strings.Join(out.MissingContext, ",") != "kms:ViaService" {
		t.Errorf("called directly: %+v", out)
	}
	out = simulateJSON(t, "", p, "--action", "kms:Decrypt", "--principal", user, "--context", "kms:ViaService=ec2.us-west-2.amazonaws.com")
	if out.Decision != "allow" || len(out.MissingContext) != 0 {
		t.Errorf("through EC2: %+v", out)
	}
}

func TestSimulateAnIAMPolicy(t *testing.T) {
	p := example("iam-policy.json")
	role := "arn:aws:iam::111122223333:role/Orders"
	ctx := []string{"--context", "kms:ViaService=s3.us-east-1.amazonaws.com", "--context", "kms:EncryptionContext:aws:s3:arn=arn:aws:s3:::example-orders-bucket"}
	args := append([]string{p, "--kind", "iam", "--action", "kms:Decrypt", "--principal", role}, ctx...)
	// Without aws:ResourceOrgID the policy's StringNotEquals Deny applies:
	// a negated operator holds on an absent key.
	out := simulateJSON(t, "", args...)
	if out.Decision != "explicit-deny" || strings.Join(out.MissingContext, ",") != "aws:ResourceOrgID" {
		t.Errorf("without the key's organization: %+v", out)
	}
	out = simulateJSON(t, "", append(args, "--context", "aws:ResourceOrgID=o-a1b2c3d4e5")...)
	if out.Decision != "allow" || len(out.Statements) != 1 || out.Statements[0].Sid != "UseTheOrdersKeyThroughS3" || !strings.Contains(out.Explanation, "default key policy") {
		t.Errorf("through S3: %+v", out)
	}
	// The Deny of the policy applies when the key is outside the organization.
	out = simulateJSON(t, "", append(args, "--context", "aws:ResourceOrgID=o-other")...)
	if out.Decision != "explicit-deny" || out.Statements[0].Sid != "DenyOutsideTheOrganization" {
		t.Errorf("outside the organization: %+v", out)
	}
}

func TestSimulateExpect(t *testing.T) {
	p := example("mistakes.json")
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"--principal", "*", "--expect", "allow"}, 0}, // the mistake: anyone can decrypt
		{[]string{"--principal", "*", "--expect", "deny"}, 1},
		{[]string{"--principal", "arn:aws:iam::111122223333:user/x", "--action", "kms:Sign", "--expect", "deny"}, 0},
		{[]string{"--principal", "arn:aws:iam::111122223333:user/x", "--action", "kms:Sign", "--expect", "allow"}, 1},
	} {
		args := append([]string{"simulate", p}, c.args...)
		if !strings.Contains(strings.Join(c.args, " "), "--action") {
			args = append(args, "--action", "kms:Decrypt")
		}
		r := runCLI(t, "", args...)
		if r.code != c.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", c.args, r.code, c.code, r.stdout, r.stderr)
		}
		if c.code == 1 && !strings.Contains(r.stderr, "expected ") {
			t.Errorf("%v: stderr does not say what was expected: %s", c.args, r.stderr)
		}
	}
}

func TestSimulateExplicitDenyIsADeny(t *testing.T) {
	pol := `{"Version": "2012-10-17", "Statement": [
	 {"Sid": "All", "Effect": "Allow", "Principal": "*", "Action": "kms:*", "Resource": "*"},
	 {"Sid": "NoTLSNoKey", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`
	r := runCLI(t, pol, "simulate", "-", "--action", "kms:Decrypt", "--principal", "111122223333", "--context", "aws:SecureTransport=FALSE", "--expect", "deny")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "explicit-deny: ") || !strings.Contains(r.stdout, `<stdin>:3:3: Deny statement "NoTLSNoKey"`) {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestSimulateUsageErrors(t *testing.T) {
	p := example("default-key-policy.json")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{p}, "--action is required"},
		{[]string{"--action", "kms:Decrypt"}, "give one policy file"},
		{[]string{p, "--action", "kms:*"}, "must be one action"},
		{[]string{p, "--action", "kms:Decrypt", "--context", "aws:SecureTransport=maybe"}, "aws:SecureTransport is of type Bool"},
		{[]string{p, "--action", "kms:Decrypt", "--context", "aws:CurrentTime=tomorrow"}, "aws:CurrentTime is of type Date"},
		{[]string{p, "--action", "kms:Decrypt", "--context", "aws:SourceIp=10.0.0"}, "aws:SourceIp is of type IPAddress"},
		{[]string{p, "--action", "kms:Decrypt", "--context", "novalue"}, "must be KEY=VALUE"},
		{[]string{p, "--action", "kms:Decrypt", "--principal", "arn:aws:iam::111122223333:role/*"}, "wildcard"},
		{[]string{p, "--action", "kms:Decrypt", "--account", "123"}, "12-digit"},
		{[]string{p, "--action", "kms:Decrypt", "--expect", "maybe"}, "must be allow or deny"},
		{[]string{filepath.Join(t.TempDir(), "none.json"), "--action", "kms:Decrypt"}, "no such file"},
	} {
		r := runCLI(t, "", append([]string{"simulate"}, c.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

func TestSimulateMultiValuedContext(t *testing.T) {
	pol := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Ops"}, "Action": "kms:CreateGrant", "Resource": "*",
	 "Condition": {"ForAllValues:StringEquals": {"kms:GrantOperations": ["Decrypt", "Encrypt"]}, "Null": {"kms:GrantOperations": "false"}}}]}`
	base := []string{"simulate", "-", "--action", "kms:CreateGrant", "--principal", "arn:aws:iam::111122223333:role/Ops"}
	if r := runCLI(t, pol, append(base, "--context", "kms:GrantOperations=Decrypt", "--context", "kms:GrantOperations=Encrypt", "--expect", "allow")...); r.code != 0 {
		t.Errorf("two allowed operations: exit %d\n%s", r.code, r.stdout)
	}
	if r := runCLI(t, pol, append(base, "--context", "kms:GrantOperations=Decrypt", "--context", "kms:GrantOperations=Sign", "--expect", "deny")...); r.code != 0 {
		t.Errorf("one operation not allowed: exit %d\n%s", r.code, r.stdout)
	}
}

func TestAccessSummaryOfAKeyPolicy(t *testing.T) {
	p := example("mistakes.json")
	r := runCLI(t, "", "access", p)
	if r.code != 0 || !strings.Contains(r.stdout, "anyone else\n  cryptographic:  always Decrypt; never the other ") ||
		!strings.Contains(r.stdout, "account 444455556666\n") || !strings.Contains(r.stdout, "the key's account is 111122223333") {
		t.Errorf("text (exit %d):\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCLI(t, "", "access", "--format", "markdown", p)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "| principal | cryptographic | grants | read-only | administrative |\n| --- |") {
		t.Errorf("markdown (exit %d):\n%s", r.code, r.stdout)
	}
	r = runCLI(t, "", "access", "--format", "json", p)
	var out struct {
		Account  string `json:"account"`
		Subjects []struct {
			Subject string `json:"subject"`
			Kind    string `json:"kind"`
			Classes map[string]struct {
				Verdict string   `json:"verdict"`
				Always  []string `json:"always"`
			} `json:"classes"`
		} `json:"subjects"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
		t.Fatalf("json (exit %d): %v\n%s", r.code, err, r.stdout)
	}
	last := out.Subjects[len(out.Subjects)-2] // anyone else, before any other service
	crypto := last.Classes["cryptographic"]
	if out.Account != "111122223333" || last.Kind != "anyone" || out.Subjects[len(out.Subjects)-1].Kind != "any-service" || crypto.Verdict != "mixed" || strings.Join(crypto.Always, ",") != "kms:Decrypt" ||
		last.Classes["administrative"].Verdict != "never" {
		t.Errorf("json: %+v", out)
	}
}

func TestAccessTakesTheAccountAndOrganization(t *testing.T) {
	pol := `{"Version": "2012-10-17", "Statement": [
	 {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}`
	r := runCLI(t, pol, "access", "-", "--account", "444455556666", "--organization", "o-a1b2c3d4e5")
	if r.code != 0 || !strings.Contains(r.stdout, "organization o-a1b2c3d4e5\n  cryptographic:  always Decrypt") ||
		!strings.Contains(r.stdout, "account 444455556666 (this key's)") || !strings.Contains(r.stdout, "anyone else\n  cryptographic:  never") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"access"}, "give one key policy file"},
		{[]string{"access", "-", "--organization", "acme"}, "must be an AWS Organizations id"},
		{[]string{"access", "-", "--format", "sarif"}, "must be text, json or markdown"},
		{[]string{"access", filepath.Join(t.TempDir(), "none.json")}, "no such file"},
	} {
		if r := runCLI(t, pol, c.args...); r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, r.code, r.stderr)
		}
	}
}

func TestSimulateRefusesValuesATemplateComputes(t *testing.T) {
	p := example("key-template.yaml")
	for _, args := range [][]string{{"simulate", p, "--kind", "key", "--action", "kms:Decrypt"}, {"access", p}} {
		r := runCLI(t, "", args...)
		if r.code != 2 || !strings.Contains(r.stderr, "computes when it is deployed") {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}
