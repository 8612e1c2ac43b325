package lsp

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"go.lsp.dev/protocol"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/completion"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

func TestStripSnippet(t *testing.T) {
	for in, want := range map[string]string{
		`{"Sid": "${1:Name}", "Effect": "${2|Allow,Deny|}"}$0`: `{"Sid": "Name", "Effect": "Allow"}`,
		`"kms:${1}Decrypt"`:     `"kms:Decrypt"`,
		`\$1 costs \}`:          `$1 costs }`,
		`${1:outer ${2:inner}}`: `outer inner`,
		`{}`:                    `{}`,
		`$`:                     `$`,
		`${1|a,b`:               `${1|a,b`,
		// Each kills a mutant that survived (TESTING.md): several digits
		// after a letter, the digit 9, digits up to the end,
		// placeholders numbered 0 and 9.
		`a$12b`:   `ab`,
		`x$9y`:    `xy`,
		`${12`:    `${12`,
		`${0:a}b`: `ab`,
		`${9}x`:   `x`,
		// A choice with no choices panicked (the survivor at completion.go:108 in TESTING.md).
		`${1|}x`: `${1|}x`, // malformed: kept as written
		`${1||}`: ``,
	} {
		if got := stripSnippet(in); got != want {
			t.Errorf("stripSnippet(%q) = %q, want %q", in, got, want)
		}
	}
}

// completionPlaces are documents with every place completion knows left
// empty or half-typed, the way a user leaves them while typing: empty
// strings, member names without their colon, unclosed strings, an empty
// object, and a key policy held in a JSON string.
var completionPlaces = []string{
	`{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Principal": {"AWS": ""}, "Action": [""], "Resource": "*", "Condition": {"": {"": ""}, "StringEquals": {"": ""}}}]}`,
	`{"Statement": [{"Effect": "", "Principal": "", "Action": "", "NotAction": [""], "Resource": [""], "Condition": {""}}]}`,
	`{"Statement": [{"Principal": {""}, "Action": "kms:Decrypt", "Condition": {"StringEquals": {""}, "Bool": {"kms:GrantIsForAWSResource": ""}, "ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": [""]}}}, {""}, {}], ""}`,
	`{"Statement": [{"Principal": {"Service": "", "Federated": ""}, "Action": ["kms:Create", kms:De], "Resource": "arn:", "Condition": {}}]}`,
	"{\"Statement\": [{\"Action\": [\"kms:\n",
	"{\"Statement\": [{\"Condition\": {\"\n",
	`{"Statement": [{"Effect": Al, "Condition": {"StringEquals": {"kms:EncryptionContext:Dep": "x"}}, "Version": "2008-10-17"}]}`,
	`{"Resources": {"Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"\"], \"Resource\": \"*\"}]}"}}}}`,
}

// wireList is a CompletionList as sent, its items kept raw for resolve.
type wireList struct {
	IsIncomplete bool `json:"isIncomplete"`
	ItemDefaults *struct {
		EditRange        *protocol.Range `json:"editRange"`
		InsertTextFormat int             `json:"insertTextFormat"`
	} `json:"itemDefaults"`
	Items []json.RawMessage `json:"items"`
}

// wireCompletionItem is an item as sent, with every field the server
// writes.
type wireCompletionItem struct {
	Label            string                  `json:"label"`
	Kind             int                     `json:"kind"`
	Detail           *string                 `json:"detail"`
	Documentation    *protocol.MarkupContent `json:"documentation"`
	SortText         string                  `json:"sortText"`
	FilterText       *string                 `json:"filterText"`
	InsertTextFormat int                     `json:"insertTextFormat"`
	TextEdit         *protocol.TextEdit      `json:"textEdit"`
	TextEditText     *string                 `json:"textEditText"`
	Deprecated       bool                    `json:"deprecated"`
	Data             json.RawMessage         `json:"data"`
}

// edit is the item's edit as the client applies it: its own, or the list's
// range with its textEditText or label (LSP 3.17).
func (it *wireCompletionItem) edit(l *wireList) (protocol.Range, string, bool) {
	format := it.InsertTextFormat
	if format == 0 && l.ItemDefaults != nil {
		format = l.ItemDefaults.InsertTextFormat
	}
	snippet := format == int(protocol.InsertTextFormatSnippet)
	if it.TextEdit != nil {
		return it.TextEdit.Range, it.TextEdit.NewText, snippet
	}
	newText := it.Label
	if it.TextEditText != nil {
		newText = *it.TextEditText
	}
	return *l.ItemDefaults.EditRange, newText, snippet
}

