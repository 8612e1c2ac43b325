// Package completion proposes what can be typed at a cursor in a policy:
// element names, Effect and Version values, actions, condition operators,
// condition keys and values, and ARN templates.
//
// The cursor is placed in the tolerant syntax tree (jsonast.File.Locate), so
// half-typed JSON and unclosed strings complete like finished ones. Every
// proposal replaces the word being typed, its opening quote included, and
// writes the quotes itself; the editor filters on FilterText.
package completion

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// ItemKind says what a proposal is; the LSP adapter maps it to an icon.
type ItemKind uint8

const (
	KindElement  ItemKind = iota // a policy or statement element name
	KindValue                    // Effect/Version value, condition value, true/false
	KindAction                   // a KMS permission or wildcard
	KindOperator                 // a condition operator
	KindKey                      // a condition key
	KindSnippet                  // a whole statement or a template (ARN, parameterised key)
)

// Item is one proposal.
type Item struct {
	Label  string
	Kind   ItemKind
	Detail string // one line: e.g. "Key policy · cross-account: Yes"
	// Summary is the part of Detail that matters most ("Key policy"), for
	// a list that leaves the rest to Resolve.
	Summary string
	Doc     string // markdown
	// Edit replaces the text already typed (the span may include the quotes
	// the user typed) with NewText. When Snippet is true NewText uses LSP
	// snippet syntax ($1, ${1:placeholder}, $0).
	Edit    text.Edit
	Snippet bool
	// SortText orders the list (lower first); FilterText is what the
	// editor matches the typed prefix against.
	SortText   string
	FilterText string
	Deprecated bool
	// Entry names the proposal for Resolve, which gives its Detail and Doc
	// again without the document; 0 when it has no documentation. It is
	// a number for this program's run, not a name to keep.
	Entry int
}

// Complete returns the proposals at byte offset in the document.
func Complete(f *jsonast.File, pol *policy.Policy, offset int) []Item {
	return Append(nil, f, pol, offset)
}

// Append is Complete appending to items, for a caller that reuses one
// buffer across requests: the busiest places propose 150 items.
func Append(items []Item, f *jsonast.File, pol *policy.Policy, offset int) []Item {
	if f == nil || offset < 0 || offset > len(f.Src) || inComment(f, offset) {
		return items
	}
	kind := policy.KindAuto
	if pol != nil {
		kind = pol.Kind
	}
	if f.Root == nil {
		b := builder{p: &place{edit: text.Span{Start: offset, End: offset}}, items: items}
		b.addValue(&skeletonProto, 0, 0)
		return b.items
	}
	p := locate(f, offset)
	if p.kind == placeNone {
		return items
	}
	b := builder{p: &p, kind: kind, items: items}
	b.run()
	return b.items
}

func inComment(f *jsonast.File, offset int) bool {
	for _, c := range f.Comments {
		if c.Start < offset && (offset < c.End || offset == c.End && openEnded(f, c)) {
			return true
		}
		if c.Start >= offset {
			break
		}
	}
	return false
}

// openEnded reports whether text typed at the comment's end goes on in it: a
// line comment runs to the end of its line, and an unclosed block comment
// to the end of the document.
func openEnded(f *jsonast.File, c jsonast.Comment) bool {
	s := f.Text(c.Span)
	return strings.HasPrefix(s, "//") || len(s) < 4 || !strings.HasSuffix(s, "*/")
}

// builder collects the proposals for one request.
type builder struct {
	p     *place
	kind  policy.Kind
	items []Item
}

func (b *builder) run() {
	p := b.p
	b.items = slices.Grow(b.items, b.capacity())
	switch p.kind {
	case placeTopKey:
		b.elements(topElements, topElementProtos, nil)
	case placeStatementKey:
		b.elements(statementElements, statementElementProtos, exclusive)
		if len(presentKeys(p.obj, p.member)) == 0 {
			b.values(statementBodies, 3)
		}
	case placeStatementArray:
		b.values(statementProtos, 0)
	case placeVersion:
		b.versions()
	case placeEffect:
		b.values(effectProtos, 0)
	case placeAction:
		b.actions()
	case placeResource:
		b.resources()
	case placePrincipal:
		b.values(principalProtos, 0)
	case placePrincipalType:
		b.elements(principalTypes, principalTypeProtos, nil)
	case placePrincipalValue:
		b.values(principalValueProtos[p.owner], 0)
	case placeOperator:
		b.operators()
	case placeConditionKey:
		b.conditionKeys()
	case placeConditionValue:
		b.conditionValues()
	}
}

// capacity sizes the result once: the long lists would otherwise be
// copied several times while growing.
func (b *builder) capacity() int {
	switch b.p.kind {
	case placeAction:
		t := catalogTables()
		return len(t.actions) + len(t.wildcards) + len(servicePrefixes())
	case placeConditionKey:
		return len(catalogTables().keys)
	case placeOperator:
		n := 0
		for _, ops := range catalogTables().operators {
			n += len(ops)
		}
		return n
	}
	return 16
}

