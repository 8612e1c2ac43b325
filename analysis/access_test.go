package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

func exampleDoc(t *testing.T, name string) *Document {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "testdata", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return Analyze(Bytes(src), Options{})
}

func TestLensesOfAKeyPolicy(t *testing.T) {
	d := exampleDoc(t, "mistakes.json")
	lenses := d.Lenses()
	if len(lenses) != 1+len(d.Units[0].Policy.Statements) {
		t.Fatalf("%d lenses, want the summary and one a statement: %+v", len(lenses), lenses)
	}
	sum := lenses[0]
	if sum.Command != ShowAccessCommand || string(d.Src[sum.Span.Start:sum.Span.End]) != `"Statement"` ||
		!strings.HasPrefix(sum.Title, "anyone else can use this key · use: ") {
		t.Errorf("summary lens %+v", sum)
	}
	var public string
	for _, l := range lenses[1:] {
		if d.Src[l.Span.Start] != '{' || l.Command != "" {
			t.Errorf("statement lens not on a statement's bracket: %+v", l)
		}
		if strings.Contains(l.Title, "anyone else") {
			public = l.Title
		}
	}
	if public != "allows kms:Decrypt to anyone else, any other service, account 111122223333 (this key's) and 3 more" {
		t.Errorf("the public statement's lens says %q", public)
	}
	md, ok := d.AccessMarkdown(0)
	if !ok || !strings.Contains(md, "| anyone else | always Decrypt; never the other ") {
		t.Errorf("access markdown:\n%s", md)
	}
	if lenses := exampleDoc(t, "iam-policy.json").Lenses(); len(lenses) != 0 {
		t.Errorf("an IAM policy has lenses: %+v", lenses)
	}
}

func TestStatementLensSaysWhatADenyOverrides(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
  {"Sid": "App", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt", "Resource": "*"},
  {"Sid": "Gone", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Old"}, "Action": "kms:Sign", "Resource": "*"},
  {"Sid": "NoHTTP", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
  {"Sid": "NoSign", "Effect": "Deny", "Principal": "*", "Action": "kms:Sign", "Resource": "*"}]}`
	d := Analyze(Bytes([]byte(src)), Options{})
	titles := map[string]string{}
	for _, l := range d.Lenses()[1:] {
		sid := src[l.Span.Start:]
		sid = sid[strings.Index(sid, `"Sid": "`)+8:]
		titles[sid[:strings.IndexByte(sid, '"')]] = l.Title
	}
	for sid, want := range map[string]string{
		"App":    `allows kms:Decrypt to role App in 111122223333; Deny "NoHTTP" may override it`,
		"Gone":   `allows nothing: overridden by Deny "NoSign"`,
		"NoSign": "refuses kms:Sign to anyone else, any other service, account 111122223333 (this key's) and 2 more",
		"NoHTTP": "refuses kms:Decrypt to anyone else, any other service, account 111122223333 (this key's) and 2 more (depending on aws:SecureTransport)",
	} {
		if titles[sid] != want {
			t.Errorf("%s: lens %q, want %q", sid, titles[sid], want)
		}
	}
}

func TestInlayHints(t *testing.T) {
	src := []byte(`{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"]}, "Action": ["kms:Describe*", "kms:Get*", "kms:Decrypt"], "Resource": "*",
   "Condition": {"StringEquals": {"kms:CallerAccount": "444455556666"}}}]}`)
	d := Analyze(Bytes(src), Options{Checks: checks.Options{Account: "111122223333"}})
	hints := d.InlayHints(text.Span{Start: 0, End: len(src)})
	var got []string
	for _, h := range hints {
		got = append(got, string(src[h.Offset-6:h.Offset])+"→"+h.Label)
	}
	want := []string{`:root"→this key's account`, `56666"→other account`, `ribe*"→1 action`, `:Get*"→5 actions`, `56666"→other account`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("hints %q\nwant  %q", got, want)
	}
	if len(hints) < 3 || hints[2].Tooltip != "kms:DescribeKey" {
		t.Errorf("the wildcard's tooltip is %q", hints[2].Tooltip)
	}
	if n := len(d.InlayHints(text.Span{Start: 0, End: 10})); n != 0 {
		t.Errorf("%d hints outside the span", n)
	}
}

func TestHoverOnAPrincipalSaysWhatItCanDo(t *testing.T) {
	d := exampleDoc(t, "default-key-policy.json")
	off := strings.Index(string(d.Src), `"arn:aws:iam::111122223333:role/KeyAdminRole"`) + 5
	h := d.Hover(off)
	if h == nil || !strings.Contains(h.Markdown, "**role KeyAdminRole in 111122223333** on this key") ||
		!strings.Contains(h.Markdown, "- cryptographic: always (if its IAM policies allow)") || !strings.Contains(h.Markdown, "- grants: always\n") {
		t.Fatalf("hover %+v", h)
	}
	if string(d.Src[h.Start:h.End]) != `"arn:aws:iam::111122223333:role/KeyAdminRole"` {
		t.Errorf("hover range %q", d.Src[h.Start:h.End])
	}
}

// BenchmarkLenses32KB makes the code lenses of a 32 KB key policy for a
// fresh version of it: the access summary and every statement's line.
func BenchmarkLenses32KB(b *testing.B) {
	src := policygen.KeyPolicy(32 << 10)
	d := Analyze(Bytes(src), Options{})
	b.ReportMetric(float64(len(d.Lenses())), "lenses")
	b.ReportAllocs()
	for b.Loop() {
		d.cache.sums = nil
		d.Lenses()
	}
}

