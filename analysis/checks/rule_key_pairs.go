package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "unpaired-vpc-source-ip",
		Severity: Warning,
		Doc:      "aws:VpcSourceIp tested without aws:SourceVpc or aws:SourceVpce, though private addresses repeat across VPCs.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkUnpairedVpcSourceIP,
		Details: "`aws:VpcSourceIp` is a private address, and the same private ranges are used in " +
			"VPC after VPC, anyone's included. On its own it says little about where a request " +
			"came from; test `aws:SourceVpc` or `aws:SourceVpce` in the same statement too.",
		Example: `"Condition": {"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}`,
	})
	register(&Rule{
		Code:     "forgeable-condition-key",
		Severity: Warning,
		Doc:      "An Allow that rests on aws:UserAgent or aws:referer, which the caller writes.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkForgeableConditionKey,
		Details: "`aws:UserAgent` and `aws:referer` are HTTP headers the caller sets to whatever " +
			"it likes, so an Allow that depends on them admits anyone who sends the right " +
			"value. Use them in a Deny if at all, and grant access on keys AWS sets " +
			"(`aws:PrincipalOrgID`, `aws:SourceVpce`, …).",
		Example: `{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*", "Condition": {"StringLike": {"aws:referer": "https://example.com/*"}}}`,
	})
}

func checkUnpairedVpcSourceIP(p *Pass) {
	for _, s := range p.Policy.Statements {
		var ip *facts.Entry
		paired := false
		blocks := p.Conditions(s)
		for i := range blocks {
			for j := range blocks[i].Keys {
				e := &blocks[i].Keys[j]
				switch strings.ToLower(e.Key) {
				case "aws:vpcsourceip":
					if ip == nil {
						ip = e
					}
				case "aws:sourcevpc", "aws:sourcevpce", "aws:sourcevpcarn":
					paired = true
				}
			}
		}
		if ip != nil && !paired {
			p.Report(ip.Member.Key.Span, "Private addresses repeat across VPCs, so aws:VpcSourceIp alone says little about where a request came from; test aws:SourceVpc or aws:SourceVpce in this statement too.")
		}
	}
}

func checkForgeableConditionKey(p *Pass) {
	eachKey(p, func(s *policy.Statement, b *facts.Block, e *facts.Entry, k *catalog.ConditionKey) {
		if !s.Allows() || !b.Known() || b.Op.Negated || b.Op.Name == "Null" {
			return
		}
		switch strings.ToLower(e.Key) {
		case "aws:useragent", "aws:referer":
			p.Report(e.Member.Key.Span, "The caller writes %s (an HTTP header), so this Allow admits anyone who sends the value it wants; grant access on keys AWS sets instead.", e.Key)
		}
	})
}