// completionAt asks for completion at a byte offset.
func completionAt(t *testing.T, s *session, uri string, lines *text.LineIndex, off int) (wireList, json.RawMessage) {
	t.Helper()
	p := lines.Position(off)
	var raw json.RawMessage
	s.call(t, "textDocument/completion", lsptest.Position(uri, uint32(p.Line), uint32(p.Character)), &raw)
	var l wireList
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatalf("%s at %d: %v: %s", uri, off, err, raw)
	}
	return l, raw
}

// openPlaces starts a server for a client with the given capabilities and
// opens the place documents.
func openPlaces(t *testing.T, capabilities any) *session {
	t.Helper()
	s := newSession(t, nil)
	if _, err := s.client.InitializeWith(ctxT(t), capabilities, nil); err != nil {
		t.Fatal(err)
	}
	for d, src := range completionPlaces {
		s.open(t, placeURI(d), "json", 1, src)
		s.diagnostics(t, placeURI(d), 1)
	}
	return s
}

func placeURI(d int) string { return fmt.Sprintf("file:///places/%d.json", d) }

// forEachPlace calls f at every offset of every place document with the
// analysis's proposals there and the server's list.
func forEachPlace(t *testing.T, s *session, f func(d, off int, items []completion.Item, l wireList, raw json.RawMessage)) {
	t.Helper()
	for d, src := range completionPlaces {
		file := source.File{Name: placeURI(d), LanguageID: "json", Src: []byte(src)}
		doc := analysis.Analyze(analysis.Input{File: file}, analysis.Options{})
		for off := 0; off <= len(src); off++ {
			l, raw := completionAt(t, s, placeURI(d), doc.Lines, off)
			listed, incomplete := shortList([]byte(src), off, doc.Complete(off))
			if l.IsIncomplete != incomplete {
				t.Fatalf("document %d at %d: isIncomplete %v, the list was cut: %v", d, off, l.IsIncomplete, incomplete)
			}
			f(d, off, listed, l, raw)
		}
	}
}

// maxCompletionReply is the bound on a completion list at the busiest
// place for a client that reads item defaults and resolves the detail (VS
// Code), and for one that does neither. Issue 17 asks for 20 KB; the
// busiest place is a condition operator typed without its colon, 157
// proposals, each with the block that follows it.
const (
	maxCompletionReply      = 20 << 10
	maxCompletionReplyPlain = 40 << 10
)

func TestCompletionReplySize(t *testing.T) {
	for _, c := range []struct {
		name  string
		caps  any
		limit int
	}{{"vscode", lsptest.VSCodeCapabilities, maxCompletionReply}, {"plain", map[string]any{}, maxCompletionReplyPlain}} {
		t.Run(c.name, func(t *testing.T) {
			s := openPlaces(t, c.caps)
			var busiest struct{ d, off, size, items int }
			forEachPlace(t, s, func(d, off int, items []completion.Item, l wireList, raw json.RawMessage) {
				if len(raw) > busiest.size {
					busiest.d, busiest.off, busiest.size, busiest.items = d, off, len(raw), len(l.Items)
				}
			})
			src := completionPlaces[busiest.d]
			t.Logf("busiest place: document %d at %d (%q|%q): %d bytes, %d proposals", busiest.d, busiest.off,
				src[max(0, busiest.off-16):busiest.off], src[busiest.off:min(len(src), busiest.off+4)], busiest.size, busiest.items)
			if busiest.items < 100 {
				t.Fatalf("the busiest place has %d proposals: the places no longer reach the long lists", busiest.items)
			}
			if busiest.size > c.limit {
				t.Errorf("completion reply of %d bytes, over the bound of %d", busiest.size, c.limit)
			}
		})
	}
}

