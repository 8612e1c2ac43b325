package catalog

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// The indexes below are built once at package init and never change, so
// every lookup is safe for concurrent use. Lookups run on each keystroke;
// they cost a lower-casing and a map probe.

var (
	actionList    []*Action
	actionLower   []string // lower-cased names, parallel to actionList
	actionByLower map[string]*Action
	actionByName  map[string]*Action // as AWS spells them: most policies do too, and this probe needs no lower-casing

	keyList    []*ConditionKey
	keyNames   []string
	keyByLower map[string]*ConditionKey
	keyByName  map[string]*ConditionKey
	paramKeys  []paramKey // parameterised keys, longest prefix first

	supporting map[*ConditionKey][]*Action

	operatorList  []*Operator
	operatorIndex map[string]*Operator
)

type paramKey struct {
	prefix string // lower-cased
	key    *ConditionKey
}

func init() {
	indexKeys()
	indexActions()
	operatorList = operators()
	operatorIndex = make(map[string]*Operator, len(operatorList))
	for _, o := range operatorList {
		operatorIndex[o.Name] = o
	}
}

func indexKeys() {
	kms, global := kmsKeys(), globalKeys()
	byName := func(ks []*ConditionKey) {
		sort.Slice(ks, func(i, j int) bool { return strings.ToLower(ks[i].Name) < strings.ToLower(ks[j].Name) })
	}
	byName(kms)
	byName(global)
	keyList = append(kms, global...)
	keyByLower = make(map[string]*ConditionKey, len(keyList))
	keyByName = make(map[string]*ConditionKey, len(keyList))
	for _, k := range keyList {
		keyNames = append(keyNames, k.Name)
		keyByLower[strings.ToLower(k.Name)] = k
		keyByName[k.Name] = k
		if k.Prefix != "" {
			paramKeys = append(paramKeys, paramKey{strings.ToLower(k.Prefix), k})
		}
	}
	sort.SliceStable(paramKeys, func(i, j int) bool { return len(paramKeys[i].prefix) > len(paramKeys[j].prefix) })
	for _, k := range keyList {
		if k.Deprecated != "" {
			k.replacement = keyByLower[strings.ToLower(k.Deprecated)]
		}
	}
}

func indexActions() {
	actionList = append(seedActions(), newActions()...)
	sort.Slice(actionList, func(i, j int) bool { return actionList[i].Name < actionList[j].Name })
	actionByLower = make(map[string]*Action, len(actionList))
	actionByName = make(map[string]*Action, len(actionList))
	supporting = make(map[*ConditionKey][]*Action)
	for i, a := range actionList {
		a.index = i
		lower := strings.ToLower(a.Name)
		actionLower = append(actionLower, lower)
		actionByLower[lower] = a
		actionByName[a.Name] = a
		a.alone = []*Action{a}
		if a.LevelSource == "" {
			a.LevelSource = srcSAR
		}
		a.keyNames, a.keys = collectKeys(a)
		a.indexed = true
	}
	for _, k := range keyList {
		for _, a := range actionList {
			if a.Supports(k) {
				supporting[k] = append(supporting[k], a)
			}
		}
	}
	for _, a := range actionList {
		for ui := range a.Uses {
			for gi := range a.Uses[ui].Groups {
				if g := &a.Uses[ui].Groups[gi]; g.Source == "" {
					g.Source = a.Source // a new action's groups share its source
				}
			}
		}
	}
}

// collectKeys lists an action's keys over all uses without repeats. A name
// that resolves to no catalog key is kept in the names (the tests catch it)
// but has no key.
func collectKeys(a *Action) ([]string, []*ConditionKey) {
	var names []string
	var keys []*ConditionKey
	seen := map[string]bool{}
	for _, u := range a.Uses {
		for _, g := range u.Groups {
			for _, n := range g.Keys {
				if seen[n] {
					continue
				}
				seen[n] = true
				names = append(names, n)
				if k := LookupKey(n); k != nil {
					keys = append(keys, k)
				}
			}
		}
	}
	return names, keys
}

// Actions returns every KMS action, sorted by name. The slice is shared: do
// not modify it.
func Actions() []*Action { return actionList }

// LookupAction finds an action by name, case-insensitively ("kms:decrypt").
// Wildcards are not expanded here; see MatchActions.
func LookupAction(name string) *Action {
	if a, ok := actionByName[name]; ok {
		return a
	}
	return lookupLower(actionByLower, name)
}

// lookupLower probes a map keyed by lower-cased names with name
// lower-cased. Names short and ASCII (all real ones) are lower-cased into a
// buffer on the stack, so that the probe allocates nothing: lookups run for
// every action and key of a policy on every keystroke.
func lookupLower[V any](m map[string]V, name string) V {
	var buf [lowerBuf]byte
	if b, ok := asciiLower(buf[:0], name); ok {
		return m[string(b)]
	}
	return m[strings.ToLower(name)]
}

