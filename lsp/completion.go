package lsp

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/completion"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Completion is answered in two steps, as LSP allows: the list carries what
// an editor needs to show, filter, sort and insert each proposal (label,
// kind, the edit, and a short detail for a client that will not ask for
// the rest), and completionItem/resolve sends a proposal's documentation
// and whole detail when the user selects it. The busiest places propose
// 150 condition operators or 100 condition keys; with their documentation
// the list was 70–120 KB, and encoding it 85% of the request's time.
//
// The list is encoded here by hand (encodeCompletionList), in as few bytes
// as the client allows (item defaults, quotes left out of the edit; see
// trimQuotes). The parts of a proposal that never change (label, kind,
// detail, tags) are encoded once per catalog entry and copied into every
// list. An item's kind and label name its catalog entry for resolve; data
// is sent only for the few whose kind and label two entries share.

// completionClient is what the client said it accepts.
type completionClient struct {
	snippets bool // snippet syntax in insert texts
	// resolvesDetail: the client asks for an item's detail with
	// completionItem/resolve when the item is selected (VS Code shows the
	// detail of the selected item only), so the list need not carry it.
	resolvesDetail bool
	// editRange and formatDefault: the list may carry one edit range and
	// one insert text format for its items (LSP 3.17 itemDefaults).
	editRange, formatDefault bool
}

func (s *Server) completion(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p positionParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	sn := s.snapshotFor(p.TextDocument.URI)
	client := s.completionClient.Load()
	return sn, func(ctx context.Context) (any, error) {
		if sn == nil {
			return emptyCompletionList, nil
		}
		res, err := sn.get(ctx)
		if err != nil || res.Doc == nil {
			return emptyCompletionList, err
		}
		offset, err := res.Doc.Lines.Offset(text.Position{Line: p.Position.Line, Character: p.Position.Character})
		if err != nil {
			return emptyCompletionList, nil // the client's view of the text is ahead of or behind ours
		}
		ip := proposals.Get().(*[]completion.Item)
		items := res.Doc.AppendCompletions((*ip)[:0], offset)
		listed, incomplete := shortList(res.Doc.Src, offset, items)
		r := newResult()
		r.buf = encodeCompletionList(r.buf, res.Doc.Src, res.Doc.Lines, offset, listed, client, incomplete)
		clear(items) // drop the strings
		*ip = items[:0]
		proposals.Put(ip)
		return r, nil
	}, nil
}

// maxListed is how many proposals one reply carries. With every AWS
// service, an empty action string has over 500 (each service's prefix),
// which would make the reply 90 KB; the reply then carries the proposals
// that start with what is typed, the first maxListed in the client's
// order, and says it is incomplete, so that the client asks again as the
// user types.
const maxListed = 100

// shortList cuts a long list of proposals down to maxListed (see there);
// incomplete reports whether it left any out. It reorders items.
func shortList(src []byte, cursor int, items []completion.Item) (listed []completion.Item, incomplete bool) {
	if len(items) <= maxListed {
		return items, false
	}
	start := min(max(items[0].Edit.Start, 0), cursor, len(src))
	typed := strings.ToLower(strings.TrimLeft(string(src[start:cursor]), `"' `))
	kept := items[:0]
	for _, it := range items {
		if strings.HasPrefix(strings.ToLower(it.Label), typed) {
			kept = append(kept, it)
		}
	}
	if len(kept) > maxListed {
		slices.SortStableFunc(kept, func(a, b completion.Item) int {
			return cmp.Or(strings.Compare(a.SortText, b.SortText), strings.Compare(a.Label, b.Label))
		})
		kept = kept[:maxListed]
	}
	return kept, true
}

// proposals are the analysis's proposals, reused across requests: the
// busiest places make 150 of them, 25 KB.
var proposals = sync.Pool{New: func() any { return new([]completion.Item) }}

var emptyCompletionList = rawResult([]byte(`{"isIncomplete":false,"items":[]}`))