// TestCompletionWireEdits: what a client makes of each item (its edit
// after defaults and trimmed quotes, its filter text, its format) is what
// the analysis proposed, and the list carries no documentation.
func TestCompletionWireEdits(t *testing.T) {
	for _, c := range []struct {
		name string
		caps any
	}{{"vscode", lsptest.VSCodeCapabilities}, {"plain", map[string]any{}}, {"snippets", nil}} {
		t.Run(c.name, func(t *testing.T) {
			caps := c.caps
			if caps == nil {
				caps = map[string]any{"textDocument": map[string]any{"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": true}}}}
			}
			s := openPlaces(t, caps)
			forEachPlace(t, s, func(d, off int, items []completion.Item, l wireList, raw json.RawMessage) {
				src := []byte(completionPlaces[d])
				lines := text.NewLineIndex(src)
				if len(l.Items) != len(items) {
					t.Fatalf("document %d at %d: %d items sent for %d proposals", d, off, len(l.Items), len(items))
				}
				sent := make([]wireCompletionItem, len(l.Items))
				for i, rawItem := range l.Items {
					it := &sent[i]
					if err := json.Unmarshal(rawItem, it); err != nil {
						t.Fatal(err)
					}
					want := items[i]
					where := fmt.Sprintf("document %d at %d, %q", d, off, want.Label)
					if it.Label != want.Label || it.SortText != want.SortText || it.Deprecated != want.Deprecated {
						t.Fatalf("%s: sent %s", where, rawItem)
					}
					if it.Documentation != nil {
						t.Errorf("%s: documentation in the list: %s", where, rawItem)
					}
					checkWireEdit(t, where, src, lines, off, &l, it, want, c.name == "plain")
					if it.Data != nil && !sharedName(want) {
						t.Errorf("%s: data %s for a kind and label no other entry has", where, it.Data)
					}
				}
				checkListDefaults(t, fmt.Sprintf("document %d at %d", d, off), lines, off, &l, sent)
			})
		})
	}
}

// checkListDefaults: the list's default range holds the cursor, and the
// defaults are those most items have: no other range is shared by more
// items, and at most half the items carry a format of their own.
func checkListDefaults(t *testing.T, where string, lines *text.LineIndex, cursor int, l *wireList, items []wireCompletionItem) {
	t.Helper()
	if l.ItemDefaults == nil {
		return
	}
	if r := l.ItemDefaults.EditRange; r != nil {
		start, err1 := lines.Offset(text.Position{Line: int(r.Start.Line), Character: int(r.Start.Character)})
		end, err2 := lines.Offset(text.Position{Line: int(r.End.Line), Character: int(r.End.Character)})
		if err1 != nil || err2 != nil || start > cursor || end < cursor {
			t.Fatalf("%s: default range %v does not hold the cursor", where, *r)
		}
	}
	ranges := map[protocol.Range]int{}
	withDefault, ownFormat := 0, 0
	for i := range items {
		if items[i].TextEdit != nil {
			ranges[items[i].TextEdit.Range]++
		} else {
			withDefault++
		}
		if items[i].InsertTextFormat != 0 {
			ownFormat++
		}
	}
	for r, n := range ranges {
		if l.ItemDefaults.EditRange != nil && n > withDefault {
			t.Errorf("%s: %d items have the range %v, %d the default %v", where, n, r, withDefault, *l.ItemDefaults.EditRange)
		}
	}
	if 2*ownFormat > len(items) {
		t.Errorf("%s: %d of %d items carry a format of their own", where, ownFormat, len(items))
	}
}

// sharedName reports whether an entry other than the proposal's has its
// kind and label (data must then tell them apart for resolve).
func sharedName(it completion.Item) bool {
	for e := 1; ; e++ {
		r, ok := completion.Resolve(e)
		if !ok {
			return false
		}
		if e != it.Entry && r.Kind == it.Kind && r.Label == it.Label {
			return true
		}
	}
}

// checkWireEdit applies an item as the client would and compares with the
// analysis's edit applied to the same text.
func checkWireEdit(t *testing.T, where string, src []byte, lines *text.LineIndex, cursor int, l *wireList, it *wireCompletionItem, want completion.Item, plain bool) {
	t.Helper()
	r, newText, snippet := it.edit(l)
	start, err1 := lines.Offset(text.Position{Line: int(r.Start.Line), Character: int(r.Start.Character)})
	end, err2 := lines.Offset(text.Position{Line: int(r.End.Line), Character: int(r.End.Character)})
	if err1 != nil || err2 != nil || start > cursor || end < cursor {
		t.Fatalf("%s: range %v does not hold the cursor %d", where, r, cursor)
	}
	wantText := want.Edit.NewText
	if want.Snippet && plain {
		wantText = stripSnippet(wantText)
	}
	if snippet != (want.Snippet && !plain) {
		t.Errorf("%s: snippet format %v, want %v", where, snippet, want.Snippet && !plain)
	}
	got := string(src[:start]) + newText + string(src[end:])
	exp := string(src[:want.Edit.Start]) + wantText + string(src[want.Edit.End:])
	if got != exp {
		t.Errorf("%s: applying the sent edit gives\n%s\nwant\n%s", where, got, exp)
	}
	// The filter text (the label when absent) must match what is typed
	// between the range's start and the cursor, as the analysis's does.
	filter := it.Label
	if it.FilterText != nil {
		filter = *it.FilterText
	}
	typed := strings.ToLower(string(src[start:cursor]))
	if strings.HasPrefix(strings.ToLower(want.FilterText), strings.ToLower(string(src[want.Edit.Start:cursor]))) &&
		!strings.HasPrefix(strings.ToLower(filter), typed) {
		t.Errorf("%s: filter %q does not start with the typed %q", where, filter, typed)
	}
}

