package jsonast

import "github.com/kms-policy-ls/kms-policy-ls/analysis/text"

// Escape is one place where a string's decoded text differs from its
// source: an escape sequence such as \n or \u00e9, or an invalid UTF-8 byte
// decoded as U+FFFD. Between escapes, decoded and source bytes are the
// same, one for one.
type Escape struct {
	Decoded text.Span // in the decoded string
	Source  text.Span // in File.Src
}

// Unescape returns the decoded content of the String node n (without its
// quotes) and its escapes in order, so that a position in the decoded text
// can be mapped back to the file (see source.Map). It decodes exactly as
// Parse decoded n.Value; errors in the string were reported by Parse.
func (f *File) Unescape(n *Node) (string, []Escape) {
	if n == nil || n.Kind != String || n.End-n.Start < 1 {
		return "", nil
	}
	start, end := n.Start+1, n.End
	if n.Closed {
		end--
	}
	escapes := []Escape{}
	p := &parser{src: f.Src, str: f.str, f: &File{}, quiet: true, escapes: &escapes}
	return p.decode(start, end, n.Quote), escapes
}
