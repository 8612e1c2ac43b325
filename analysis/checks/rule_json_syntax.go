package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/text"

func init() {
	register(&Rule{
		Code:     "json-syntax",
		Severity: Error,
		Doc:      "The document is not valid JSON (including comments, which AWS does not accept in a policy).",
		Scope:    FileScope,
		Check:    checkJSONSyntax,
		Details: "The document is not valid JSON, or is empty. The parser recovers what it can and the other " +
			"rules still run over the rest. Comments (`//`, `/* */`) are reported here too: " +
			"editors accept them in JSONC, but JSON has none and AWS refuses a policy that " +
			"contains one (the quick fix deletes the comment).",
		Example: `{"Version": "2012-10-17" "Statement": []}   // missing comma`,
	})
}

// The parser accepts comments so that a JSONC editor buffer still parses;
// this rule is where they become findings.
func checkJSONSyntax(p *Pass) {
	f := p.Policy.File
	if f == nil {
		return
	}
	if f.Root == nil && len(f.Errors) == 0 {
		// Nothing but white space and comments: named as a policy, it must
		// not pass silently.
		p.Report(text.Span{End: len(f.Src)}, "The document is empty: a policy is a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": [ … ]}.")
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
