package policy

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

func build(t *testing.T, src string, kind Kind) *Policy {
	t.Helper()
	return Build(jsonast.Parse([]byte(src)), kind)
}

const keyPolicy = `{
  "Version": "2012-10-17",
  "Id": "key-default-1",
  "Statement": [
    {
      "Sid": "Enable IAM User Permissions",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"], "Service": "logs.amazonaws.com"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Effect": "Deny",
      "Principal": "*",
      "NotAction": ["kms:Decrypt", 7],
      "Resource": "*",
      "Condition": {
        "StringEquals": {"kms:CallerAccount": "111122223333", "kms:EncryptionContext:Dept": ["a", "b"]},
        "Bool": {"aws:SecureTransport": false},
        "NumericLessThan": {"kms:RotationPeriodInDays": 365}
      }
    }
  ]
}`

func TestBuildReadsEveryElement(t *testing.T) {
	p := build(t, keyPolicy, KindAuto)
	if p.Version == nil || p.Version.Text != "2012-10-17" || p.ID == nil || p.ID.Text != "key-default-1" {
		t.Fatalf("Version/Id = %+v %+v", p.Version, p.ID)
	}
	if p.VersionElem == nil || p.VersionElem.Name != "Version" || p.IDElem == nil || p.IDElem.Name != "Id" {
		t.Errorf("VersionElem/IDElem = %+v %+v", p.VersionElem, p.IDElem)
	}
	if len(p.Statements) != 2 {
		t.Fatalf("got %d statements", len(p.Statements))
	}
	if p.Kind != KindKey || !p.KindDetected {
		t.Errorf("kind = %v detected=%v, want key detected", p.Kind, p.KindDetected)
	}
	s0 := p.Statements[0]
	if s0.Sid.Text != "Enable IAM User Permissions" || !s0.Allows() {
		t.Errorf("statement 0 Sid/Effect wrong: %+v", s0.Sid)
	}
	if got := len(s0.Principal.Entries); got != 2 {
		t.Fatalf("principal entries = %d", got)
	}
	aws := s0.Principal.Entries[0]
	if aws.Type != "AWS" || len(aws.Values) != 2 || aws.Values[1].Text != "444455556666" {
		t.Errorf("AWS principal = %+v", aws)
	}
	if s0.Action.Values[0].Text != "kms:*" || s0.Resource.Values[0].Text != "*" {
		t.Errorf("Action/Resource = %+v %+v", s0.Action.Values, s0.Resource.Values)
	}

	s1 := p.Statements[1]
	if s1.Allows() || s1.Principal.Wildcard == nil || s1.Principal.Wildcard.Text != "*" {
		t.Errorf("statement 1 effect/principal wrong")
	}
	l, not := s1.Actions()
	if !not || len(l.Values) != 1 || len(l.NonStrings) != 1 || l.NonStrings[0].Value != "7" {
		t.Errorf("NotAction = %+v (not=%v)", l, not)
	}
	if got := len(s1.Condition.Blocks); got != 3 {
		t.Fatalf("condition blocks = %d", got)
	}
	se := s1.Condition.Blocks[0]
	if se.Operator != "StringEquals" || len(se.Entries) != 2 || !se.Entries[1].IsArray || len(se.Entries[1].Values) != 2 {
		t.Errorf("StringEquals block = %+v", se)
	}
	if b := s1.Condition.Blocks[1].Entries[0]; b.Values[0].Text != "false" || b.IsArray {
		t.Errorf("Bool entry = %+v", b)
	}
	if n := s1.Condition.Blocks[2].Entries[0]; n.Values[0].Text != "365" {
		t.Errorf("Numeric entry = %+v", n)
	}
}

func TestValueNodesPointAtTheirText(t *testing.T) {
	p := build(t, keyPolicy, KindAuto)
	for _, s := range p.Statements {
		l, _ := s.Actions()
		for _, v := range l.Values {
			raw := keyPolicy[v.Node.Start:v.Node.End]
			if raw != `"`+v.Text+`"` {
				t.Errorf("span of %q covers %q", v.Text, raw)
			}
		}
	}
}

