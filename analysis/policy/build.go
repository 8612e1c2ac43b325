package policy

import "github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"

// Build makes the model of a parsed document. kind is the caller's explicit
// choice; KindAuto detects it: a policy whose statements name a Principal or
// NotPrincipal is a key policy (resource-based), otherwise an IAM policy.
func Build(f *jsonast.File, kind Kind) *Policy {
	return BuildLike(f, kind, nil)
}

// BuildLike is Build for a document like another one already modelled,
// such as its previous version: like's counts size the model's slabs, so
// that they hold what the model needs and little more. like may be nil.
func BuildLike(f *jsonast.File, kind Kind, like *Policy) *Policy {
	p := &Policy{File: f}
	if f != nil && f.Root != nil && f.Root.Kind == jsonast.Object {
		p.Root = f.Root
		b := newBuilder(f, like)
		b.readTop(p)
		p.counts = b.counts()
	}
	p.Kind = kind
	if kind == KindAuto {
		p.Kind, p.KindDetected = p.detectKind(), true
	}
	return p
}

// builder carves the model's parts out of a few slabs instead of
// allocating each one: the model is rebuilt on every keystroke, and a
// statement has dozens of small parts. Every slice handed out has its
// capacity capped at its length, so that appending to it copies rather
// than overwriting a neighbour; an empty one is nil, as append would leave
// it.
type builder struct {
	elements   slab[Element]
	values     slab[Value]
	lists      slab[List]
	principals slab[Principal]
	pentries   slab[PrincipalEntry]
	conditions slab[Condition]
	blocks     slab[ConditionBlock]
	entries    slab[ConditionEntry]
}

// modelCounts are how many parts of each kind a model holds.
type modelCounts [8]int

// newBuilder sizes the slabs from like's counts when there is a like
// model, scaled to the new text's length; otherwise from the number of
// statements, times what a statement usually holds.
func newBuilder(f *jsonast.File, like *Policy) *builder {
	var want modelCounts
	if like != nil && like.File != nil && len(like.File.Src) > 0 && like.counts != (modelCounts{}) {
		for i, n := range like.counts {
			want[i] = n*len(f.Src)/len(like.File.Src) + n/32 + 2
		}
	} else {
		stmts := max(statementCount(f.Root), 2)
		want = modelCounts{7 * stmts, 8 * stmts, 2 * stmts, stmts, stmts, stmts, stmts, 2 * stmts}
	}
	b := &builder{}
	b.elements.first, b.values.first, b.lists.first, b.principals.first = want[0], want[1], want[2], want[3]
	b.pentries.first, b.conditions.first, b.blocks.first, b.entries.first = want[4], want[5], want[6], want[7]
	return b
}

// statementCount is how many statements the top-level object's Statement
// member holds.
func statementCount(root *jsonast.Node) int {
	if m := root.Lookup("Statement"); m != nil && m.Value != nil {
		switch m.Value.Kind {
		case jsonast.Array:
			return len(m.Value.Elems())
		case jsonast.Object:
			return 1
		}
	}
	return 0
}

func (b *builder) counts() modelCounts {
	return modelCounts{b.elements.used, b.values.used, b.lists.used, b.principals.used, b.pentries.used,
		b.conditions.used, b.blocks.used, b.entries.used}
}

// slab hands out parts from blocks: the first of first parts, the next of
// a quarter of that (more is rarely needed: first comes from the real
// counts of a like model, or from the number of statements).
type slab[T any] struct {
	buf   []T
	first int
	used  int
}

// take returns n zero values, nil for n == 0.
func (s *slab[T]) take(n int) []T {
	if n == 0 {
		return nil
	}
	if cap(s.buf)-len(s.buf) < n {
		size := s.first
		if cap(s.buf) > 0 || s.used > 0 {
			size = max(s.first/4, 8)
		}
		s.buf = make([]T, 0, max(n, size))
	}
	s.used += n
	i := len(s.buf)
	s.buf = s.buf[:i+n]
	return s.buf[i : i+n : i+n]
}