// TestResolveEveryKind: every proposal that has documentation gets it, and
// its whole detail, from completionItem/resolve, for every kind of
// proposal; the rest of the item comes back as it was sent.
func TestResolveEveryKind(t *testing.T) {
	for _, c := range []struct {
		name string
		caps any
	}{{"vscode", lsptest.VSCodeCapabilities}, {"plain", map[string]any{}}} {
		t.Run(c.name, func(t *testing.T) {
			s := openPlaces(t, c.caps)
			kinds := map[completion.ItemKind]int{}
			resolved := map[string]bool{}
			forEachPlace(t, s, func(d, off int, items []completion.Item, l wireList, raw json.RawMessage) {
				for i, rawItem := range l.Items {
					want := items[i]
					key := fmt.Sprintf("%d %s %s", want.Kind, want.Label, want.Doc)
					if resolved[key] {
						continue // resolved once already
					}
					resolved[key] = true
					checkResolve(t, s, fmt.Sprintf("document %d at %d, %q", d, off, want.Label), rawItem, want)
					if want.Doc != "" {
						kinds[want.Kind]++
					}
				}
			})
			for _, k := range []completion.ItemKind{completion.KindElement, completion.KindValue, completion.KindAction,
				completion.KindOperator, completion.KindKey, completion.KindSnippet} {
				if kinds[k] == 0 {
					t.Errorf("no proposal of kind %d resolved: the places miss one", k)
				}
			}
			t.Logf("resolved proposals with documentation, by kind: %v", kinds)
		})
	}
}

func checkResolve(t *testing.T, s *session, where string, rawItem json.RawMessage, want completion.Item) {
	t.Helper()
	var sent, got map[string]json.RawMessage
	if err := json.Unmarshal(rawItem, &sent); err != nil {
		t.Fatal(err)
	}
	s.call(t, "completionItem/resolve", rawItem, &got)
	var it wireCompletionItem
	b, _ := json.Marshal(got)
	if err := json.Unmarshal(b, &it); err != nil {
		t.Fatal(err)
	}
	if want.Doc == "" {
		if it.Documentation != nil {
			t.Errorf("%s: documentation %q for a proposal without", where, it.Documentation.Value)
		}
	} else {
		if it.Documentation == nil || it.Documentation.Kind != protocol.Markdown || it.Documentation.Value != want.Doc {
			t.Errorf("%s: resolved documentation %+v, want the proposal's", where, it.Documentation)
		}
		if it.Detail == nil || *it.Detail != want.Detail {
			t.Errorf("%s: resolved detail %v, want %q", where, it.Detail, want.Detail)
		}
	}
	for k, v := range sent {
		var was, now any
		_ = json.Unmarshal(v, &was)
		_ = json.Unmarshal(got[k], &now)
		if k != "detail" && !reflect.DeepEqual(was, now) {
			t.Errorf("%s: resolve changed %s from %s to %s", where, k, v, got[k])
		}
	}
}

