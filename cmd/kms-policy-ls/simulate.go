package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
)

// simulateOptions are the flags of the simulate command.
type simulateOptions struct {
	action    string
	principal string
	resource  string
	context   [][2]string
	identity  []string
	kind      policy.Kind
	account   string
	format    string
	expect    string
}

const defaultAccount = "111122223333"

var simulateCommand = &command{
	name:     "simulate",
	synopsis: "POLICY --action ACTION ...",
	summary:  "decide one request against a key policy or an IAM policy",
	details: `Decides whether a request is allowed, as AWS KMS evaluates policies: an
explicit Deny wins; the key policy must allow, by naming the principal (enough
in the key's own account) or its account (then the principal's IAM policies
must allow too); a principal of another account needs its own IAM policies
as well. POLICY is a file ("-" reads standard input) holding one policy.

The principal is an IAM ARN (root, user, role, assumed-role session), a
12-digit account id (its root user), a service principal (logs.amazonaws.com)
or "*", a principal about whom nothing is known, of an account that is not
the key's. The request's principal keys (aws:PrincipalArn,
aws:PrincipalAccount, kms:CallerAccount, aws:PrincipalType,
aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:username) are filled
in from it unless --context gives them. A principal of another account whose
--identity-policy files are not given is taken to have IAM policies that
allow the request: that account, not the key's owner, decides.

The exit status is 0 when a decision was made; with --expect, 1 when it is
not the one expected ("deny" takes explicit and implicit denies); 2 for a
usage or I/O error.
`,
	flags: func() *flag.FlagSet { return simulateFlags(newSimulateOptions()) },
}

func init() { simulateCommand.run = simulate }

func newSimulateOptions() *simulateOptions {
	return &simulateOptions{account: defaultAccount, format: "text"}
}

func simulateFlags(o *simulateOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.Func("action", "`ACTION` the action requested, kms:Decrypt (required)", func(s string) error {
		if !strings.Contains(s, ":") || strings.ContainsAny(s, "*? ") {
			return errors.New("must be one action, SERVICE:Name, such as kms:Decrypt")
		}
		o.action = s
		return nil
	})
	fs.Func("principal", "`P` who makes the request: an IAM ARN, an account id, a service principal or * (default *; for an IAM policy, a role of --account that holds it)", func(s string) error {
		if _, err := eval.ParseCaller(s); err != nil {
			return err
		}
		o.principal = s
		return nil
	})
	fs.Func("resource", "`ARN` the key the request is for (default a key of --account in us-east-1)", func(s string) error {
		if _, err := arn.Parse(s); err != nil {
			return err
		}
		o.resource = s
		return nil
	})
	fs.Func("context", "`KEY=VALUE` a condition key of the request; repeat a key for several values (the flag may be repeated)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return errors.New("must be KEY=VALUE")
		}
		v, err := eval.CheckValue(k, v)
		if err != nil {
			return err
		}
		o.context = append(o.context, [2]string{k, v})
		return nil
	})
	fs.Func("identity-policy", "`FILE` an IAM policy of the principal (the flag may be repeated)", func(s string) error {
		if s == "" || s == "--" {
			return errors.New("must name a file")
		}
		o.identity = append(o.identity, s)
		return nil
	})
	fs.Func("kind", "`auto|key|iam` the kind of POLICY: auto takes a policy whose statements name a Principal for a key policy (default auto)", func(s string) error {
		k, ok := policy.ParseKind(s)
		if !ok {
			return errors.New("must be auto, key or iam")
		}
		o.kind = k
		return nil
	})
	fs.Func("account", "`ID` the 12-digit account that owns the key (default "+defaultAccount+")", func(s string) error {
		if !arn.IsAccountID(s) {
			return errors.New("must be a 12-digit AWS account ID")
		}
		o.account = s
		return nil
	})
	fs.Func("format", "`text|json` the output (default text)", func(s string) error {
		if s != "text" && s != "json" {
			return errors.New("must be text or json")
		}
		o.format = s
		return nil
	})
	fs.Func("expect", "`allow|deny` the decision expected: exit status 1 when it is not", func(s string) error {
		if s != "allow" && s != "deny" {
			return errors.New("must be allow or deny")
		}
		o.expect = s
		return nil
	})
	return fs
}

func simulate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o := newSimulateOptions()
	paths, code, ok := simulateCommand.parseArgs(simulateFlags(o), args, stdout, stderr)
	if !ok {
		return code
	}
	usage := func(msg string) int {
		fmt.Fprintf(stderr, "kms-policy-ls simulate: %s\n\n%s", msg, simulateCommand.usage())
		return 2
	}
	switch {
	case len(paths) != 1:
		return usage("give one policy file")
	case o.action == "":
		return usage("--action is required")
	}
	s, err := loadSimulation(paths[0], o, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls simulate: %v\n", err)
		return 2
	}
	res := eval.Evaluate(s.policies, s.request)
	if err := s.write(stdout, &res, o.format); err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls simulate: writing the result: %v\n", err)
		return 2
	}
	if o.expect != "" && (o.expect == "allow") != (res.Decision == eval.Allow) {
		fmt.Fprintf(stderr, "kms-policy-ls simulate: expected %s, got %s\n", o.expect, res.Decision)
		return 1
	}
	return 0
}

