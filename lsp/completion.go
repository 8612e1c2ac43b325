package lsp

import (
	"context"
	"encoding/json"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/completion"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func (s *Server) completion(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p positionParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	snippets := s.snippets.Load()
	return sn, func(ctx context.Context) (any, error) {
		list := protocol.CompletionList{Items: []protocol.CompletionItem{}}
		if sn == nil {
			return list, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return list, err
		}
		offset, err := res.Doc.Lines.Offset(text.Position{Line: p.Position.Line, Character: p.Position.Character})
		if err != nil {
			return list, nil // the client's view of the text is ahead of or behind ours
		}
		for _, it := range res.Doc.Complete(offset) {
			list.Items = append(list.Items, toCompletionItem(res.Doc.Lines, it, snippets))
		}
		return list, nil
	}, nil
}

var completionKinds = map[completion.ItemKind]protocol.CompletionItemKind{
	completion.KindElement:  protocol.CompletionItemKindProperty,
	completion.KindValue:    protocol.CompletionItemKindValue,
	completion.KindAction:   protocol.CompletionItemKindFunction,
	completion.KindOperator: protocol.CompletionItemKindOperator,
	completion.KindKey:      protocol.CompletionItemKindField,
	completion.KindSnippet:  protocol.CompletionItemKindSnippet,
}

func toCompletionItem(lines *text.LineIndex, it completion.Item, snippets bool) protocol.CompletionItem {
	newText := it.Edit.NewText
	format := protocol.InsertTextFormatPlainText
	if it.Snippet {
		if snippets {
			format = protocol.InsertTextFormatSnippet
		} else {
			newText = stripSnippet(newText)
		}
	}
	out := protocol.CompletionItem{
		Label:            it.Label,
		Kind:             completionKinds[it.Kind],
		Detail:           it.Detail,
		SortText:         it.SortText,
		FilterText:       it.FilterText,
		InsertTextFormat: format,
		TextEdit:         &protocol.TextEdit{Range: toRange(lines, it.Edit.Span), NewText: newText},
	}
	if it.Doc != "" {
		out.Documentation = protocol.MarkupContent{Kind: protocol.Markdown, Value: it.Doc}
	}
	if it.Deprecated {
		out.Tags = []protocol.CompletionItemTag{protocol.CompletionItemTagDeprecated}
		out.Deprecated = true
	}
	return out
}

// stripSnippet turns LSP snippet syntax into plain text for clients that
// do not support snippets: "${1:name}" becomes "name", "$1" and "$0"
// vanish, and "\$" becomes "$".
func stripSnippet(s string) string {
	var b strings.Builder
	depth := 0 // open "${n:" placeholders
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`$}\`, s[i+1]) >= 0:
			i++
			b.WriteByte(s[i])
		case c == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			for i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				i++
			}
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			j := i + 2
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			switch {
			case j < len(s) && s[j] == ':': // ${1:text}: keep text
				depth++
				i = j
			case j < len(s) && s[j] == '}': // ${1}
				i = j
			case j < len(s) && s[j] == '|': // ${1|a,b|}: keep the first choice
				k := strings.Index(s[j:], "|}")
				if k < 0 {
					b.WriteString(s[i:])
					return b.String()
				}
				choices := s[j+1 : j+k]
				first, _, _ := strings.Cut(choices, ",")
				b.WriteString(first)
				i = j + k + 1
			default:
				b.WriteByte(c)
			}
		case c == '}' && depth > 0:
			depth--
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
