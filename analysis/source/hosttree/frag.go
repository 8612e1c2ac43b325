package hosttree

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// FragKind is the kind of a value in an edit's text.
type FragKind uint8

const (
	FragString  FragKind = iota
	FragLiteral          // a number, true, false or null
	FragObject
	FragArray
	FragSnippet // a snippet tab stop or placeholder standing where a value goes ($0, ${1:x})
)

// Frag is a JSON value in the text of an edit to a unit: what a quick fix
// or a completion puts in, read so that a host can write it in its own
// notation. A completion's text is snippet syntax over JSON; its tab stops
// and placeholders are kept as atoms, inside strings and between values.
type Frag struct {
	Kind FragKind
	// Parts of a string's content: literal text (JSON escapes decoded) and
	// snippet atoms, in order.
	Parts []Part
	// Text of a literal or a snippet atom standing for a value.
	Text    string
	Members []FragMember
	Elems   []*Frag
	// Multiline is set when the JSON text spread over several lines (a
	// whole statement), which a host may write as a block.
	Multiline bool
}

// FragMember is one member of an object in an edit's text.
type FragMember struct {
	Key   *Frag // a FragString
	Value *Frag
}

// Part is a run of a string's content: literal text, or a snippet atom.
type Part struct {
	Text string
	Atom bool
}

// Insert is the text of an edit to a unit, read as JSON: one value, or
// members with the commas that join them to their neighbours.
type Insert struct {
	Value   *Frag
	Members []FragMember
	// LeadingComma, TrailingComma: the text starts or ends with a comma
	// (members added after or before others).
	LeadingComma, TrailingComma bool
	// Tail is a snippet tab stop after everything ($0).
	Tail string
}

// ParseInsert reads an edit's text. snippet says it is snippet syntax.
// ok is false for text that is not one value or a list of members.
func ParseInsert(s string, snippet bool) (in Insert, ok bool) {
	p := &fragParser{s: s, snippet: snippet}
	p.ws()
	if p.eat(',') {
		in.LeadingComma = true
		p.ws()
	}
	if p.i < len(p.s) && p.s[p.i] == '"' && p.memberAhead() {
		for {
			m, ok := p.member()
			if !ok {
				return Insert{}, false
			}
			in.Members = append(in.Members, m)
			p.ws()
			if !p.eat(',') {
				break
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != '"' {
				in.TrailingComma = true
				break
			}
		}
	} else if p.i < len(p.s) && !p.atAtom() || p.atAtom() && !p.atomIsTail() {
		v, ok := p.value()
		if !ok {
			return Insert{}, false
		}
		in.Value = v
	}
	p.ws()
	if p.atAtom() {
		in.Tail = p.atom()
		p.ws()
	}
	if p.i != len(p.s) || in.Value == nil && len(in.Members) == 0 {
		return Insert{}, false
	}
	return in, true
}

type fragParser struct {
	s       string
	i       int
	snippet bool
}

func (p *fragParser) ws() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *fragParser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// memberAhead reports whether the string at the cursor is followed by a
// colon: a member, not a value.
func (p *fragParser) memberAhead() bool {
	q := *p
	if _, ok := q.str(); !ok {
		return false
	}
	q.ws()
	return q.i < len(q.s) && q.s[q.i] == ':'
}

func (p *fragParser) member() (FragMember, bool) {
	k, ok := p.str()
	if !ok {
		return FragMember{}, false
	}
	p.ws()
	if !p.eat(':') {
		return FragMember{}, false
	}
	p.ws()
	v, ok := p.value()
	return FragMember{Key: k, Value: v}, ok
}

func (p *fragParser) value() (*Frag, bool) {
	if p.i >= len(p.s) {
		return nil, false
	}
	start := p.i
	switch c := p.s[p.i]; {
	case c == '"':
		return p.str()
	case c == '{':
		p.i++
		f := &Frag{Kind: FragObject}
		p.ws()
		for !p.eat('}') {
			if len(f.Members) > 0 && !p.eat(',') {
				return nil, false
			}
			p.ws()
			if p.atAtom() { // a tab stop where members go
				p.atom()
				p.ws()
				continue
			}
			m, ok := p.member()
			if !ok {
				return nil, false
			}
			f.Members = append(f.Members, m)
			p.ws()
		}
		f.Multiline = strings.Contains(p.s[start:p.i], "\n")
		return f, true
	case c == '[':
		p.i++
		f := &Frag{Kind: FragArray}
		p.ws()
		for !p.eat(']') {
			if len(f.Elems) > 0 && !p.eat(',') {
				return nil, false
			}
			p.ws()
			v, ok := p.value()
			if !ok {
				return nil, false
			}
			f.Elems = append(f.Elems, v)
			p.ws()
		}
		f.Multiline = strings.Contains(p.s[start:p.i], "\n")
		return f, true
	case p.atAtom():
		return &Frag{Kind: FragSnippet, Text: p.atom()}, true
	}
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n,]}$", p.s[p.i]) < 0 {
		p.i++
	}
	lit := p.s[start:p.i]
	if lit != "true" && lit != "false" && lit != "null" {
		if _, err := strconv.ParseFloat(lit, 64); err != nil {
			return nil, false
		}
	}
	return &Frag{Kind: FragLiteral, Text: lit}, true
}

