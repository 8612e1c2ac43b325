package jsonast

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// MaxDepth is how many objects and arrays may nest. A deeper container is
// reported, skipped without descending into it, and left without children,
// so that hostile input cannot exhaust the stack.
const MaxDepth = 1000

// maxErrors caps the errors kept for one document: past it the rest are
// noise that would swamp an editor's problem list.
const maxErrors = 100

// Parse parses src, which may be any bytes, into a tree.
//
// It never fails and never panics. Recovery rules, in short:
//   - an empty document (only whitespace and comments) yields Root == nil
//     and no error: the policy layer decides what an empty file means;
//   - // and /* */ comments are trivia recorded in File.Comments;
//   - a byte-order mark at the very start is skipped silently;
//   - a string missing its closing quote ends at the end of its line
//     (Closed=false), unless the next line starts with a word and the
//     closing quote ("kms:Describ⏎eKey"), a line cut in two, which joins
//     it; single-quoted strings are read as strings, with an error, and so
//     is a word with only its closing quote (kms:Decrypt");
//   - '=' after a key is read as the ':' it stands for, with an error;
//   - a list that is a member's value and meets a "key": was not closed,
//     and the object goes on with that member; an object that is a list's
//     element and meets ", {" was not closed, and the list goes on;
//   - missing commas and colons are reported and assumed; a key followed by
//     nothing usable becomes a member with Colon=-1 and Value=nil, and a
//     colon followed by nothing a member with Value=nil;
//   - an unquoted key becomes a String key with Quote=0; an unquoted word in
//     value position becomes an Invalid node holding the raw text, while a
//     stray word between object members is reported and skipped;
//   - an unclosed object or array ends at the end of the document, or at a
//     closing bracket that belongs to an enclosing container; a closing
//     bracket that matches nothing is reported and skipped;
//   - text after the root value is reported once and otherwise ignored.
//
// String values are decoded as encoding/json decodes them (invalid UTF-8
// and lone surrogates become U+FFFD). Errors are sorted by start offset.
func Parse(src []byte) *File {
	return ParseWith(src, Options{})
}

// ParseFrozen is Parse for bytes that are never written again (see
// Options.Frozen).
func ParseFrozen(src []byte) *File {
	return ParseWith(src, Options{Frozen: true})
}

// Options are ParseWith's.
type Options struct {
	// Frozen promises that src is never written again, by the caller or
	// anyone else: the File's strings (values, Text) then share src
	// instead of a copy of it, 32 KB less for a 32 KB policy. It is
	// unsafe.String's contract: writing to src afterwards would change
	// strings Go takes to be immutable. The language server's snapshots
	// qualify (each edit makes new bytes); a buffer that is reused does not.
	Frozen bool
	// Like is the tree of a similar text, such as the previous version of
	// the same document: the new tree's slabs are sized from its counts
	// instead of estimated, so that they hold what the tree needs and
	// little more.
	Like *File
}

// ParseWith is Parse with options.
func ParseWith(src []byte, o Options) *File {
	str := ""
	if o.Frozen {
		str = unsafe.String(unsafe.SliceData(src), len(src))
	} else {
		str = string(src)
	}
	p := &parser{src: src, str: str, f: &File{Src: src, str: str}}
	p.sizeSlabs(o.Like)
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		p.pos = 3
	}
	p.parseRoot()
	if len(p.f.Errors) > 1 {
		slices.SortStableFunc(p.f.Errors, func(a, b Error) int { return a.Start - b.Start })
	}
	return p.f
}

// slabMax caps a slab (about 400 KB of nodes), so that input that fools
// the estimate below (a string of escaped quotes) cannot reserve much.
const slabMax = 4096

