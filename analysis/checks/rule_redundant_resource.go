package checks

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func init() {
	register(&Rule{
		Code:     "redundant-resource",
		Severity: Hint,
		Doc:      "A resource listed twice, or already covered by a wildcard ARN of the same list.",
		Scope:    StatementScope,
		Check:    checkRedundantResource,
		Details: "The same ARN twice in one `Resource` (or `NotResource`) list, an ARN that " +
			"another value of the list matches (`arn:aws:s3:::bucket/a.txt` next to " +
			"`arn:aws:s3:::bucket/*`), or any value next to `\"*\"`. A wildcard covers another " +
			"when it is that one's beginning and a star. ARNs are compared case-sensitively, " +
			"as IAM does. The quick fix removes it.",
		Example: `"Resource": ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/report.csv"]`,
	})
	register(&Rule{
		Code:     "redundant-statement",
		Severity: Hint,
		Doc:      "A statement that says exactly what an earlier one says (apart from its Sid).",
		Check:    checkRedundantStatement,
		Details: "Two statements alike in every element but `Sid` (lists compared as sets, " +
			"objects by member) grant or deny the same thing twice. The quick fix removes the " +
			"later one.",
		Example: `[{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]`,
	})
}

func checkRedundantResource(p *Pass) {
	for _, s := range p.Policy.Statements {
		for _, l := range present(s.Resource, s.NotResource) {
			if len(l.Values) < 2 {
				continue
			}
			for i, v := range l.Values {
				if by := resourceCoveredBy(l.Values, i); by != "" {
					reportRedundant(p, l, i, v, "%s is already covered by %s in this list; remove it.", v.Text, by)
				}
			}
		}
	}
}

// resourceCoveredBy returns another value of the list that covers value i,
// or "". Of two equal values the later one is covered.
func resourceCoveredBy(vals []policy.Value, i int) string {
	v := vals[i].Text
	if v == "" || hasVariable(v) {
		return ""
	}
	for j, o := range vals {
		w := o.Text
		switch {
		case j == i || w == "" || hasVariable(w):
		case w == v:
			if j < i {
				return w
			}
		case w == "*":
			return w
		case !catalog.HasWildcard(v) && catalog.HasWildcard(w) && arn.MatchResource(w, v):
			return w
		case catalog.HasWildcard(v) && v != "*" && resourcePrefixCovers(w, v):
			return w
		}
	}
	return ""
}

// resourcePrefixCovers: pattern is a literal beginning and one final star
// that v begins with, case-sensitively.
func resourcePrefixCovers(pattern, v string) bool {
	lit, ok := strings.CutSuffix(pattern, "*")
	return ok && !catalog.HasWildcard(lit) && strings.HasPrefix(v, lit)
}

func checkRedundantStatement(p *Pass) {
	// This rule runs on the whole policy at every keystroke, so it looks
	// twice before it compares: a key made of a few of each statement's
	// texts (its effect, its actions and resources, its first principal)
	// finds the statements that may be alike; only those are hashed whole,
	// in an order-free way, and only equal hashes are written out and
	// compared.
	var byKey map[uint64]*policy.Statement
	var byHash map[uint64]*policy.Statement
	hashed := func(s *policy.Statement) uint64 {
		h := hashStatement(s.Node)
		if byHash == nil {
			byHash = map[uint64]*policy.Statement{}
		}
		if _, ok := byHash[h]; !ok {
			byHash[h] = s
		}
		return h
	}
	for _, s := range p.Policy.Statements {
		if s.Node == nil || s.Node.Kind != jsonast.Object || !s.Node.Closed {
			continue
		}
		k := quickKey(s)
		first, ok := byKey[k]
		if !ok {
			if byKey == nil {
				byKey = make(map[uint64]*policy.Statement, len(p.Policy.Statements))
			}
			byKey[k] = s
			continue
		}
		if first != nil {
			hashed(first)
			byKey[k] = nil // its first statement is in byHash now
		}
		h := hashStatement(s.Node)
		same, ok := byHash[h]
		if !ok {
			byHash[h] = s
			continue
		}
		if canonicalStatement(same.Node) == canonicalStatement(s.Node) {
			reportRedundantStatement(p, same, s)
		}
	}
}

