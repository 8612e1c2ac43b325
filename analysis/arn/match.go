package arn

import (
	"strings"
	"unicode/utf8"
)

// Matching follows two AWS pages, which differ on one point:
//
//   - The ARN condition operators (ArnLike, ArnEquals and their negations):
//     "each of the six colon-delimited components of the ARN is checked
//     separately", each with * and ? wildcards, case-sensitively
//     (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
//     So * never crosses a colon between components; in the resource, the
//     last component, it crosses the resource's own colons and slashes.
//     Match implements this.
//   - The Resource element: wildcards stand within each colon-separated
//     segment, but a * that ends a segment may extend past the colons after
//     it (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
//     So arn:aws:kms:* matches every KMS ARN. MatchResource implements this.
//
// Neither substitutes policy variables: a ${…} is matched as the text it is.

// Match reports whether arn matches the ARN pattern as the ARN condition
// operators match: both have six components and each component of the
// pattern matches the same component of arn by MatchString.
func Match(pattern, arn string) bool {
	pf, pn := components(pattern)
	af, an := components(arn)
	if pn != 6 || an != 6 {
		return false
	}
	for i := range pf {
		if !MatchString(pf[i], af[i]) {
			return false
		}
	}
	return true
}

// MatchResource reports whether arn matches a Resource (or NotResource)
// value: "*" matches everything, and otherwise components match as in Match
// except that a pattern component ending in * may also take in the arn's
// following components, colons included (so a pattern may have fewer than
// six components).
func MatchResource(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	af, an := components(arn)
	pf, pn := components(pattern)
	return an == 6 && matchFields(pf[:pn], af[:])
}

// matchFields matches pattern components against arn components, letting a
// component that ends in * absorb one or more of the arn's. There are at most
// six of each, so trying every split costs little.
func matchFields(pf, af []string) bool {
	if len(pf) == 0 {
		return len(af) == 0
	}
	if len(af) == 0 {
		return false
	}
	if !strings.HasSuffix(pf[0], "*") {
		return MatchString(pf[0], af[0]) && matchFields(pf[1:], af[1:])
	}
	for k := 1; k <= len(af); k++ {
		if MatchString(pf[0], strings.Join(af[:k], ":")) && matchFields(pf[1:], af[k:]) {
			return true
		}
	}
	return false
}

// MatchString reports whether s matches the glob pattern, case-sensitively,
// as StringLike does: * matches any run of characters (none included) and ?
// exactly one character. Everything else, / and : included, matches itself.
//
// The pattern is cut at its stars: the first piece must begin s, the last
// must end it, and the pieces between are found leftmost first, which leaves
// the most room for those after them.
func MatchString(pattern, s string) bool {
	pieces := strings.Split(pattern, "*")
	if len(pieces) == 1 {
		n, ok := matchPrefix(pattern, s)
		return ok && n == len(s)
	}
	n, ok := matchPrefix(pieces[0], s)
	if !ok {
		return false
	}
	s = s[n:]
	last := pieces[len(pieces)-1]
	start := len(s)
	for range utf8.RuneCountInString(last) {
		if start == 0 {
			return false
		}
		_, size := utf8.DecodeLastRuneInString(s[:start])
		start -= size
	}
	if n, ok := matchPrefix(last, s[start:]); !ok || n != len(s)-start {
		return false
	}
	s = s[:start]
	for _, piece := range pieces[1 : len(pieces)-1] {
		at, n := findPiece(piece, s)
		if at < 0 {
			return false
		}
		s = s[at+n:]
	}
	return true
}

// findPiece finds the leftmost place where piece (no *) matches in s, and
// the number of bytes it matches there.
func findPiece(piece, s string) (at, n int) {
	for at = 0; at <= len(s); {
		if n, ok := matchPrefix(piece, s[at:]); ok {
			return at, n
		}
		if at == len(s) {
			break
		}
		_, size := utf8.DecodeRuneInString(s[at:])
		at += size
	}
	return -1, 0
}

// matchPrefix matches piece (no *) against the start of s, ? standing for
// one character; it returns the bytes of s matched. Bytes that are not UTF-8
// count as one character each, on either side.
func matchPrefix(piece, s string) (int, bool) {
	j := 0
	for i := 0; i < len(piece); {
		if j == len(s) {
			return 0, false
		}
		_, psize := utf8.DecodeRuneInString(piece[i:])
		_, size := utf8.DecodeRuneInString(s[j:])
		if piece[i] != '?' && piece[i:i+psize] != s[j:j+size] {
			return 0, false
		}
		i += psize
		j += size
	}
	return j, true
}
