package catalog

// The KMS actions. Seed rows come first, written to match the AWS KMS
// permissions table (testdata/kms-permissions-table.txt) group for group and
// key for key; what AWS added since sits in groups titled addedTitle or in
// actions of their own, each with a Source. Access levels and dependent
// actions come from the Service Authorization Reference (srcSAR).

// Short references to the sources of facts newer than the seed table. The
// bracketed tags are those of the project's facts file (kms-facts.md).
const (
	srcSAR      = "SAR 2026-06"
	srcKeySpec  = "SAR 2026-06; KMS condition keys page 2024-25 (KeySpec/KeyUsage replace CustomerMasterKeySpec/Usage)"
	srcNitro    = "SAR 2026-06; KMS Nitro Enclaves and NitroTPM condition keys pages"
	srcGrants26 = "KMS doc history 2026-03-06; KMS grant authorization page; SAR 2026-06"
	srcLastUse  = "SAR 2026-06; KMS permissions page 2026; KMS key last-usage page (April 2026)"
	srcRotation = "KMS doc history 2024-04-12; KMS condition keys page 2024-25; KMS API reference"
	srcPending  = "KMS condition keys page 2024-25; SAR 2026-06; KMS API reference"
	srcPerm26   = "KMS permissions page 2026; SAR 2026-06"
	srcMultiReg = "SAR 2026-06"

	srcGenerateMac   = "KMS doc history 2022-04-19; KMS permissions page 2026; SAR 2026-06; KMS API reference"
	srcRotateOnDem   = "KMS doc history 2024-04-12; KMS permissions page 2026; SAR 2026-06; KMS API reference"
	srcDeriveSecret  = "KMS doc history 2024-06-13; KMS permissions page 2026; SAR 2026-06; KMS API reference"
	srcGetLastUsage  = "KMS permissions page 2026; SAR 2026-06; KMS key last-usage page (April 2026)"
	srcSyncMultiRegn = "SAR 2026-06 (permission-only actions section)"
)

// addedTitle heads the group of keys a seed action gained after the table.
const addedTitle = "Added since the table"

// Table group titles, spelt as the table shows them (without the colon).
const (
	titleCMK     = "Conditions for CMK operations"
	titleCrypto  = "Conditions for cryptographic operations"
	titleContext = "Encryption context conditions"
	titleGrant   = "Grant conditions"
	titleTagging = "Conditions for tagging"
	titleSigning = "Conditions for signing and verification"
	titlePairs   = "Conditions for data key pairs"
	titleOther   = "Other conditions"
)

// Key names as the catalog spells them in groups.
const (
	keyEncryptionContext = "kms:EncryptionContext:context-key"
	keyResourceTag       = "aws:ResourceTag/tag-key"
	keyRequestTag        = "aws:RequestTag/tag-key"
	keyAttestationPCR    = "kms:RecipientAttestation:PCR<n>"
	keyAttestationTPM    = "kms:RecipientAttestation:NitroTPMPCR<n>"
	keyAttestationImage  = "kms:RecipientAttestation:ImageSha384"
)

func group(title string, keys ...string) KeyGroup { return KeyGroup{Title: title, Keys: keys} }

// added is the group of keys a seed action accepts today beyond the table.
func added(source string, keys ...string) KeyGroup {
	return KeyGroup{Title: addedTitle, Keys: keys, Source: source}
}

// The table repeats these groups on almost every key operation.
func cmkGroup() KeyGroup {
	return group(titleCMK, "kms:CallerAccount", "kms:CustomerMasterKeySpec", "kms:CustomerMasterKeyUsage",
		"kms:KeyOrigin", "kms:MultiRegion", "kms:MultiRegionKeyType", "kms:ResourceAliases",
		keyResourceTag, "kms:ViaService")
}
func cryptoGroup() KeyGroup { return group(titleCrypto, "kms:EncryptionAlgorithm", "kms:RequestAlias") }
func contextGroup() KeyGroup {
	return group(titleContext, keyEncryptionContext, "kms:EncryptionContextKeys")
}
func signingGroup() KeyGroup {
	return group(titleSigning, "kms:MessageType", "kms:RequestAlias", "kms:SigningAlgorithm")
}