// sizeSlabs sizes the first slabs: from the counts of like, a tree of a
// similar text, when there is one, and otherwise from a count of the bytes
// that start values: every string has two quotes and every container one
// opening bracket. Numbers and literals are not counted (policies hold
// few), and a member has a key and a value node, hence at most half as
// many members. Sizing well matters: a slab too small costs a second one
// that is mostly empty, one too large is held for as long as the tree, and
// a policy is parsed on every keystroke.
func (p *parser) sizeSlabs(like *File) {
	var want counts
	if like != nil && like.counts.nodes > 0 && len(like.Src) > 0 {
		// Scaled to the new text's length, with a little room: a
		// keystroke adds a node or two, a paste more (then a further slab).
		scale := func(n int) int { return n*len(p.src)/len(like.Src) + n/64 + 4 }
		c := like.counts
		want = counts{scale(c.nodes), scale(c.members), scale(c.elems), scale(c.memberPtrs), scale(c.containers)}
	} else {
		containers := bytes.Count(p.src, []byte{'{'}) + bytes.Count(p.src, []byte{'['})
		nodes := 8 + bytes.Count(p.src, []byte{'"'})/2 + containers
		members := 4 + nodes/2
		want = counts{nodes, members, 8 + len(p.src)/64, members, 4 + containers}
	}
	p.nodeChunk = min(max(want.nodes/4, 64), slabMax)
	p.memberChunk = min(max(want.members/4, 32), slabMax)
	p.nodes = make([]Node, 0, min(want.nodes, slabMax))
	p.members = make([]Member, 0, min(want.members, slabMax))
	p.nodePtr = make([]*Node, 0, min(want.elems, slabMax))
	p.membPtr = make([]*Member, 0, min(want.memberPtrs, slabMax))
	p.kids = make([]children, 0, min(want.containers, slabMax))
}

// counts are how many of each part a tree holds, for sizing the slabs of
// the next version's (Options.Like).
type counts struct {
	nodes, members, elems, memberPtrs, containers int
}

// growSlab sizes a further slab: chunk, and never smaller than what is
// needed now.
func growSlab(chunk, need int) int {
	return max(need, chunk)
}

type parser struct {
	src []byte
	str string // src as a string, so that values can be substrings of it
	pos int
	f   *File

	depth       int
	quiet       bool // drop errors: set while skipping text after the root
	openObjects int  // objects being parsed: a '}' may close one of them
	openArrays  int

	nodeChunk, memberChunk int // sizes of the slabs after the first

	nodes   []Node     // slab the nodes are carved from
	members []Member   // slab for members
	elemBuf []*Node    // elements of the arrays being parsed, innermost last
	membBuf []*Member  // members of the objects being parsed
	nodePtr []*Node    // slab for the elements of arrays
	membPtr []*Member  // slab for the members of objects
	kids    []children // slab for containers' children

	seenKeys map[string]bool // reused by noteDuplicateKeys for large objects

	// quietControl is set while decoding a string that goes on past a
	// line break, whose error already says so.
	quietControl bool

	// elemOfArray and valueOfMember tell the container about to be parsed
	// what holds it, for the recoveries that close a container whose
	// closing bracket is missing (see parseObject and parseArray).
	elemOfArray, valueOfMember bool

	// escapes, when not nil, records where decode turned source bytes
	// into other bytes (see Unescape); Parse leaves it nil.
	escapes *[]Escape
}

func (p *parser) newNode(kind Kind, start int) *Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]Node, 0, growSlab(p.nodeChunk, 1))
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	p.f.counts.nodes++
	n := &p.nodes[len(p.nodes)-1]
	n.Kind, n.Start = kind, start
	return n
}

func (p *parser) newChildren() *children {
	if len(p.kids) == cap(p.kids) {
		p.kids = make([]children, 0, growSlab(p.memberChunk/2, 1))
	}
	p.kids = p.kids[:len(p.kids)+1]
	p.f.counts.containers++
	return &p.kids[len(p.kids)-1]
}

func (p *parser) newMember(obj *Node) *Member {
	if len(p.members) == cap(p.members) {
		p.members = make([]Member, 0, growSlab(p.memberChunk, 1))
	}
	p.members = p.members[:len(p.members)+1]
	p.f.counts.members++
	m := &p.members[len(p.members)-1]
	m.Object, m.Colon, m.Comma = obj, -1, -1
	return m
}

// keepElems copies the collected elements into the pointer slab; the
// result's capacity is capped so that appending to it cannot clobber a
// neighbour.
func (p *parser) keepElems(s []*Node) []*Node {
	if len(s) == 0 {
		return nil
	}
	if cap(p.nodePtr)-len(p.nodePtr) < len(s) {
		p.nodePtr = make([]*Node, 0, growSlab(p.nodeChunk, len(s)))
	}
	i := len(p.nodePtr)
	p.nodePtr = append(p.nodePtr, s...)
	p.f.counts.elems += len(s)
	return p.nodePtr[i : i+len(s) : i+len(s)]
}