var completionKinds = map[completion.ItemKind]protocol.CompletionItemKind{
	completion.KindElement:  protocol.CompletionItemKindProperty,
	completion.KindValue:    protocol.CompletionItemKindValue,
	completion.KindAction:   protocol.CompletionItemKindFunction,
	completion.KindOperator: protocol.CompletionItemKindOperator,
	completion.KindKey:      protocol.CompletionItemKindField,
	completion.KindSnippet:  protocol.CompletionItemKindSnippet,
}

// wireItem is a proposal's edit as sent: the quotes the user typed that
// the proposal writes again are left out of the replaced range (see
// trimQuotes), and a snippet becomes plain text for a client without
// snippets.
type wireItem struct {
	span    text.Span
	newText string
	filter  string // "" when it is the label
	snippet bool
}

func toWireItem(src []byte, cursor int, it *completion.Item, snippets bool) wireItem {
	w := wireItem{span: it.Edit.Span, newText: it.Edit.NewText, filter: it.FilterText, snippet: it.Snippet}
	if w.snippet && !snippets {
		w.newText, w.snippet = stripSnippet(w.newText), false
	}
	w.trimQuotes(src, cursor)
	// An editor matches the filter text against what is typed between
	// the start of the range and the cursor. The label serves when it
	// matches that, or when nothing is typed there (a range that starts at
	// the cursor, whose quoted filter text would not match what is typed next).
	if w.filter == it.Label || w.span.Start == cursor {
		w.filter = ""
	}
	return w
}

// trimQuotes leaves out of the edit an opening quote that is both in the
// text it replaces and at the start of the new text, and likewise a
// closing quote after the cursor: the same edit, in fewer bytes. The
// range then starts where the word does, so an editor filters on the
// word itself and the label serves as the filter text; and when the new
// text is the label, a list with a default range need not send it. The
// quote is `"`, or `\"` in a policy held in a JSON string (not in a
// snippet, where a backslash may start an escape).
func (w *wireItem) trimQuotes(src []byte, cursor int) {
	if w.span.Start < 0 || w.span.End > len(src) {
		return
	}
	old := src[w.span.Start:w.span.End]
	if q := quoteAt(old, w.newText, w.snippet, true); q > 0 && w.span.Start+q <= cursor {
		old = old[q:]
		w.span.Start += q
		w.newText = w.newText[q:]
		// The filter text was the label in quotes ("kms:Decrypt").
		if f, ok := strings.CutPrefix(w.filter, `"`); ok {
			w.filter = strings.TrimSuffix(f, `"`)
		}
	}
	if q := quoteAt(old, w.newText, w.snippet, false); q > 0 && w.span.End-q >= cursor &&
		!(len(w.newText) > q && w.newText[len(w.newText)-q-1] == '\\') {
		w.span.End -= q
		w.newText = w.newText[:len(w.newText)-q]
	}
}

// quoteAt returns the length of the quote both old and newText start with
// (or end with), 0 for none: `"`, or `\"` outside a snippet.
func quoteAt(old []byte, newText string, snippet, start bool) int {
	at := func(n int) (byte, byte, bool) {
		if len(old) < n || len(newText) < n {
			return 0, 0, false
		}
		if start {
			return old[n-1], newText[n-1], true
		}
		return old[len(old)-n], newText[len(newText)-n], true
	}
	quote := 1
	if start {
		if a, b, ok := at(1); !ok || a != b || (a != '"' && a != '\\') {
			return 0
		}
		if old[0] == '"' {
			return 1
		}
		quote = 2 // a backslash: the quote must follow
		if a, b, ok := at(2); snippet || !ok || a != '"' || b != '"' {
			return 0
		}
		return quote
	}
	if a, b, ok := at(1); !ok || a != '"' || b != '"' {
		return 0
	}
	if a, b, ok := at(2); ok && a == '\\' && b == '\\' {
		if snippet {
			return 0
		}
		quote = 2
	}
	return quote
}

