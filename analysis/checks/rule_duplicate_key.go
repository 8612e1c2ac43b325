package checks

// duplicate-key: the same member name twice in one object (two
// "StringEquals" in a Condition, two "Service" in a Principal). JSON parsers
// keep only one of them, so half of what was written silently does nothing;
// the fix is to merge the two members. Every object of the document counts,
// not only the ones the policy model reads: the parser lists them all.
func init() {
	register(&Rule{
		Code:     "duplicate-key",
		Severity: Warning,
		Doc:      "The same member name appears twice in one object, so one of them is silently ignored.",
		Check:    checkDuplicateKey,
	})
}

func checkDuplicateKey(p *Pass) {
	if p.Policy.File == nil {
		return
	}
	for _, m := range p.Policy.File.DuplicateKeys {
		p.Report(m.Key.Span, "%q appears more than once in this object; a JSON parser keeps only one of them, so the other is silently ignored. Merge them into one.", m.Key.Value)
	}
}
