package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/text"

// json-syntax: a policy that is not valid JSON is rejected as a whole by
// KMS and IAM. The tolerant parser recovers what it can, so the other rules
// still run over the rest; this rule turns each parser error into a finding.
//
// Comments are reported here too. The parser accepts them so that a JSONC
// editor buffer still parses, but JSON has no comments and AWS refuses a
// policy that contains one; the quick fix deletes the comment.
func init() {
	register(&Rule{
		Code:     "json-syntax",
		Severity: Error,
		Doc:      "The document is not valid JSON (including comments, which AWS does not accept in a policy).",
		Check:    checkJSONSyntax,
	})
}

func checkJSONSyntax(p *Pass) {
	f := p.Policy.File
	if f == nil {
		return
	}
	errStarts := make(map[int]bool, len(f.Errors))
	for _, e := range f.Errors {
		errStarts[e.Start] = true
		p.Report(e.Span, "%s", e.Message)
	}
	for _, c := range f.Comments {
		if errStarts[c.Start] { // an unclosed comment is already a parser error
			continue
		}
		p.Report(c.Span, "Comments are not allowed in a policy: AWS rejects a document that contains one. Remove the comment.").
			withFix(Fix{Title: "Remove the comment", Edits: []text.Edit{{Span: c.Span}}, Preferred: true})
	}
}