func (p *parser) keepMembers(s []*Member) []*Member {
	if len(s) == 0 {
		return nil
	}
	if cap(p.membPtr)-len(p.membPtr) < len(s) {
		p.membPtr = make([]*Member, 0, growSlab(p.memberChunk, len(s)))
	}
	i := len(p.membPtr)
	p.membPtr = append(p.membPtr, s...)
	p.f.counts.memberPtrs += len(s)
	return p.membPtr[i : i+len(s) : i+len(s)]
}

func (p *parser) errorf(start, end int, format string, args ...any) {
	if p.quiet {
		return
	}
	switch n := len(p.f.Errors); {
	case n < maxErrors:
		p.f.Errors = append(p.f.Errors, Error{Span: text.Span{Start: start, End: end}, Message: fmt.Sprintf(format, args...)})
	case n == maxErrors:
		p.f.Errors = append(p.f.Errors, Error{Span: text.Span{Start: start, End: end}, Message: "too many errors; further errors are not reported"})
	}
}

// Byte classes, looked up per byte in the hot loops.
const (
	clSpace   = 1 << iota // JSON whitespace
	clDelim               // ends a bare word: whitespace, brackets, comma, quotes
	clStrStop             // needs a look inside a string: quote, backslash, control, non-ASCII
)

var class = func() (t [256]uint8) {
	for _, c := range " \t\r\n" {
		t[c] |= clSpace | clDelim
	}
	for _, c := range "{}[],\"'" {
		t[c] |= clDelim
	}
	for c := 0; c < 0x20; c++ {
		t[c] |= clStrStop
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] |= clStrStop
	}
	t['"'] |= clStrStop
	t['\''] |= clStrStop
	t['\\'] |= clStrStop
	return t
}()

// skip moves past whitespace and comments, recording the comments.
func (p *parser) skip() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if class[c]&clSpace != 0 {
			p.pos++
			continue
		}
		if c != '/' || !p.comment() {
			return
		}
	}
}

// comment consumes a comment starting at p.pos, if there is one.
func (p *parser) comment() bool {
	start := p.pos
	if start+1 >= len(p.src) {
		return false
	}
	switch p.src[start+1] {
	case '/':
		end := start + 2
		for end < len(p.src) && p.src[end] != '\n' && p.src[end] != '\r' {
			end++
		}
		p.pos = end
	case '*':
		i := strings.Index(p.str[start+2:], "*/")
		if i < 0 {
			p.pos = len(p.src)
			p.errorf(start, p.pos, "unclosed comment: missing '*/'")
		} else {
			p.pos = start + 2 + i + 2
		}
	default:
		return false
	}
	p.f.Comments = append(p.f.Comments, Comment{Span: text.Span{Start: start, End: p.pos}})
	return true
}

func (p *parser) parseRoot() {
	for {
		p.skip()
		if p.pos >= len(p.src) {
			return
		}
		if c := p.src[p.pos]; c == '}' || c == ']' || c == ',' || c == ':' {
			p.errorf(p.pos, p.pos+1, "unexpected '%c'", c)
			p.pos++
			continue
		}
		break
	}
	p.f.Root = p.parseValue()
	p.skip()
	if p.pos >= len(p.src) {
		return
	}
	// Whatever follows is reported once; it is still scanned so that its
	// comments are recorded, but its own errors are dropped.
	start, nerr, ndup := p.pos, len(p.f.Errors), len(p.f.DuplicateKeys)
	end := start
	p.quiet = true
	for p.pos < len(p.src) {
		if p.parseValue() == nil {
			p.pos++ // a stray bracket, comma or colon
		}
		end = p.pos
		p.skip()
	}
	p.quiet = false
	p.f.Errors = p.f.Errors[:nerr]
	p.f.DuplicateKeys = p.f.DuplicateKeys[:ndup]
	p.errorf(start, end, "unexpected text after the end of the JSON value")
}

