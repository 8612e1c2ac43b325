package parserbench

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	goccyast "github.com/goccy/go-yaml/ast"
	goccyparser "github.com/goccy/go-yaml/parser"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"go.yaml.in/yaml/v3"
)

var (
	tmpl = Template(300 << 10)
	tf   = Terraform(300 << 10)
)

func BenchmarkYAMLv3Node(b *testing.B) {
	b.SetBytes(int64(len(tmpl)))
	b.ReportAllocs()
	for b.Loop() {
		var n yaml.Node
		if err := yaml.Unmarshal(tmpl, &n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGoccyYAML(b *testing.B) {
	b.SetBytes(int64(len(tmpl)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := goccyparser.ParseBytes(tmpl, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHCLSyntax(b *testing.B) {
	b.SetBytes(int64(len(tf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := hclsyntax.ParseConfig(tf, "x.tf", hcl.InitialPos); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

func BenchmarkHCLWrite(b *testing.B) {
	b.SetBytes(int64(len(tf)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := hclwrite.ParseConfig(tf, "x.tf", hcl.InitialPos); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// lineStarts and offsetOf turn a 1-based line and a column into a byte
// offset, the column counted in characters (runes) from 1.
func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func offsetOf(src []byte, starts []int, line, col int) int {
	i := starts[line-1]
	for c := 1; c < col; c++ {
		_, n := utf8.DecodeRune(src[i:])
		i += n
	}
	return i
}

// TestPositions counts the scalars whose reported start is not where the
// scalar's text is. yaml.v3 reports a line and a column counted in
// characters; goccy an offset counted in characters from 1 (so wrong in
// bytes after any non-ASCII text) and a line and column; hclsyntax byte
// offsets.
func TestPositions(t *testing.T) {
	starts := lineStarts(tmpl)
	var n yaml.Node
	if err := yaml.Unmarshal(tmpl, &n); err != nil {
		t.Fatal(err)
	}
	total, wrong := 0, 0
	var walk func(*yaml.Node)
	walk = func(x *yaml.Node) {
		if x.Kind == yaml.ScalarNode && x.Value != "" {
			total++
			at := offsetOf(tmpl, starts, x.Line, x.Column)
			if !startsScalar(tmpl[at:], x.Value, x.Tag) {
				wrong++
			}
		}
		for _, c := range x.Content {
			walk(c)
		}
	}
	walk(&n)
	t.Logf("yaml.v3: %d of %d scalars' line and column (in characters) are not where their text starts", wrong, total)

	f, err := goccyparser.ParseBytes(tmpl, 0)
	if err != nil {
		t.Fatal(err)
	}
	totalG, wrongOffset, wrongLineCol := 0, 0, 0
	goccyast.Walk(visit(func(node goccyast.Node) {
		s, ok := node.(*goccyast.StringNode)
		if !ok || s.Value == "" {
			return
		}
		totalG++
		p := s.GetToken().Position
		if p.Offset-1 < 0 || p.Offset-1 >= len(tmpl) || !startsScalar(tmpl[p.Offset-1:], s.Value, "") {
			wrongOffset++
		}
		if !startsScalar(tmpl[offsetOf(tmpl, starts, p.Line, p.Column):], s.Value, "") {
			wrongLineCol++
		}
	}), f.Docs[0])
	t.Logf("goccy: of %d strings, %d offsets (as bytes) and %d lines and columns (in characters) are not where the text starts", totalG, wrongOffset, wrongLineCol)

	file, diags := hclsyntax.ParseConfig(tf, "x.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	totalH, wrongH := 0, 0
	hclsyntax.VisitAll(file.Body.(*hclsyntax.Body), func(n hclsyntax.Node) hcl.Diagnostics {
		if lit, ok := n.(*hclsyntax.TemplateExpr); ok && lit.IsStringLiteral() {
			totalH++
			r := lit.Range()
			if tf[r.Start.Byte] != '"' || tf[r.End.Byte-1] != '"' {
				wrongH++
			}
		}
		return nil
	})
	t.Logf("hclsyntax: %d of %d string literals' byte ranges are not their quoted text", wrongH, totalH)
}

type visit func(goccyast.Node)

func (v visit) Visit(n goccyast.Node) goccyast.Visitor { v(n); return v }

func startsScalar(at []byte, value, tag string) bool {
	if bytes.HasPrefix(at, []byte("!")) { // a tag: the value follows it
		i := bytes.IndexByte(at, ' ')
		if i < 0 {
			return false
		}
		at = at[i+1:]
	}
	if len(at) > 0 && (at[0] == '"' || at[0] == '\'') {
		at = at[1:]
	}
	first, _ := utf8.DecodeRuneInString(value)
	r, _ := utf8.DecodeRune(at)
	return r == first
}

// TestHalfTyped breaks one line inside a policy the way typing does (a
// key without its colon, an unclosed quote, an unclosed flow sequence)
// and reports what each parser gives back: a tree of the rest, or only an
// error, and how far the line it names is from the broken one.
func TestHalfTyped(t *testing.T) {
	lines := strings.SplitAfter(string(tmpl), "\n")
	target := 0
	for i, l := range lines {
		if strings.Contains(l, "kms:Decrypt") {
			target = i
			break
		}
	}
	for _, c := range []struct{ name, line string }{
		{"key without colon", "            Conditio\n"},
		{"unclosed quote", "              - \"kms:Decr\n"},
		{"unclosed flow", "            Action: [kms:Decrypt,\n"},
	} {
		broken := strings.Join(append(append(append([]string{}, lines[:target]...), c.line), lines[target+1:]...), "")
		var n yaml.Node
		err := yaml.Unmarshal([]byte(broken), &n)
		t.Logf("%s (line %d): yaml.v3: tree %v, error %v", c.name, target+1, len(n.Content) > 0, err)
		f, gerr := goccyparser.ParseBytes([]byte(broken), 0)
		msg := ""
		if gerr != nil {
			msg = strings.SplitN(gerr.Error(), "\n", 2)[0]
		}
		t.Logf("%s (line %d): goccy: tree %v, error %s", c.name, target+1, f != nil, msg)
	}
	tfLines := strings.SplitAfter(string(tf), "\n")
	for i, l := range tfLines {
		if strings.Contains(l, "Action") {
			target = i
			break
		}
	}
	for _, c := range []struct{ name, line string }{
		{"key without value", "      Actio\n"},
		{"unclosed string", "      Action    = [\"kms:Encr\n"},
	} {
		broken := strings.Join(append(append(append([]string{}, tfLines[:target]...), c.line), tfLines[target+1:]...), "")
		file, diags := hclsyntax.ParseConfig([]byte(broken), "x.tf", hcl.InitialPos)
		blocks := 0
		if body, ok := file.Body.(*hclsyntax.Body); ok {
			blocks = len(body.Blocks)
		}
		t.Logf("%s (line %d): hclsyntax: %d of the blocks recovered, %d diagnostics, first at line %d: %s", c.name, target+1, blocks, len(diags), diags[0].Subject.Start.Line, diags[0].Summary)
	}
}
