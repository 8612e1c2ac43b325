package services

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"sort"
	"strings"
)

// Action finds an action of the service by name (without the prefix),
// case-insensitively; nil when the service has none of that name.
func (s *Service) Action(name string) *Action {
	if i := s.find(name); i >= 0 {
		return &s.actions[i]
	}
	return nil
}

// find is the index of the action of that name, or -1.
func (s *Service) find(name string) int {
	acts := s.Actions()
	i := sort.Search(len(acts), func(i int) bool { return cmpFold(acts[i].Name, name) >= 0 })
	if i < len(acts) && cmpFold(acts[i].Name, name) == 0 {
		return i
	}
	return -1
}

// LookupAction finds an action written as a policy writes it ("s3:GetObject",
// "S3:getobject"); nil for an unknown service or action, or a wildcard.
func LookupAction(name string) *Action {
	prefix, rest, ok := strings.Cut(name, ":")
	if !ok || HasWildcard(name) {
		return nil
	}
	if s := Lookup(prefix); s != nil {
		return s.Action(rest)
	}
	return nil
}

// Match returns the service's actions whose names match a pattern of the
// part after the prefix ("Get*", "*Object?"), case-insensitively. Only the
// actions that share the pattern's literal beginning are tried.
func (s *Service) Match(pattern string) []*Action {
	acts := s.Actions()
	lit := pattern
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		lit = pattern[:i]
	}
	lo := sort.Search(len(acts), func(i int) bool { return cmpFold(acts[i].Name, lit) >= 0 })
	var out []*Action
	for i := lo; i < len(acts) && hasPrefixFold(acts[i].Name, lit); i++ {
		if catalog.MatchWildcard(pattern, acts[i].Name, true) {
			out = append(out, &acts[i])
		}
	}
	return out[:len(out):len(out)]
}

// MatchActions returns the actions an Action element value stands for: one
// action, or those a pattern matches across services ("s3:Get*", "*:List*",
// "*"). The answer is shared and remembered: do not modify it.
func MatchActions(pattern string) []*Action {
	if !HasWildcard(pattern) {
		prefix, name, ok := strings.Cut(pattern, ":")
		if s := Lookup(prefix); ok && s != nil {
			if i := s.find(name); i >= 0 {
				return s.ptrs[i : i+1 : i+1]
			}
		}
		return nil
	}
	lower := collapseStars(strings.ToLower(pattern))
	if literals(lower) > maxNameLength {
		return nil // longer than any action's name: it matches none
	}
	if out, ok := patternMemo.Get(lower); ok {
		return out
	}
	out := expand(lower)
	patternMemo.Put(lower, out)
	return out
}

// expand matches a lower-cased pattern against every service it can reach.
func expand(p string) []*Action {
	prefix, name, ok := strings.Cut(p, ":")
	if ok && !HasWildcard(prefix) {
		if s := Lookup(prefix); s != nil {
			return s.Match(name)
		}
		return nil
	}
	var out []*Action
	if ok {
		// The colon of the pattern is the one of the name: action names
		// hold none, so the two parts match separately.
		for _, s := range All() {
			if catalog.MatchWildcard(prefix, s.Prefix, true) {
				out = append(out, s.Match(name)...)
			}
		}
		return out[:len(out):len(out)]
	}
	// No colon: a star spans it ("*", "s3*"), so match whole names.
	var buf []byte
	for _, s := range All() {
		if !couldStart(p, s.Prefix) {
			continue
		}
		acts := s.Actions()
		for i := range acts {
			buf = append(append(append(buf[:0], s.Prefix...), ':'), acts[i].Name...)
			if catalog.MatchWildcard(p, buf, true) {
				out = append(out, &acts[i])
			}
		}
	}
	return out[:len(out):len(out)]
}

// couldStart reports whether a pattern's literal beginning fits a prefix
// followed by a colon.
func couldStart(p, prefix string) bool {
	i := strings.IndexAny(p, "*?")
	lit := p[:i]
	full := prefix + ":"
	n := min(len(lit), len(full))
	return strings.EqualFold(lit[:n], full[:n])
}

// maxNameLength bounds the length of an action written in full; no
// action's comes near it (the longest are under 100 characters). A pattern
// with more characters than that besides its stars matches none, and is
// not tried against every action: matching costs the product of the two
// lengths.
const maxNameLength = 256

// literals counts the characters of a pattern other than *.
func literals(p string) int { return len(p) - strings.Count(p, "*") }

// collapseStars writes runs of * as one, which matches the same names.
func collapseStars(p string) string {
	if !strings.Contains(p, "**") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		if p[i] == '*' && i > 0 && p[i-1] == '*' {
			continue
		}
		b.WriteByte(p[i])
	}
	return b.String()
}

// HasWildcard reports whether a name holds * or ?.
func HasWildcard(name string) bool {
	return strings.IndexByte(name, '*') >= 0 || strings.IndexByte(name, '?') >= 0
}

// patternMemo remembers the expansions of the patterns seen lately: a
// policy repeats its patterns, and several rules expand each on every
// keystroke. It is emptied when full.
var patternMemo = catalog.Memo[[]*Action]{Max: 1024}

// cmpFold compares two names as their ASCII-lower-cased forms compare.
func cmpFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := lowerByte(a[i]), lowerByte(b[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