const lowerBuf = 128

// asciiLower appends name lower-cased to b; ok is false when name is too
// long for b's capacity or not ASCII (strings.ToLower then decides).
func asciiLower(b []byte, name string) ([]byte, bool) {
	if len(name) > cap(b)-len(b) {
		return b, false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf {
			return b, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b, true
}

// MatchActions returns the actions an Action element value stands for,
// expanding the IAM wildcards * and ? case-insensitively ("kms:Generate*",
// "kms:*", "*"). A value of another service yields nil. The slice is shared
// (the expansion of a pattern is remembered): do not modify it. Its capacity
// is its length, so appending to it copies.
func MatchActions(pattern string) []*Action {
	if !HasWildcard(pattern) {
		if a := LookupAction(pattern); a != nil {
			return a.alone[:1:1]
		}
		return nil
	}
	var buf [lowerBuf]byte
	b, ok := asciiLower(buf[:0], pattern)
	if !ok {
		return expand(strings.ToLower(pattern))
	}
	if out, ok := matchMemo.GetBytes(b); ok {
		return out
	}
	p := string(b)
	out := expand(p)
	matchMemo.Put(p, out)
	return out
}

// HasWildcard reports whether an action name holds * or ?. It is
// strings.ContainsAny(name, "*?") without building a character set per call.
func HasWildcard(name string) bool {
	return strings.IndexByte(name, '*') >= 0 || strings.IndexByte(name, '?') >= 0
}

// Index is the action's position in Actions(), for sets of actions kept as
// bits; -1 for an action built outside the catalog.
func (a *Action) Index() int {
	if !a.indexed {
		return -1
	}
	return a.index
}

// expand matches a lower-cased pattern against every action.
func expand(p string) []*Action {
	var out []*Action
	for i, name := range actionLower {
		if MatchWildcard(p, name, false) {
			out = append(out, actionList[i])
		}
	}
	return out[:len(out):len(out)]
}

// matchMemo remembers the expansions of the patterns seen lately. A policy
// repeats the same few patterns (kms:ReEncrypt*, kms:GenerateDataKey*) in
// statement after statement, and several checks expand each one, on every
// keystroke; the catalog never changes, so an expansion never goes stale.
// The memo is emptied when full.
var matchMemo = Memo[[]*Action]{Max: memoMax}

const memoMax = 512

// MatchWildcard matches s against an IAM pattern, where * is any run of
// characters and ? exactly one. foldCase ignores ASCII case, as IAM does for
// action names; StringLike values compare case-sensitively. Backtracking only
// to the last star keeps it linear in practice. s may be bytes, so that a
// caller matching names packed in a buffer need not make strings of them.
func MatchWildcard[S ~string | ~[]byte](pattern string, s S, foldCase bool) bool {
	p, n := 0, 0
	star, mark := -1, 0
	for n < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, n
			p++
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[n] || foldCase && lowerByte(pattern[p]) == lowerByte(s[n])):
			p++
			n++
		case star >= 0:
			mark++
			p, n = star+1, mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// NearestAction suggests the KMS action closest to a misspelt name, or "".
// A name without a service prefix is read as a kms: name.
func NearestAction(name string) string {
	if !strings.Contains(name, ":") {
		name = "kms:" + name
	}
	return nearestLower(strings.ToLower(name), actionLower, func(i int) string { return actionList[i].Name })
}

// SuggestActions proposes what an unknown action name was meant to be.
// When the name is the start of several actions' names (kms:ReEncrypt of
// kms:ReEncryptFrom and kms:ReEncryptTo, for which there is no single
// permission) it returns the wildcard that covers them, then each of them;
// when it starts one action's name, that action; otherwise the nearest
// name by edit distance, or nothing.
func SuggestActions(name string) []string {
	if !strings.Contains(name, ":") {
		name = "kms:" + name
	}
	lower := strings.ToLower(name)
	var starts []string
	for i, l := range actionLower {
		if len(l) > len(lower) && strings.HasPrefix(l, lower) {
			starts = append(starts, actionList[i].Name)
		}
	}
	switch {
	case len(starts) > 1:
		return append([]string{commonPrefix(starts) + "*"}, starts...)
	case len(starts) == 1:
		return starts
	}
	if near := NearestAction(name); near != "" {
		return []string{near}
	}
	return nil
}

// commonPrefix is the longest start the names share.
func commonPrefix(names []string) string {
	p := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, p) {
			p = p[:len(p)-1]
		}
	}
	return p
}

// ConditionKeys returns every condition key, KMS then global, each sorted by
// name. The slice is shared: do not modify it.
func ConditionKeys() []*ConditionKey { return keyList }