func TestKindDetectionAndExplicitChoice(t *testing.T) {
	iam := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}}`
	if p := build(t, iam, KindAuto); p.Kind != KindIAM || len(p.Statements) != 1 {
		t.Errorf("a lone statement object without Principal: kind=%v statements=%d", p.Kind, len(p.Statements))
	}
	if p := build(t, iam, KindKey); p.Kind != KindKey || p.KindDetected {
		t.Errorf("explicit key kind not kept: %v", p.Kind)
	}
	notPrincipal := `{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"*"},"Action":"kms:*"}]}`
	if p := build(t, notPrincipal, KindAuto); p.Kind != KindKey {
		t.Errorf("NotPrincipal should make a key policy, got %v", p.Kind)
	}
	if p := build(t, keyPolicy, KindIAM); p.Kind != KindIAM {
		t.Errorf("explicit iam kind not kept: %v", p.Kind)
	}
}

func TestDuplicateMembersKeepTheFirstAndListAll(t *testing.T) {
	p := build(t, `{"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"kms:Decrypt"}]}`, KindAuto)
	s := p.Statements[0]
	if s.Effect.Text != "Allow" {
		t.Errorf("Effect = %q, want the first one", s.Effect.Text)
	}
	if len(s.Elements) != 3 {
		t.Errorf("Elements = %d, want every member listed", len(s.Elements))
	}
	p = build(t, `{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": []}`, KindAuto)
	if p.Version.Text != "2012-10-17" || p.VersionElem == nil || p.VersionElem.Member.Value.Value != "2012-10-17" {
		t.Errorf("Version = %+v, element %+v, want the first one", p.Version, p.VersionElem)
	}
}