// TestResolveUnknownItems: an item the server did not make, or whose data
// names an entry with another label (another run's numbering), comes back
// as it was sent; so does one that has documentation already.
func TestResolveUnknownItems(t *testing.T) {
	s := initialized(t, nil, nil)
	for _, item := range []string{
		`{"label":"kms:Decrypt","kind":1}`,
		`{"label":"kms:Decrypt","kind":3,"data":1}`,
		`{"label":"kms:Decrypt","kind":3,"data":"x"}`,
		`{"label":"kms:Decrypt","kind":3,"documentation":"mine"}`,
		`{"label":"no such thing","kind":3}`,
		`{"label":"*","kind":15}`, // two entries share it: only data tells them apart
		`{"label":"","kind":1,"data":0}`,
		// data one past the last entry
		fmt.Sprintf(`{"label":"no such thing","kind":3,"data":%d}`, len(completionEntries().entries)),
	} {
		var got json.RawMessage
		s.call(t, "completionItem/resolve", json.RawMessage(item), &got)
		if string(got) != item {
			t.Errorf("resolve %s gave %s", item, got)
		}
	}
	var got wireCompletionItem
	s.call(t, "completionItem/resolve", json.RawMessage(`{"label":"kms:Decrypt","kind":3,"detail":"x","sortText":"0"}`), &got)
	if got.Documentation == nil || !strings.Contains(got.Documentation.Value, "kms:Decrypt") || got.Detail == nil || *got.Detail == "x" {
		t.Errorf("kms:Decrypt named by kind and label not resolved: %+v", got)
	}
}

// A client that says it resolves the detail gets none in the list; one
// that does not gets the detail's summary.
func TestCompletionDetail(t *testing.T) {
	src := `{"Statement": [{"Condition": {"": {}}}]}`
	off := strings.Index(src, `""`) + 1
	lines := text.NewLineIndex([]byte(src))
	for _, c := range []struct {
		caps any
		want string
	}{{lsptest.VSCodeCapabilities, ""}, {map[string]any{}, "String, ARN"}} {
		s := newSession(t, nil)
		if _, err := s.client.InitializeWith(ctxT(t), c.caps, nil); err != nil {
			t.Fatal(err)
		}
		s.open(t, policyURI, "json", 1, src)
		s.diagnostics(t, policyURI, 1)
		l, _ := completionAt(t, s, policyURI, lines, off)
		found := false
		for _, raw := range l.Items {
			var it wireCompletionItem
			if err := json.Unmarshal(raw, &it); err != nil {
				t.Fatal(err)
			}
			if it.Label != "StringEquals" {
				continue
			}
			found = true
			got := ""
			if it.Detail != nil {
				got = *it.Detail
			}
			if got != c.want {
				t.Errorf("StringEquals: detail %q, want %q", got, c.want)
			}
		}
		if !found {
			t.Error("StringEquals not proposed")
		}
	}
}

// The wire helpers write JSON that encoding/json reads back to the value.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "tab\tnew\nline\rcr", "\x00\x01\x1f", "é 😀 \u2028 ключ",
		"bad \xff byte", "<html> & co", "\xe2\x82",
		// The lowest byte above ASCII alone, and U+FFFD itself.
		"\x80", "a \x80\x80 b", "\ufffd", "\x7f"} {
		b := appendString(nil, s)
		if !utf8.Valid(b) {
			t.Errorf("%q: %q is not UTF-8", s, b)
		}
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("%q: %s does not read back: %v", s, b, err)
			continue
		}
		var want string // what encoding/json makes of it: each bad byte is U+FFFD
		m, _ := json.Marshal(s)
		_ = json.Unmarshal(m, &want)
		if got != want {
			t.Errorf("%q: read back as %q, want %q", s, got, want)
		}
	}
}

func TestAppendMembersExcept(t *testing.T) {
	for in, want := range map[string]string{
		`{}`:                         ``,
		`{"detail":"x"}`:             ``,
		`{"a":1,"detail":"x","b":2}`: `"a":1,"b":2`,
		` { "a" : [1, {"detail": 2}] , "detail" : {"x": "}"} , "c": "d\"etail" } `: `"a" : [1, {"detail": 2}],"c": "d\"etail"`,
		`{"detail":null,"a":true}`: `"a":true`,
	} {
		got := string(appendMembersExcept(nil, []byte(in), "detail"))
		if got != want {
			t.Errorf("appendMembersExcept(%s) = %s, want %s", in, got, want)
		}
		if !json.Valid([]byte("{" + got + "}")) {
			t.Errorf("appendMembersExcept(%s) = %s: not members of an object", in, got)
		}
	}
}

