package catalog

import "strings"

// The IAM condition operators, base names only. ParseOperator strips the
// ForAnyValue:/ForAllValues: prefixes and the IfExists suffix.
//
// Matching is case-sensitive. The facts settle the case rules for key names
// (insensitive) and values (per operator) but say nothing about operator
// names, so we accept only the documented spellings; a check can offer the
// right spelling through Nearest, which ignores case.

var allTypes = []ValueType{TypeString, TypeBool, TypeNumeric, TypeDate, TypeARN, TypeIPAddress, TypeBinary}

type opFamily struct {
	types     []ValueType
	variables bool
	wildcard  bool
}

var (
	stringFamily  = opFamily{types: []ValueType{TypeString, TypeARN}, variables: true}
	numericFamily = opFamily{types: []ValueType{TypeNumeric}}
	dateFamily    = opFamily{types: []ValueType{TypeDate}}
	// ArnEquals behaves as ArnLike: both take wildcards per ARN component.
	arnFamily = opFamily{types: []ValueType{TypeARN}, variables: true, wildcard: true}
)

func op(name string, f opFamily, negated bool, doc string) *Operator {
	return &Operator{Name: name, Types: f.types, Negated: negated, Wildcard: f.wildcard, Variables: f.variables, Doc: doc}
}

func like(o *Operator) *Operator { o.Wildcard = true; return o }

func operators() []*Operator {
	return []*Operator{
		op("StringEquals", stringFamily, false, "Exact, case-sensitive string match."),
		op("StringNotEquals", stringFamily, true, "True when the value matches none of the strings, case-sensitively."),
		op("StringEqualsIgnoreCase", stringFamily, false, "String match ignoring case."),
		op("StringNotEqualsIgnoreCase", stringFamily, true, "True when the value matches none of the strings, ignoring case."),
		like(op("StringLike", stringFamily, false, "Case-sensitive match where * and ? in the policy value are wildcards.")),
		like(op("StringNotLike", stringFamily, true, "True when the value fits none of the wildcard patterns.")),
		op("NumericEquals", numericFamily, false, "Number equals."),
		op("NumericNotEquals", numericFamily, true, "Number differs from every value."),
		op("NumericLessThan", numericFamily, false, "Number is below the value."),
		op("NumericLessThanEquals", numericFamily, false, "Number is at most the value."),
		op("NumericGreaterThan", numericFamily, false, "Number is above the value."),
		op("NumericGreaterThanEquals", numericFamily, false, "Number is at least the value."),
		op("DateEquals", dateFamily, false, "Date equals (ISO 8601 or epoch seconds)."),
		op("DateNotEquals", dateFamily, true, "Date differs from every value."),
		op("DateLessThan", dateFamily, false, "Date is before the value."),
		op("DateLessThanEquals", dateFamily, false, "Date is at or before the value."),
		op("DateGreaterThan", dateFamily, false, "Date is after the value."),
		op("DateGreaterThanEquals", dateFamily, false, "Date is at or after the value."),
		// The current IAM guide allows policy variables with Bool; an older
		// Access Analyzer text did not. We follow the current guide.
		{Name: "Bool", Types: []ValueType{TypeBool}, Variables: true, Doc: "Boolean match against \"true\" or \"false\"."},
		{Name: "BinaryEquals", Types: []ValueType{TypeBinary}, Doc: "Byte-for-byte match against a base64-encoded value."},
		{Name: "IpAddress", Types: []ValueType{TypeIPAddress}, Doc: "Address lies in one of the CIDR ranges (a bare address means /32)."},
		{Name: "NotIpAddress", Types: []ValueType{TypeIPAddress}, Negated: true, Doc: "Address lies in none of the CIDR ranges."},
		op("ArnEquals", arnFamily, false, "ARN match per colon-separated part; wildcards allowed (same as ArnLike)."),
		op("ArnLike", arnFamily, false, "ARN match per colon-separated part with * and ? wildcards."),
		op("ArnNotEquals", arnFamily, true, "True when the ARN matches none of the patterns (same as ArnNotLike)."),
		op("ArnNotLike", arnFamily, true, "True when the ARN matches none of the wildcard patterns."),
		{Name: "Null", Types: allTypes, Doc: "\"true\" matches when the key is absent from the request, \"false\" when present."},
	}
}

// Set-operator prefixes, as written before a colon.
const (
	SetForAnyValue  = "ForAnyValue"
	SetForAllValues = "ForAllValues"
)

const ifExistsSuffix = "IfExists"

func parseOperator(s string) (set string, o *Operator, ifExists bool, ok bool) {
	base := s
	for _, p := range []string{SetForAnyValue, SetForAllValues} {
		if rest, found := strings.CutPrefix(base, p+":"); found {
			set, base = p, rest
			break
		}
	}
	if o = operatorIndex[base]; o != nil {
		return set, o, false, true
	}
	// IfExists on Null is an error for the checks to report, so it still parses.
	if rest, found := strings.CutSuffix(base, ifExistsSuffix); found {
		if o = operatorIndex[rest]; o != nil {
			return set, o, true, true
		}
	}
	return set, nil, false, false
}

// Fits reports whether the operator suits a key of the given type. ARN keys
// also take String operators (a plain string comparison); keys documented
// with two types (aws:EpochTime) take either family.
func (o *Operator) Fits(k *ConditionKey) bool {
	if o == nil || k == nil {
		return false
	}
	if o.takes(k.Type) {
		return true
	}
	for _, t := range k.AltTypes {
		if o.takes(t) {
			return true
		}
	}
	return false
}

func (o *Operator) takes(t ValueType) bool {
	for _, ot := range o.Types {
		if ot == t {
			return true
		}
	}
	return false
}
