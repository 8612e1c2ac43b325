package completion

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/catalogdoc"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
)

// proto is a proposal without its edit: everything that does not depend on
// the cursor, computed once so that a request only copies it.
type proto struct {
	label, detail, doc string
	summary            string // the first words of detail, or the words that matter
	kind               ItemKind
	value              string // the JSON text inserted in value position
	snippet            bool
	deprecated         bool
	filter             string // label in double quotes, for a typed opening quote
	// member is the whole member, name and value snippet, that a name
	// proposal writes when its colon is not typed yet (see addMember).
	member string
	// entry numbers the proposals that have documentation, from 1, for
	// Resolve; 0 for one without.
	entry int
}

func newProto(kind ItemKind, label, detail, doc, value string, snippet bool) proto {
	summary, _, _ := strings.Cut(detail, " · ")
	return proto{kind: kind, label: label, detail: detail, summary: summary, doc: doc, value: value, snippet: snippet,
		filter: `"` + label + `"`}
}

// entries are the proposals with documentation, entries[i] numbered i+1.
// The fixed proposals register during package initialisation, the
// catalog's inside catalogTables' sync.Once, and another service's when a
// request first needs them, on any goroutine: entriesMu guards the list.
var (
	entriesMu sync.RWMutex
	entries   []*proto
)

// register numbers the proposals of ps that have documentation. ps must
// not be copied to a new backing array afterwards: entries points into it.
func register(ps []proto) []proto {
	for i := range ps {
		registerOne(&ps[i])
	}
	return ps
}

func registerOne(p *proto) {
	if p.doc != "" {
		entriesMu.Lock()
		entries = append(entries, p)
		p.entry = len(entries)
		entriesMu.Unlock()
	}
}

// Resolve returns the proposal an Item's Entry names, with its Label,
// Kind, Detail, Doc and Deprecated set (no edit): what a client asks for
// when a proposal is selected, without the document it was made for.
func Resolve(entry int) (Item, bool) {
	catalogTables()
	entriesMu.RLock()
	defer entriesMu.RUnlock()
	if entry < 1 || entry > len(entries) {
		return Item{}, false
	}
	p := entries[entry-1]
	return Item{Label: p.label, Kind: p.kind, Detail: p.detail, Summary: p.summary, Doc: p.doc, Deprecated: p.deprecated, Entry: entry}, true
}

type actionProto struct {
	proto
	inKeyPolicy bool // may be granted in a key policy
}

type keyProto struct {
	proto
	key        *catalog.ConditionKey
	supporters bitset // the catalog actions that support the key
	values     []proto
}

type tables struct {
	actions   []actionProto
	wildcards []proto
	actionIdx map[*catalog.Action]int
	keys      []keyProto
	keyByName map[*catalog.ConditionKey]int
	operators [4][]proto // plain, IfExists, set prefix, set prefix + IfExists
	boolVals  []proto
}

var (
	tablesOnce sync.Once
	tbl        *tables
)

// catalogTables builds the catalog proposals on first use.
func catalogTables() *tables {
	tablesOnce.Do(func() {
		t := &tables{}
		t.buildActions()
		t.buildKeys()
		t.buildOperators()
		t.boolVals = valueProtos([]string{"true", "false"}, "Bool")
		t.register()
		tbl = t
	})
	return tbl
}

// register numbers the catalog's proposals for Resolve, once their
// slices have their final backing arrays.
func (t *tables) register() {
	for i := range t.actions {
		registerOne(&t.actions[i].proto)
	}
	register(t.wildcards)
	for i := range t.keys {
		registerOne(&t.keys[i].proto)
	}
	for g := range t.operators {
		register(t.operators[g])
	}
}

func (t *tables) buildActions() {
	acts := catalog.Actions()
	t.actionIdx = make(map[*catalog.Action]int, len(acts))
	for i, a := range acts {
		t.actionIdx[a] = i
		detail := fmt.Sprintf("%s · cross-account: %s", a.PolicyTypes(), a.CrossAccountUse())
		if a.AccessLevel != "" {
			detail += " · " + a.AccessLevel
		}
		p := newProto(KindAction, a.Name, detail, catalogdoc.Action(a), `"`+a.Name+`"`, false)
		t.actions = append(t.actions, actionProto{proto: p, inKeyPolicy: a.PolicyTypes()&catalog.KeyPolicy != 0})
	}
	if len(acts) == 0 {
		return
	}
	t.wildcards = append(t.wildcards, wildcardProto("kms:*", "every KMS permission", acts))
	for _, prefix := range actionPrefixes(acts) {
		pat := "kms:" + prefix + "*"
		t.wildcards = append(t.wildcards, wildcardProto(pat, "", catalog.MatchActions(pat)))
	}
}