// parseValue parses the value at p.pos (after trivia) or returns nil when
// none starts there: at the end of input or at '}', ']', ',' or ':'.
func (p *parser) parseValue() *Node {
	p.skip()
	if p.pos >= len(p.src) {
		return nil
	}
	var n *Node
	switch c := p.src[p.pos]; c {
	case '}', ']', ',', ':':
		return nil
	case '{':
		n = p.newNode(Object, p.pos)
		p.parseContainer(n)
	case '[':
		n = p.newNode(Array, p.pos)
		p.parseContainer(n)
	case '"', '\'':
		n = p.newNode(String, p.pos)
		p.parseString(n)
	default:
		n = p.newNode(Invalid, p.pos)
		p.parseWord(n)
	}
	return n
}

func (p *parser) parseContainer(n *Node) {
	if p.depth >= MaxDepth {
		p.errorf(n.Start, n.Start+1, "nesting deeper than %d levels; content skipped", MaxDepth)
		p.skipContainer(n)
		return
	}
	p.depth++
	if n.Kind == Object {
		p.openObjects++
		p.parseObject(n)
		p.openObjects--
	} else {
		p.openArrays++
		p.parseArray(n)
		p.openArrays--
	}
	p.depth--
}

// skipContainer jumps over a balanced container without building nodes.
func (p *parser) skipContainer(n *Node) {
	depth := 0
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				p.pos++
				n.End, n.Closed = p.pos, true
				return
			}
		case '"':
			p.pos, _, _ = p.scanString(p.pos)
			continue
		}
		p.pos++
	}
	n.End = p.pos
}

func (p *parser) parseObject(obj *Node) {
	p.pos++ // '{'
	inArray := p.elemOfArray
	p.elemOfArray, p.valueOfMember = false, false
	mark := len(p.membBuf)
	var last *Member
	expectMember := true // after '{' or ','
	lastComma := -1
	for {
		p.skip()
		if p.pos >= len(p.src) {
			p.errorf(obj.Start, obj.Start+1, "unclosed object: missing '}'")
			break
		}
		c := p.src[p.pos]
		if c == '}' {
			if expectMember && lastComma >= 0 {
				p.errorf(lastComma, lastComma+1, "trailing comma before '}'")
			}
			p.pos++
			obj.Closed = true
			break
		}
		if c == ']' {
			if p.openArrays > 0 { // it closes an enclosing array
				p.errorf(p.pos, p.pos+1, "expected '}' to close the object before ']'")
				break
			}
			p.errorf(p.pos, p.pos+1, "unexpected ']'")
			p.pos++
			continue
		}
		if c == ',' {
			if expectMember {
				p.errorf(p.pos, p.pos+1, "unexpected ',': expected an object member")
			} else if last != nil {
				last.Comma = p.pos
			}
			expectMember, lastComma = true, p.pos
			p.pos++
			continue
		}
		if c == ':' {
			p.errorf(p.pos, p.pos+1, "unexpected ':'")
			p.pos++
			continue
		}
		if c == '{' && inArray && expectMember && lastComma >= 0 {
			// ", {" in an object that is an element of a list: the next
			// element starts, and this object was not closed. The comma
			// is the list's again.
			p.errorf(lastComma, lastComma+1, "expected '}' to close the object before the next element")
			p.pos = lastComma
			if last != nil {
				last.Comma = -1
			}
			break
		}
		if c == '{' || c == '[' {
			start, ndup := p.pos, len(p.f.DuplicateKeys)
			p.parseValue() // parsed only to get past it; dropped
			p.f.DuplicateKeys = p.f.DuplicateKeys[:ndup]
			p.errorf(start, p.pos, "expected a string key, found %s", kindName(c))
			expectMember = false
			continue
		}
		missingComma := !expectMember
		if missingComma && c != '"' && c != '\'' && !p.keyAhead() {
			start := p.pos
			p.pos = p.wordEnd(p.pos, true)
			p.errorf(start, p.pos, "unexpected %s after object member", quoteText(p.src[start:p.pos]))
			continue
		}
		m, keyAlone := p.parseMember(obj)
		if missingComma {
			p.errorf(m.Key.Start, m.Key.End, "expected ',' or '}' after object member")
		}
		p.membBuf = append(p.membBuf, m)
		last, expectMember = m, false
		if keyAlone {
			// The next key follows on; only the missing colon is reported.
			expectMember = true
			lastComma = -1
		}
	}
	obj.End = p.pos
	if members := p.keepMembers(p.membBuf[mark:]); members != nil {
		obj.kids = p.newChildren()
		obj.kids.members = members
		p.noteDuplicateKeys(members)
	}
	p.membBuf = p.membBuf[:mark]
}