// keySpecKeys are the key-property keys that replaced the CustomerMaster* pair;
// every operation on a KMS key accepts them today.
var keySpecKeys = []string{"kms:KeySpec", "kms:KeyUsage"}

// attestationKeys are the Nitro Enclaves and NitroTPM attestation keys.
var attestationKeys = []string{keyAttestationImage, keyAttestationPCR, keyAttestationTPM}

// keyOpsGroup is today's key-resource set, as the current permissions page
// lists it for actions the table never had.
func keyOpsGroup() KeyGroup {
	return group("Conditions for KMS key operations", "kms:CallerAccount", "kms:KeyOrigin", "kms:KeySpec",
		"kms:KeyUsage", "kms:MultiRegion", "kms:MultiRegionKeyType", "kms:ResourceAliases",
		keyResourceTag, "kms:ViaService")
}

func keyPolicyUse(x CrossAccount, r ResourceType, groups ...KeyGroup) Use {
	return Use{PolicyType: KeyPolicy, CrossAccount: x, Resource: r, Groups: groups}
}

func iamPolicyUse(x CrossAccount, r ResourceType, groups ...KeyGroup) Use {
	return Use{PolicyType: IAMPolicy, CrossAccount: x, Resource: r, Groups: groups}
}

// cmkUse is the common row shape: a key-policy permission on a KMS key with
// the table's groups, plus the key-property keys added since.
func cmkUse(x CrossAccount, r ResourceType, table []KeyGroup) Use {
	return keyPolicyUse(x, r, append(table, added(srcKeySpec, keySpecKeys...))...)
}

func groups(g ...KeyGroup) []KeyGroup { return g }

// aliasUses are the two rows of CreateAlias, DeleteAlias and UpdateAlias.
func aliasUses(keyFor string) []Use {
	alias := iamPolicyUse(CrossAccountNo, ResourceAlias)
	alias.For = "the alias"
	key := cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))
	key.For = keyFor
	return []Use{alias, key}
}

// customKeyStoreUse is the row shape of the custom key store operations.
func customKeyStoreUse() []Use {
	return []Use{iamPolicyUse(CrossAccountNo, ResourceAny, group("", "kms:CallerAccount"))}
}

