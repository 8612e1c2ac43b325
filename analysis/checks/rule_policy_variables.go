package checks

import (
	"bytes"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "invalid-policy-variable",
		Severity: Error,
		Doc:      "A policy variable that is malformed, or that IAM does not substitute where it stands.",
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkPolicyVariables,
		Details: "IAM substitutes policy variables (`${aws:username}`, `${aws:PrincipalTag/team, " +
			"'none'}`) only in `Resource`/`NotResource` values and in the values of string and " +
			"ARN conditions, and only under `Version` 2012-10-17. Elsewhere, or malformed, the " +
			"text is matched as written and the statement does not do what it says. Reported: " +
			"a `${` without its `}`, an empty `${}`, white space in the variable's name, a " +
			"default value not in single quotes, a variable in `Action`, `Principal` or a " +
			"condition key, one in the value of a Numeric, Date, IP address or Binary " +
			"condition, and any variable under Version 2008-10-17 or without a Version. `${*}`, " +
			"`${?}` and `${$}` stand for the characters themselves and are fine.",
		Example: `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username/*"}`,
	})
}

var variableOpen = []byte("${")

func checkPolicyVariables(p *Pass) {
	substituted := p.Policy.Version != nil && p.Policy.Version.Text == currentVersion
	src := p.Policy.File.Src
	for _, s := range p.Policy.Statements {
		// The rule runs on the whole policy at every keystroke; most
		// statements hold no variable, and a scan of their text says so.
		if s.Node == nil || !bytes.Contains(src[s.Node.Start:s.Node.End], variableOpen) {
			continue
		}
		for _, l := range present(s.Action, s.NotAction) {
			for _, v := range l.Values {
				reportVariableWhere(p, v, l.Name)
			}
		}
		for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
			if pr == nil {
				continue
			}
			for _, e := range pr.Entries {
				for _, v := range e.Values {
					reportVariableWhere(p, v, pr.Name)
				}
			}
		}
		for _, l := range present(s.Resource, s.NotResource) {
			for _, v := range l.Values {
				reportVariable(p, v, substituted)
			}
		}
		checkConditionVariables(p, s, substituted)
	}
}

func checkConditionVariables(p *Pass, s *policy.Statement, substituted bool) {
	blocks := p.Conditions(s)
	for i := range blocks {
		b := &blocks[i]
		for _, e := range b.Keys {
			if hasVariable(e.Key) {
				p.Report(e.Member.Key.Span, "IAM substitutes no policy variable in a condition key, so %s is matched as written; a variable may stand in the values.", e.Key)
			}
			for _, v := range e.Values {
				if b.Known() && !b.Op.Variables && hasVariable(v.Text) && !onlyEscapes(v.Text) {
					p.Report(v.Node.Span, "%s does not substitute policy variables, so %q is compared as written; use a String or Arn operator.", b.Op.Name, v.Text)
					continue
				}
				reportVariable(p, v, substituted)
			}
		}
	}
}

// reportVariableWhere reports a variable in an element that takes none.
func reportVariableWhere(p *Pass, v policy.Value, element string) {
	if hasVariable(v.Text) && !onlyEscapes(v.Text) {
		p.Report(v.Node.Span, "IAM substitutes no policy variable in %s, so %q is matched as written; variables work in Resource and in condition values.", element, v.Text)
	}
}

// reportVariable reports a malformed variable, or one under a Version that
// substitutes none.
func reportVariable(p *Pass, v policy.Value, substituted bool) {
	if !strings.Contains(v.Text, "${") {
		return
	}
	if msg := variableSyntax(v.Text); msg != "" {
		p.Report(v.Node.Span, "%s", msg)
		return
	}
	if !substituted && !onlyEscapes(v.Text) {
		p.Report(v.Node.Span, "Policy variables are substituted only under Version 2012-10-17; with this policy's Version, %q is matched as written.", v.Text)
	}
}

// variableSyntax explains what is wrong with the variables of s, or "".
func variableSyntax(s string) string {
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return ""
		}
		rest = rest[i+2:]
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return "A policy variable opens with ${ but has no closing }, so the text is matched as written; write ${aws:username}."
		}
		if msg := variableBody(rest[:end]); msg != "" {
			return msg
		}
		rest = rest[end+1:]
	}
}

// variableBody judges what stands between ${ and }: a name, or a name, a
// comma and a default value in single quotes.
func variableBody(body string) string {
	switch {
	case body == "":
		return "${} names no variable; write one such as ${aws:username}, or remove it."
	case body == "*" || body == "?" || body == "$":
		return ""
	}
	name, def, hasDefault := strings.Cut(body, ",")
	if strings.ContainsAny(name, " \t") {
		return "A policy variable's name holds white space (" + quote(name) + "), so it names no variable; write ${" + strings.TrimSpace(name) + "}."
	}
	if name == "" {
		return "${" + body + "} names no variable before its default value."
	}
	if hasDefault {
		d := strings.TrimSpace(def)
		if len(d) < 2 || d[0] != '\'' || d[len(d)-1] != '\'' {
			return "The default value of ${" + name + ", …} must be in single quotes, e.g. ${" + name + ", 'none'}."
		}
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }

// onlyEscapes reports whether every ${…} of s is ${*}, ${?} or ${$}, which
// stand for the characters themselves.
func onlyEscapes(s string) bool {
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return true
		}
		rest = rest[i:]
		if !strings.HasPrefix(rest, "${*}") && !strings.HasPrefix(rest, "${?}") && !strings.HasPrefix(rest, "${$}") {
			return false
		}
		rest = rest[4:]
	}
}
