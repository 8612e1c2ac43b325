package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"

// duplicate-key: the same member name twice in one object (two
// "StringEquals" in a Condition, two "Service" in a Principal). JSON parsers
// keep only one of them, so half of what was written silently does nothing;
// the fix is to merge the two members. The walk covers every object of the
// document, not only the ones the policy model reads.
func init() {
	register(&Rule{
		Code:     "duplicate-key",
		Severity: Warning,
		Doc:      "The same member name appears twice in one object, so one of them is silently ignored.",
		Check:    checkDuplicateKey,
	})
}

func checkDuplicateKey(p *Pass) {
	if p.Policy.File == nil || p.Policy.File.Root == nil {
		return
	}
	var seen map[string]bool
	var walk func(n *jsonast.Node)
	walk = func(n *jsonast.Node) {
		switch n.Kind {
		case jsonast.Object:
			for i, m := range n.Members {
				if repeatsKey(n.Members, i, &seen) {
					p.Report(m.Key.Span, "%q appears more than once in this object; a JSON parser keeps only one of them, so the other is silently ignored. Merge them into one.", m.Key.Value)
				}
			}
			for _, m := range n.Members {
				if m.Value != nil {
					walk(m.Value)
				}
			}
		case jsonast.Array:
			for _, el := range n.Elems {
				walk(el)
			}
		}
	}
	walk(p.Policy.File.Root)
}

// repeatsKey reports whether member i repeats the name of an earlier member.
// Policy objects are small, so comparing pairwise beats hashing every key;
// a large object uses the map (filled as i advances) to stay linear.
func repeatsKey(members []*jsonast.Member, i int, seen *map[string]bool) bool {
	name := members[i].Key.Value
	if len(members) <= 16 {
		for _, m := range members[:i] {
			if m.Key.Value == name {
				return true
			}
		}
		return false
	}
	if i == 0 {
		if *seen == nil {
			*seen = map[string]bool{}
		}
		clear(*seen)
	}
	dup := (*seen)[name]
	(*seen)[name] = true
	return dup
}
