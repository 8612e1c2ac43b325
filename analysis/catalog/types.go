// Package catalog is what kms-policy-ls knows about AWS KMS permissions and
// the IAM policy language: every KMS action with the policy types, cross-account
// use, resource types and condition keys of the AWS KMS permissions table
// (testdata/kms-permissions-table.txt), the actions and keys AWS added since
// (each with its source), condition key types and values, the aws: global
// keys, and the condition operators.
//
// Lookups are case-insensitive, as IAM is for action and key names.
package catalog

// PolicyType is a bit set of the policy kinds in which a permission can be
// specified.
type PolicyType uint8

const (
	KeyPolicy PolicyType = 1 << iota
	IAMPolicy
)

// CrossAccount is the table's "Cross-account use" column.
type CrossAccount uint8

const (
	CrossAccountNA CrossAccount = iota // the table says N/A (no resource, e.g. GenerateRandom)
	CrossAccountYes
	CrossAccountNo
)

// ResourceType is the table's "Resources" column.
type ResourceType uint8

const (
	ResourceKey           ResourceType = iota // "CMK": a KMS key ARN
	ResourceKeySymmetric                      // "CMK (symmetric only)"
	ResourceKeyAsymmetric                     // "CMK (asymmetric only)"
	ResourceAlias                             // "Alias": an alias ARN
	ResourceAny                               // "*": the permission applies to no particular resource
)

// KeyGroup is one group of condition keys as the table lists them under a
// heading ("Conditions for CMK operations", "Encryption context conditions", …).
type KeyGroup struct {
	Title string   // as the table shows it, without a trailing colon; "" for keys the table lists before any heading
	Keys  []string // key names as the catalog spells them (patterns such as "kms:EncryptionContext:context-key")
	// Source is "" for the table's own groups and names where the keys come
	// from for a group the catalog adds (Title "Added since the table").
	Source string
}

// Change is a fact about an action that postdates the seed table, with the
// reference it comes from.
type Change struct {
	Text   string
	Source string
}

// Use is one row of an action in the table: a policy type with the resource it
// governs. Most permissions have one; kms:CreateAlias, kms:DeleteAlias and
// kms:UpdateAlias have one for the alias (IAM policy) and one for the key (key policy).
type Use struct {
	PolicyType   PolicyType
	For          string // "the alias", "the CMK", … when the table qualifies the policy type; "" otherwise
	CrossAccount CrossAccount
	Resource     ResourceType
	Groups       []KeyGroup
}

// Action is one KMS permission.
type Action struct {
	Name      string // "kms:Decrypt", as AWS spells it
	Operation string // the API operation ("ReEncrypt" for kms:ReEncryptFrom/To); "" for permission-only actions
	Uses      []Use
	Notes     []string // the table's notes for the row, in our words

	AccessLevel      string   // Read, List, Write, Permissions management, Tagging
	DependentActions []string // other permissions some requests also need
	PermissionOnly   bool     // no API operation of its own (kms:SynchronizeMultiRegionKey)
	// LevelSource is where AccessLevel and DependentActions come from (the
	// seed table has neither).
	LevelSource string
	// Changes are facts about the action newer than the table, each sourced.
	Changes []Change

	Doc    string // one or two sentences in our words
	Source string // "" for rows of the seed table; otherwise a short reference to where the fact comes from

	indexed  bool            // built by the catalog, so the two caches below are filled
	keyNames []string        // KeyNames, computed once at init
	keys     []*ConditionKey // the keys of keyNames, resolved
	alone    []*Action       // []*Action{a}, what MatchActions returns for the plain name
	index    int             // position in actionList
}

// ValueType is the type of a condition key's value.
type ValueType uint8

const (
	TypeString ValueType = iota
	TypeBool
	TypeNumeric
	TypeDate
	TypeARN
	TypeIPAddress
	TypeBinary
)

// ConditionKey is one condition key, KMS or global.
type ConditionKey struct {
	Name string // "kms:KeySpec"; for a parameterised key the display form, e.g. "kms:EncryptionContext:context-key"
	// Prefix is set for parameterised keys: a name matches when it starts with
	// Prefix (case-insensitively) and has a non-empty remainder that fits Param.
	Prefix string
	Param  string // placeholder name for the remainder ("context-key", "tag-key", …); "" for plain keys
	// ParamMax, when positive, makes the remainder a decimal index 0..ParamMax
	// without leading zeros (the attestation PCR keys); otherwise any
	// non-empty remainder of at most 128 characters fits.
	ParamMax int

	Type ValueType
	// AltTypes are further value types the key is documented with
	// (aws:EpochTime is Date or Numeric).
	AltTypes []ValueType
	Multi    bool     // multi-valued: needs ForAnyValue:/ForAllValues:
	Values   []string // the enumeration, when AWS lists one
	// DeprecatedValues were once valid and are refused today
	// (RSAES_PKCS1_V1_5 for kms:WrappingAlgorithm).
	DeprecatedValues []string
	// MaybeValues may or may not be valid; the sources disagree or are silent
	// (SourceArn for kms:GrantConstraintType). Checks should not flag them.
	MaybeValues []string
	// Min and Max bound a Numeric key when HasRange is true.
	HasRange bool
	Min, Max int
	Format   string // a value format in words ("SERVICE.REGION.amazonaws.com", "12-digit account ID", "alias name")

	Deprecated string // the replacement key, when deprecated
	// replacement is the catalog key Deprecated names, resolved at init.
	replacement *ConditionKey
	IAMOnly     bool // only valid in IAM policies (kms:ResourceAliases)
	// Restriction is any narrower policy-type rule in words
	// ("IAM policies only when used with kms:CreateKey").
	Restriction string
	// NoForAllValues: KMS rejects policies that use ForAllValues with this key.
	NoForAllValues bool

	Global    bool // an aws: global condition key
	Sensitive bool // global key where a wildcard value makes no sense (aws:PrincipalOrgID, …)

	Doc    string // our own words
	Source string // "" when the seed table has it; otherwise where the fact comes from
}

// Operator is an IAM condition operator (without IfExists / set prefixes).
type Operator struct {
	Name string // "StringEquals"
	// Types are the key types the operator works on. Null works on every key.
	Types    []ValueType
	Negated  bool // StringNotEquals, ArnNotLike, …: matches when the value differs
	Wildcard bool // StringLike/ArnLike family: * and ? in values are wildcards
	// Variables: policy variables (${aws:username}) are substituted in values.
	Variables bool
	Doc       string
}