// A list longer than maxListed carries the proposals that start with what
// is typed, in the client's order, and says it is incomplete.
func TestShortList(t *testing.T) {
	src := []byte(`{"Statement": [{"Action": "s3:G"}]}`)
	cursor := strings.Index(string(src), `s3:G`) + len(`s3:G`)
	start := strings.Index(string(src), `"s3:G`)
	var items []completion.Item
	for i := range 3 * maxListed {
		label := fmt.Sprintf("s3:Get%03d", i)
		if i%2 == 1 {
			label = fmt.Sprintf("ec2:Describe%03d", i)
		}
		items = append(items, completion.Item{Label: label, SortText: fmt.Sprintf("%03d", 3*maxListed-i), Edit: text.Edit{Span: text.Span{Start: start, End: cursor}}})
	}
	listed, incomplete := shortList(src, cursor, items)
	if !incomplete || len(listed) != maxListed {
		t.Fatalf("%d listed, incomplete %v", len(listed), incomplete)
	}
	for i, it := range listed {
		if !strings.HasPrefix(it.Label, "s3:G") || i > 0 && listed[i-1].SortText > it.SortText {
			t.Fatalf("item %d %q (%s) is not in order among those typed", i, it.Label, it.SortText)
		}
	}
	if short, incomplete := shortList(src, cursor, items[:maxListed]); incomplete || len(short) != maxListed {
		t.Error("a list of maxListed proposals is cut")
	}
}

// TestTrimQuotes: a quote both replaced and written again is left out of
// the edit at either end, at the start only once the cursor is past it and
// at the end only while the cursor is before it; `\"` counts as one quote in
// a policy held in a JSON string, but not in a snippet; a quote the new
// text escapes stays with it. The edit is written as the text before the
// range, the replaced text in brackets and the text after it.
func TestTrimQuotes(t *testing.T) {
	for _, c := range []struct {
		name                  string
		src                   string // the replaced text in [brackets], the cursor at |
		newText, filter       string
		snippet               bool
		want, wantNew, wantFl string // want: src with the range sent in brackets
	}{
		{"whole document", `["|"]`, `"kms:Decrypt"`, `"kms:Decrypt"`, false, `"[|]"`, `kms:Decrypt`, `kms:Decrypt`},
		{"after non-ASCII text", `{"Sid": "é😀", "Action": ["|"]}`, `"kms:Decrypt"`, `"kms:Decrypt"`, false, `{"Sid": "é😀", "Action": "[|]"}`, `kms:Decrypt`, `kms:Decrypt`},
		{"typed word", `{"Action": ["kms:De|"]}`, `"kms:Decrypt"`, `"kms:Decrypt"`, false, `{"Action": "[kms:De|]"}`, `kms:Decrypt`, `kms:Decrypt`},
		{"cursor before the opening quote", `{"Action": [|""]}`, `"kms:Decrypt"`, `"kms:Decrypt"`, false, `{"Action": [|"]"}`, `"kms:Decrypt`, `"kms:Decrypt"`},
		{"cursor after the closing quote", `{"Action": [""|]}`, `"kms:Decrypt"`, `"kms:Decrypt"`, false, `{"Action": "["|]}`, `kms:Decrypt"`, `kms:Decrypt`},
		{"only the opening quote replaced", `["|]`, `"kms:Decrypt"`, `"kms:Decrypt"`, false, `"[|]`, `kms:Decrypt"`, `kms:Decrypt`},
		{"a lone quote written again", `[|"]`, `"`, ``, false, `[|]"`, ``, ``},
		{"no quote written", `{"Effect": [Al|]}`, `"Allow"`, `"Allow"`, false, `{"Effect": [Al|]}`, `"Allow"`, `"Allow"`},
		{"escaped quote written", `["|x"]`, `"a\"`, ``, false, `"[|x"]`, `a\"`, ``},
		{"policy in a JSON string", `{\"Action\": [\"|\"]}`, `\"kms:Decrypt\"`, ``, false, `{\"Action\": \"[|]\"}`, `kms:Decrypt`, ``},
		{"snippet in a JSON string", `{\"Action\": [\"|\"]}`, `\"${1:kms:Decrypt}\"`, ``, true, `{\"Action\": [\"|\"]}`, `\"${1:kms:Decrypt}\"`, ``},
		{"snippet", `{"Action": ["|"]}`, `"${1:kms:Decrypt}"`, ``, true, `{"Action": "[|]"}`, `${1:kms:Decrypt}`, ``},
	} {
		t.Run(c.name, func(t *testing.T) {
			src, span, cursor := bracketed(t, c.src)
			w := wireItem{span: span, newText: c.newText, filter: c.filter, snippet: c.snippet}
			w.trimQuotes(src, cursor)
			_, want, _ := bracketed(t, c.want)
			if w.span != want || w.newText != c.wantNew || w.filter != c.wantFl || w.snippet != c.snippet {
				t.Errorf("range %v, new text %q, filter %q, snippet %v; want %v, %q, %q",
					w.span, w.newText, w.filter, w.snippet, want, c.wantNew, c.wantFl)
			}
			// The same edit, in fewer bytes.
			applied := string(src[:w.span.Start]) + w.newText + string(src[w.span.End:])
			if exp := string(src[:span.Start]) + c.newText + string(src[span.End:]); applied != exp {
				t.Errorf("the trimmed edit gives %s, the proposal %s", applied, exp)
			}
		})
	}
}

