package eval

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The condition operators, as the IAM guide defines them:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// and how they combine:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html

type family uint8

const (
	famString family = iota
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

type comparison uint8

const (
	cmpEq comparison = iota
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

// operator is a base operator (no IfExists, no set qualifier) made ready
// to evaluate.
type operator struct {
	name    string
	fam     family
	cmp     comparison
	negated bool // StringNotEquals, NotIpAddress, ArnNotLike, …
	like    bool // * and ? are wildcards (StringLike, ArnLike, ArnEquals)
	fold    bool // …IgnoreCase
	vars    bool // policy variables are substituted in its values
}

var operatorsByName = func() map[string]*operator {
	m := map[string]*operator{}
	add := func(o operator) { m[o.name] = &o }
	for _, neg := range []bool{false, true} {
		not := ""
		if neg {
			not = "Not"
		}
		add(operator{name: "String" + not + "Equals", fam: famString, negated: neg, vars: true})
		add(operator{name: "String" + not + "EqualsIgnoreCase", fam: famString, negated: neg, fold: true, vars: true})
		add(operator{name: "String" + not + "Like", fam: famString, negated: neg, like: true, vars: true})
		add(operator{name: "Numeric" + not + "Equals", fam: famNumeric, negated: neg})
		add(operator{name: "Date" + not + "Equals", fam: famDate, negated: neg})
		// ArnEquals is ArnLike: both take wildcards in each component.
		add(operator{name: "Arn" + not + "Equals", fam: famARN, negated: neg, like: true, vars: true})
		add(operator{name: "Arn" + not + "Like", fam: famARN, negated: neg, like: true, vars: true})
	}
	for _, c := range []struct {
		suffix string
		cmp    comparison
	}{{"LessThan", cmpLt}, {"LessThanEquals", cmpLe}, {"GreaterThan", cmpGt}, {"GreaterThanEquals", cmpGe}} {
		add(operator{name: "Numeric" + c.suffix, fam: famNumeric, cmp: c.cmp})
		add(operator{name: "Date" + c.suffix, fam: famDate, cmp: c.cmp})
	}
	// The current guide lets Bool take policy variables; an older Access
	// Analyzer text did not. The catalog follows the current guide, and so
	// do we.
	add(operator{name: "Bool", fam: famBool, vars: true})
	add(operator{name: "BinaryEquals", fam: famBinary})
	add(operator{name: "IpAddress", fam: famIP})
	add(operator{name: "NotIpAddress", fam: famIP, negated: true})
	add(operator{name: "Null", fam: famNull})
	return m
}()

type setQualifier uint8

const (
	setNone setQualifier = iota
	setAny               // ForAnyValue:
	setAll               // ForAllValues:
)

// block is one operator of a Condition with its keys; at is its position
// in the policy's Condition.
type block struct {
	operator string    // as written
	at       int       // its index in the Condition's blocks
	op       *operator // nil: an operator AWS does not know, which no request satisfies
	set      setQualifier
	ifExists bool
	entries  []entry
}

// entry is one condition key of a block with its values.
type entry struct {
	at     int    // its index in the block's entries
	key    string // as written
	lower  string
	values []condValue
}

// condValue is one value of an entry, read for its operator's family.
// ok is false for a value that does not parse as that family (a number
// that is not one); such a value matches no request value.
type condValue struct {
	ok   bool
	text value     // String, Bool (variables), and the raw text of every family
	arn  *[6]value // an ARN operator's components
	num  float64
	date time.Time
	bin  []byte
	ip   netip.Prefix
	// null: true when the value asks for the key to be absent.
	null bool
}

// readConditions reads a statement's Condition. variables is whether the
// policy's Version enables policy variables.
func readConditions(c *policy.Condition, variables bool) []block {
	if c == nil {
		return nil
	}
	// A JSON parser keeps one of two members of the same name; like the
	// policy model, the engine keeps the first (duplicate-key reports the
	// other).
	out := make([]block, 0, len(c.Blocks))
	for i := range c.Blocks {
		b := &c.Blocks[i]
		if slices.ContainsFunc(c.Blocks[:i], func(o policy.ConditionBlock) bool { return o.Operator == b.Operator }) {
			continue
		}
		out = append(out, block{operator: b.Operator, at: i})
		blk := &out[len(out)-1]
		set, op, ifExists, ok := catalog.ParseOperator(b.Operator)
		if ok {
			blk.op = operatorsByName[op.Name]
			blk.ifExists = ifExists
			switch set {
			case catalog.SetForAnyValue:
				blk.set = setAny
			case catalog.SetForAllValues:
				blk.set = setAll
			}
			if blk.op != nil && blk.op.fam == famNull && ifExists {
				blk.op = nil // NullIfExists is not an operator AWS accepts
			}
		}
		blk.entries = make([]entry, 0, len(b.Entries))
		for j := range b.Entries {
			e := &b.Entries[j]
			if slices.ContainsFunc(b.Entries[:j], func(o policy.ConditionEntry) bool { return o.Key == e.Key }) {
				continue
			}
			en := entry{at: j, key: e.Key, lower: strings.ToLower(e.Key)}
			if blk.op != nil {
				en.values = make([]condValue, len(e.Values))
				for k, v := range e.Values {
					en.values[k] = readCondValue(blk.op, v.Text, variables && blk.op.vars)
				}
			}
			blk.entries = append(blk.entries, en)
		}
	}
	return out
}

func readCondValue(op *operator, s string, variables bool) condValue {
	v := condValue{text: readValue(s, variables)}
	switch op.fam {
	case famString:
		v.ok = true
	case famBool:
		v.ok = v.text.vars || isBool(s)
	case famARN:
		f, n := splitARN(s)
		if n == 6 {
			v.ok = true
			v.arn = new([6]value)
			for i := range f {
				v.arn[i] = readValue(f[i], variables)
			}
		}
	case famNumeric:
		v.num, v.ok = parseNumber(s)
	case famDate:
		v.date, v.ok = ParseDate(s)
	case famBinary:
		b, err := base64.StdEncoding.DecodeString(s)
		v.bin, v.ok = b, err == nil
	case famIP:
		v.ip, v.ok = ParseCIDR(s)
	case famNull:
		switch strings.ToLower(s) {
		case "true":
			v.null, v.ok = true, true
		case "false":
			v.ok = true
		}
	}
	return v
}

// isBool reports whether s is a Bool value. JSON true and the string
// "true" are alike (policy.ConditionEntry keeps both as text); we accept
// any case, as the IAM guide's examples write the words in lower case
// without saying others are refused.
func isBool(s string) bool {
	return strings.EqualFold(s, "true") || strings.EqualFold(s, "false")
}

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}

// ParseDate reads a Date operator's value: W3C ISO 8601 (a date, a date
// and time to the minute, second or fraction, in UTC or with an offset)
// or seconds since 1970.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
// (the formats are W3C's profile, https://www.w3.org/TR/NOTE-datetime).
func ParseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) || (s[0] == '-' && isDigits(s[1:])) {
		// Epoch seconds. A four-digit number is a year in ISO 8601, but
		// AWS writes "YYYY" only as part of a longer date; a bare number
		// is seconds.
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

var dateLayouts = []string{
	"2006-01-02T15:04:05Z07:00", // seconds, with Z or an offset (fractions are accepted by Parse)
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05", // no zone: read as UTC
	"2006-01-02",
	"2006-01",
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParseCIDR reads an IpAddress value: an IPv4 or IPv6 CIDR block, or a
// bare address, which stands for itself (/32, and /128 for IPv6).
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
func ParseCIDR(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-unmapBits(p.Addr())).Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

// unmapBits is how many prefix bits an IPv4-mapped IPv6 address loses
// when it is read as IPv4.
func unmapBits(a netip.Addr) int {
	if a.Is4In6() {
		return 96
	}
	return 0
}

// splitARN cuts an ARN pattern into its six components (arn and five more;
// the last keeps its colons), not cutting inside a policy variable.
func splitARN(s string) ([6]string, int) {
	var f [6]string
	if !arn.LooksLikeARN(s) {
		return f, 0
	}
	start, pos, n := 0, 0, 0
	for n < 5 {
		c := strings.IndexByte(s[pos:], ':')
		if c < 0 {
			break
		}
		c += pos
		if v := strings.Index(s[pos:c], "${"); v >= 0 {
			if j := strings.IndexByte(s[pos+v:], '}'); j >= 0 && pos+v+j > c {
				pos = pos + v + j + 1
				continue
			}
		}
		f[n] = s[start:c]
		n++
		start, pos = c+1, c+1
	}
	f[n] = s[start:]
	return f, n + 1
}

// evaluator is what evaluating conditions needs besides the request: where
// to note the keys the request lacked.
type evaluator struct {
	ctx     *Context
	missing *[]string // nil: not noted
}

func (ev *evaluator) lookup(key string) (string, bool) {
	v, ok := ev.ctx.single(key)
	if !ok {
		ev.note(key)
	}
	return v, ok
}

func (ev *evaluator) note(key string) {
	if ev.missing == nil {
		return
	}
	for _, k := range *ev.missing {
		if strings.EqualFold(k, key) {
			return
		}
	}
	*ev.missing = append(*ev.missing, key)
}

func (ev *evaluator) noteVariables(vals []condValue) {
	for i := range vals {
		vs := []value{vals[i].text}
		if vals[i].arn != nil {
			vs = append(vs, vals[i].arn[:]...)
		}
		for _, v := range vs {
			for _, p := range v.parts {
				if p.kind == partVar && !ev.ctx.Has(p.text) {
					ev.note(p.text)
				}
			}
		}
	}
}

// conditions reports whether every block holds: blocks, and keys within a
// block, are ANDed. Every block is evaluated (no short cut) when keys are
// being noted, so that every key the statement tests is noted.
func (ev *evaluator) conditions(blocks []block) bool {
	all := true
	for i := range blocks {
		if !ev.block(&blocks[i]) {
			if ev.missing == nil {
				return false
			}
			all = false
		}
	}
	return all
}

func (ev *evaluator) block(b *block) bool {
	if b.op == nil {
		return false
	}
	all := true
	for i := range b.entries {
		if !ev.entry(b, &b.entries[i]) {
			if ev.missing == nil {
				return false
			}
			all = false
		}
	}
	return all
}

// entry evaluates one key of a block.
func (ev *evaluator) entry(b *block, e *entry) bool {
	vals, _ := ev.ctx.get(e.lower)
	present := len(vals) > 0 // a key with no value is absent
	if !present && ev.missing != nil {
		ev.note(e.key)
		ev.noteVariables(e.values) // needed as soon as the key is there
	}
	op := b.op
	if op.fam == famNull {
		return nullHolds(b.set, e.values, present)
	}
	if !present {
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
		// and the set qualifiers' table of the multi-valued keys page.
		switch {
		case b.ifExists:
			return true
		case b.set == setAll:
			return true
		case b.set == setAny:
			return false
		}
		return op.negated
	}
	switch b.set {
	case setAny:
		for _, rv := range vals {
			if ev.matchAny(op, e.values, rv) != op.negated {
				return true
			}
		}
		return false
	case setAll:
		for _, rv := range vals {
			if ev.matchAny(op, e.values, rv) == op.negated {
				return false
			}
		}
		return true
	}
	// No qualifier: a positive operator holds when a request value matches
	// a policy value (values are ORed); a negated one when none does (NOR).
	for _, rv := range vals {
		if ev.matchAny(op, e.values, rv) {
			return !op.negated
		}
	}
	return op.negated
}

// nullHolds is the Null operator: "true" holds when the key is absent,
// "false" when present; several values are ORed. Under ForAllValues it
// always holds and under ForAnyValue never, as IAM Access Analyzer's "Null
// with qualifier" check documents
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
func nullHolds(set setQualifier, vals []condValue, present bool) bool {
	switch set {
	case setAll:
		return true
	case setAny:
		return false
	}
	for _, v := range vals {
		if v.ok && v.null != present {
			return true
		}
	}
	return false
}

// matchAny reports whether the request value rv matches one of the policy
// values, by the operator's positive comparison (a negated operator's
// caller inverts it).
func (ev *evaluator) matchAny(op *operator, vals []condValue, rv string) bool {
	for i := range vals {
		if vals[i].ok && ev.match(op, &vals[i], rv) {
			return true
		}
	}
	return false
}

func (ev *evaluator) match(op *operator, v *condValue, rv string) bool {
	switch op.fam {
	case famString:
		parts, ok := v.text.resolve(ev.lookup)
		if !ok {
			return false
		}
		if op.like {
			return glob(parts, rv, false)
		}
		return eq(literal(parts), rv, op.fold)
	case famBool:
		parts, ok := v.text.resolve(ev.lookup)
		return ok && isBool(rv) && strings.EqualFold(literal(parts), rv)
	case famARN:
		return ev.matchARN(v, rv)
	case famNumeric:
		n, ok := parseNumber(rv)
		return ok && compare(op.cmp, cmpFloat(n, v.num))
	case famDate:
		t, ok := ParseDate(rv)
		return ok && compare(op.cmp, t.Compare(v.date))
	case famBinary:
		b, err := base64.StdEncoding.DecodeString(rv)
		return err == nil && bytes.Equal(b, v.bin)
	case famIP:
		a, err := netip.ParseAddr(rv)
		return err == nil && v.ip.Contains(a.Unmap())
	}
	return false
}

// matchARN matches each of the six components separately, so a * never
// runs past a colon between them; case-sensitively.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
func (ev *evaluator) matchARN(v *condValue, rv string) bool {
	f, n := arn.Fields(rv)
	if n != 6 || v.arn == nil {
		return false
	}
	for i := range f {
		parts, ok := v.arn[i].resolve(ev.lookup)
		if !ok || !glob(parts, f[i], false) {
			return false
		}
	}
	return true
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func compare(c comparison, r int) bool {
	switch c {
	case cmpLt:
		return r < 0
	case cmpLe:
		return r <= 0
	case cmpGt:
		return r > 0
	case cmpGe:
		return r >= 0
	}
	return r == 0
}