// LookupKey finds a condition key by name, case-insensitively, matching
// parameterised keys by prefix ("kms:EncryptionContext:Department" →
// kms:EncryptionContext:context-key). The display form of a parameterised
// key ("aws:ResourceTag/tag-key") finds the key too.
func LookupKey(name string) *ConditionKey {
	if k, ok := keyByName[name]; ok {
		return k
	}
	var buf [lowerBuf]byte
	if b, ok := asciiLower(buf[:0], name); ok {
		if k := keyByLower[string(b)]; k != nil {
			return k
		}
		for _, pk := range paramKeys {
			if len(b) > len(pk.prefix) && string(b[:len(pk.prefix)]) == pk.prefix && pk.key.fitsParam(name[len(pk.prefix):]) {
				return pk.key
			}
		}
		return nil
	}
	return lookupKeyLower(strings.ToLower(name))
}

// lookupKeyLower finds a key by its lower-cased name: the whole name, then
// the prefixes of parameterised keys. LookupKey's fast path does the same
// on an ASCII name lowered into a buffer on the stack, without allocating.
func lookupKeyLower(lower string) *ConditionKey {
	if k := keyByLower[lower]; k != nil {
		return k
	}
	for _, pk := range paramKeys {
		if rest, ok := strings.CutPrefix(lower, pk.prefix); ok && pk.key.fitsParam(rest) {
			return pk.key
		}
	}
	return nil
}

// fitsParam reports whether rest may follow the key's prefix: a non-empty
// name, or for indexed keys a decimal 0..ParamMax without leading zeros.
func (k *ConditionKey) fitsParam(rest string) bool {
	if rest == "" {
		return false
	}
	if k.ParamMax <= 0 {
		return true
	}
	if len(rest) > 1 && rest[0] == '0' {
		return false
	}
	n := 0
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
		if n > k.ParamMax {
			return false
		}
	}
	return true
}

// KeyWithoutParam is the parameterised key whose prefix the name is, its
// parameter left out ("kms:EncryptionContext:", "aws:ResourceTag/"), or nil.
func KeyWithoutParam(name string) *ConditionKey {
	lower := strings.ToLower(name)
	for _, pk := range paramKeys {
		if pk.prefix == lower {
			return pk.key
		}
	}
	return nil
}

// NearestKey suggests the condition key closest to a misspelt name, or "".
// For a parameterised key it keeps the caller's parameter:
// "kms:EncryptionContex:Dept" → "kms:EncryptionContext:Dept".
func NearestKey(name string) string {
	lower := strings.ToLower(name)
	best, bestDist := "", maxDistance(lower)+1
	for _, pk := range paramKeys {
		if s, d := nearestParam(name, lower, pk); d < bestDist {
			best, bestDist = s, d
		}
	}
	if s := Nearest(name, keyNames); s != "" {
		if d := distance(lower, strings.ToLower(s)); d < bestDist {
			best = s
		}
	}
	return best
}

// nearestParam tries the splits of name near the key's prefix length and
// returns the key's prefix joined with the caller's parameter when the head
// is a plausible misspelling of the prefix. Among equally close splits, one
// whose head ends with the prefix's separator wins ("aws:ResourceTags/P" →
// "aws:ResourceTag/P", not "aws:ResourceTag/s/P").
func nearestParam(name, lower string, pk paramKey) (string, int) {
	limit := maxDistance(lower)
	best, bestDist, bestScore := "", limit+1, 2*limit+2
	n := len(pk.prefix)
	sep := pk.prefix[n-1]
	for i := n - 2; i <= n+2; i++ {
		// lower may differ from name in byte length (a few runes change
		// width when lower-cased); skip splits that do not line up.
		if i <= 0 || i >= len(lower) || i >= len(name) || !utf8.RuneStart(name[i]) {
			continue
		}
		rest := name[i:]
		if !pk.key.fitsParam(strings.ToLower(rest)) {
			continue
		}
		d := distance(lower[:i], pk.prefix)
		score := 2 * d
		if lower[i-1] != sep {
			score++
		}
		if d <= limit && score < bestScore {
			best, bestDist, bestScore = pk.key.Prefix+rest, d, score
		}
	}
	return best, bestDist
}

// ActionsSupporting returns the actions whose condition keys include key.
func ActionsSupporting(key *ConditionKey) []*Action { return supporting[key] }

// Operators returns every condition operator. The slice is shared: do not
// modify it.
func Operators() []*Operator { return operatorList }

// ParseOperator splits a condition operator as written ("ForAnyValue:StringLikeIfExists")
// into its set prefix ("ForAnyValue", "ForAllValues" or ""), its base operator
// and whether IfExists was appended. ok is false when the base is unknown.
// Names are matched case-sensitively (see operators.go).
func ParseOperator(s string) (set string, op *Operator, ifExists bool, ok bool) {
	return parseOperator(s)
}

// LookupOperator finds a base operator by its exact name.
func LookupOperator(name string) *Operator { return operatorIndex[name] }
