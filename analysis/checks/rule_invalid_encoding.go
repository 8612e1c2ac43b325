package checks

import (
	"unicode/utf8"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func init() {
	register(&Rule{
		Code:     "invalid-encoding",
		Severity: Error,
		Doc:      "The file is not valid UTF-8, which AWS requires of a policy.",
		Scope:    FileScope,
		Check:    checkInvalidEncoding,
		Details: "The file holds a byte sequence that is not UTF-8, as a file saved in another " +
			"encoding (Latin-1, UTF-16) does. A policy is JSON text, which AWS reads as UTF-8, so " +
			"it rejects the document. The finding points at the first bad byte; the other rules " +
			"still look at the rest. Save the file as UTF-8.",
		Example: "{\"Sid\": \"Caf\\xe9\"}   // é written as the single Latin-1 byte 0xE9",
	})
}

// RunEncoding is the invalid-encoding rule on a file that is not JSON (a
// YAML or HCL host), whose syntax its own parser judges.
func RunEncoding(src []byte, opts Options) []Diagnostic {
	diags := []Diagnostic{}
	if r := LookupRule("invalid-encoding"); !opts.Disabled[r.Code] {
		r.Check(&Pass{Policy: &policy.Policy{File: &jsonast.File{Src: src}}, Opts: &opts, rule: r, diags: &diags})
	}
	return diags
}

func checkInvalidEncoding(p *Pass) {
	src := p.Policy.File.Src
	if utf8.Valid(src) {
		return
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			p.Report(text.Span{Start: i, End: i + 1}, "Byte 0x%02X is not UTF-8: AWS reads a policy as UTF-8 text and rejects this one. Save the file as UTF-8.", src[i])
			return
		}
		i += size
	}
}