// add appends a proposal with the edit of this request.
func (b *builder) add(pr *proto, newText string, snippet bool, group, idx int) {
	b.items = append(b.items, Item{
		Label:      pr.label,
		Kind:       pr.kind,
		Detail:     pr.detail,
		Summary:    pr.summary,
		Doc:        pr.doc,
		Edit:       text.Edit{Span: b.p.edit, NewText: newText},
		Snippet:    snippet,
		SortText:   sortText(group, idx),
		FilterText: b.filter(pr.label, pr.filter),
		Deprecated: pr.deprecated,
		Entry:      pr.entry,
	})
}

// addValue proposes pr in value position: its JSON text replaces the word.
func (b *builder) addValue(pr *proto, group, idx int) { b.add(pr, pr.value, pr.snippet, group, idx) }

// addKey proposes pr as a member name. When the colon is not typed yet the
// value snippet follows, so that one acceptance writes the whole member.
func (b *builder) addKey(pr *proto, valueSnippet string, group, idx int) {
	if b.p.hasColon() || valueSnippet == "" {
		b.add(pr, pr.value, pr.snippet, group, idx)
		return
	}
	b.add(pr, keyMember(pr, valueSnippet), true, group, idx)
}

// addMember is addKey for a proposal whose member text was made with it
// (proto.member), so that a list of a hundred keys or operators does not
// build a hundred strings.
func (b *builder) addMember(pr *proto, group, idx int) {
	if b.p.hasColon() || pr.member == "" {
		b.add(pr, pr.value, pr.snippet, group, idx)
		return
	}
	b.add(pr, pr.member, true, group, idx)
}

// keyMember is the snippet of a whole member: pr's name, then its value.
func keyMember(pr *proto, valueSnippet string) string {
	key := pr.value
	if !pr.snippet {
		key = escapeSnippet(key)
	}
	return key + ": " + valueSnippet
}

// filter is what the editor matches the typed text against: the label,
// behind the quote the user typed, if any.
func (b *builder) filter(label, quoted string) string {
	switch b.p.quote {
	case 0:
		return label
	case '"':
		if quoted != "" {
			return quoted
		}
	}
	q := string(b.p.quote)
	return q + label + q
}

// sortText orders proposals by group, then index: the group's digit and
// the index in two base-62 digits, whose ASCII order is their numeric
// order. It is short because a list at the busiest places holds 150 of
// them. An index past 62² takes '~', which sorts after every such digit,
// and six decimal digits. The common ones are slices of one string made
// once, so that a long list allocates none.
func sortText(group, idx int) string {
	if group < sortGroups && idx < sortIndexes {
		i := (group*sortIndexes + idx) * 3
		return sortTexts()[i : i+3]
	}
	return formatSortText(group, idx)
}

const sortDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func formatSortText(group, idx int) string {
	g := byte('0' + min(max(group, 0), 9))
	if idx < len(sortDigits)*len(sortDigits) {
		return string([]byte{g, sortDigits[idx/len(sortDigits)], sortDigits[idx%len(sortDigits)]})
	}
	return string(g) + "~" + fmt.Sprintf("%06d", idx)
}

const sortGroups, sortIndexes = 4, 1024

var sortTexts = sync.OnceValue(func() string {
	var b strings.Builder
	b.Grow(sortGroups * sortIndexes * 3)
	for g := range sortGroups {
		for i := range sortIndexes {
			b.WriteString(formatSortText(g, i))
		}
	}
	return b.String()
})

// elements proposes element names; protos[i] is the proposal of els[i].
func (b *builder) elements(els []element, protos []proto, excl map[string]string) {
	present := presentKeys(b.p.obj, b.p.member)
	for i := range els {
		e := &els[i]
		if present[e.name] || (excl != nil && present[excl[e.name]]) {
			continue
		}
		group := 0
		if e.rare {
			group = 1
		}
		if b.kind == policy.KindIAM && (e.name == "Principal" || e.name == "NotPrincipal" || e.name == "Id") {
			group = 2 // identity policies name no principal and carry no Id
		}
		b.addMember(&protos[i], group, i)
	}
}

func (b *builder) values(ps []proto, group int) {
	have := presentValues(b.p.array, b.p.word)
	for i := range ps {
		if have[ps[i].label] {
			continue
		}
		b.addValue(&ps[i], group, i)
	}
}

func (b *builder) versions() {
	for i := range versionProtos {
		group := 0
		if versionProtos[i].deprecated {
			group = 1
		}
		b.addValue(&versionProtos[i], group, i)
	}
}

// actions proposes every permission, then the wildcards; in a key policy the
// permissions that only an IAM policy can grant sink to the end.
func (b *builder) actions() {
	if s := b.typedService(); s != nil {
		b.serviceActions(s)
		return
	}
	t := catalogTables()
	have := presentValues(b.p.array, b.p.word)
	for i := range t.actions {
		a := &t.actions[i]
		if have[a.label] {
			continue
		}
		group := 0
		if b.kind == policy.KindKey && !a.inKeyPolicy {
			group = 2
		}
		b.addValue(&a.proto, group, i)
	}
	for i := range t.wildcards {
		if !have[t.wildcards[i].label] {
			b.addValue(&t.wildcards[i], 1, i)
		}
	}
	if !strings.Contains(b.p.typed(), ":") {
		b.addServicePrefixes()
	}
}

