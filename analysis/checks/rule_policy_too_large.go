package checks

func init() {
	register(&Rule{
		Code:     "policy-too-large",
		Severity: Error,
		Doc:      "A key policy over 32 KB, or an IAM policy over the 6,144-character managed-policy limit (warning).",
		Check:    checkPolicyTooLarge,
		Details: "**Error** for a key policy over 32 KB (32,768 bytes, which KMS will not accept); " +
			"**warning** for an IAM policy over 6,144 characters not counting white space " +
			"(the managed-policy limit).",
	})
}

const (
	keyPolicyMaxBytes = 32 * 1024
	iamPolicyMaxChars = 6144
)

func checkPolicyTooLarge(p *Pass) {
	f := p.Policy.File
	if f == nil || p.Policy.Root == nil {
		return
	}
	at := firstByte(p.Policy.Root)
	if p.isKeyPolicy() {
		if n := len(f.Src); n > keyPolicyMaxBytes {
			p.Report(at, "This key policy is %d bytes; KMS accepts at most 32,768 bytes. Merge statements or move permissions into IAM policies or grants.", n)
		}
		return
	}
	if n := nonSpaceChars(f.Src); n > iamPolicyMaxChars {
		p.ReportSeverity(Warning, at, "This policy has %d characters besides white space; an IAM managed policy may have at most 6,144. Split it into several policies or use wildcards.", n)
	}
}

// nonSpaceChars counts the characters (not bytes) that IAM counts toward a
// policy's size: all but white space.
func nonSpaceChars(src []byte) int {
	n := 0
	for _, c := range src {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c&0xC0 == 0x80: // a UTF-8 continuation byte
		default:
			n++
		}
	}
	return n
}
