package eval

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

// CallerKind is what kind of principal makes a request.
type CallerKind uint8

const (
	// CallerUnknown is a principal about whom nothing is known (the "*"
	// of simulate): some principal of an account that is not the key's,
	// with no principal keys in its request.
	CallerUnknown       CallerKind = iota
	CallerRoot                     // an account's root user
	CallerUser                     // an IAM user
	CallerRole                     // a session of an IAM role, known by the role's ARN
	CallerSession                  // an assumed-role session, known by its sts ARN
	CallerFederatedUser            // an STS federated user (GetFederationToken)
	CallerService                  // an AWS service principal calling as itself
)

var callerKindNames = [...]string{"unknown principal", "root user", "IAM user", "IAM role", "assumed-role session", "federated user", "service principal"}

func (k CallerKind) String() string { return callerKindNames[k] }

// Caller is the principal that makes a request.
type Caller struct {
	Kind CallerKind
	// ARN is the principal's ARN: the root ARN for a root user, the sts
	// session ARN for a session; "" for a service or an unknown caller.
	ARN     string
	Account string // the 12-digit account; "" for a service or an unknown caller
	// RoleARN is the role of a role session (CallerRole, CallerSession).
	// A session ARN does not carry the role's path, so neither does the
	// RoleARN made from one.
	RoleARN string
	Service string // the service principal's name, "logs.amazonaws.com"
}

// ParseCaller reads a principal as simulate's --principal takes it: an IAM
// ARN (root, user, role, assumed-role session, federated user), a 12-digit
// account id (its root user), a service principal name, or "*".
func ParseCaller(s string) (Caller, error) {
	if s == "*" {
		return Caller{Kind: CallerUnknown}, nil
	}
	p := arn.ParsePrincipal(s)
	if p.Reason != "" {
		return Caller{}, errors.New(p.Reason)
	}
	c := Caller{ARN: s, Account: p.Account}
	switch p.Kind {
	case arn.AccountRoot:
		c.Kind = CallerRoot
		partition := "aws"
		if p.IsARN {
			partition = p.ARN.Partition
		}
		c.ARN = arn.ARN{Partition: partition, Service: "iam", Account: p.Account, Resource: "root"}.String()
	case arn.User:
		c.Kind = CallerUser
	case arn.Role:
		c.Kind, c.RoleARN = CallerRole, s
	case arn.AssumedRoleSession:
		c.Kind = CallerSession
		role, ok := p.RoleARN()
		if !ok {
			return Caller{}, errors.New("an assumed-role session is arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION")
		}
		c.RoleARN = role
	case arn.FederatedUser:
		c.Kind = CallerFederatedUser
	case arn.Service:
		c = Caller{Kind: CallerService, Service: s}
	default:
		return Caller{}, errors.New("not a principal that can call AWS KMS: " + p.Kind.String())
	}
	return c, nil
}

// String is the caller as simulate takes it.
func (c Caller) String() string {
	switch c.Kind {
	case CallerUnknown:
		return "*"
	case CallerService:
		return c.Service
	}
	return c.ARN
}

// HasAccount reports whether the caller belongs to a known account.
func (c Caller) HasAccount() bool { return c.Account != "" }

// principalARN is the value of aws:PrincipalArn for the caller: a role
// session's is its role's ARN.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
func (c Caller) principalARN() string {
	if c.RoleARN != "" {
		return c.RoleARN
	}
	return c.ARN
}

// principalType is aws:PrincipalType for the caller.
// Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
func (c Caller) principalType() string {
	switch c.Kind {
	case CallerRoot:
		return "Account"
	case CallerUser:
		return "User"
	case CallerRole, CallerSession:
		return "AssumedRole"
	case CallerFederatedUser:
		return "FederatedUser"
	}
	return ""
}

// userName is aws:username: an IAM user's friendly name, absent for every
// other principal (same source as principalType).
func (c Caller) userName() (string, bool) {
	if c.Kind != CallerUser {
		return "", false
	}
	a, err := arn.Parse(c.ARN)
	if err != nil {
		return "", false
	}
	i := strings.LastIndexByte(a.Resource, '/')
	return a.Resource[i+1:], true
}

// PrincipalKeys are the condition keys a request carries about its
// principal, by key name: what simulate fills in from --principal unless
// the context gives them. An unknown caller carries none.
func (c Caller) PrincipalKeys() [][2]string {
	switch c.Kind {
	case CallerUnknown:
		return nil
	case CallerService:
		return [][2]string{
			{"aws:PrincipalIsAWSService", "true"},
			{"aws:PrincipalServiceName", c.Service},
		}
	}
	keys := [][2]string{
		{"aws:PrincipalArn", c.principalARN()},
		{"aws:PrincipalAccount", c.Account},
		{"kms:CallerAccount", c.Account},
		{"aws:PrincipalType", c.principalType()},
		{"aws:PrincipalIsAWSService", "false"},
	}
	if name, ok := c.userName(); ok {
		keys = append(keys, [2]string{"aws:username", name})
	}
	return keys
}

