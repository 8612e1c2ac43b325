// Package outline lists a policy's structure for an editor's outline view:
// statements (by Sid) with their actions as children.
package outline

import (
	"strconv"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// SymbolKind says what a symbol is; the LSP adapter maps it.
type SymbolKind uint8

const (
	SymbolStatement SymbolKind = iota
	SymbolAction
	SymbolElement
)

// Symbol is one entry of the outline.
type Symbol struct {
	Name      string
	Detail    string
	Kind      SymbolKind
	Span      text.Span // the whole entry
	Selection text.Span // the part to select/reveal (e.g. the Sid value)
	Children  []Symbol
}

// Symbols returns the outline of a policy: one symbol per statement, named
// by its Sid ("Statement N", counting from 1, when it has none), with its
// Effect as detail. Its children are the actions (NotAction values carry
// the detail "NotAction") followed by the Principal, Resource and Condition
// elements it has, so that a long statement can be navigated.
func Symbols(pol *policy.Policy) []Symbol {
	if pol == nil {
		return nil
	}
	out := make([]Symbol, 0, len(pol.Statements))
	for _, s := range pol.Statements {
		out = append(out, statementSymbol(s))
	}
	return out
}

func statementSymbol(s *policy.Statement) Symbol {
	sym := Symbol{
		Name:      "Statement " + strconv.Itoa(s.Index+1),
		Kind:      SymbolStatement,
		Span:      s.Node.Span,
		Selection: text.Span{Start: s.Node.Start, End: s.Node.Start + 1}, // the opening brace
	}
	if s.Sid != nil && s.Sid.Text != "" {
		sym.Name, sym.Selection = s.Sid.Text, s.Sid.Node.Span
	}
	if s.Effect != nil {
		sym.Detail = s.Effect.Text
	}
	if l, not := s.Actions(); l != nil {
		detail := ""
		if not {
			detail = "NotAction"
		}
		for _, v := range l.Values {
			sym.Children = append(sym.Children, Symbol{Name: v.Text, Detail: detail, Kind: SymbolAction,
				Span: v.Node.Span, Selection: v.Node.Span})
		}
	}
	for _, e := range s.Elements {
		switch e.Name {
		case "Principal", "NotPrincipal", "Resource", "NotResource", "Condition":
			key := e.Member.Key.Span
			sym.Children = append(sym.Children, Symbol{Name: e.Name, Kind: SymbolElement,
				Span: e.Member.Span, Selection: key})
		}
	}
	return sym
}