func seedActions() []*Action {
	return []*Action{
		{Name: "kms:CancelKeyDeletion", Operation: "CancelKeyDeletion", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Stops a scheduled deletion of a KMS key; the key comes back disabled."},
		{Name: "kms:ConnectCustomKeyStore", Operation: "ConnectCustomKeyStore", AccessLevel: "Write",
			Uses: customKeyStoreUse(),
			Doc:  "Connects a custom key store to its CloudHSM cluster or external key manager."},
		{Name: "kms:CreateAlias", Operation: "CreateAlias", AccessLevel: "Write",
			Uses: aliasUses("the CMK"),
			Notes: []string{"Needs this permission twice: on the alias, granted in an IAM policy, and on the " +
				"target KMS key, granted in its key policy."},
			Doc: "Gives a KMS key a friendly alias name."},
		{Name: "kms:CreateCustomKeyStore", Operation: "CreateCustomKeyStore", AccessLevel: "Write",
			Uses:             customKeyStoreUse(),
			DependentActions: []string{"cloudhsm:DescribeClusters", "ec2:DescribeVpcEndpointServices", "iam:CreateServiceLinkedRole"},
			Doc:              "Creates a custom key store backed by a CloudHSM cluster or an external key manager."},
		{Name: "kms:CreateGrant", Operation: "CreateGrant", AccessLevel: "Permissions management",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKey, groups(contextGroup(),
				group(titleGrant, "kms:GrantConstraintType", "kms:GranteePrincipal", "kms:GrantIsForAWSResource",
					"kms:GrantOperations", "kms:RetiringPrincipal"),
				cmkGroup(),
				added(srcGrants26, "kms:GrantConstraintSourceArn", "kms:GranteeServicePrincipal", "kms:RetiringServicePrincipal")))},
			Changes: []Change{{Text: "A request names the grantee either as a principal ARN or as a service principal, " +
				"never both; the service-principal keys and the SourceArn constraint arrived in March 2026.", Source: srcGrants26}},
			Doc: "Adds a grant that lets another principal use a KMS key for chosen operations."},
		{Name: "kms:CreateKey", Operation: "CreateKey", AccessLevel: "Write",
			Uses: []Use{iamPolicyUse(CrossAccountNo, ResourceAny,
				group("", "kms:BypassPolicyLockoutSafetyCheck", "kms:CallerAccount", "kms:CustomerMasterKeySpec",
					"kms:CustomerMasterKeyUsage", "kms:KeyOrigin", "kms:ViaService"),
				group(titleTagging, keyRequestTag, keyResourceTag, "aws:TagKeys"),
				added(srcKeySpec+"; multi-Region keys: "+srcMultiReg, "kms:KeySpec", "kms:KeyUsage", "kms:MultiRegion", "kms:MultiRegionKeyType"))},
			DependentActions: []string{"iam:CreateServiceLinkedRole", "kms:PutKeyPolicy", "kms:TagResource"},
			Changes: []Change{{Text: "The Resource element must now be \"*\"; the older advice allowed an " +
				"account-scoped ARN ending in \":*\" as well.", Source: "KMS permissions page 2026"}},
			Doc: "Creates a new KMS key; there is no key yet, so only an IAM policy can allow it."},
		{Name: "kms:Decrypt", Operation: "Decrypt", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKey, groups(cryptoGroup(), contextGroup(), cmkGroup(),
				added(srcNitro, attestationKeys...)))},
			Doc: "Decrypts ciphertext produced under a KMS key."},
		{Name: "kms:DeleteAlias", Operation: "DeleteAlias", AccessLevel: "Write",
			Uses: aliasUses("the CMK"),
			Notes: []string{"Needs this permission twice: on the alias, granted in an IAM policy, and on the " +
				"KMS key the alias points to, granted in its key policy."},
			Doc: "Removes an alias; the KMS key it named is untouched."},
		{Name: "kms:DeleteCustomKeyStore", Operation: "DeleteCustomKeyStore", AccessLevel: "Write",
			Uses: customKeyStoreUse(),
			Doc:  "Deletes a custom key store that no longer holds KMS keys."},
		{Name: "kms:DeleteImportedKeyMaterial", Operation: "DeleteImportedKeyMaterial", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Removes imported key material, making the KMS key unusable until material is imported again."},
		{Name: "kms:DescribeCustomKeyStores", Operation: "DescribeCustomKeyStores", AccessLevel: "Read",
			Uses: customKeyStoreUse(),
			Doc:  "Lists the custom key stores of the account and Region with their settings."},
		{Name: "kms:DescribeKey", Operation: "DescribeKey", AccessLevel: "Read",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKey, groups(cmkGroup(), group(titleOther, "kms:RequestAlias")))},
			Doc:  "Reads a KMS key's metadata: state, spec, usage, origin and so on."},
		{Name: "kms:DisableKey", Operation: "DisableKey", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup(),
				added(srcLastUse, "kms:TrailingDaysWithoutKeyUsage")))},
			Changes: []Change{{Text: "Accepts kms:TrailingDaysWithoutKeyUsage to refuse disabling keys used recently.",
				Source: srcLastUse}},
			Doc: "Disables a KMS key so that no cryptographic operation can use it."},
		{Name: "kms:DisableKeyRotation", Operation: "DisableKeyRotation", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Turns off automatic rotation of a KMS key's material."},
		{Name: "kms:DisconnectCustomKeyStore", Operation: "DisconnectCustomKeyStore", AccessLevel: "Write",
			Uses: customKeyStoreUse(),
			Doc:  "Disconnects a custom key store from its backing key manager."},
		{Name: "kms:EnableKey", Operation: "EnableKey", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Re-enables a disabled KMS key."},
		{Name: "kms:EnableKeyRotation", Operation: "EnableKeyRotation", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKeySymmetric, groups(cmkGroup(),
				added(srcRotation, "kms:RotationPeriodInDays")))},
			Changes: []Change{{Text: "Accepts kms:RotationPeriodInDays (90 to 2560 days; 365 when omitted).",
				Source: srcRotation}},
			Doc: "Turns on automatic, periodic rotation of a KMS key's material."},
		{Name: "kms:Encrypt", Operation: "Encrypt", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKey, groups(cryptoGroup(), contextGroup(), cmkGroup()))},
			Doc:  "Encrypts a small plaintext (up to 4 KB) directly under a KMS key."},
		{Name: "kms:GenerateDataKey", Operation: "GenerateDataKey", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeySymmetric, groups(cryptoGroup(), contextGroup(), cmkGroup(),
				added(srcNitro, attestationKeys...)))},
			Doc: "Returns a fresh data key in plaintext and encrypted under a KMS key."},
		{Name: "kms:GenerateDataKeyPair", Operation: "GenerateDataKeyPair", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeySymmetric, groups(group(titlePairs, "kms:DataKeyPairSpec"),
				cryptoGroup(), contextGroup(), cmkGroup(), added(srcNitro, attestationKeys...)))},
			Notes: []string{dataKeyPairNote},
			Doc:   "Returns an asymmetric data key pair whose private key is also returned encrypted under a KMS key."},
		{Name: "kms:GenerateDataKeyPairWithoutPlaintext", Operation: "GenerateDataKeyPairWithoutPlaintext", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeySymmetric, groups(group(titlePairs, "kms:DataKeyPairSpec"),
				cryptoGroup(), contextGroup(), cmkGroup()))},
			Notes: []string{dataKeyPairNote},
			Doc:   "Returns an asymmetric data key pair whose private key comes back only encrypted."},
		{Name: "kms:GenerateDataKeyWithoutPlaintext", Operation: "GenerateDataKeyWithoutPlaintext", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeySymmetric, groups(cryptoGroup(), contextGroup(), cmkGroup()))},
			Doc:  "Returns a fresh data key only in its encrypted form."},
		{Name: "kms:GenerateRandom", Operation: "GenerateRandom", AccessLevel: "Write",
			Uses: []Use{iamPolicyUse(CrossAccountNA, ResourceAny, added(srcNitro, attestationKeys...))},
			Notes: []string{"Involves no KMS key or alias, so there is no resource to name and no " +
				"other account to use it in."},
			Doc: "Returns random bytes from the KMS hardware security modules."},
		{Name: "kms:GetKeyPolicy", Operation: "GetKeyPolicy", AccessLevel: "Read",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Reads the key policy document of a KMS key."},
		{Name: "kms:GetKeyRotationStatus", Operation: "GetKeyRotationStatus", AccessLevel: "Read",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeySymmetric, groups(cmkGroup()))},
			Doc:  "Reports whether automatic rotation is on for a KMS key."},
		{Name: "kms:GetParametersForImport", Operation: "GetParametersForImport", AccessLevel: "Read",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKeySymmetric, groups(
				group("", "kms:WrappingAlgorithm", "kms:WrappingKeySpec"), cmkGroup()))},
			Doc: "Returns a wrapping public key and import token for bringing your own key material."},
		{Name: "kms:GetPublicKey", Operation: "GetPublicKey", AccessLevel: "Read",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeyAsymmetric, groups(cmkGroup(), group(titleOther, "kms:RequestAlias")))},
			Doc:  "Downloads the public half of an asymmetric KMS key."},
		{Name: "kms:ImportKeyMaterial", Operation: "ImportKeyMaterial", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKeySymmetric, groups(cmkGroup(),
				group(titleOther, "kms:ExpirationModel", "kms:ValidTo")))},
			Doc: "Imports your own key material into a KMS key created without any."},
		{Name: "kms:ListAliases", Operation: "ListAliases", AccessLevel: "List",
			Uses: []Use{iamPolicyUse(CrossAccountNo, ResourceAny)},
			Doc:  "Lists the aliases of the account and Region."},
		{Name: "kms:ListGrants", Operation: "ListGrants", AccessLevel: "List",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKey, groups(cmkGroup(), group(titleOther, "kms:GrantIsForAWSResource")))},
			Doc:  "Lists the grants on a KMS key."},
		{Name: "kms:ListKeyPolicies", Operation: "ListKeyPolicies", AccessLevel: "List",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Lists the names of a KMS key's policies (there is only ever \"default\")."},
		{Name: "kms:ListKeys", Operation: "ListKeys", AccessLevel: "List",
			Uses: []Use{iamPolicyUse(CrossAccountNo, ResourceAny)},
			Changes: []Change{{Text: "The Resource element must now be \"*\"; the older advice allowed an " +
				"account-scoped ARN ending in \":*\" as well.", Source: "KMS permissions page 2026"}},
			Doc: "Lists the KMS keys of the account and Region."},
		{Name: "kms:ListResourceTags", Operation: "ListResourceTags", AccessLevel: "List",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Lists the tags on a KMS key."},
		{Name: "kms:ListRetirableGrants", Operation: "ListRetirableGrants", AccessLevel: "List",
			// The table's cross-account cell holds a sentence rather than
			// Yes/No: the retiring principal named in the request has to be in
			// the caller's own account, so the permission cannot be put to use
			// from another account. We read that as No.
			Uses: []Use{iamPolicyUse(CrossAccountNo, ResourceAny)},
			Notes: []string{"The retiring principal in the request must belong to the caller's own account, " +
				"although the grants listed may be on keys in any account; the catalog counts its cross-account use as No."},
			Doc: "Lists the grants a given principal is allowed to retire."},
		{Name: "kms:PutKeyPolicy", Operation: "PutKeyPolicy", AccessLevel: "Permissions management",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup(),
				group(titleOther, "kms:BypassPolicyLockoutSafetyCheck")))},
			Doc: "Replaces the key policy of a KMS key."},
		reEncrypt("kms:ReEncryptFrom", "Decrypts the old ciphertext as the first half of re-encryption."),
		reEncrypt("kms:ReEncryptTo", "Encrypts under the new KMS key as the second half of re-encryption."),
		{Name: "kms:ReplicateKey", Operation: "ReplicateKey", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup(), group(titleOther, "kms:ReplicaRegion")))},
			Notes: []string{"Besides this permission on the multi-Region primary key, the caller needs " +
				"kms:CreateKey in an IAM policy that applies in the Region of the new replica."},
			DependentActions: []string{"iam:CreateServiceLinkedRole", "kms:CreateKey", "kms:PutKeyPolicy", "kms:TagResource"},
			Doc:              "Copies a multi-Region primary key into another Region as a replica."},
		{Name: "kms:RetireGrant", Operation: "RetireGrant", AccessLevel: "Permissions management",
			Uses: []Use{iamPolicyUse(CrossAccountYes, ResourceKey,
				group("", "kms:ResourceAliases", keyResourceTag),
				added(srcPerm26, keyEncryptionContext, "kms:EncryptionContextKeys", "kms:GrantConstraintType",
					"kms:CallerAccount", "kms:KeyOrigin", "kms:KeySpec", "kms:KeyUsage", "kms:MultiRegion",
					"kms:MultiRegionKeyType", "kms:ViaService"))},
			Notes: []string{"Who may retire a grant is decided mostly by the grant itself; a policy on its own " +
				"cannot allow it.", "Has no effect when written in a key policy; only an IAM policy can grant it."},
			Doc: "Retires a grant, normally done by the grant's retiring principal when it is finished with it."},
		{Name: "kms:RevokeGrant", Operation: "RevokeGrant", AccessLevel: "Permissions management",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKey, groups(cmkGroup(), group(titleOther, "kms:GrantIsForAWSResource")))},
			Doc:  "Revokes a grant on a KMS key."},
		{Name: "kms:ScheduleKeyDeletion", Operation: "ScheduleKeyDeletion", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup(),
				added(srcPending, "kms:ScheduleKeyDeletionPendingWindowInDays"),
				added(srcLastUse, "kms:TrailingDaysWithoutKeyUsage")))},
			Changes: []Change{
				{Text: "Accepts kms:ScheduleKeyDeletionPendingWindowInDays (7 to 30 days).", Source: srcPending},
				{Text: "Accepts kms:TrailingDaysWithoutKeyUsage to refuse deleting keys used recently.", Source: srcLastUse},
			},
			Doc: "Schedules a KMS key for deletion after a waiting period."},
		{Name: "kms:Sign", Operation: "Sign", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeyAsymmetric, groups(signingGroup(), cmkGroup()))},
			Doc:  "Produces a digital signature with the private half of an asymmetric KMS key."},
		{Name: "kms:TagResource", Operation: "TagResource", AccessLevel: "Tagging",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup(), group(titleTagging, keyRequestTag, "aws:TagKeys")))},
			Doc:  "Adds or overwrites tags on a KMS key."},
		{Name: "kms:UntagResource", Operation: "UntagResource", AccessLevel: "Tagging",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup(), group(titleTagging, keyRequestTag, "aws:TagKeys")))},
			Doc:  "Removes tags from a KMS key."},
		{Name: "kms:UpdateAlias", Operation: "UpdateAlias", AccessLevel: "Write",
			Uses: aliasUses("the CMKs"),
			Notes: []string{"Needs this permission three times: on the alias (IAM policy), on the KMS key " +
				"the alias points to now and on the key it will point to (each key's key policy)."},
			Doc: "Points an existing alias at a different KMS key."},
		{Name: "kms:UpdateCustomKeyStore", Operation: "UpdateCustomKeyStore", AccessLevel: "Write",
			Uses:             customKeyStoreUse(),
			DependentActions: []string{"ec2:DescribeVpcEndpointServices"},
			Doc:              "Changes the settings of a custom key store."},
		{Name: "kms:UpdateKeyDescription", Operation: "UpdateKeyDescription", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup()))},
			Doc:  "Changes the description text of a KMS key."},
		{Name: "kms:UpdatePrimaryRegion", Operation: "UpdatePrimaryRegion", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountNo, ResourceKey, groups(cmkGroup(), group(titleOther, "kms:PrimaryRegion")))},
			Notes: []string{"The caller needs the permission on both keys that swap roles: the current " +
				"primary and the replica that is to become primary."},
			Doc: "Makes a replica of a multi-Region key the primary and the old primary a replica."},
		{Name: "kms:Verify", Operation: "Verify", AccessLevel: "Write",
			Uses: []Use{cmkUse(CrossAccountYes, ResourceKeyAsymmetric, groups(signingGroup(), cmkGroup()))},
			Doc:  "Checks a digital signature against the public half of an asymmetric KMS key."},
	}
}

