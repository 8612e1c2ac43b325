package benchdoc

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// patterns checks that each alternative of the -bench and -run patterns'
// top level matches a function of at least one of the packages.
func (c *checker) patterns(pkgs []place, f map[string]*word) []string {
	var problems []string
	for _, flag := range []string{"bench", "run"} {
		w := f[flag]
		if w == nil || w.variable || w.text == "^$" {
			continue
		}
		var names []string
		for _, p := range pkgs {
			fs, err := c.funcsOf(p)
			if err != nil {
				return nil // the commit cannot be read: noted in c.missing
			}
			if flag == "bench" {
				names = append(names, fs.benchmarks...)
			} else {
				names = append(names, fs.tests...)
			}
		}
		for _, alt := range alternatives(topLevel(w.text)) {
			re, err := regexp.Compile(alt)
			if err != nil {
				problems = append(problems, fmt.Sprintf("-%s %q: %v", flag, w.text, err))
				continue
			}
			if !slices.ContainsFunc(names, re.MatchString) {
				problems = append(problems, fmt.Sprintf("-%s %q: %s matches no %s of %s", flag, w.text, alt, kind[flag], where(pkgs)))
			}
		}
	}
	return problems
}

var kind = map[string]string{"bench": "benchmark", "run": "test"}

func where(pkgs []place) string {
	var s []string
	for _, p := range pkgs {
		at := ""
		if p.commit != "" {
			at = " at " + p.commit
		}
		s = append(s, "./"+p.dir+"/"+at)
	}
	return strings.Join(s, ", ")
}

// topLevel is the part of a -bench or -run pattern that names the
// top-level function: up to the first slash outside brackets, as the
// testing package splits it.
func topLevel(pattern string) string {
	depth := 0
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '\\':
			i++
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case '/':
			if depth == 0 {
				return pattern[:i]
			}
		}
	}
	return pattern
}

// alternatives expands a pattern's alternations, at the top level and in
// groups without a quantifier, into patterns without them, so that each
// name a pattern lists must exist: 'A|B' is A and B, '^(A|B)$' is '^A$'
// and '^B$'.
func alternatives(p string) []string {
	var out []string
	for _, branch := range split(p, '|') {
		seqs := []string{""}
		for i := 0; i < len(branch); {
			n, inner := atom(branch[i:])
			piece := []string{branch[i : i+n]}
			if inner != "" && !quantified(branch[i+n:]) {
				piece = alternatives(inner)
			}
			var next []string
			for _, s := range seqs {
				for _, q := range piece {
					next = append(next, s+q)
				}
			}
			seqs = next
			i += n
		}
		out = append(out, seqs...)
	}
	return out
}

// atom is the length of the first atom of s and, for a group, its inside.
func atom(s string) (int, string) {
	switch s[0] {
	case '\\':
		return min(2, len(s)), ""
	case '[':
		for i := 1; i < len(s); i++ {
			if s[i] == '\\' {
				i++
			} else if s[i] == ']' && i > 1 {
				return i + 1, ""
			}
		}
	case '(':
		depth := 0
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					inner := strings.TrimPrefix(s[1:i], "?:")
					if strings.HasPrefix(inner, "?") {
						return i + 1, "" // flags or a named group: kept whole
					}
					return i + 1, inner
				}
			}
		}
	}
	return 1, ""
}

func quantified(rest string) bool {
	return rest != "" && strings.IndexByte("*+?{", rest[0]) >= 0
}

// split cuts s at sep outside groups and classes.
func split(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case sep:
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
