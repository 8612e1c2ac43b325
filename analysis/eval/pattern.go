package eval

import (
	"strings"
	"unicode/utf8"
)

// A policy value is read once into parts: literal text, the wildcards * and
// ?, and policy variables. Keeping them apart is what lets ${*}, ${?} and
// ${$} stand for the literal characters (they are literal parts, never
// wildcards), and lets a variable's value be put in as literal text.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars

type partKind uint8

const (
	partLit  partKind = iota // literal text
	partStar                 // *: any run of characters (a wildcard only where the operator takes them)
	partOne                  // ?: exactly one character
	partVar                  // ${key} or ${key, 'default'}
)

type part struct {
	kind partKind
	text string // the literal text; for a variable, its key name
	// def is a variable's default value, hasDef whether it has one.
	def    string
	hasDef bool
}

// value is one policy value read into parts.
type value struct {
	raw   string
	parts []part
	vars  bool // holds a variable
	wild  bool // holds * or ? outside variables
}

// readValue reads s into parts. variables says whether ${…} is a policy
// variable here: only with Version 2012-10-17, and only where AWS
// substitutes them (String and ARN operators, Bool, Resource).
func readValue(s string, variables bool) value {
	v := value{raw: s}
	lit := 0 // start of the pending literal text
	flush := func(end int) {
		if end > lit {
			v.parts = append(v.parts, part{kind: partLit, text: s[lit:end]})
		}
	}
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '*' || c == '?':
			flush(i)
			k := partStar
			if c == '?' {
				k = partOne
			}
			v.parts = append(v.parts, part{kind: k})
			v.wild = true
			i++
			lit = i
		case c == '$' && variables && strings.HasPrefix(s[i:], "${"):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				i++
				continue
			}
			flush(i)
			v.parts = append(v.parts, variable(s[i+2:i+end]))
			if v.parts[len(v.parts)-1].kind == partVar {
				v.vars = true
			}
			i += end + 1
			lit = i
		default:
			i++
		}
	}
	flush(len(s))
	return v
}

// variable reads the inside of ${…}: a special character, or a key with an
// optional default ("aws:PrincipalTag/team, 'company-wide'").
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-default-values
func variable(in string) part {
	switch in {
	case "*", "?", "$":
		return part{kind: partLit, text: in}
	}
	name, def, ok := strings.Cut(in, ",")
	p := part{kind: partVar, text: strings.TrimSpace(name)}
	if ok {
		def = strings.TrimSpace(def)
		if len(def) >= 2 && def[0] == '\'' && def[len(def)-1] == '\'' {
			p.def, p.hasDef = def[1:len(def)-1], true
		}
	}
	return p
}

// lookup finds a variable's key in the request context. Only single-valued
// keys are substituted: a key with several values, or none, has no value.
type lookup func(key string) (string, bool)

// resolve substitutes the variables of v. ok is false when a variable has
// no value and no default: such a value is "effectively null" and matches
// nothing, under positive and negated operators alike.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value
func (v *value) resolve(get lookup) ([]part, bool) {
	if !v.vars {
		return v.parts, true
	}
	out := make([]part, 0, len(v.parts))
	for _, p := range v.parts {
		if p.kind != partVar {
			out = append(out, p)
			continue
		}
		s, ok := get(p.text)
		if !ok {
			if !p.hasDef {
				return nil, false
			}
			s = p.def
		}
		// A substituted value is literal text: a * in a user name is not a wildcard.
		out = append(out, part{kind: partLit, text: s})
	}
	return out, true
}

// literal is the text parts stand for when * and ? are not wildcards
// (StringEquals and the other operators without wildcards).
func literal(parts []part) string {
	if len(parts) == 1 && parts[0].kind == partLit {
		return parts[0].text
	}
	var b strings.Builder
	for _, p := range parts {
		switch p.kind {
		case partStar:
			b.WriteByte('*')
		case partOne:
			b.WriteByte('?')
		default:
			b.WriteString(p.text)
		}
	}
	return b.String()
}

// glob matches s against parts with * and ? as wildcards, case-sensitively;
// fold ignores case (a StringLike never does; actions do). Characters are
// runes: ? stands for one character, not one byte.
func glob(parts []part, s string, fold bool) bool {
	// Fast paths: a literal, and a literal followed by one star.
	if len(parts) == 1 && parts[0].kind == partLit {
		return eq(parts[0].text, s, fold)
	}
	if len(parts) == 2 && parts[0].kind == partLit && parts[1].kind == partStar {
		p := parts[0].text
		return len(s) >= len(p) && eq(p, s[:len(p)], fold)
	}
	if len(parts) == 1 && parts[0].kind == partStar {
		return true
	}
	return globFrom(parts, 0, 0, s, fold)
}

func eq(a, b string, fold bool) bool {
	if fold {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// globFrom matches s against parts[pi:] with the first off bytes of
// parts[pi]'s literal text already matched. The usual iterative matcher
// with backtracking to the last star, over parts instead of bytes.
func globFrom(parts []part, pi, off int, s string, fold bool) bool {
	type mark struct{ pi, off, si int }
	star := mark{pi: -1}
	si := 0
	for {
		if pi < len(parts) {
			p := parts[pi]
			switch p.kind {
			case partStar:
				star = mark{pi + 1, 0, si}
				pi, off = pi+1, 0
				continue
			case partOne:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					si += n
					pi++
					continue
				}
			default: // literal
				if off == len(p.text) {
					pi, off = pi+1, 0
					continue
				}
				if si < len(s) {
					pr, pn := utf8.DecodeRuneInString(p.text[off:])
					sr, sn := utf8.DecodeRuneInString(s[si:])
					if pr == sr || fold && foldEq(pr, sr) {
						off += pn
						si += sn
						continue
					}
				}
			}
		} else if si == len(s) {
			return true
		}
		// Mismatch: let the last star take one more character.
		if star.pi < 0 || star.si >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[star.si:])
		star.si += n
		pi, off, si = star.pi, star.off, star.si
	}
}

func foldEq(a, b rune) bool {
	return strings.EqualFold(string(a), string(b))
}