func TestHalfTypedDocumentsStillYieldAModel(t *testing.T) {
	cases := []struct {
		src        string
		statements int
	}{
		{`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Dec`, 1},
		{`{"Statement": [{"Effect": }, {"Action": ["kms:Encrypt",`, 2},
		{`{"Statement": "oops"}`, 0},
		{``, 0},
		{`[1,2]`, 0},
		{`{"Statement": [{"Effect": "Allow" "Action": "kms:Decrypt"}]}`, 1},
		{`{"Statement": `, 0},
	}
	for _, c := range cases {
		p := build(t, c.src, KindAuto)
		if len(p.Statements) != c.statements {
			t.Errorf("%q: %d statements, want %d", c.src, len(p.Statements), c.statements)
		}
	}
	p := build(t, `{"Statement": [{"Effect": "Allow" "Action": "kms:Decrypt"}]}`, KindAuto)
	if a := p.Statements[0].Action; a == nil || len(a.Values) != 1 || a.Values[0].Text != "kms:Decrypt" {
		t.Errorf("Action after a missing comma not recovered: %+v", a)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{"auto": KindAuto, "": KindAuto, "key": KindKey, "iam": KindIAM} {
		if got, ok := ParseKind(in); !ok || got != want {
			t.Errorf("ParseKind(%q) = %v,%v", in, got, ok)
		}
	}
	if _, ok := ParseKind("resource"); ok {
		t.Error("ParseKind accepted an unknown kind")
	}
}

// BuildLike builds the model Build builds, whatever the model it is sized
// like; sized like the previous version, it counts the same parts.
func TestBuildLikeBuildsTheSameModel(t *testing.T) {
	docs := []string{keyPolicy, `{"Statement": {"Effect": "Allow"}}`, `{"Statement": [{"Cond`, `{}`, `[]`,
		string(policygen.KeyPolicy(8 << 10))}
	likes := []*Policy{nil, build(t, keyPolicy, KindAuto), build(t, `{}`, KindAuto), build(t, string(policygen.KeyPolicy(32<<10)), KindAuto),
		Build(nil, KindAuto)}
	for _, src := range docs {
		f := jsonast.Parse([]byte(src))
		want := Build(f, KindAuto)
		for i, like := range likes {
			if got := BuildLike(f, KindAuto, like); !reflect.DeepEqual(got, want) {
				t.Errorf("%.40q like model %d: another model", src, i)
			}
		}
		if got := BuildLike(f, KindAuto, want); got.counts != want.counts {
			t.Errorf("%.40q: counts %v, like its own %v", src, got.counts, want.counts)
		}
	}
}

// parts counts the parts of a model, as the builder's counts should.
func parts(p *Policy) modelCounts {
	var c modelCounts
	values := func(vs []Value) { c[1] += len(vs) }
	value := func(v *Value) {
		if v != nil {
			c[1]++
		}
	}
	list := func(l *List) {
		if l != nil {
			c[2]++
			values(l.Values)
		}
	}
	principal := func(pr *Principal) {
		if pr != nil {
			c[3]++
			value(pr.Wildcard)
			c[4] += len(pr.Entries)
			for _, e := range pr.Entries {
				values(e.Values)
			}
		}
	}
	c[0] = len(p.Elements)
	value(p.Version)
	value(p.ID)
	for _, s := range p.Statements {
		c[0] += len(s.Elements)
		value(s.Sid)
		value(s.Effect)
		principal(s.Principal)
		principal(s.NotPrincipal)
		list(s.Action)
		list(s.NotAction)
		list(s.Resource)
		list(s.NotResource)
		if s.Condition != nil {
			c[5]++
			c[6] += len(s.Condition.Blocks)
			for _, b := range s.Condition.Blocks {
				c[7] += len(b.Entries)
				for _, e := range b.Entries {
					values(e.Values)
				}
			}
		}
	}
	return c
}

func firsts(b *builder) modelCounts {
	return modelCounts{b.elements.first, b.values.first, b.lists.first, b.principals.first, b.pentries.first,
		b.conditions.first, b.blocks.first, b.entries.first}
}

// The counts that size the next version's slabs are the parts the model
// holds; sized like its own previous version, each slab's first block holds
// what the model needs and little more.
func TestSlabsSizedLikeThePreviousVersion(t *testing.T) {
	for _, src := range []string{keyPolicy, string(policygen.KeyPolicy(32 << 10))} {
		f := jsonast.Parse([]byte(src))
		prev := Build(f, KindAuto)
		if prev.counts != parts(prev) {
			t.Errorf("%.40q: counts %v, the model holds %v", src, prev.counts, parts(prev))
		}
		got := firsts(newBuilder(f, prev))
		for i, n := range prev.counts {
			if got[i] < n || got[i] > n+n/16+4 {
				t.Errorf("%.40q: slab %d sized %d for %d parts", src, i, got[i], n)
			}
		}
	}
}

// Without a like model the slabs are sized for what a statement usually
// holds: a statement such as this one fits in each slab's first block.
func TestSlabsSizedByStatements(t *testing.T) {
	const usual = `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": ["kms:Encrypt", "kms:Decrypt"], "Resource": "*",
		"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "s3.us-east-1.amazonaws.com"}}}`
	stmts := []string{usual}
	for range 9 {
		stmts = append(stmts, usual)
	}
	f := jsonast.Parse([]byte(`{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",") + `]}`))
	got, need := firsts(newBuilder(f, nil)), parts(Build(f, KindAuto))
	for i := range need {
		if got[i] < need[i] {
			t.Errorf("slab %d sized %d for %d parts", i, got[i], need[i])
		}
	}
}

// A slab's first block holds first parts, each next one a quarter of that
// (at least 8); a block is used up before the next is made.
func TestSlabBlocks(t *testing.T) {
	allocs := testing.AllocsPerRun(10, func() {
		s := slab[int]{first: 64}
		s.take(60)
		s.take(4)
		for range 16 + 16 {
			s.take(1)
		}
	})
	if allocs != 3 {
		t.Errorf("64, then 32 parts cost %v blocks, want 3 (64, 16, 16)", allocs)
	}
}
