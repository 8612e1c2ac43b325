package policy

import "github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"

// Build makes the model of a parsed document. kind is the caller's explicit
// choice; KindAuto detects it: a policy whose statements name a Principal or
// NotPrincipal is a key policy (resource-based), otherwise an IAM policy.
func Build(f *jsonast.File, kind Kind) *Policy {
	p := &Policy{File: f}
	if f != nil && f.Root != nil && f.Root.Kind == jsonast.Object {
		p.Root = f.Root
		p.readTop()
	}
	p.Kind = kind
	if kind == KindAuto {
		p.Kind, p.KindDetected = p.detectKind(), true
	}
	return p
}

func (p *Policy) readTop() {
	for _, m := range p.Root.Members {
		e := Element{Name: m.Key.Value, Member: m}
		p.Elements = append(p.Elements, e)
		switch e.Name {
		case "Version":
			p.VersionElem, p.Version = firstElem(p.VersionElem, e), firstString(p.Version, m)
		case "Id":
			p.IDElem, p.ID = firstElem(p.IDElem, e), firstString(p.ID, m)
		case "Statement":
			if p.StatementElem == nil {
				ec := e
				p.StatementElem = &ec
				p.Statements = readStatements(m.Value)
			}
		}
	}
}

// firstElem keeps the first of duplicate members: the duplicate-key check
// reports the rest, and the model must be stable while the user types.
func firstElem(have *Element, e Element) *Element {
	if have != nil {
		return have
	}
	return &e
}

func firstString(have *Value, m *jsonast.Member) *Value {
	if have != nil {
		return have
	}
	if v := m.Value; v != nil && v.Kind == jsonast.String {
		return &Value{Text: v.Value, Node: v}
	}
	return nil
}

func readStatements(n *jsonast.Node) []*Statement {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case jsonast.Object:
		return []*Statement{readStatement(n, 0)}
	case jsonast.Array:
		var out []*Statement
		for i, el := range n.Elems {
			if el.Kind == jsonast.Object {
				out = append(out, readStatement(el, i))
			}
		}
		return out
	}
	return nil
}

func readStatement(n *jsonast.Node, index int) *Statement {
	s := &Statement{Node: n, Index: index}
	seen := map[string]bool{}
	for _, m := range n.Members {
		e := Element{Name: m.Key.Value, Member: m}
		s.Elements = append(s.Elements, e)
		if seen[e.Name] {
			continue
		}
		seen[e.Name] = true
		s.setElement(e)
	}
	return s
}

func (s *Statement) setElement(e Element) {
	m := e.Member
	switch e.Name {
	case "Sid":
		s.SidElem, s.Sid = &e, firstString(nil, m)
	case "Effect":
		s.EffectElem, s.Effect = &e, firstString(nil, m)
	case "Principal":
		s.Principal = readPrincipal(e)
	case "NotPrincipal":
		s.NotPrincipal = readPrincipal(e)
	case "Action":
		s.Action = readList(e)
	case "NotAction":
		s.NotAction = readList(e)
	case "Resource":
		s.Resource = readList(e)
	case "NotResource":
		s.NotResource = readList(e)
	case "Condition":
		s.Condition = readCondition(e)
	}
}

// strings splits a value that may be one string or an array of strings.
func strings(n *jsonast.Node) (vals []Value, other []*jsonast.Node) {
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case jsonast.String:
		return []Value{{Text: n.Value, Node: n}}, nil
	case jsonast.Array:
		for _, el := range n.Elems {
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

func readList(e Element) *List {
	l := &List{Element: e}
	l.Values, l.NonStrings = strings(e.Value())
	return l
}

func readPrincipal(e Element) *Principal {
	p := &Principal{Element: e}
	v := e.Value()
	if v == nil {
		return p
	}
	switch v.Kind {
	case jsonast.String:
		p.Wildcard = &Value{Text: v.Value, Node: v}
	case jsonast.Object:
		for _, m := range v.Members {
			pe := PrincipalEntry{Type: m.Key.Value, Member: m}
			pe.Values, pe.NonStrings = strings(m.Value)
			p.Entries = append(p.Entries, pe)
		}
	}
	return p
}

func readCondition(e Element) *Condition {
	c := &Condition{Element: e}
	v := e.Value()
	if v == nil || v.Kind != jsonast.Object {
		return c
	}
	for _, m := range v.Members {
		b := ConditionBlock{Operator: m.Key.Value, Member: m}
		if m.Value != nil && m.Value.Kind == jsonast.Object {
			for _, km := range m.Value.Members {
				b.Entries = append(b.Entries, readConditionEntry(km))
			}
		}
		c.Blocks = append(c.Blocks, b)
	}
	return c
}

func readConditionEntry(m *jsonast.Member) ConditionEntry {
	ce := ConditionEntry{Key: m.Key.Value, Member: m}
	v := m.Value
	if v == nil {
		return ce
	}
	elems := []*jsonast.Node{v}
	if v.Kind == jsonast.Array {
		ce.IsArray, elems = true, v.Elems
	}
	for _, el := range elems {
		switch el.Kind {
		case jsonast.String, jsonast.Number, jsonast.True, jsonast.False:
			ce.Values = append(ce.Values, Value{Text: el.Value, Node: el})
		default:
			ce.NonScalars = append(ce.NonScalars, el)
		}
	}
	return ce
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
