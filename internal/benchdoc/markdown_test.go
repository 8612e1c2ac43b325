package benchdoc

import (
	"regexp"
	"strings"
)

// A snippet is the code of one ```sh block, or the code spans of one
// paragraph or table row, one span a line: a working directory and the
// test binaries built carry over from one line to the next within it.
type snippet struct {
	line  int // in BENCHMARKS.md, for messages
	lines []string
}

var codeSpan = regexp.MustCompile("`([^`]+)`")

func snippets(md string) []snippet {
	var out []snippet
	var para []string
	paraLine := 0
	flush := func() {
		text := strings.Join(para, "\n")
		var spans []string
		for _, m := range codeSpan.FindAllStringSubmatch(text, -1) {
			spans = append(spans, strings.ReplaceAll(m[1], "\n", " "))
		}
		if len(spans) > 0 {
			out = append(out, snippet{paraLine, spans})
		}
		para = nil
	}
	lines := strings.Split(md, "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "```"):
			flush()
			block := snippet{line: i + 2}
			for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
				block.lines = append(block.lines, lines[i])
			}
			if strings.HasPrefix(l, "```sh") {
				out = append(out, joinContinued(block))
			}
		case strings.TrimSpace(l) == "":
			flush()
		case strings.HasPrefix(l, "|"):
			// A table row is its own snippet; `\|` is a `|` of the code.
			flush()
			para, paraLine = []string{strings.ReplaceAll(l, `\|`, "|")}, i+1
			flush()
		default:
			if para == nil {
				paraLine = i + 1
			}
			para = append(para, l)
		}
	}
	flush()
	return out
}

// joinContinued joins the lines of a block that end in a backslash.
func joinContinued(s snippet) snippet {
	var lines []string
	cur := ""
	for _, l := range s.lines {
		if strings.HasSuffix(l, `\`) {
			cur += strings.TrimSuffix(l, `\`) + " "
			continue
		}
		lines = append(lines, cur+l)
		cur = ""
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	s.lines = lines
	return s
}
