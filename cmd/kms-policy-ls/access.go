package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// accessOptions are the flags of the access command.
type accessOptions struct {
	account string
	org     string
	format  string
}

var accessCommand = &command{
	name:     "access",
	synopsis: "[flags] POLICY",
	summary:  "summarize who a key policy lets do what",
	details: `Prints, for each class of principals the key policy names (the key's
account, each other account, each principal, each service principal, each
organization, and anyone else) and each class of actions (cryptographic,
grants, read-only, administrative), whether the policy allows it always,
never, or depending on condition keys, for review in a pull request. An
"always" or "never" holds for every request of the class; when the answer
rests on a request's details, it is "depends on" the keys named. The IAM
policies of an account the key policy names are taken to allow what the key
policy grants. POLICY is a key policy file ("-" reads standard input).
`,
	flags: func() *flag.FlagSet { return accessFlags(&accessOptions{format: "text"}) },
}

func init() { accessCommand.run = access }

func accessFlags(o *accessOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("access", flag.ContinueOnError)
	fs.Func("account", "`ID` the 12-digit account that owns the key (default: the account the policy allows kms:*, when it is one)", func(s string) error {
		if !arn.IsAccountID(s) {
			return errors.New("must be a 12-digit AWS account ID")
		}
		o.account = s
		return nil
	})
	fs.Func("organization", "`ID` the organization of the key's account, o-…: its principals are not anyone else", func(s string) error {
		if !isOrganizationID(s) {
			return errors.New("must be an AWS Organizations id: o- and 10 to 32 lower-case letters or digits")
		}
		o.org = s
		return nil
	})
	fs.Func("format", "`text|json|markdown` the output (default text)", func(s string) error {
		if s != "text" && s != "json" && s != "markdown" {
			return errors.New("must be text, json or markdown")
		}
		o.format = s
		return nil
	})
	return fs
}

func access(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o := &accessOptions{format: "text"}
	paths, code, ok := accessCommand.parseArgs(accessFlags(o), args, stdout, stderr)
	if !ok {
		return code
	}
	if len(paths) != 1 {
		fmt.Fprintf(stderr, "kms-policy-ls access: give one key policy file\n\n%s", accessCommand.usage())
		return 2
	}
	l, err := loadPolicy(paths[0], policy.KindKey, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls access: %v\n", err)
		return 2
	}
	account := o.account
	if account == "" {
		account, _ = facts.New(l.unit.Policy, "").Account()
	}
	s := eval.Summarize(eval.Compile(l.unit.Policy, l.name), eval.SummaryOptions{KeyAccount: account, Organization: o.org})
	var out string
	switch o.format {
	case "json":
		out = string(mustIndent(accessJSON(s), "")) + "\n"
	case "markdown":
		out = s.Markdown()
	default:
		out = s.Text()
	}
	if _, err := io.WriteString(stdout, out); err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls access: writing the summary: %v\n", err)
		return 2
	}
	return 0
}

type jsonAccess struct {
	Account      string        `json:"account"`
	Organization string        `json:"organization"`
	Subjects     []jsonSubject `json:"subjects"`
}

type jsonSubject struct {
	Subject string              `json:"subject"`
	Kind    string              `json:"kind"`
	Own     bool                `json:"own"`
	Classes map[string]jsonCell `json:"classes"`
}

type jsonCell struct {
	Verdict    string   `json:"verdict"`
	Always     []string `json:"always"`
	Depends    []string `json:"depends"`
	On         []string `json:"on"`
	ThroughIAM bool     `json:"throughIAM"`
	Text       string   `json:"text"`
}

var subjectKinds = map[eval.SubjectKind]string{
	eval.SubjectAccount: "account", eval.SubjectPrincipal: "principal", eval.SubjectService: "service",
	eval.SubjectOrganization: "organization", eval.SubjectAnyone: "anyone", eval.SubjectAnyService: "any-service",
}

func accessJSON(s *eval.Summary) jsonAccess {
	out := jsonAccess{Account: s.KeyAccount, Organization: s.Org, Subjects: []jsonSubject{}}
	actions := eval.KeyActions()
	list := func(ais []int) []string {
		names := []string{}
		for _, ai := range ais {
			names = append(names, actions[ai].Name)
		}
		return names
	}
	for si, sub := range s.Subjects {
		js := jsonSubject{Subject: sub.String(), Kind: subjectKinds[sub.Kind], Own: sub.Own, Classes: map[string]jsonCell{}}
		for _, c := range eval.ActionClasses {
			cell := s.Cell(si, c)
			verdict := cell.Verdict().String()
			if cell.Mixed() {
				verdict = "mixed"
			}
			on := append([]string{}, cell.On...)
			js.Classes[c.String()] = jsonCell{Verdict: verdict, Always: list(cell.Always), Depends: list(cell.Depends), On: on, ThroughIAM: cell.ThroughIAM, Text: cell.Text()}
		}
		out.Subjects = append(out.Subjects, js)
	}
	return out
}
