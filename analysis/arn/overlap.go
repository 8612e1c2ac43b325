package arn

// Overlap reports whether some string matches both patterns, ignoring ASCII
// case. In each, * is any run of characters, ? one character, and a ${…}
// (a policy variable, or a placeholder of an ARN format such as
// ${BucketName}) any run too. It decides whether a Resource value can name
// a resource of a type whose ARN format AWS documents: a loose reading (a *
// may cross colons, case is ignored, a placeholder may be empty), so that
// "no overlap" is certain.
//
// It costs O(len(a)·len(b)) time and O(len(b)) space.
func Overlap(a, b string) bool {
	pa, pb := globTokens(a), globTokens(b)
	// reach[j]: a's first i tokens and b's first j tokens can spell the
	// same string; rows advance over a.
	reach := make([]bool, len(pb)+1)
	next := make([]bool, len(pb)+1)
	reach[0] = true
	for j := 1; j <= len(pb) && pb[j-1] == starToken; j++ {
		reach[j] = true
	}
	for i := 1; i <= len(pa); i++ {
		ta := pa[i-1]
		next[0] = reach[0] && ta == starToken
		for j := 1; j <= len(pb); j++ {
			tb := pb[j-1]
			switch {
			case ta == starToken:
				// a's star spells nothing more (reach[j]), or takes in b's
				// token j (next[j-1]); b's own star may also end here.
				next[j] = reach[j] || next[j-1] || tb == starToken && reach[j-1]
			case tb == starToken:
				next[j] = next[j-1] || reach[j]
			default:
				next[j] = reach[j-1] && tokensMeet(ta, tb)
			}
		}
		reach, next = next, reach
	}
	return reach[len(pb)]
}

// A token is a byte lower-cased, or one of the two wildcards.
const (
	starToken = 256 + iota
	anyToken
)

func globTokens(s string) []int {
	out := make([]int, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '*':
			if len(out) == 0 || out[len(out)-1] != starToken {
				out = append(out, starToken)
			}
		case c == '?':
			out = append(out, anyToken)
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			end := i + 2
			for end < len(s) && s[end] != '}' {
				end++
			}
			if end == len(s) { // an unclosed ${ is text
				out = append(out, int(c))
				continue
			}
			if len(out) == 0 || out[len(out)-1] != starToken {
				out = append(out, starToken)
			}
			i = end
		default:
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, int(c))
		}
	}
	return out
}

func tokensMeet(a, b int) bool { return a == anyToken || b == anyToken || a == b }

// OverlapARN is Overlap for a Resource value and an ARN format, component
// by component when both have all six: a placeholder of a format
// (${Region}) never holds a colon, so "arn:aws:s3:::bucket/*" cannot name a
// DynamoDB table, whatever its last star may spell.
func OverlapARN(value, format string) bool {
	vf, vn := components(value)
	ff, fn := components(format)
	if vn != 6 || fn != 6 {
		return Overlap(value, format)
	}
	for i := range vf {
		if !Overlap(vf[i], ff[i]) {
			return false
		}
	}
	return true
}