// encodeCompletionList appends the CompletionList of items to b: their
// wire forms first, to find the range and format most of them share for
// the list's item defaults.
func encodeCompletionList(b []byte, src []byte, lines *text.LineIndex, cursor int, items []completion.Item, client *completionClient, incomplete bool) []byte {
	wp := wireItems.Get().(*[]wireItem)
	wire := (*wp)[:0]
	for i := range items {
		wire = append(wire, toWireItem(src, cursor, &items[i], client.snippets))
	}
	defer func() {
		clear(wire) // drop the strings
		*wp = wire[:0]
		wireItems.Put(wp)
	}()
	var defRange *text.Span
	defSnippet := false
	if len(items) > 0 && (client.editRange || client.formatDefault) {
		span, snippets := listDefaults(wire)
		if client.editRange {
			defRange = &span
		}
		defSnippet = client.formatDefault && 2*snippets > len(items)
	}
	conv := rangeCache{lines: lines}
	if incomplete {
		b = append(b, `{"isIncomplete":true`...)
	} else {
		b = append(b, `{"isIncomplete":false`...)
	}
	if defRange != nil || defSnippet {
		b = append(b, `,"itemDefaults":{`...)
		if defRange != nil {
			b = appendField(b, "editRange")
			b = conv.append(b, *defRange)
		}
		if defSnippet {
			b = appendField(b, "insertTextFormat")
			b = appendInt(b, int(protocol.InsertTextFormatSnippet))
		}
		b = append(b, '}')
	}
	b = append(b, `,"items":[`...)
	most := 0
	for i := range items {
		most = max(most, items[i].Entry)
	}
	cat := completionEntries(most)
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCompletionItem(b, &items[i], &wire[i], cat, defRange, defSnippet, client.resolvesDetail, &conv)
	}
	return append(b, `]}`...)
}

// wireItems are reused across requests: a list at the busiest places
// holds 150 of them.
var wireItems = sync.Pool{New: func() any { return new([]wireItem) }}

// listDefaults returns the range most items share (all of them at most
// places; at a few, quotes trimmed from some edits and not others make
// two) and how many items are snippets.
func listDefaults(wire []wireItem) (text.Span, int) {
	var first, other text.Span
	n, m, snips := 0, 0, 0
	for i := range wire {
		w := &wire[i]
		if w.snippet {
			snips++
		}
		switch {
		case n == 0 || w.span == first:
			first = w.span
			n++
		case m == 0 || w.span == other:
			other = w.span
			m++
		}
	}
	if m > n {
		return other, snips
	}
	return first, snips
}

func appendCompletionItem(b []byte, it *completion.Item, w *wireItem, cat *completionCatalog, defRange *text.Span, defSnippet, resolvesDetail bool, conv *rangeCache) []byte {
	var entry *completionEntry
	if e := it.Entry; e > 0 && e < len(cat.entries) && cat.entries[e].label == it.Label {
		entry = &cat.entries[e]
	}
	switch {
	case entry != nil && resolvesDetail:
		b = append(b, entry.bare...)
	case entry != nil:
		b = append(b, entry.start...)
	default:
		b = appendItemStatic(b, it.Label, it.Kind, it.Detail, it.Deprecated) // no entry to resolve the rest from
	}
	b = appendField(b, "sortText")
	b = appendString(b, it.SortText)
	if w.filter != "" {
		b = appendField(b, "filterText")
		b = appendString(b, w.filter)
	}
	if w.snippet != defSnippet {
		b = appendField(b, "insertTextFormat")
		format := protocol.InsertTextFormatPlainText
		if w.snippet {
			format = protocol.InsertTextFormatSnippet
		}
		b = appendInt(b, int(format))
	}
	switch {
	case defRange == nil || w.span != *defRange:
		b = appendField(b, "textEdit")
		b = append(b, `{"range":`...)
		b = conv.append(b, w.span)
		b = appendField(b, "newText")
		b = entry.appendText(b, w.newText)
		b = append(b, '}')
	case w.newText != it.Label:
		b = appendField(b, "textEditText")
		b = entry.appendText(b, w.newText)
	}
	// Data names the entry for resolve where the kind and label do not;
	// 0 for no entry, where they might name one.
	switch {
	case entry != nil && !entry.byName:
		b = appendField(b, "data")
		b = appendInt(b, it.Entry)
	case entry == nil && cat.byName[itemName{completionKinds[it.Kind], it.Label}] != 0:
		b = append(b, `,"data":0`...)
	}
	return append(b, '}')
}