// Context is a request's condition keys and their values. Key names ignore
// case, including the part after a prefix such as kms:EncryptionContext:
// (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-encryption-context-case);
// values keep theirs. A key with several values is multi-valued; a key may
// be present with no value (an empty set).
type Context struct {
	m map[string]*contextEntry
	// one holds the only key of a context made by set1, without a map:
	// the symbolic judgements make many one-key contexts.
	one      contextEntry
	oneLower string
}

// set1 makes c a context of exactly one key (lower-cased name).
func (c *Context) set1(lower, name string, vs []string) {
	c.one = contextEntry{name: name, values: vs}
	c.oneLower = lower
}

type contextEntry struct {
	name   string // as first given
	values []string
}

// Add adds a value to a key, making it multi-valued when it has one.
func (c *Context) Add(key, v string) {
	e := c.entry(key)
	e.values = append(e.values, v)
}

// Set gives a key exactly these values (none: present, with an empty set).
func (c *Context) Set(key string, vs ...string) {
	c.entry(key).values = append([]string(nil), vs...)
}

// Delete removes a key.
func (c *Context) Delete(key string) {
	delete(c.m, strings.ToLower(key))
}

func (c *Context) entry(key string) *contextEntry {
	if c.m == nil {
		c.m = make(map[string]*contextEntry)
	}
	lower := strings.ToLower(key)
	e := c.m[lower]
	if e == nil {
		e = &contextEntry{name: key}
		c.m[lower] = e
	}
	return e
}

// Has reports whether the key is present (with or without values).
func (c *Context) Has(key string) bool {
	_, ok := c.get(strings.ToLower(key))
	return ok
}

// Values returns a key's values and whether it is present.
func (c *Context) Values(key string) ([]string, bool) {
	return c.get(strings.ToLower(key))
}

func (c *Context) get(lower string) ([]string, bool) {
	if c.oneLower != "" {
		if lower == c.oneLower {
			return c.one.values, true
		}
		return nil, false
	}
	e := c.m[lower]
	if e == nil {
		return nil, false
	}
	return e.values, true
}

// single is a key's value when it has exactly one: what a policy variable
// takes (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
func (c *Context) single(key string) (string, bool) {
	vs, ok := c.get(strings.ToLower(key))
	if !ok || len(vs) != 1 {
		return "", false
	}
	return vs[0], true
}

// Keys lists the keys present, as first spelt.
func (c *Context) Keys() []string {
	out := make([]string, 0, len(c.m))
	for _, e := range c.m {
		out = append(out, e.name)
	}
	return out
}

// Request is one request to decide.
type Request struct {
	Caller Caller
	Action string // "kms:Decrypt"; case is ignored
	// Resource is the ARN of the key (or alias) the request is for; "" is
	// the key the key policy is attached to.
	Resource string
	Context  Context
}

// FillPrincipalKeys adds the caller's principal keys (PrincipalKeys) that
// the context does not already hold.
func (r *Request) FillPrincipalKeys() {
	for _, kv := range r.Caller.PrincipalKeys() {
		if !r.Context.Has(kv[0]) {
			r.Context.Set(kv[0], kv[1])
		}
	}
}

// CheckValue checks a request value of a condition key against the key's
// type in the catalog, and returns it as the operators read it (a Bool in
// lower case). A key the catalog does not know takes any text.
func CheckValue(key, v string) (string, error) {
	k := catalog.LookupKey(key)
	if k == nil {
		return v, nil
	}
	var err error
	for _, t := range k.Types() {
		if v, err = checkTyped(t, v); err == nil {
			return v, nil
		}
	}
	return v, fmt.Errorf("%s is of type %s: %w", k.Name, k.TypeName(), err)
}

func checkTyped(t catalog.ValueType, v string) (string, error) {
	switch t {
	case catalog.TypeBool:
		if !isBool(v) {
			return v, fmt.Errorf("%q is not true or false", v)
		}
		return strings.ToLower(v), nil
	case catalog.TypeNumeric:
		if _, ok := parseNumber(v); !ok {
			return v, fmt.Errorf("%q is not a number", v)
		}
	case catalog.TypeDate:
		if _, ok := ParseDate(v); !ok {
			return v, fmt.Errorf("%q is not an ISO 8601 date or epoch seconds", v)
		}
	case catalog.TypeARN:
		if _, n := arn.Fields(v); n != 6 || !arn.LooksLikeARN(v) {
			return v, fmt.Errorf("%q is not an ARN", v)
		}
	case catalog.TypeIPAddress:
		if _, err := netip.ParseAddr(v); err != nil {
			return v, fmt.Errorf("%q is not an IP address", v)
		}
	case catalog.TypeBinary:
		if _, err := base64.StdEncoding.DecodeString(v); err != nil {
			return v, fmt.Errorf("%q is not base64", v)
		}
	}
	return v, nil
}