// simulation is a request with the policies that decide it, and where
// each policy came from, to point at its statements.
type simulation struct {
	policies *eval.Policies
	request  *eval.Request
	files    map[*eval.Policy]loaded
}

// loaded is a policy file read and analysed.
type loaded struct {
	name string
	doc  *analysis.Document
	unit *analysis.Unit
}

func loadSimulation(path string, o *simulateOptions, stdin io.Reader) (*simulation, error) {
	main, err := loadPolicy(path, o.kind, stdin)
	if err != nil {
		return nil, err
	}
	s := &simulation{files: map[*eval.Policy]loaded{}}
	ps := &eval.Policies{KeyAccount: o.account, IdentityKnown: len(o.identity) > 0}
	mp := s.compile(main)
	if mp.Key {
		ps.Key = mp
	} else {
		ps.Identity, ps.IdentityKnown = append(ps.Identity, mp), true
	}
	for _, f := range o.identity {
		l, err := loadPolicy(f, policy.KindIAM, stdin)
		if err != nil {
			return nil, err
		}
		ps.Identity = append(ps.Identity, s.compile(l))
	}
	principal := o.principal
	if principal == "" {
		principal = "*"
		if !mp.Key {
			principal = "arn:aws:iam::" + o.account + ":role/simulated-caller"
		}
	}
	c, err := eval.ParseCaller(principal)
	if err != nil {
		return nil, err
	}
	req := &eval.Request{Caller: c, Action: o.action, Resource: o.resource}
	for _, kv := range o.context {
		req.Context.Add(kv[0], kv[1])
	}
	req.FillPrincipalKeys()
	s.policies, s.request = ps, req
	return s, nil
}

func (s *simulation) compile(l loaded) *eval.Policy {
	p := eval.Compile(l.unit.Policy, l.name)
	s.files[p] = l
	return p
}

// loadPolicy reads a file that holds one policy.
func loadPolicy(path string, kind policy.Kind, stdin io.Reader) (loaded, error) {
	src, err := readInput(path, stdin)
	if err != nil {
		return loaded{}, err
	}
	name := displayName(path)
	doc := analysis.Analyze(analysis.Input{File: source.File{Name: path, Src: src, Explicit: true}}, analysis.Options{Kind: kind})
	units := doc.Units
	if len(units) > 1 && kind != policy.KindAuto {
		// A template holding a key policy and identity policies: take the
		// one of the kind asked for.
		var same []*analysis.Unit
		for _, u := range units {
			if u.Policy.Kind == kind {
				same = append(same, u)
			}
		}
		units = same
	}
	switch n := len(units); {
	case n == 0:
		return loaded{}, fmt.Errorf("%s holds no %spolicy", name, kindWord(kind))
	case n > 1:
		return loaded{}, fmt.Errorf("%s holds %d %spolicies; give a file that holds one (or name its kind with --kind)", name, n, kindWord(kind))
	}
	u := units[0]
	if u.Policy.Root == nil || len(u.Policy.Statements) == 0 {
		return loaded{}, fmt.Errorf("%s holds no statement to evaluate", name)
	}
	if len(u.Unknowns) > 0 {
		return loaded{}, fmt.Errorf("%s holds values the template computes when it is deployed (%s); give the policy as deployed", name, strings.Trim(u.Unknowns[0].About, "."))
	}
	return loaded{name: name, doc: doc, unit: u}, nil
}

func kindWord(k policy.Kind) string {
	switch k {
	case policy.KindKey:
		return "key "
	case policy.KindIAM:
		return "IAM "
	}
	return ""
}

// jsonSimulation is the JSON output.
type jsonSimulation struct {
	Decision       string          `json:"decision"`
	Statements     []jsonStatement `json:"statements"`
	MissingContext []string        `json:"missingContext"`
	Explanation    string          `json:"explanation"`
}

type jsonStatement struct {
	Policy string    `json:"policy"`
	Index  int       `json:"index"`
	Sid    string    `json:"sid"`
	Effect string    `json:"effect"`
	Range  jsonRange `json:"range"`
}

func (s *simulation) write(w io.Writer, r *eval.Result, format string) error {
	if format == "json" {
		out := jsonSimulation{Decision: r.Decision.String(), Statements: []jsonStatement{}, MissingContext: []string{}, Explanation: r.Explanation()}
		out.MissingContext = append(out.MissingContext, r.Missing...)
		for _, m := range r.Deciding {
			l := s.files[m.Policy]
			span := l.unit.Map.Span(m.Statement.Src.Node.Span)
			at := shown(l.doc)
			out.Statements = append(out.Statements, jsonStatement{
				Policy: l.name, Index: m.Statement.Src.Index, Sid: m.Statement.Sid(), Effect: m.Statement.Effect.String(),
				Range: jsonRange{Start: toJSONPosition(at.position(span.Start)), End: toJSONPosition(at.position(span.End))},
			})
		}
		_, err := w.Write(append(mustIndent(out, ""), '\n'))
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", r.Decision, r.Explanation())
	for _, m := range r.Deciding {
		l := s.files[m.Policy]
		line, col := shown(l.doc).lineColumn(l.unit.Map.Span(m.Statement.Src.Node.Span).Start)
		fmt.Fprintf(&b, "  %s:%d:%d: %s statement %s\n", l.name, line, col, m.Statement.Effect, m.Statement.Name())
	}
	_, err := io.WriteString(w, b.String())
	return err
}