// appendItemStatic appends the start of an item: `{"label":…,"kind":…`
// with its detail and deprecation, without the closing brace.
func appendItemStatic(b []byte, label string, kind completion.ItemKind, detail string, deprecated bool) []byte {
	b = append(b, `{"label":`...)
	b = appendString(b, label)
	b = appendField(b, "kind")
	b = appendInt(b, int(completionKinds[kind]))
	if detail != "" {
		b = appendField(b, "detail")
		b = appendString(b, detail)
	}
	if deprecated {
		b = append(b, `,"tags":[1],"deprecated":true`...)
	}
	return b
}

// completionEntry is a catalog entry's proposal, encoded once: the start
// of its item (appendItemStatic) and, for resolve, its detail and
// documentation.
type completionEntry struct {
	label    string
	start    []byte // `{"label":…,"kind":…,"detail":summary…`
	bare     []byte // the same without the detail
	resolved []byte // `"detail":…,"documentation":{…}`
	// byName: the item's kind and label name this entry and no other, so
	// the item needs no data for resolve to find it.
	byName bool
	// text is the last inserted text encoded for this entry: the same
	// place asks again as the user types, and a text such as
	// `StringEquals": {"$0"}` costs more to escape than to compare.
	text atomic.Pointer[encodedText]
}

type encodedText struct {
	text string
	json []byte
}

// appendText appends s as a JSON string, from e's cache when it holds s;
// e may be nil (no entry: encoded each time).
func (e *completionEntry) appendText(b []byte, s string) []byte {
	if e == nil {
		return appendString(b, s)
	}
	if c := e.text.Load(); c != nil && c.text == s {
		return append(b, c.json...)
	}
	start := len(b)
	b = appendString(b, s)
	e.text.Store(&encodedText{text: s, json: slices.Clone(b[start:])})
	return b
}

// itemName is what a client sends back of an item that names its entry.
type itemName struct {
	kind  protocol.CompletionItemKind
	label string
}

// completionCatalog holds the encoded entries, indexed by
// completion.Item.Entry, and which entry each item name stands for.
type completionCatalog struct {
	entries []completionEntry
	byName  map[itemName]int // 0 for a name two entries share
}

// completionEntries returns the catalog of the completion entries known
// now, made at first use: a few hundred, and more as other services'
// proposals are first made (completion registers those when a request
// first needs them). A list naming an entry the catalog does not have yet
// has it made again, once per such growth; earlier catalogs stay valid for
// the lists encoded with them.
func completionEntries(need ...int) *completionCatalog {
	c := catalogNow.Load()
	if c != nil && (len(need) == 0 || need[0] < len(c.entries)) {
		return c
	}
	catalogMu.Lock()
	defer catalogMu.Unlock()
	if c = catalogNow.Load(); c == nil || len(need) > 0 && need[0] >= len(c.entries) {
		c = buildCompletionCatalog()
		catalogNow.Store(c)
	}
	return c
}

var (
	catalogNow atomic.Pointer[completionCatalog]
	catalogMu  sync.Mutex
)