const dataKeyPairNote = "Although the pair it returns is asymmetric, the KMS key that protects the private " +
	"key must be a symmetric encryption key."

func reEncrypt(name, doc string) *Action {
	return &Action{Name: name, Operation: "ReEncrypt", AccessLevel: "Write",
		Uses: []Use{cmkUse(CrossAccountYes, ResourceKey, groups(cryptoGroup(), contextGroup(), cmkGroup(),
			group(titleOther, "kms:ReEncryptOnSameKey")))},
		Notes: []string{"ReEncrypt is authorized twice: kms:ReEncryptFrom on the key that decrypts and " +
			"kms:ReEncryptTo on the key that encrypts again (often the same key)."},
		Doc: doc}
}

// newActions are the actions AWS added after the seed table.
func newActions() []*Action {
	return []*Action{
		{Name: "kms:DeriveSharedSecret", Operation: "DeriveSharedSecret", AccessLevel: "Write", Source: srcDeriveSecret,
			Uses: []Use{keyPolicyUse(CrossAccountYes, ResourceKey,
				group("Conditions for key agreement", "kms:KeyAgreementAlgorithm", "kms:RequestAlias"),
				group("Conditions for attestation", attestationKeys...), keyOpsGroup())},
			Changes: []Change{{Text: "The permissions page lists neither kms:RequestAlias nor the attestation keys " +
				"for this action; the Service Authorization Reference lists both.", Source: srcDeriveSecret}},
			Doc: "Runs key agreement (ECDH) between a KMS key pair's private key and a peer's public key."},
		{Name: "kms:GenerateMac", Operation: "GenerateMac", AccessLevel: "Write", Source: srcGenerateMac,
			Uses: []Use{keyPolicyUse(CrossAccountYes, ResourceKey,
				group("Conditions for MAC operations", "kms:MacAlgorithm", "kms:RequestAlias"), keyOpsGroup())},
			Doc: "Computes an HMAC tag for a message with an HMAC KMS key."},
		{Name: "kms:GetKeyLastUsage", Operation: "GetKeyLastUsage", AccessLevel: "Read", Source: srcGetLastUsage,
			Uses: []Use{keyPolicyUse(CrossAccountNo, ResourceKey, keyOpsGroup())},
			Doc:  "Reports when a KMS key was last used in a cryptographic operation."},
		{Name: "kms:ListKeyRotations", Operation: "ListKeyRotations", AccessLevel: "List", Source: srcRotateOnDem,
			Uses: []Use{keyPolicyUse(CrossAccountNo, ResourceKey, keyOpsGroup())},
			Doc:  "Lists the completed rotations of a KMS key's material."},
		{Name: "kms:RotateKeyOnDemand", Operation: "RotateKeyOnDemand", AccessLevel: "Write", Source: srcRotateOnDem,
			Uses: []Use{keyPolicyUse(CrossAccountNo, ResourceKey, keyOpsGroup())},
			Doc:  "Rotates a KMS key's material at once, outside any automatic schedule."},
		{Name: "kms:SynchronizeMultiRegionKey", AccessLevel: "Write", PermissionOnly: true, Source: srcSyncMultiRegn,
			// No policy type: the permissions table does not list it; KMS's
			// multi-Region service-linked role uses it.
			Uses: []Use{{CrossAccount: CrossAccountNA, Resource: ResourceKey,
				Groups: []KeyGroup{group("Conditions for KMS key resources", keyResourceTag, "kms:KeyOrigin",
					"kms:KeySpec", "kms:KeyUsage", "kms:MultiRegion", "kms:MultiRegionKeyType", "kms:ResourceAliases")}}},
			Notes: []string{"Permission only, with no API operation: KMS's multi-Region service-linked role " +
				"uses it to keep replicas in step with their primary. The permissions table does not list it."},
			Doc: "Lets KMS synchronize the shared properties of related multi-Region keys."},
		{Name: "kms:VerifyMac", Operation: "VerifyMac", AccessLevel: "Write", Source: srcGenerateMac,
			Uses: []Use{keyPolicyUse(CrossAccountYes, ResourceKey,
				group("Conditions for MAC operations", "kms:MacAlgorithm", "kms:RequestAlias"), keyOpsGroup())},
			Doc: "Checks an HMAC tag against a message with an HMAC KMS key."},
	}
}