func (b *builder) resources() {
	have := presentValues(b.p.array, b.p.word)
	for i := range resourceProtos {
		if have[resourceProtos[i].label] {
			continue
		}
		group := 0
		// An IAM policy names keys by ARN; a key policy always says "*".
		if b.kind == policy.KindIAM && i == 0 || b.kind == policy.KindKey && i > 0 {
			group = 1
		}
		b.addValue(&resourceProtos[i], group, i)
	}
}

// operatorBlock follows an operator typed without its colon: the cursor
// lands in the first condition key's quotes, where key completion takes
// over and writes the key's value too. (It was {"$1": "$0"}; the shorter
// form keeps the busiest list, 157 operators, under 20 KB on the wire.)
const operatorBlock = `{"$0"}`

func (b *builder) operators() {
	t := catalogTables()
	present := presentKeys(b.p.obj, b.p.member)
	n := 0
	for group, ops := range t.operators {
		for i := range ops {
			if !present[ops[i].label] {
				b.addMember(&ops[i], group, n)
			}
			n++
		}
	}
}

// conditionKeys proposes the keys in three tiers: KMS keys that every action
// of the statement supports, those that some support, then the aws: global
// keys. A KMS key that no action of the statement supports is left out.
// Deprecated keys, and IAM-only keys in a key policy, come last.
func (b *builder) conditionKeys() {
	t := catalogTables()
	acts, n := statementActions(t, b.p.stmt)
	present := presentKeys(b.p.obj, b.p.member)
	typed := b.p.typed()
	// A statement of other services' actions only: no KMS key applies.
	otherOnly := n == 0 && len(statementServiceActions(b.p.stmt)) > 0
	for i := range t.keys {
		kp := &t.keys[i]
		if present[kp.label] {
			continue
		}
		group := 0
		switch {
		case kp.key.Global:
			group = 2
		case otherOnly:
			continue
		case n > 0:
			c := kp.supporters.and(acts)
			if c == 0 {
				continue
			}
			if c < n {
				group = 1
			}
		}
		if kp.deprecated || (kp.key.IAMOnly && b.kind == policy.KindKey) {
			group = 3
		}
		b.addConditionKey(kp, typed, group, i)
	}
	b.serviceKeys(present, n)
}

func (b *builder) addConditionKey(kp *keyProto, typed string, group, idx int) {
	k := kp.key
	if k.Prefix != "" && len(typed) > len(k.Prefix) && strings.EqualFold(typed[:len(k.Prefix)], k.Prefix) {
		// The user is typing the parameter: keep it rather than a placeholder.
		pr := kp.proto
		pr.value, pr.snippet, pr.filter = jsonquote.String(typed), false, ""
		pr.label = k.Name
		b.addKey(&pr, keyValueSnippet(k, false), group, idx)
		last := &b.items[len(b.items)-1]
		last.FilterText = b.filter(typed, "")
		return
	}
	b.addMember(&kp.proto, group, idx)
}

// keyValueSnippet is the value written after a condition key: a string, or
// a list for a multi-valued key; its placeholder is $2 when the key's name
// has one of its own.
func keyValueSnippet(k *catalog.ConditionKey, nameSnippet bool) string {
	value := "\"$1\""
	if k.Multi {
		value = "[\"$1\"]"
	}
	if nameSnippet {
		value = strings.ReplaceAll(value, "$1", "$2")
	}
	return value
}

// statementActions returns the catalog actions the statement's Action
// element stands for (wildcards expanded) and how many there are. Zero means
// the statement names no KMS action we know, and every key is offered.
func statementActions(t *tables, stmt *jsonast.Node) (bitset, int) {
	m := stmt.Lookup("Action")
	if m == nil || m.Value == nil {
		return nil, 0
	}
	set := newBitset(len(t.actions))
	mark := func(n *jsonast.Node) {
		if n.Kind != jsonast.String {
			return
		}
		for _, a := range catalog.MatchActions(n.Value) {
			if i, ok := t.actionIdx[a]; ok {
				set.set(i)
			}
		}
	}
	if m.Value.Kind == jsonast.Array {
		for _, e := range m.Value.Elems() {
			mark(e)
		}
	} else {
		mark(m.Value)
	}
	return set, set.count()
}

// conditionValues proposes the values of an enumerated key, true/false for
// a Bool key or under the Null operator.
func (b *builder) conditionValues() {
	t := catalogTables()
	if _, op, _, ok := catalog.ParseOperator(b.p.operator); ok && op.Name == "Null" {
		b.values(t.boolVals, 0)
		return
	}
	k := catalog.LookupKey(b.p.owner)
	if k == nil {
		if sk := services.LookupKey(b.p.owner); sk != nil && sk.BaseType() == "Bool" {
			b.values(t.boolVals, 0)
		}
		return
	}
	if i, ok := t.keyByName[k]; ok {
		b.values(t.keys[i].values, 0)
	}
}
