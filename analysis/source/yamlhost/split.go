package yamlhost

import "github.com/kms-policy-ls/kms-policy-ls/analysis/text"

// Chunk is a part of a YAML file that parses on its own: a member of the
// top-level mapping, or a member of one of the sections (top-level
// mappings) that Split was asked to split further.
type Chunk struct {
	text.Span
	// Key is the member's key as written at the start of its line
	// (unquoted keys only; "" otherwise, and for text before the first
	// member).
	Key string
	// Section is the top-level key the member belongs to, "" for a
	// top-level member; a section's own line ("Resources:") is a chunk of
	// its own with Section "" and Header set.
	Section string
	Header  bool
}

// Split cuts src into chunks by indentation alone, without parsing: a
// top-level member starts at a line that starts with a key, a section's
// member at a line indented as its first member. A YAML file is parsed
// chunk by chunk so that an edit re-parses only its chunk (a resource of a
// 300 KB template, not the template) and a syntax error stays in its
// chunk, while the others still give their policies. Where indentation
// misleads (a multi-line scalar back at a key's column), a chunk fails to
// parse on its own and the caller parses the whole file instead.
func Split(src []byte, sections map[string]bool) []Chunk {
	var out []Chunk
	start := 0
	cur := Chunk{}
	section, childIndent := "", -1
	emit := func(at int) {
		if at > start {
			cur.Span = text.Span{Start: start, End: at}
			out = append(out, cur)
		}
		start = at
	}
	for ls := 0; ls < len(src); {
		le := ls
		for le < len(src) && src[le] != '\n' {
			le++
		}
		next := min(le+1, len(src))
		ind := 0
		for ls+ind < le && src[ls+ind] == ' ' {
			ind++
		}
		content := src[ls+ind : le]
		if len(content) == 0 || content[0] == '#' || content[0] == '\r' {
			ls = next
			continue
		}
		switch {
		case ind == 0 && isKeyLine(content):
			emit(ls)
			key := keyOf(content)
			cur = Chunk{Key: key}
			section, childIndent = "", -1
			if sections[key] && headerOnly(content) {
				cur.Header = true
				section = key
			}
		case section != "" && ind > 0:
			if childIndent < 0 {
				childIndent = ind
			}
			if ind == childIndent && isKeyLine(content) {
				emit(ls)
				cur = Chunk{Key: keyOf(content), Section: section}
			}
		}
		ls = next
	}
	emit(len(src))
	return out
}

// isKeyLine reports whether a line's content starts a block mapping entry
// (not a sequence item, a document marker or a directive).
func isKeyLine(content []byte) bool {
	switch content[0] {
	case '-', '%', '.', ']', '}', ',':
		return false
	}
	for i := 0; i < len(content); i++ {
		if content[i] == ':' && (i+1 == len(content) || content[i+1] == ' ' || content[i+1] == '\r') {
			return true
		}
	}
	return false
}

// keyOf is an unquoted key: the text before ": ".
func keyOf(content []byte) string {
	if content[0] == '"' || content[0] == '\'' {
		return ""
	}
	for i := 0; i < len(content); i++ {
		if content[i] == ':' && (i+1 == len(content) || content[i+1] == ' ' || content[i+1] == '\r') {
			return string(content[:i])
		}
	}
	return ""
}

// headerOnly reports whether nothing but a comment follows the key's colon.
func headerOnly(content []byte) bool {
	k := len(keyOf(content))
	rest := content[k+1:]
	for i, c := range rest {
		switch c {
		case ' ', '\t', '\r':
		case '#':
			return i > 0
		default:
			return false
		}
	}
	return true
}
