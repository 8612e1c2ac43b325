package eval

import "github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"

// ActionClass groups the actions a key policy can grant, for the summary's
// columns.
type ActionClass uint8

const (
	// ClassCryptographic: the cryptographic operations, which use the key
	// (https://docs.aws.amazon.com/kms/latest/developerguide/kms-cryptography.html#cryptographic-operations).
	ClassCryptographic ActionClass = iota
	// ClassGrants: creating, listing, retiring and revoking grants, which
	// give the key's permissions to others.
	ClassGrants
	// ClassReadOnly: the other actions of access level Read or List.
	ClassReadOnly
	// ClassAdministrative: the rest: the key policy, the key's state,
	// rotation, deletion, aliases, tags and key material.
	ClassAdministrative
)

// ActionClasses lists the classes in the order the summary shows them.
var ActionClasses = []ActionClass{ClassCryptographic, ClassGrants, ClassReadOnly, ClassAdministrative}

func (c ActionClass) String() string {
	switch c {
	case ClassCryptographic:
		return "cryptographic"
	case ClassGrants:
		return "grants"
	case ClassReadOnly:
		return "read-only"
	}
	return "administrative"
}

var cryptographic = map[string]bool{
	"kms:Decrypt": true, "kms:Encrypt": true, "kms:GenerateDataKey": true, "kms:GenerateDataKeyPair": true,
	"kms:GenerateDataKeyPairWithoutPlaintext": true, "kms:GenerateDataKeyWithoutPlaintext": true,
	"kms:GenerateMac": true, "kms:VerifyMac": true, "kms:GenerateRandom": true, "kms:ReEncryptFrom": true,
	"kms:ReEncryptTo": true, "kms:Sign": true, "kms:Verify": true, "kms:DeriveSharedSecret": true,
}

var grantActions = map[string]bool{
	"kms:CreateGrant": true, "kms:ListGrants": true, "kms:RetireGrant": true, "kms:RevokeGrant": true, "kms:ListRetirableGrants": true,
}

// ClassOf is an action's class.
func ClassOf(a *catalog.Action) ActionClass {
	switch {
	case cryptographic[a.Name]:
		return ClassCryptographic
	case grantActions[a.Name]:
		return ClassGrants
	case a.AccessLevel == "Read" || a.AccessLevel == "List":
		return ClassReadOnly
	}
	return ClassAdministrative
}

// ClassActions are the actions of a class a key policy can grant, by
// their index in KeyActions.
func ClassActions(c ActionClass) []int { return append([]int(nil), classActions[c]...) }

var classActions = func() map[ActionClass][]int {
	m := map[ActionClass][]int{}
	for i, a := range keyActions {
		m[ClassOf(a)] = append(m[ClassOf(a)], i)
	}
	return m
}()
