package eval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// FuzzEngine reads any text as a key policy: the engine must not fail on
// it, and what the summary says of anyone else and of the key's own
// account must hold for the requests simulate would make for them.
func FuzzEngine(f *testing.F) {
	for _, name := range []string{"default-key-policy.json", "service-key-policy.json", "mistakes.json"} {
		if b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "examples", name)); err == nil {
			f.Add(b)
		}
	}
	allowAll := compileIAM(f, `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}`)
	f.Fuzz(func(t *testing.T, src []byte) {
		pol := policy.Build(jsonast.Parse(src), policy.KindKey)
		p := Compile(pol, "")
		s := Summarize(p, SummaryOptions{KeyAccount: "111122223333", Organization: "o-a1b2c3d4e5"})
		for i := range p.Statements {
			p.Statements[i].Unsatisfiable()
			s.Shadowed(&p.Statements[i])
		}
		_ = s.Markdown()
		ps := &Policies{Key: p, Identity: []*Policy{allowAll}, IdentityKnown: true, KeyAccount: "111122223333"}
		for si, sub := range s.Subjects {
			var who string
			switch sub.Kind {
			case SubjectAnyone:
				who = "*"
			case SubjectAccount:
				who = sub.Account
			default:
				continue
			}
			c, _ := ParseCaller(who)
			for ai, a := range keyActions {
				v := s.Verdict(si, ai)
				if v == Depends {
					continue
				}
				req := &Request{Caller: c, Action: a.Name}
				req.FillPrincipalKeys()
				if got := Evaluate(ps, req).Decision == Allow; got != (v == Always) {
					t.Fatalf("%s %s: summary says %s, simulate says %s", sub, a.Name, v, Evaluate(ps, req).Decision)
				}
			}
		}
	})
}