// atAtom reports whether a snippet tab stop or placeholder starts here.
func (p *fragParser) atAtom() bool {
	if !p.snippet || p.i+1 >= len(p.s) || p.s[p.i] != '$' {
		return false
	}
	c := p.s[p.i+1]
	return c >= '0' && c <= '9' || c == '{' && p.i+2 < len(p.s) && p.s[p.i+2] >= '0' && p.s[p.i+2] <= '9'
}

// atomIsTail reports whether the atom at the cursor is the last thing.
func (p *fragParser) atomIsTail() bool {
	q := *p
	q.atom()
	q.ws()
	return q.i == len(q.s)
}

// atom reads a tab stop ($1) or a placeholder (${1:text}, ${1|a,b|}),
// whose text may hold escaped braces and nested placeholders.
func (p *fragParser) atom() string {
	start := p.i
	p.i++
	if p.s[p.i] != '{' {
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		return p.s[start:p.i]
	}
	depth := 0
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '\\':
			p.i++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				p.i++
				return p.s[start:p.i]
			}
		}
		p.i++
	}
	return p.s[start:p.i]
}

// str reads a JSON string whose content may hold snippet atoms.
func (p *fragParser) str() (*Frag, bool) {
	if !p.eat('"') {
		return nil, false
	}
	f := &Frag{Kind: FragString}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			f.Parts = append(f.Parts, Part{Text: lit.String()})
			lit.Reset()
		}
	}
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			flush()
			return f, true
		case p.atAtom():
			flush()
			f.Parts = append(f.Parts, Part{Text: p.atom(), Atom: true})
			continue
		case p.snippet && c == '\\' && p.i+1 < len(p.s) && strings.IndexByte(`$}`, p.s[p.i+1]) >= 0:
			lit.WriteByte(p.s[p.i+1]) // a snippet's literal $ or }
			p.i += 2
			continue
		case c == '\\':
			n, ok := p.escape(&lit)
			if !ok {
				return nil, false
			}
			p.i += n
			continue
		}
		lit.WriteByte(c)
		p.i++
	}
	return nil, false
}

// escape decodes the JSON escape at the cursor (the snippet layer's own
// escaping of a backslash, \\\\ for one, comes first when snippet is set)
// and returns its length.
func (p *fragParser) escape(b *strings.Builder) (int, bool) {
	rest := p.s[p.i:]
	if p.snippet {
		// A literal backslash is \\ in JSON, each escaped again for the
		// snippet reader.
		if !strings.HasPrefix(rest, `\\`) {
			return 0, false
		}
		rest = rest[1:]
		if strings.HasPrefix(rest, `\\\`) {
			b.WriteByte('\\')
			return 4, true
		}
		n, ok := jsonEscape(b, rest)
		return n + 1, ok
	}
	return jsonEscape(b, rest)
}

func jsonEscape(b *strings.Builder, s string) (int, bool) {
	if len(s) < 2 {
		return 0, false
	}
	switch s[1] {
	case '"', '\\', '/':
		b.WriteByte(s[1])
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'u':
		if len(s) < 6 {
			return 0, false
		}
		n, err := strconv.ParseUint(s[2:6], 16, 32)
		if err != nil {
			return 0, false
		}
		r := rune(n)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		return 6, true
	default:
		return 0, false
	}
	return 2, true
}

// Expanded is a string's content as the editor leaves it when the user
// accepts every placeholder as it is: a tab stop is empty, a placeholder
// its text, a choice its first option.
func (f *Frag) Expanded() string {
	var b strings.Builder
	for _, p := range f.Parts {
		if !p.Atom {
			b.WriteString(p.Text)
			continue
		}
		b.WriteString(atomDefault(p.Text))
	}
	return b.String()
}

// HasAtoms reports whether a string's content holds snippet atoms.
func (f *Frag) HasAtoms() bool {
	for _, p := range f.Parts {
		if p.Atom {
			return true
		}
	}
	return false
}

func atomDefault(a string) string {
	if !strings.HasPrefix(a, "${") {
		return ""
	}
	body := strings.TrimSuffix(a[2:], "}")
	for len(body) > 0 && body[0] >= '0' && body[0] <= '9' {
		body = body[1:]
	}
	switch {
	case strings.HasPrefix(body, ":"):
		return strings.NewReplacer(`\}`, "}", `\$`, "$", `\\`, `\`).Replace(body[1:])
	case strings.HasPrefix(body, "|"):
		opts := strings.TrimSuffix(body[1:], "|")
		first, _, _ := strings.Cut(opts, ",")
		return first
	}
	return ""
}

// Content writes a string's content for a host: literal text through esc
// (the host's escaping inside its string syntax), then, for a snippet,
// escaped again for the snippet reader; atoms as they are.
func (f *Frag) Content(esc func(string) string, snippet bool) string {
	var b strings.Builder
	for _, p := range f.Parts {
		if p.Atom {
			b.WriteString(p.Text)
			continue
		}
		s := esc(p.Text)
		if snippet {
			s = EscapeSnippet(s)
		}
		b.WriteString(s)
	}
	return b.String()
}

// EscapeSnippet protects text from the snippet reader.
func EscapeSnippet(s string) string {
	if !strings.ContainsAny(s, `$}\`) {
		return s
	}
	return strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`).Replace(s)
}
