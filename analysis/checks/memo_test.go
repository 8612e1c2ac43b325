package checks

import (
	"reflect"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// withRule registers r for the rest of the test.
func withRule(t *testing.T, r *Rule) {
	n := len(registry)
	register(r)
	t.Cleanup(func() { registry = registry[:n] })
}

func build(src string) *policy.Policy {
	return policy.Build(jsonast.Parse([]byte(src)), policy.KindKey)
}

const twoStatements = `{"Version": "2012-10-17", "Statement": [
  {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
  {"Sid": "B", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrypt", "Resource": "*"}
]}`

// A statement whose finding, or the finding's fix, reaches outside it is
// not remembered: the text around it may differ in the next version.
func TestMemoForgetsWhatReachesOutsideTheStatement(t *testing.T) {
	for name, report := range map[string]func(p *Pass, s *policy.Statement){
		"finding": func(p *Pass, s *policy.Statement) {
			p.Report(text.Span{Start: s.Node.Start, End: s.Node.End + 1}, "reaches past the statement")
		},
		"fix": func(p *Pass, s *policy.Statement) {
			d := p.Report(s.Node.Span, "its fix reaches before the statement")
			d.Fixes = []Fix{{Title: "t", Edits: []text.Edit{{Span: text.Span{Start: s.Node.Start - 1, End: s.Node.Start}}}}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			withRule(t, &Rule{Code: "test-" + name, Severity: Hint, Scope: StatementScope, Check: func(p *Pass) {
				for _, s := range p.Policy.Statements {
					if s.Sid != nil && s.Sid.Text == "B" {
						report(p, s)
					}
				}
			}})
			pol := build(twoStatements)
			first, memo := Rerun(pol, Options{}, nil)
			again, memo := Rerun(build(twoStatements), Options{}, memo)
			if memo.Rechecked() != 1 {
				t.Errorf("statements checked afresh: %d, want 1 (statement B)", memo.Rechecked())
			}
			if !reflect.DeepEqual(first, again) || !reflect.DeepEqual(again, Run(pol, Options{})) {
				t.Errorf("findings differ between runs:\n%+v\n%+v", first, again)
			}
		})
	}
}

// A change of options, kind or key account makes every statement be
// checked afresh.
func TestMemoContext(t *testing.T) {
	_, memo := Rerun(build(twoStatements), Options{}, nil)
	for name, opts := range map[string]Options{
		"account":  {Account: "444455556666"},
		"disabled": {Disabled: map[string]bool{"redundant-action": true}},
		"severity": {Severity: map[string]Severity{"redundant-action": Error}},
	} {
		if _, m := Rerun(build(twoStatements), opts, memo); m.Rechecked() != 2 {
			t.Errorf("%s changed: %d statements checked afresh, want 2", name, m.Rechecked())
		}
	}
	if _, m := Rerun(build(twoStatements), Options{}, memo); m.Rechecked() != 0 {
		t.Errorf("nothing changed: %d statements checked afresh, want 0", m.Rechecked())
	}
	iam := policy.Build(jsonast.Parse([]byte(twoStatements)), policy.KindIAM)
	if _, m := Rerun(iam, Options{}, memo); m.Rechecked() != 2 {
		t.Errorf("kind changed: %d statements checked afresh, want 2", m.Rechecked())
	}
}

// Statements that moved (one inserted before them, or one appended after)
// keep what was found in them; the findings are those of a fresh run.
func TestMemoFollowsMovedStatements(t *testing.T) {
	withRule(t, &Rule{Code: "test-each", Severity: Hint, Scope: StatementScope, Check: func(p *Pass) {
		for _, s := range p.Policy.Statements {
			// A fix as wide as the statement stays within it.
			d := p.Report(s.Node.Span, "statement %s", s.Sid.Text)
			d.Fixes = []Fix{{Title: "empty it", Edits: []text.Edit{{Span: s.Node.Span, NewText: "{}"}}}}
		}
	}})
	stmt := func(sid string) string {
		return `{"Sid": "` + sid + `", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}`
	}
	doc := func(sids ...string) string {
		var ss []string
		for _, s := range sids {
			ss = append(ss, stmt(s))
		}
		return `{"Version": "2012-10-17", "Statement": [` + strings.Join(ss, ",\n ") + `]}`
	}
	_, memo := Rerun(build(doc("A", "B")), Options{}, nil)
	for name, src := range map[string]string{"inserted first": doc("X", "A", "B"), "appended": doc("A", "B", "X"), "first changed": doc("X", "B")} {
		got, m := Rerun(build(src), Options{}, memo)
		if m.Rechecked() != 1 {
			t.Errorf("%s: %d statements checked afresh, want 1", name, m.Rechecked())
		}
		if want := Run(build(src), Options{}); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: findings\n%+v\nwant\n%+v", name, got, want)
		}
	}
}

// A statement with a syntax error in it, or right at its start, is
// checked afresh each time; the statement before it is not.
func TestMemoSkipsStatementsWithSyntaxErrors(t *testing.T) {
	withRule(t, &Rule{Code: "test-each", Severity: Hint, Scope: StatementScope, Check: func(p *Pass) {
		for _, s := range p.Policy.Statements {
			p.Report(s.Node.Span, "statement")
		}
	}})
	a := `{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}`
	for name, src := range map[string]string{
		"error inside":         `{"Version": "2012-10-17", "Statement": [` + a + `, {"Sid": "B" "Effect": "Allow"}]}`,
		"error at its opening": `{"Version": "2012-10-17", "Statement": [` + a + `{"Sid": "B", "Effect": "Allow"}]}`,
		"error in the first":   `{"Version": "2012-10-17", "Statement": [{"Sid": "B" "Effect": "Allow"}, ` + a + `]}`,
	} {
		pol := build(src)
		if len(pol.File.Errors) == 0 || len(pol.Statements) != 2 {
			t.Fatalf("%s: %d errors, %d statements; want a syntax error and two statements", name, len(pol.File.Errors), len(pol.Statements))
		}
		_, memo := Rerun(pol, Options{}, nil)
		if _, m := Rerun(build(src), Options{}, memo); m.Rechecked() != 1 {
			t.Errorf("%s: %d statements checked afresh, want 1", name, m.Rechecked())
		}
	}
}
