package checks

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
)

func init() {
	register(&Rule{
		Code:     "duplicate-sid",
		Severity: Error,
		Doc:      "Two statements share a Sid.",
		Check:    checkDuplicateSid,
		Details:  "Two statements have the same `Sid`; Sids must be unique within a policy.",
		Example:  `[{"Sid": "Use", "Effect": "Allow", "…": "…"}, {"Sid": "Use", "Effect": "Deny", "…": "…"}]`,
	})
	register(&Rule{
		Code:     "invalid-sid",
		Severity: Error,
		Doc:      "An IAM policy Sid with characters other than letters and digits.",
		Scope:    StatementScope,
		Check:    checkInvalidSid,
		Applies:  "IAM policies only",
		Details: "An IAM policy `Sid` may contain only ASCII letters and digits. Key policies " +
			"allow more (AWS's default key policy uses spaces), so they are not checked. " +
			"Quick fix: drop the other characters (`Allow use` → `AllowUse`).",
		Example: `{"Sid": "Allow decrypt", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}`,
	})
}

func checkDuplicateSid(p *Pass) {
	// Sized at once: growing it showed as a tenth of a keystroke's checks.
	seen := make(map[string]bool, len(p.Policy.Statements))
	for _, s := range p.Policy.Statements {
		if s.Sid == nil || s.Sid.Text == "" {
			continue
		}
		if seen[s.Sid.Text] {
			p.Report(s.Sid.Node.Span, "Sid %q is already used by another statement; Sids must be unique within a policy. Rename one of them.", s.Sid.Text)
			continue
		}
		seen[s.Sid.Text] = true
	}
}

func checkInvalidSid(p *Pass) {
	if p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		v := s.SidElem.Value()
		if v == nil || v.Kind == jsonast.Invalid || v.Kind != jsonast.String {
			continue
		}
		if clean := alnum(v.Value); clean != v.Value {
			d := p.Report(v.Span, "An IAM policy Sid may contain only letters and digits (A-Z, a-z, 0-9).")
			if clean != "" {
				d.withFix(replaceWith("Change to "+clean, v, clean))
			}
		}
	}
}

// alnum keeps the ASCII letters and digits of s, upper-casing the first
// letter after each removed run so that "Allow use" becomes "AllowUse".
func alnum(s string) string {
	b := make([]byte, 0, len(s))
	up := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z':
			if up && len(b) > 0 {
				c -= 'a' - 'A'
			}
			fallthrough
		case 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			b = append(b, c)
			up = false
		default:
			up = true
		}
	}
	return string(b)
}
