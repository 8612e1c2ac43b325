package catalog

import (
	"strings"
	"unicode/utf8"
)

// Nearest returns the candidate closest to word (case-insensitive edit
// distance), or "" when none is close enough to be a plausible typo.
func Nearest(word string, candidates []string) string {
	lower := strings.ToLower(word)
	return nearestLower(lower, nil, func(i int) string { return candidates[i] }, candidates...)
}

// nearestLower picks among candidates given lower-cased (lowerCands) or, when
// lowerCands is nil, lower-cases raw on the fly. display maps an index to the
// name to return. The first of equally close candidates wins, so results are
// stable for sorted candidate lists.
func nearestLower(lower string, lowerCands []string, display func(int) string, raw ...string) string {
	limit := maxDistance(lower)
	best, bestDist := -1, limit+1
	n := len(lowerCands)
	if lowerCands == nil {
		n = len(raw)
	}
	for i := 0; i < n; i++ {
		var c string
		if lowerCands != nil {
			c = lowerCands[i]
		} else {
			c = strings.ToLower(raw[i])
		}
		// Length alone can rule a candidate out before the quadratic work.
		if diff := len(c) - len(lower); diff > limit || -diff > limit {
			continue
		}
		if d := distance(lower, c); d < bestDist {
			best, bestDist = i, d
		}
	}
	if best < 0 {
		return ""
	}
	return display(best)
}

// maxDistance is how many edits a word of this length may be off and still be
// a typo: one per five characters, at least one and at most three.
func maxDistance(word string) int {
	d := utf8.RuneCountInString(word) / 5
	return min(3, max(1, d))
}

// distance is the optimal-string-alignment Damerau–Levenshtein distance over
// runes: insertions, deletions, substitutions and swaps of neighbours each
// cost one.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 {
		return len(rb)
	}
	if len(rb) == 0 {
		return len(ra)
	}
	// Three rolling rows: two back for transpositions.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