// noteDuplicateKeys records the members whose key repeats an earlier key of
// the same object. It is done here, while the object's members are still in
// the cache, rather than by a later walk over the whole tree. Policy
// objects are small, so comparing pairwise beats hashing; a large object
// uses a map to stay linear.
func (p *parser) noteDuplicateKeys(members []*Member) {
	if len(members) <= 16 {
		for i := 1; i < len(members); i++ {
			for _, m := range members[:i] {
				if m.Key.Value == members[i].Key.Value {
					p.f.DuplicateKeys = append(p.f.DuplicateKeys, members[i])
					break
				}
			}
		}
		return
	}
	if p.seenKeys == nil {
		p.seenKeys = make(map[string]bool, len(members))
	}
	clear(p.seenKeys)
	for _, m := range members {
		if p.seenKeys[m.Key.Value] {
			p.f.DuplicateKeys = append(p.f.DuplicateKeys, m)
		}
		p.seenKeys[m.Key.Value] = true
	}
}

// parseMember parses a key (at p.pos) and whatever of ':' value follows.
// keyAlone reports a key directly followed by another key.
func (p *parser) parseMember(obj *Node) (m *Member, keyAlone bool) {
	m = p.newMember(obj)
	key := p.newNode(String, p.pos)
	m.Key, m.Start = key, key.Start
	if c := p.src[p.pos]; c == '"' || c == '\'' {
		p.parseString(key)
	} else {
		p.pos = p.wordEnd(p.pos, false)
		key.End = p.pos
		key.Value = p.str[key.Start:key.End]
		p.errorf(key.Start, key.End, "object key %s must be a string in double quotes", quoteText(p.src[key.Start:key.End]))
	}
	m.End = key.End
	p.skip()
	if p.pos < len(p.src) && (p.src[p.pos] == ':' || p.src[p.pos] == '=') {
		at := p.pos
		if p.src[at] == '=' {
			// HCL's and many languages' assignment, typed out of habit:
			// read as the colon it stands for (Colon stays -1, as there is
			// none).
			p.errorf(at, at+1, "expected ':' after object key, not '='")
		} else {
			m.Colon = at
		}
		p.pos++
		m.End = p.pos
		p.skip()
		if p.atValue() && !p.keyAhead() {
			m.Value = p.parseMemberValue()
			m.End = m.Value.End
			return m, false
		}
		p.errorf(at, at+1, "expected a value after %q", p.src[at])
		return m, p.atValue()
	}
	if p.atValue() && !p.keyAhead() {
		p.errorf(key.Start, key.End, "expected ':' after object key")
		m.Value = p.parseMemberValue()
		m.End = m.Value.End
		return m, false
	}
	p.errorf(key.Start, key.End, "expected ':' after object key")
	return m, p.atValue()
}

// parseMemberValue parses a member's value, telling an array that an
// object holds it.
func (p *parser) parseMemberValue() *Node {
	p.valueOfMember = true
	n := p.parseValue()
	p.valueOfMember = false
	return n
}

// atValue reports whether a value starts at p.pos.
func (p *parser) atValue() bool {
	if p.pos >= len(p.src) {
		return false
	}
	switch p.src[p.pos] {
	case '}', ']', ',', ':':
		return false
	}
	return true
}

// keyAhead reports whether a string or word at p.pos is followed by ':',
// which makes it a key rather than a value. It moves nothing.
func (p *parser) keyAhead() bool {
	if p.pos >= len(p.src) {
		return false
	}
	pos, nerr, ncom := p.pos, len(p.f.Errors), len(p.f.Comments)
	bare := false
	switch c := p.src[p.pos]; {
	case c == '"' || c == '\'':
		p.pos, _, _ = p.scanString(p.pos)
	case c == '-' || (c >= '0' && c <= '9') || c == ':' || class[c]&clDelim != 0:
		return false // numbers are values, never keys
	default:
		p.pos = p.wordEnd(p.pos, false)
		bare = true
	}
	p.skip()
	ok := p.pos < len(p.src) && p.src[p.pos] == ':'
	if ok && bare {
		// kms:Encrypt is one unquoted value; a bare key is followed by
		// its colon and then a separator, as in `Effect: "Allow"`.
		next := p.pos + 1
		ok = next >= len(p.src) || class[p.src[next]]&clDelim != 0
	}
	p.pos = pos
	p.f.Errors, p.f.Comments = p.f.Errors[:nerr], p.f.Comments[:ncom]
	return ok
}