func (s *slab[T]) one() *T { return &s.take(1)[0] }

func (b *builder) readTop(p *Policy) {
	p.Elements = b.elements.take(len(p.Root.Members()))
	for i, m := range p.Root.Members() {
		p.Elements[i] = Element{Name: m.Key.Value, Member: m}
		e := &p.Elements[i]
		switch e.Name {
		case "Version":
			p.VersionElem, p.Version = firstElem(p.VersionElem, e), b.firstString(p.Version, m)
		case "Id":
			p.IDElem, p.ID = firstElem(p.IDElem, e), b.firstString(p.ID, m)
		case "Statement":
			if p.StatementElem == nil {
				p.StatementElem = e
				p.Statements = b.readStatements(m.Value)
			}
		}
	}
}

// firstElem keeps the first of duplicate members: the duplicate-key check
// reports the rest, and the model must be stable while the user types.
func firstElem(have, e *Element) *Element {
	if have != nil {
		return have
	}
	return e
}

func (b *builder) firstString(have *Value, m *jsonast.Member) *Value {
	if have != nil {
		return have
	}
	if v := m.Value; v != nil && v.Kind == jsonast.String {
		val := b.values.one()
		*val = Value{Text: v.Value, Node: v}
		return val
	}
	return nil
}

func (b *builder) readStatements(n *jsonast.Node) []*Statement {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case jsonast.Object:
		s := &Statement{}
		b.readStatement(s, n, 0)
		return []*Statement{s}
	case jsonast.Array:
		count := 0
		for _, el := range n.Elems() {
			if el.Kind == jsonast.Object {
				count++
			}
		}
		if count == 0 {
			return nil
		}
		stmts := make([]Statement, count)
		out := make([]*Statement, 0, count)
		for i, el := range n.Elems() {
			if el.Kind == jsonast.Object {
				s := &stmts[len(out)]
				b.readStatement(s, el, i)
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Bits of the statement elements the model reads, to keep the first of
// duplicates (a set of names would cost a map per statement).
const (
	hasSid = 1 << iota
	hasEffect
	hasPrincipal
	hasNotPrincipal
	hasAction
	hasNotAction
	hasResource
	hasNotResource
	hasCondition
)

func elementBit(name string) int {
	switch name {
	case "Sid":
		return hasSid
	case "Effect":
		return hasEffect
	case "Principal":
		return hasPrincipal
	case "NotPrincipal":
		return hasNotPrincipal
	case "Action":
		return hasAction
	case "NotAction":
		return hasNotAction
	case "Resource":
		return hasResource
	case "NotResource":
		return hasNotResource
	case "Condition":
		return hasCondition
	}
	return 0
}

func (b *builder) readStatement(s *Statement, n *jsonast.Node, index int) {
	s.Node, s.Index = n, index
	s.Elements = b.elements.take(len(n.Members()))
	seen := 0
	for i, m := range n.Members() {
		s.Elements[i] = Element{Name: m.Key.Value, Member: m}
		bit := elementBit(m.Key.Value)
		if bit == 0 || seen&bit != 0 {
			continue
		}
		seen |= bit
		b.setElement(s, &s.Elements[i])
	}
}

func (b *builder) setElement(s *Statement, e *Element) {
	m := e.Member
	switch e.Name {
	case "Sid":
		s.SidElem, s.Sid = e, b.firstString(nil, m)
	case "Effect":
		s.EffectElem, s.Effect = e, b.firstString(nil, m)
	case "Principal":
		s.Principal = b.readPrincipal(e)
	case "NotPrincipal":
		s.NotPrincipal = b.readPrincipal(e)
	case "Action":
		s.Action = b.readList(e)
	case "NotAction":
		s.NotAction = b.readList(e)
	case "Resource":
		s.Resource = b.readList(e)
	case "NotResource":
		s.NotResource = b.readList(e)
	case "Condition":
		s.Condition = b.readCondition(e)
	}
}

// strings splits a value that may be one string or an array of strings.
func (b *builder) strings(n *jsonast.Node) (vals []Value, other []*jsonast.Node) {
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case jsonast.String:
		vals = b.values.take(1)
		vals[0] = Value{Text: n.Value, Node: n}
		return vals, nil
	case jsonast.Array:
		count := 0
		for _, el := range n.Elems() {
			if el.Kind == jsonast.String {
				count++
			}
		}
		vals = b.values.take(count)[:0]
		for _, el := range n.Elems() {
			if el.Kind == jsonast.String {
				vals = append(vals, Value{Text: el.Value, Node: el})
			} else {
				other = append(other, el)
			}
		}
		return vals, other
	}
	return nil, []*jsonast.Node{n}
}

func (b *builder) readList(e *Element) *List {
	l := b.lists.one()
	l.Element = *e
	l.Values, l.NonStrings = b.strings(e.Value())
	return l
}

func (b *builder) readPrincipal(e *Element) *Principal {
	p := b.principals.one()
	p.Element = *e
	v := e.Value()
	if v == nil {
		return p
	}
	switch v.Kind {
	case jsonast.String:
		p.Wildcard = b.values.one()
		*p.Wildcard = Value{Text: v.Value, Node: v}
	case jsonast.Object:
		p.Entries = b.pentries.take(len(v.Members()))
		for i, m := range v.Members() {
			pe := &p.Entries[i]
			pe.Type, pe.Member = m.Key.Value, m
			pe.Values, pe.NonStrings = b.strings(m.Value)
		}
	}
	return p
}

func (b *builder) readCondition(e *Element) *Condition {
	c := b.conditions.one()
	c.Element = *e
	v := e.Value()
	if v == nil || v.Kind != jsonast.Object {
		return c
	}
	c.Blocks = b.blocks.take(len(v.Members()))
	for i, m := range v.Members() {
		blk := &c.Blocks[i]
		blk.Operator, blk.Member = m.Key.Value, m
		if m.Value != nil && m.Value.Kind == jsonast.Object {
			blk.Entries = b.entries.take(len(m.Value.Members()))
			for j, km := range m.Value.Members() {
				b.readConditionEntry(&blk.Entries[j], km)
			}
		}
	}
	return c
}

func (b *builder) readConditionEntry(ce *ConditionEntry, m *jsonast.Member) {
	ce.Key, ce.Member = m.Key.Value, m
	v := m.Value
	if v == nil {
		return
	}
	one := [1]*jsonast.Node{v}
	elems := one[:]
	if v.Kind == jsonast.Array {
		ce.IsArray, elems = true, v.Elems()
	}
	count := 0
	for _, el := range elems {
		if scalar(el) {
			count++
		}
	}
	ce.Values = b.values.take(count)[:0]
	for _, el := range elems {
		if scalar(el) {
			ce.Values = append(ce.Values, Value{Text: el.Value, Node: el})
		} else {
			ce.NonScalars = append(ce.NonScalars, el)
		}
	}
}

// scalar reports whether a condition value is one IAM reads as text.
func scalar(n *jsonast.Node) bool {
	switch n.Kind {
	case jsonast.String, jsonast.Number, jsonast.True, jsonast.False:
		return true
	}
	return false
}

func (p *Policy) detectKind() Kind {
	for _, s := range p.Statements {
		if s.Principal != nil || s.NotPrincipal != nil {
			return KindKey
		}
	}
	return KindIAM
}

// Actions returns the statement's Action or NotAction list, whichever is
// present (Action first), and whether it is NotAction.
func (s *Statement) Actions() (*List, bool) {
	if s.Action != nil {
		return s.Action, false
	}
	return s.NotAction, s.NotAction != nil
}

// Allows reports whether the statement's Effect is Allow.
func (s *Statement) Allows() bool { return s.Effect != nil && s.Effect.Text == "Allow" }
