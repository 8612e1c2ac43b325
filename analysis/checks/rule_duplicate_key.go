package checks

func init() {
	register(&Rule{
		Code:     "duplicate-key",
		Severity: Warning,
		Doc:      "The same member name appears twice in one object, so one of them is silently ignored.",
		Check:    checkDuplicateKey,
		Details: "The same member name twice in one object, for example two `StringEquals` in a " +
			"`Condition` or two `AWS` in a `Principal`. JSON parsers keep only one of them, " +
			"so half of what was written is silently ignored. Merge them.",
		Example: `"Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"},
              "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}`,
	})
}

// Every object of the document counts, not only the ones the policy model
// reads: the parser lists them all.
func checkDuplicateKey(p *Pass) {
	if p.Policy.File == nil {
		return
	}
	for _, m := range p.Policy.File.DuplicateKeys {
		p.Report(m.Key.Span, "%q appears more than once in this object; a JSON parser keeps only one of them, so the other is silently ignored. Merge them into one.", m.Key.Value)
	}
}