func (p *parser) parseArray(arr *Node) {
	p.pos++ // '['
	inMember := p.valueOfMember
	p.elemOfArray, p.valueOfMember = false, false
	mark := len(p.elemBuf)
	expectElem := true
	lastComma := -1
	for {
		p.skip()
		if p.pos >= len(p.src) {
			p.errorf(arr.Start, arr.Start+1, "unclosed array: missing ']'")
			break
		}
		c := p.src[p.pos]
		if c == ']' {
			if expectElem && lastComma >= 0 {
				p.errorf(lastComma, lastComma+1, "trailing comma before ']'")
			}
			p.pos++
			arr.Closed = true
			break
		}
		if c == '}' {
			if p.openObjects > 0 { // it closes an enclosing object
				p.errorf(p.pos, p.pos+1, "expected ']' to close the array before '}'")
				break
			}
			p.errorf(p.pos, p.pos+1, "unexpected '}'")
			p.pos++
			continue
		}
		if c == ',' {
			if expectElem {
				p.errorf(p.pos, p.pos+1, "expected a value before ','")
			}
			expectElem, lastComma = true, p.pos
			p.pos++
			continue
		}
		if c == ':' {
			p.errorf(p.pos, p.pos+1, "unexpected ':'")
			p.pos++
			continue
		}
		p.elemOfArray = true
		e := p.parseValue()
		p.elemOfArray = false
		if inMember && e.Kind == String && e.Closed && p.colonFollows() {
			// "key": in a list that is a member's value: the list was not
			// closed, and the next member of the object starts.
			p.errorf(e.Start, e.End, "expected ']' to close the list before the member \"%s\"", e.Value)
			p.pos = e.Start
			if expectElem && lastComma >= 0 {
				p.pos = lastComma // the comma is the object's again
			}
			break
		}
		if !expectElem {
			p.errorf(e.Start, e.End, "expected ',' or ']' after array element")
		}
		p.elemBuf = append(p.elemBuf, e)
		expectElem = false
	}
	arr.End = p.pos
	if elems := p.keepElems(p.elemBuf[mark:]); elems != nil {
		arr.kids = p.newChildren()
		arr.kids.elems = elems
	}
	p.elemBuf = p.elemBuf[:mark]
}

