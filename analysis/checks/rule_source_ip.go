package checks

import (
	"net/netip"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "private-ip-in-source-ip",
		Severity: Error,
		Doc:      "A private IP range compared with aws:SourceIp, which only ever holds public addresses.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkPrivateSourceIP,
		Details: "`aws:SourceIp` is the public address a request came from; a request through a " +
			"VPC endpoint carries its private address in `aws:VpcSourceIp` instead. So " +
			"`IpAddress` with only private ranges (RFC 1918, loopback, link-local, IPv6 unique " +
			"local) never matches, and `NotIpAddress` with them always does: **error**. A list " +
			"that mixes private and public ranges is a **hint**: the private ones do nothing. " +
			"Use `aws:VpcSourceIp` (with `aws:SourceVpc`) for addresses inside a VPC.",
		Example: `"Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}`,
	})
}

// privateRanges are the ranges no public request comes from.
var privateRanges = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
		"fc00::/7", "fe80::/10", "::1/128"} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// isPrivateRange reports whether every address of a value (an address or
// a CIDR range) is private.
func isPrivateRange(v string) bool {
	p, err := netip.ParsePrefix(v)
	if err != nil {
		a, err := netip.ParseAddr(v)
		if err != nil {
			return false
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Masked().Addr()) {
			return true
		}
	}
	return false
}

func checkPrivateSourceIP(p *Pass) {
	eachKey(p, func(_ *policy.Statement, b *facts.Block, e *facts.Entry, _ *catalog.ConditionKey) {
		if !b.Known() || !strings.EqualFold(e.Key, "aws:SourceIp") || !strings.HasSuffix(b.Op.Name, "IpAddress") {
			return
		}
		var private []policy.Value
		for _, v := range e.Values {
			if isPrivateRange(v.Text) {
				private = append(private, v)
			}
		}
		switch {
		case len(private) == 0:
		case len(private) < len(e.Values):
			for _, v := range private {
				p.ReportSeverity(Hint, v.Node.Span, "%s is a private range, and aws:SourceIp only ever holds public addresses, so this value matches nothing; for addresses inside a VPC use aws:VpcSourceIp.", v.Text)
			}
		case b.Op.Negated:
			p.Report(e.Member.Key.Span, "aws:SourceIp only ever holds public addresses, so NotIpAddress with only private ranges is always true; for addresses inside a VPC use aws:VpcSourceIp with aws:SourceVpc.")
		default:
			p.Report(e.Member.Key.Span, "aws:SourceIp only ever holds public addresses, so IpAddress with only private ranges never matches; for addresses inside a VPC use aws:VpcSourceIp with aws:SourceVpc.")
		}
	})
}

func init() {
	register(&Rule{
		Code:     "ip-range-host-bits",
		Severity: Hint,
		Doc:      "A CIDR range with bits set after its mask, which IAM ignores.",
		Scope:    StatementScope,
		Requires: []facts.Kind{facts.KindConditions},
		Check:    checkIPRangeHostBits,
		Details: "In `203.0.113.7/24` the bits after the first 24 are ignored: the range is " +
			"`203.0.113.0/24`. Writing it that way shows what it covers. Quick fix: clear them.",
		Example: `"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}`,
	})
}

func checkIPRangeHostBits(p *Pass) {
	eachKey(p, func(_ *policy.Statement, b *facts.Block, e *facts.Entry, _ *catalog.ConditionKey) {
		if !b.Known() || !strings.HasSuffix(b.Op.Name, "IpAddress") {
			return
		}
		for _, v := range e.Values {
			pfx, err := netip.ParsePrefix(v.Text)
			if err != nil || pfx.Masked() == pfx {
				continue
			}
			masked := pfx.Masked().String()
			p.Report(v.Node.Span, "The bits of %s after its /%d are ignored: the range is %s.", v.Text, pfx.Bits(), masked).
				withFix(replaceWith("Change to "+masked, v.Node, masked))
		}
	})
}