func buildCompletionCatalog() *completionCatalog {
	c := &completionCatalog{entries: []completionEntry{{}}, byName: map[itemName]int{}}
	for e := 1; ; e++ {
		it, ok := completion.Resolve(e)
		if !ok {
			break
		}
		resolved := appendField(nil, "detail")
		resolved = appendString(resolved, it.Detail)
		resolved = append(resolved, ',')
		resolved = appendDocumentation(resolved, it.Doc)
		c.entries = append(c.entries, completionEntry{
			label:    it.Label,
			start:    appendItemStatic(nil, it.Label, it.Kind, it.Summary, it.Deprecated),
			bare:     appendItemStatic(nil, it.Label, it.Kind, "", it.Deprecated),
			resolved: resolved,
		})
		name := itemName{completionKinds[it.Kind], it.Label}
		if _, dup := c.byName[name]; dup {
			c.byName[name] = 0
		} else {
			c.byName[name] = e
		}
	}
	for _, e := range c.byName {
		if e > 0 {
			c.entries[e].byName = true
		}
	}
	return c
}

// entry returns the entry an item names: by data when it has some, else
// by its kind and label; nil for none.
func (c *completionCatalog) entry(p *resolveParams) *completionEntry {
	e := 0
	if len(p.Data) > 0 {
		n, err := strconv.Atoi(string(p.Data))
		if err != nil {
			return nil
		}
		e = n
		c = completionEntries(e)
	} else {
		e = c.byName[itemName{p.Kind, p.Label}]
	}
	if e <= 0 || e >= len(c.entries) || c.entries[e].label != p.Label {
		return nil
	}
	return &c.entries[e]
}

// appendDocumentation appends the documentation field of an item.
func appendDocumentation(b []byte, markdown string) []byte {
	b = append(b, `"documentation":{"kind":"markdown","value":`...)
	b = appendString(b, markdown)
	return append(b, '}')
}

// rangeCache converts spans to LSP ranges, remembering the last one: the
// proposals of one list share their range.
type rangeCache struct {
	lines *text.LineIndex
	span  text.Span
	enc   []byte
}

func (c *rangeCache) append(b []byte, s text.Span) []byte {
	if c.enc == nil || s != c.span {
		start, end := c.lines.Positions(s)
		c.span = s
		c.enc = appendRange(c.enc[:0], start.Line, start.Character, end.Line, end.Character)
	}
	return append(b, c.enc...)
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
				k := strings.Index(s[j+1:], "|}") // after the opening '|': "${1|}" has no choices
				if k < 0 {
					b.WriteString(s[i:])
					return b.String()
				}
				choices := s[j+1 : j+1+k]
				first, _, _ := strings.Cut(choices, ",")
				b.WriteString(first)
				i = j + 1 + k + 1
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

// resolveParams is the part of a CompletionItem that resolve reads; the
// rest is sent back as the client sent it.
type resolveParams struct {
	Label         string                      `json:"label"`
	Kind          protocol.CompletionItemKind `json:"kind"`
	Data          json.RawMessage             `json:"data"`
	Documentation json.RawMessage             `json:"documentation"`
}

// resolveCompletion answers completionItem/resolve: the item as the client
// sent it, with the detail and documentation of the catalog entry it names
// (see completionCatalog.entry). An item that names no entry, or that has
// documentation already, goes back unchanged.
func (s *Server) resolveCompletion(raw json.RawMessage) (*snapshot, func(context.Context) (any, error), error) {
	var p resolveParams
	if err := decodeParams(raw, &p); err != nil {
		return nil, nil, err
	}
	return nil, func(context.Context) (any, error) {
		return rawResult(resolveItem(raw, &p)), nil
	}, nil
}

func resolveItem(raw json.RawMessage, p *resolveParams) []byte {
	e := completionEntries().entry(p)
	if e == nil || len(p.Documentation) > 0 {
		return raw
	}
	b := make([]byte, 0, len(raw)+len(e.resolved)+2)
	b = append(b, '{')
	b = appendMembersExcept(b, raw, "detail")
	if len(b) > 1 {
		b = append(b, ',')
	}
	b = append(b, e.resolved...)
	return append(b, '}')
}