// closingQuote reports whether the quote at i ends a value: what follows
// it is a comma, a closing bracket, white space or the end.
func closingQuote(src []byte, i int) bool {
	if i+1 >= len(src) {
		return true
	}
	switch src[i+1] {
	case ',', ']', '}', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// colonFollows reports whether ':' comes next, after white space only.
func (p *parser) colonFollows() bool {
	for i := p.pos; i < len(p.src); i++ {
		switch p.src[i] {
		case ' ', '\t', '\r', '\n':
		case ':':
			return true
		default:
			return false
		}
	}
	return false
}

// wordEnd returns the end of the bare word starting at i: it runs to
// whitespace, a bracket, comma, quote or comment, and in keys to ':' too.
// Values keep inner colons so that an unquoted kms:Encrypt stays one word.
func (p *parser) wordEnd(i int, colonInWord bool) int {
	start := i
	for ; i < len(p.src); i++ {
		c := p.src[i]
		if class[c]&clDelim != 0 {
			break
		}
		if c == ':' && (!colonInWord || i+1 >= len(p.src) || class[p.src[i+1]]&clDelim != 0) {
			break // a trailing colon is punctuation, not part of the word
		}
		if c == '/' && i > start && i+1 < len(p.src) && (p.src[i+1] == '/' || p.src[i+1] == '*') {
			break
		}
	}
	if i == start { // cannot happen for callers' input, but never stall
		i++
	}
	return i
}

// parseWord reads a number, literal or stray word at p.pos into n.
func (p *parser) parseWord(n *Node) {
	end := p.wordEnd(p.pos, true)
	n.End = end
	p.pos = end
	w := p.str[n.Start:end]
	n.Value = w
	switch w {
	case "true":
		n.Kind = True
		return
	case "false":
		n.Kind = False
		return
	case "null":
		n.Kind = Null
		return
	}
	if c := w[0]; c == '-' || (c >= '0' && c <= '9') {
		if validNumber(w) {
			n.Kind = Number
			return
		}
		p.errorf(n.Start, end, "invalid number %s", quoteText(p.src[n.Start:end]))
		return
	}
	if end < len(p.src) && p.src[end] == '"' && closingQuote(p.src, end) {
		// kms:Decrypt" : a string whose opening quote is missing. The word
		// takes its closing quote, so that the quote opens no string that
		// would swallow what follows; it stays an Invalid node, as a String
		// starts with its quote.
		n.End, p.pos = end+1, end+1
		n.Value = p.str[n.Start:n.End]
		p.errorf(n.Start, n.End, "missing opening quote: strings must be in double quotes")
		return
	}
	p.errorf(n.Start, end, "unexpected %s: strings must be in double quotes", quoteText(p.src[n.Start:end]))
}

// validNumber checks JSON's number grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// String scan flags.
const (
	strEscape  = 1 << iota // holds a backslash
	strControl             // holds a raw control character
	strHigh                // holds a byte >= 0x80
)

// scanString finds the end of the string whose quote is at start. A string
// without its closing quote stops before the end of its line.
func (p *parser) scanString(start int) (end int, closed bool, flags int) {
	q := p.src[start]
	i := start + 1
	for i < len(p.src) {
		c := p.src[i]
		if class[c]&clStrStop == 0 {
			i++
			continue
		}
		switch {
		case c == q:
			return i + 1, true, flags
		case c == '\\':
			flags |= strEscape
			i++
			if i < len(p.src) && p.src[i] != '\n' && p.src[i] != '\r' {
				i++
			}
		case c == '\n' || c == '\r':
			return i, false, flags
		case c < 0x20:
			flags |= strControl
			i++
		case c >= 0x80:
			flags |= strHigh
			i++
		default: // the other quote character
			i++
		}
	}
	return i, false, flags
}

func (p *parser) parseString(n *Node) {
	start := p.pos
	end, closed, flags := p.scanString(start)
	wrapped := false
	if !closed && p.src[start] == '"' {
		if e, ok := p.wrappedString(end); ok {
			end, closed, wrapped = e, true, true
			flags |= strControl
		}
	}
	p.pos = end
	n.End, n.Closed, n.Quote = end, closed, p.src[start]
	contentEnd := end
	if closed {
		contentEnd--
	}
	if n.Quote == '\'' {
		p.errorf(start, end, "strings must be in double quotes, not single quotes")
	}
	if wrapped {
		p.errorf(start, end, "line break inside a string: the string goes on on the next line, which JSON does not allow. Join the two lines (or write \\n)")
		p.quietControl = true
	}
	if !closed {
		if end < len(p.src) {
			p.errorf(start, end, "unclosed string: missing closing quote before the end of the line")
		} else {
			p.errorf(start, end, "unclosed string: missing closing quote before the end of the document")
		}
	}
	content := p.str[start+1 : contentEnd]
	if flags&(strEscape|strControl) == 0 && (flags&strHigh == 0 || utf8.ValidString(content)) {
		n.Value = content
		return
	}
	n.Value = p.decode(start+1, contentEnd, n.Quote)
	p.quietControl = false
}

// wrappedString reports whether a string left unclosed at the line break at
// eol goes on at the start of the next line: a word with no spaces and no
// JSON punctuation, then the closing quote, as when a long line was cut in
// two ("kms:Describ⏎eKey"). It returns the offset after that quote.
// A next line that starts with white space or punctuation is JSON again,
// as when the user is still typing the string.
func (p *parser) wrappedString(eol int) (int, bool) {
	i := eol
	if i < len(p.src) && p.src[i] == '\r' {
		i++
	}
	if i < len(p.src) && p.src[i] == '\n' {
		i++
	}
	if i == eol {
		return 0, false
	}
	for j := i; j < len(p.src); j++ {
		switch c := p.src[j]; c {
		case '"':
			return j + 1, j > i
		case ' ', '\t', '\r', '\n', '[', ']', '{', '}', ',', ':', '\\', '\'':
			return 0, false
		}
	}
	return 0, false
}

// decode resolves the escapes of the string content src[start:end],
// reporting bad ones, and replaces invalid UTF-8 with U+FFFD as
// encoding/json does.
func (p *parser) decode(start, end int, quote byte) string {
	var b strings.Builder
	b.Grow(end - start)
	controlSeen := false
	for i := start; i < end; {
		c := p.src[i]
		switch {
		case c == '\\':
			at := b.Len()
			next := p.decodeEscape(&b, i, end, quote)
			p.noteEscape(at, b.Len(), i, next)
			i = next
		case c < 0x20:
			if !controlSeen && !p.quietControl {
				p.errorf(i, i+1, "control character U+%04X in string must be escaped", c)
				controlSeen = true
			}
			b.WriteByte(c)
			i++
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			i++
		default:
			r, size := utf8.DecodeRune(p.src[i:end])
			at := b.Len()
			b.WriteRune(r) // RuneError for an invalid byte
			if r == utf8.RuneError && size == 1 {
				p.noteEscape(at, b.Len(), i, i+1)
			}
			i += size
		}
	}
	return b.String()
}

// noteEscape records, when asked to, that the source bytes [from, to)
// became the decoded bytes [at, atEnd).
func (p *parser) noteEscape(at, atEnd, from, to int) {
	if p.escapes != nil {
		*p.escapes = append(*p.escapes, Escape{Decoded: text.Span{Start: at, End: atEnd}, Source: text.Span{Start: from, End: to}})
	}
}

// decodeEscape decodes the escape at src[i] == '\\' and returns the offset
// after it. A bad escape is reported and kept as written.
func (p *parser) decodeEscape(b *strings.Builder, i, end int, quote byte) int {
	if i+1 >= end {
		p.errorf(i, i+1, "incomplete escape sequence at the end of the string")
		b.WriteByte('\\')
		return i + 1
	}
	c := p.src[i+1]
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		return p.decodeUnicode(b, i, end)
	default:
		if c == '\'' && quote == '\'' {
			b.WriteByte(c)
			break
		}
		_, size := utf8.DecodeRune(p.src[i+1 : end])
		p.errorf(i, i+1+size, "invalid escape sequence %s", quoteText(p.src[i:i+1+size]))
		b.Write(p.src[i : i+1+size])
		return i + 1 + size
	}
	return i + 2
}

// decodeUnicode decodes \uXXXX at src[i], joining a surrogate pair. A lone
// surrogate becomes U+FFFD, as in encoding/json.
func (p *parser) decodeUnicode(b *strings.Builder, i, end int) int {
	r, ok := p.hex4(i, end)
	if !ok {
		stop := min(i+6, end)
		p.errorf(i, stop, "invalid unicode escape %s: expected 4 hex digits", quoteText(p.src[i:stop]))
		b.WriteString(p.str[i : i+2])
		return i + 2
	}
	i += 6
	if r >= 0xD800 && r < 0xDC00 {
		if lo, ok := p.hex4(i, end); ok && lo >= 0xDC00 && lo < 0xE000 {
			b.WriteRune((r-0xD800)<<10 + (lo - 0xDC00) + 0x10000)
			return i + 6
		}
		r = utf8.RuneError
	} else if r >= 0xDC00 && r < 0xE000 {
		r = utf8.RuneError
	}
	b.WriteRune(r)
	return i
}

// hex4 reads the XXXX of a \uXXXX escape at src[i].
func (p *parser) hex4(i, end int) (rune, bool) {
	if i+6 > end || p.src[i] != '\\' || p.src[i+1] != 'u' {
		return 0, false
	}
	return HexRune(p.src[i+2 : i+6])
}

// HexRune reads the rune written as hex digits in s (the XXXX of a \uXXXX
// escape, in JSON, YAML and HCL strings alike); ok is false when a
// character is not a hex digit.
func HexRune[S ~string | ~[]byte](s S) (r rune, ok bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// quoteText quotes a piece of source for an error message, shortened. Plain
// text is shown as written; anything odd in it is escaped Go-style.
func quoteText(b []byte) string {
	const limit = 32
	suffix := ""
	if len(b) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		b, suffix = b[:cut], "…"
	}
	if utf8.Valid(b) && !slices.ContainsFunc(b, func(c byte) bool { return c < 0x20 || c == '"' || c == 0x7f }) {
		return `"` + string(b) + `"` + suffix
	}
	return fmt.Sprintf("%q", b) + suffix
}

func kindName(c byte) string {
	if c == '{' {
		return "an object"
	}
	return "an array"
}