// bracketed reads a text with a range in [brackets] and the cursor at |.
func bracketed(t *testing.T, s string) ([]byte, text.Span, int) {
	t.Helper()
	var src []byte
	span, cursor := text.Span{Start: -1, End: -1}, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			span.Start = len(src)
		case ']':
			span.End = len(src)
		case '|':
			cursor = len(src)
		default:
			src = append(src, s[i])
		}
	}
	if span.Start < 0 || span.End < 0 || cursor < 0 {
		t.Fatalf("%s: no range or cursor", s)
	}
	return src, span, cursor
}

// TestRangeCache: each span becomes its LSP range, the first one too when
// it is the empty span at the start of the document, and a span asked for
// again after another.
func TestRangeCache(t *testing.T) {
	src := []byte("{\"Sid\": \"é😀\",\n \"Action\": \"kms:Decrypt\"}")
	lines := text.NewLineIndex(src)
	action := strings.Index(string(src), `"kms`)
	spans := []text.Span{{Start: 0, End: 0}, {Start: 0, End: 0}, {Start: 9, End: 15}, {Start: action, End: len(src) - 1}, {Start: 9, End: 15}, {Start: 0, End: 0}}
	conv := rangeCache{lines: lines}
	for i, s := range spans {
		var got protocol.Range
		b := conv.append(nil, s)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("span %d %v: %s: %v", i, s, b, err)
		}
		start, end := lines.Positions(s)
		want := protocol.Range{Start: protocol.Position{Line: uint32(start.Line), Character: uint32(start.Character)},
			End: protocol.Position{Line: uint32(end.Line), Character: uint32(end.Character)}}
		if got != want {
			t.Errorf("span %d %v: range %v, want %v", i, s, got, want)
		}
	}
}

// TestCompletionCatalogGrows: a list that names an entry registered after
// the catalog was made (another service's proposals, made when a request
// first needs them) has the catalog made again with that entry, the first
// one past the old catalog's end included; an entry the catalog has makes
// nothing again.
func TestCompletionCatalogGrows(t *testing.T) {
	full := completionEntries()
	t.Cleanup(func() { catalogNow.Store(full) })
	n := len(full.entries) - 1 // as if the last entry came after the catalog was made
	stale := &completionCatalog{entries: full.entries[:n], byName: full.byName}
	catalogNow.Store(stale)
	if c := completionEntries(n - 1); c != stale {
		t.Error("a catalog holding the entry was made again")
	}
	want, ok := completion.Resolve(n)
	if !ok {
		t.Fatalf("no entry %d", n)
	}
	c := completionEntries(n)
	if len(c.entries) <= n || c.entries[n].label != want.Label {
		t.Fatalf("entry %d (%q) not in the catalog made for it (%d entries)", n, want.Label, len(c.entries))
	}
}

// TestCompletionCatalogMadeOnce: requests that ask for the catalog at once
// before it is made (resolves, which name no entry) wait for one catalog
// and all get it.
func TestCompletionCatalogMadeOnce(t *testing.T) {
	full := completionEntries()
	t.Cleanup(func() { catalogNow.Store(full) })
	catalogNow.Store(nil)
	const n = 8
	got := make([]*completionCatalog, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Go(func() {
			start.Wait()
			got[i] = completionEntries()
		})
	}
	start.Done()
	done.Wait()
	for i, c := range got {
		if c == nil || c != got[0] {
			t.Fatalf("request %d got catalog %p, request 0 %p", i, c, got[0])
		}
	}
	if len(got[0].entries) < len(full.entries) {
		t.Errorf("the catalog made has %d entries, the one before %d", len(got[0].entries), len(full.entries))
	}
}
