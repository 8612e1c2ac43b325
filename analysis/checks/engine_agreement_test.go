package checks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// A rule that reasons about access and simulate never disagree: for the
// findings of the engine's rules on every fixture and example, the
// concrete evaluation simulate runs gives the decision the finding claims.
func TestAccessRulesAgreeWithSimulate(t *testing.T) {
	paths, _ := filepath.Glob("../../testdata/checks/*/*.json")
	examples, _ := filepath.Glob(examplesDir + "/*.json")
	checked := map[string]int{}
	for _, path := range append(paths, examples...) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		account := ""
		if strings.Contains(path, "testdata/checks/") {
			fx, err := marker.Parse(path, src)
			if err != nil {
				t.Fatal(err)
			}
			src, account = fx.Src, fx.Setting("account")
		}
		f := jsonast.Parse(src)
		pol := policy.Build(f, policy.KindAuto)
		if pol.Kind != policy.KindKey {
			continue
		}
		opts := Options{Account: account}
		diags := Run(pol, opts)
		key, _ := facts.New(pol, account).Account()
		ps := &eval.Policies{Key: eval.Compile(pol, path), KeyAccount: key}
		for _, d := range diags {
			if agree(t, path, src, pol, ps, d) {
				checked[d.Code]++
			}
		}
	}
	for _, code := range []string{"public-access", "not-cross-account", "lockout", "shadowed-statement"} {
		if checked[code] == 0 {
			t.Errorf("no %s finding was checked against simulate", code)
		}
	}
}

// agree checks one finding against concrete evaluation; it reports
// whether the finding is one it knows how to check.
func agree(t *testing.T, path string, src []byte, pol *policy.Policy, ps *eval.Policies, d Diagnostic) bool {
	t.Helper()
	decide := func(principal, action string) eval.Result {
		c, err := eval.ParseCaller(principal)
		if err != nil {
			t.Fatalf("%s: %v", principal, err)
		}
		req := &eval.Request{Caller: c, Action: action}
		req.FillPrincipalKeys()
		return eval.Evaluate(ps, req)
	}
	where := path + ": " + d.Code + " at " + string(src[d.Start:d.End])
	switch d.Code {
	case "public-access":
		if d.Severity != Error {
			return false
		}
		st := statementAt(pol, d.Start)
		s := eval.Summarize(ps.Key, eval.SummaryOptions{KeyAccount: ps.KeyAccount})
		anyone := s.SubjectOf(eval.SubjectAnyone)
		surely, _ := s.Applies(anyone, ps.Key.StatementOf(st))
		for _, ai := range surely {
			if s.Verdict(anyone, ai) == eval.Always {
				if r := decide("*", eval.KeyActions()[ai].Name); r.Decision != eval.Allow {
					t.Errorf("%s, but simulate --principal '*' --action %s is %s", where, eval.KeyActions()[ai].Name, r.Decision)
				}
				return true
			}
		}
	case "not-cross-account":
		st := statementAt(pol, d.Start)
		for _, e := range st.Principal.Entries {
			for _, v := range e.Values {
				if p := arn.ParsePrincipal(v.Text); p.Account != "" && p.Account != ps.KeyAccount {
					r := decide(v.Text, strings.Trim(string(src[d.Start:d.End]), `"`))
					if r.Decision == eval.Allow || r.Reason != eval.ReasonNotCrossAccount {
						t.Errorf("%s, but simulate for %s is %s (reason %d)", where, v.Text, r.Decision, r.Reason)
					}
					return true
				}
			}
		}
	case "lockout":
		if ps.KeyAccount == "" {
			return false
		}
		for _, who := range []string{ps.KeyAccount, "*", "arn:aws:iam::" + ps.KeyAccount + ":role/KeyAdmin"} {
			if r := decide(who, "kms:PutKeyPolicy"); r.Decision == eval.Allow {
				t.Errorf("%s, but simulate --principal %s --action kms:PutKeyPolicy is allow", where, who)
			}
		}
		return true
	case "shadowed-statement":
		st := statementAt(pol, d.Start)
		if st.Principal == nil || len(st.Principal.Entries) == 0 || st.Action == nil {
			return false
		}
		principal := st.Principal.Entries[0].Values[0].Text
		for _, v := range st.Action.Values {
			for _, a := range catalog.MatchActions(v.Text) {
				if r := decide(principal, a.Name); r.Decision == eval.Allow {
					t.Errorf("%s, but simulate --principal %s --action %s is allow", where, principal, a.Name)
				}
			}
		}
		return true
	}
	return false
}

func statementAt(pol *policy.Policy, off int) *policy.Statement {
	for _, s := range pol.Statements {
		if s.Node.Start <= off && off < s.Node.End {
			return s
		}
	}
	return nil
}