func wildcardProto(pattern, what string, acts []*catalog.Action) proto {
	if what == "" {
		what = fmt.Sprintf("%d KMS permissions", len(acts))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**: %s\n\n", pattern, what)
	for _, a := range acts {
		fmt.Fprintf(&b, "- `%s`\n", a.Name)
	}
	return newProto(KindAction, pattern, "wildcard · "+what, b.String(), `"`+pattern+`"`, false)
}

// actionPrefixes finds the verbs that start two or more action names
// ("Generate", "List", "ReEncrypt"), which make useful wildcards.
func actionPrefixes(acts []*catalog.Action) []string {
	count := map[string]int{}
	for _, a := range acts {
		if v := verb(strings.TrimPrefix(a.Name, "kms:")); v != "" {
			count[v]++
		}
	}
	var out []string
	for v, n := range count {
		if n >= 2 {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// verb is the first capitalised word of an operation name; a word of two
// letters or fewer takes the next word along ("Re" + "Encrypt").
func verb(op string) string {
	end := 1
	for end < len(op) && !(op[end] >= 'A' && op[end] <= 'Z') {
		end++
	}
	if end <= 2 && end < len(op) {
		end++
		for end < len(op) && !(op[end] >= 'A' && op[end] <= 'Z') {
			end++
		}
	}
	if end > len(op) || end == 0 {
		return ""
	}
	return op[:end]
}

func (t *tables) buildKeys() {
	acts := catalog.Actions()
	keys := catalog.ConditionKeys()
	t.keyByName = make(map[*catalog.ConditionKey]int, len(keys))
	for i, k := range keys {
		t.keyByName[k] = i
		kp := keyProto{key: k, supporters: newBitset(len(acts))}
		for _, a := range catalog.ActionsSupporting(k) {
			if j, ok := t.actionIdx[a]; ok {
				kp.supporters.set(j)
			}
		}
		value, snippet := `"`+k.Name+`"`, false
		if k.Prefix != "" {
			value, snippet = `"`+escapeSnippet(k.Prefix)+paramPlaceholder(k)+`"`, true
		}
		kp.proto = newProto(KindKey, k.Name, keyDetail(k), catalogdoc.Key(k), value, snippet)
		kp.member = keyMember(&kp.proto, keyValueSnippet(k, snippet))
		kp.deprecated = k.Deprecated != ""
		switch {
		case len(k.Values) > 0:
			kp.values = valueProtos(k.Values, k.Name)
		case k.Type == catalog.TypeBool:
			kp.values = valueProtos([]string{"true", "false"}, k.Name)
		}
		t.keys = append(t.keys, kp)
	}
}

func paramPlaceholder(k *catalog.ConditionKey) string {
	if k.ParamMax > 0 {
		return "${1:0}"
	}
	return "${1:" + escapeSnippet(k.Param) + "}"
}

func keyDetail(k *catalog.ConditionKey) string {
	d := k.TypeName()
	if k.Deprecated != "" {
		d += " · deprecated: use " + k.Deprecated
	}
	if k.IAMOnly {
		d += " · IAM policies only"
	}
	if k.Global {
		d += " · global"
	}
	return d
}

func valueProtos(values []string, of string) []proto {
	out := make([]proto, len(values))
	for i, v := range values {
		out[i] = newProto(KindValue, v, of, "", jsonquote.String(v), false)
	}
	return out
}

func (t *tables) buildOperators() {
	seen := map[string]bool{}
	for _, op := range catalog.Operators() {
		if seen[op.Name] {
			continue
		}
		seen[op.Name] = true
		detail, types := operatorDetail(op)
		add := func(group int, name string) {
			p := newProto(KindOperator, name, detail, catalogdoc.Operator(name), `"`+name+`"`, false)
			p.summary = types // the kind says it is an operator
			p.member = keyMember(&p, operatorBlock)
			t.operators[group] = append(t.operators[group], p)
		}
		add(0, op.Name)
		if op.Name != "Null" { // IAM rejects NullIfExists, and Null under a set prefix is constant
			add(1, op.Name+"IfExists")
			add(2, catalog.SetForAnyValue+":"+op.Name)
			add(2, catalog.SetForAllValues+":"+op.Name)
			add(3, catalog.SetForAnyValue+":"+op.Name+"IfExists")
			add(3, catalog.SetForAllValues+":"+op.Name+"IfExists")
		}
	}
}

// operatorDetail is the detail of an operator and the key types it takes.
func operatorDetail(op *catalog.Operator) (detail, types string) {
	names := make([]string, len(op.Types))
	for i, t := range op.Types {
		names[i] = t.String()
	}
	types = strings.Join(names, ", ")
	return "operator · " + types, types
}

// bitset is a set of action indexes.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) empty() bool    { return b.count() == 0 }
func (b bitset) count() (n int) { return b.and(nil) }
func (b bitset) and(o bitset) (n int) {
	for i, w := range b {
		if o != nil {
			w &= o[i]
		}
		for ; w != 0; w &= w - 1 {
			n++
		}
	}
	return n
}

// escapeSnippet protects text inserted in a snippet from being read as
// snippet syntax.
func escapeSnippet(s string) string {
	if !strings.ContainsAny(s, `$}\`) {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `$`, `\$`, `}`, `\}`)
	return r.Replace(s)
}