// quickKey is a cheap digest of what two statements saying the same thing
// must share.
func quickKey(s *policy.Statement) uint64 {
	var h uint64 = 17
	if s.Effect != nil {
		h = hashString(s.Effect.Text)
	}
	for _, l := range []*policy.List{s.Action, s.NotAction, s.Resource, s.NotResource} {
		h *= 31
		if l != nil {
			for _, v := range l.Values {
				h += digest(v.Text) // a sum: the order of a list does not count
			}
		}
	}
	for _, pr := range []*policy.Principal{s.Principal, s.NotPrincipal} {
		h *= 31
		if pr != nil && pr.Wildcard != nil {
			h += digest(pr.Wildcard.Text)
		}
		if pr != nil && len(pr.Entries) > 0 && len(pr.Entries[0].Values) > 0 {
			h += hashString(pr.Entries[0].Values[0].Text)
		}
	}
	return h*31 + uint64(len(s.Node.Members()))
}

// digest is a few bytes of a text: its length and its first and last
// characters, which is cheaper than hashing it and enough to tell most
// lists apart.
func digest(t string) uint64 {
	if t == "" {
		return 1
	}
	return uint64(len(t))<<16 ^ uint64(t[0])<<8 ^ uint64(t[len(t)-1])
}

func reportRedundantStatement(p *Pass, first, s *policy.Statement) {
	name := "statement " + strconv.Itoa(first.Index+1)
	if first.Sid != nil && first.Sid.Text != "" {
		name += " (" + first.Sid.Text + ")"
	}
	d := p.Report(firstByte(s.Node), "This statement says exactly what %s says; remove one of them.", name)
	d.Tags = append(d.Tags, TagUnnecessary)
	if arr := p.Policy.StatementElem.Value(); arr != nil && arr.Kind == jsonast.Array {
		if e, ok := removeElement(arr, s.Index); ok {
			d.withFix(Fix{Title: "Remove this statement", Edits: []text.Edit{e}})
		}
	}
}

// hashStatement hashes a statement as canonicalStatement writes it, but
// for repeated list values: members and list values are summed, so order
// does not count, and a one-value list hashes as its value.
func hashStatement(n *jsonast.Node) uint64 {
	var h uint64
	for _, m := range n.Members() {
		if m.Key.Value != "Sid" {
			h += mix(hashString(m.Key.Value)*31 + hashNode(m.Value))
		}
	}
	return h
}

func hashNode(n *jsonast.Node) uint64 {
	if n == nil {
		return 1
	}
	switch n.Kind {
	case jsonast.Object:
		var h uint64 = 7
		for _, m := range n.Members() {
			h += mix(hashString(m.Key.Value)*31 + hashNode(m.Value))
		}
		return h
	case jsonast.Array:
		var h uint64
		for _, e := range n.Elems() {
			h += hashNode(e)
		}
		return h
	}
	return hashString(n.Value) + uint64(n.Kind)
}

// hashString is FNV-1a.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix scrambles a member's hash before it is summed with the others.
func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// canonicalStatement writes a statement without its Sid, objects by
// sorted member and arrays as sorted sets, so that two statements that
// mean the same thing read the same.
func canonicalStatement(n *jsonast.Node) string {
	var parts []string
	for _, m := range n.Members() {
		if m.Key.Value != "Sid" {
			parts = append(parts, strconv.Quote(m.Key.Value)+":"+canonical(m.Value))
		}
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ",") + "}"
}

func canonical(n *jsonast.Node) string {
	if n == nil {
		return "?"
	}
	switch n.Kind {
	case jsonast.String:
		return strconv.Quote(n.Value)
	case jsonast.Object:
		var parts []string
		for _, m := range n.Members() {
			parts = append(parts, strconv.Quote(m.Key.Value)+":"+canonical(m.Value))
		}
		sort.Strings(parts)
		return "{" + strings.Join(parts, ",") + "}"
	case jsonast.Array:
		parts := make([]string, 0, len(n.Elems()))
		for _, e := range n.Elems() {
			parts = append(parts, canonical(e))
		}
		sort.Strings(parts)
		parts = slices.Compact(parts)
		if len(parts) == 1 {
			return parts[0] // "x" and ["x"] mean the same
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return n.Value
}