// engineKeyPolicy is a 32 KB key policy that every rule of the engine has
// to think about: a Deny, Principal "*" narrowed by conditions, other
// accounts, a service principal.
func engineKeyPolicy(size int) []byte {
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [
 {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
 {"Sid": "NoHTTP", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
 {"Sid": "ViaS3", "Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
  "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}},
 {"Sid": "Logs", "Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"}, "Action": "kms:Encrypt*", "Resource": "*",
  "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:log-group:*"}}}`)
	for i := 0; b.Len() < size-400; i++ {
		fmt.Fprintf(&b, `,
 {"Sid": "Team%d", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/team%d", "arn:aws:iam::%012d:root"]},
  "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:team": "t%d"}}}`, i, i, 200000000000+i, i)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// BenchmarkReanalyzeEngine32KB is a keystroke in a key policy that the
// engine's rules all have to judge (engineKeyPolicy): its reading and
// summary are made, and every rule asks them.
func BenchmarkReanalyzeEngine32KB(b *testing.B) {
	src := engineKeyPolicy(32 << 10)
	at := strings.Index(string(src), `"Sid": "Team1"`) + len(`"Sid": "Team1`)
	versions := [2]Input{Bytes(src)}
	next := append(append(append([]byte(nil), src[:at]...), 'x'), src[at:]...)
	versions[1] = Bytes(next)
	doc := Reanalyze(nil, versions[0], Options{})
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		doc = Reanalyze(doc, versions[n%2], Options{})
	}
}

// The access of a key policy without a public statement: who may use the
// key are the account (its root statement), the role in it (its IAM
// policies, by the root statement, and its own statement) and the other
// account's role; who may administer it are the account and its role
// only. A lens sits on each statement's opening bracket, and a statement
// of many actions names four and counts the rest. The access table of a
// plain file's policy, and no table for a unit the file does not have.
func TestAccessOfAKeyPolicyOfOneAccount(t *testing.T) {
	src := `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
  {"Sid": "Äpp", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Äpp"}, "Action": "kms:Decrypt", "Resource": "*"},
  {"Sid": "Big", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Big"}, "Action": ["kms:Decrypt", "kms:Encrypt", "kms:Sign", "kms:Verify", "kms:GenerateMac", "kms:DescribeKey"], "Resource": "*"}]}`
	d := Analyze(Bytes([]byte(src)), Options{})
	lenses := d.Lenses()
	if len(lenses) != 4 {
		t.Fatalf("%d lenses, want the summary and one a statement: %+v", len(lenses), lenses)
	}
	account, app := "account 111122223333 (this key's)", "role Äpp in 111122223333"
	if want := "use: " + account + ", " + app + " and 1 more · administer: " + account + ", " + app + " · show who can do what"; lenses[0].Title != want {
		t.Errorf("summary lens %q, want %q", lenses[0].Title, want)
	}
	for _, l := range lenses[1:] {
		if got := src[l.Span.Start:l.Span.End]; got != "{" {
			t.Errorf("lens %q on %q, want a statement's bracket", l.Title, got)
		}
	}
	if big := lenses[3].Title; !strings.HasPrefix(big, "allows kms:") || !strings.HasSuffix(big, " and 2 more to role Big in 444455556666") || strings.Count(big, "kms:") != 4 {
		t.Errorf("the lens of 6 actions says %q", big)
	}
	if md, ok := d.AccessMarkdown(0); !ok || !strings.HasPrefix(md, "## Who can do what with this key policy\n") {
		t.Errorf("access markdown:\n%s", md)
	}
	for _, unit := range []int{-1, len(d.Units)} {
		if md, ok := d.AccessMarkdown(unit); ok {
			t.Errorf("access markdown of unit %d:\n%s", unit, md)
		}
	}
	off := strings.Index(src, `"arn:aws:iam::111122223333:root"`) + 5
	if h := d.Hover(off); h == nil || !strings.Contains(h.Markdown, "**"+account+"** on this key") {
		t.Errorf("hover on the account: %+v", h)
	}
}

// A hint is in a span that starts or ends where it is, and in a
// template's policy that ends there.
func TestInlayHintAtTheEdgeOfTheSpan(t *testing.T) {
	json := `{"Version": "2012-10-17", "Statement": [{"Sid": "Ä", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Resource": "*", "Action": "kms:*"}]}`
	yaml := "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: \"2012-10-17\"\n        Statement:\n          - Sid: Ä\n            Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::111122223333:root\"}\n            Resource: \"*\"\n            Action: kms:*\n"
	for _, c := range []struct {
		name, src string
		in        source.File
		value     string // the value the hint follows
	}{
		{"json", json, source.File{Src: []byte(json)}, `"kms:*"`},
		{"template", yaml, source.File{Name: "t.yaml", LanguageID: "yaml", Src: []byte(yaml)}, "kms:*"},
	} {
		d := Analyze(Input{File: c.in}, Options{})
		at := strings.Index(c.src, c.value) + len(c.value)
		for _, span := range []text.Span{{Start: at, End: at}, {Start: at - 1, End: at}, {Start: at, End: at + 1}} {
			if hints := d.InlayHints(span); len(hints) != 1 || hints[0].Offset != at {
				t.Errorf("%s: hints in %v: %+v, want one at %d", c.name, span, hints, at)
			}
		}
	}
}
