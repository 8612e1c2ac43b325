package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// lintOptions are the flags of the lint command.
type lintOptions struct {
	kind         policy.Kind
	format       string
	account      string
	org          string
	disabled     map[string]bool
	threshold    checks.Severity
	quiet        bool
	onlyPolicies bool
}

var lintCommand = &command{
	name:     "lint",
	synopsis: "[flags] [PATH...]",
	summary:  "check the policies in files and directories",
	details: `Lints each file named and, under each directory named, every file that
holds a policy (*.json, *.yaml, *.yml, *.template, *.tf, *.tf.json;
skipping node_modules, .git, .terraform and vendor), and each policy file
a Terraform file() or templatefile() reads, as the kind of the resource
that reads it; with no PATH, the current directory. "-" reads standard input. A file named
is linted even when nothing in it looks like a policy, unless
--only-policies is given. Flags may come before, between or after the
paths; "--" ends them.

Text output is one line a finding, file:line:col: severity code: message,
followed by a summary on stderr. The exit status is 0 when no finding is at
or above the severity threshold, 1 when one is, 2 for a usage or I/O error.
`,
	flags: func() *flag.FlagSet { return lintFlags(newLintOptions()) },
}

func init() { lintCommand.run = lint }

func newLintOptions() *lintOptions {
	return &lintOptions{format: "text", disabled: map[string]bool{}, threshold: checks.Error}
}

// lintFlags binds the lint flags to o. Every value flag checks its value
// as it is parsed (so a bad value is a usage error naming the flag, and
// "--" is never taken for a value; see parseInterleaved).
func lintFlags(o *lintOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.Func("kind", "`auto|key|iam` the kind of policy: auto takes a policy whose statements name a Principal for a key policy, any other for an IAM policy (default auto)", func(s string) error {
		k, ok := policy.ParseKind(s)
		if !ok {
			return errors.New("must be auto, key or iam")
		}
		o.kind = k
		return nil
	})
	fs.Func("format", "`text|json|sarif|github` the output: a line a finding, JSON with LSP's positions, SARIF 2.1.0 for code scanning, or GitHub Actions workflow commands (default text)", func(s string) error {
		if _, ok := reporters[s]; !ok {
			return errors.New("must be text, json, sarif or github")
		}
		o.format = s
		return nil
	})
	fs.Func("account", "`ID` the key's own 12-digit AWS account ID (used by not-cross-account)", func(s string) error {
		if !arn.IsAccountID(s) {
			return errors.New("must be a 12-digit AWS account ID")
		}
		o.account = s
		return nil
	})
	fs.Func("organization", "`ID` the organization (o-…) of the key's account: its principals are not external (used by external-access)", func(s string) error {
		if !isOrganizationID(s) {
			return errors.New("must be an AWS Organizations id: o- and 10 to 32 lower-case letters or digits")
		}
		o.org = s
		return nil
	})
	fs.Func("disable", "`CODE,...` rules not to run, by code (the flag may be repeated)", func(s string) error {
		for _, code := range strings.Split(s, ",") {
			if checks.LookupRule(code) == nil {
				return fmt.Errorf("unknown rule %q", code)
			}
			// A code a rule replaced disables that rule.
			o.disabled[code] = true
		}
		return nil
	})
	fs.Func("severity-threshold", "`error|warning|information|hint` the least severe finding that makes the exit status 1 (default error)", func(s string) error {
		sev, ok := checks.ParseSeverity(s)
		if !ok {
			return errors.New("must be error, warning, information or hint")
		}
		o.threshold = sev
		return nil
	})
	fs.BoolVar(&o.quiet, "quiet", false, "print the findings only: no summary on stderr")
	fs.BoolVar(&o.onlyPolicies, "only-policies", false, "lint a file named only when it holds a policy, as a directory walk does (for pre-commit, which names every JSON file)")
	return fs
}

func lint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o := newLintOptions()
	paths, code, ok := lintCommand.parseArgs(lintFlags(o), args, stdout, stderr)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	roots, err := statRoots(paths)
	if err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls lint: %v\n", err)
		return 2
	}
	return lintRoots(roots, o, stdin, stdout, stderr)
}

// root is a path given on the command line.
type root struct {
	path string
	dir  bool
}

// statRoots checks every path before anything is linted, so that a
// mistyped path is a usage error with no report begun.
func statRoots(paths []string) ([]root, error) {
	roots := make([]root, len(paths))
	for i, p := range paths {
		roots[i].path = p
		if p == "-" {
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %v", p, describe(err))
		}
		roots[i].dir = info.IsDir()
	}
	return roots, nil
}

// describe turns an fs error into words without repeating the path.
func describe(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// isOrganizationID reports whether s has the shape of an AWS Organizations
// id, o- and 10 to 32 lower-case letters or digits
// (https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html).
func isOrganizationID(s string) bool {
	rest, ok := strings.CutPrefix(s, "o-")
	if !ok || len(rest) < 10 || len(rest) > 32 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
