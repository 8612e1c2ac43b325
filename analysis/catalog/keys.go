package catalog

// The kms: condition keys. Types and multi-valuedness follow the Service
// Authorization Reference; enumerations follow the KMS API model where the
// condition keys page lags behind it.

const (
	srcKeysPage = "KMS condition keys page 2024-25; SAR 2026-06"
	srcAPIEnums = "KMS API reference (enum)"
)

var boolValues = []string{"true", "false"}

// keySpecs are the values of kms:KeySpec. SM2 exists only in China Regions.
var keySpecs = []string{"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
	"ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512",
	"SM2", "ML_DSA_44", "ML_DSA_65", "ML_DSA_87"}

var keyUsages = []string{"ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"}

const (
	fmtAccount   = "12-digit AWS account ID"
	fmtAliasName = "alias name such as alias/NAME (not an alias ARN)"
	fmtRegion    = "AWS Region name such as us-east-1"
	fmtPrincipal = "principal ARN"
	fmtService   = "service principal name such as SERVICE.amazonaws.com"
	fmtHex384    = "hex-encoded SHA-384 digest"
)

func kmsKeys() []*ConditionKey {
	return []*ConditionKey{
		{Name: "kms:BypassPolicyLockoutSafetyCheck", Type: TypeBool, Values: boolValues,
			Restriction: "IAM policies only when it governs kms:CreateKey; key and IAM policies for kms:PutKeyPolicy",
			Doc:         "Whether the request asks KMS to skip the check that the new key policy still lets the caller change it."},
		{Name: "kms:CallerAccount", Type: TypeString, Format: fmtAccount,
			Doc: "The AWS account of the principal making the request."},
		{Name: "kms:CustomerMasterKeySpec", Type: TypeString, Deprecated: "kms:KeySpec",
			Values: []string{"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
				"ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2"},
			Doc: "The old name of kms:KeySpec: the spec of the KMS key. It still works."},
		{Name: "kms:CustomerMasterKeyUsage", Type: TypeString, Deprecated: "kms:KeyUsage", Values: keyUsages,
			Doc: "The old name of kms:KeyUsage: what the KMS key is for. It still works."},
		{Name: "kms:DataKeyPairSpec", Type: TypeString,
			Values: []string{"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
				"ECC_SECG_P256K1", "SM2", "ECC_NIST_EDWARDS25519"},
			Doc: "The kind of asymmetric data key pair requested (the KeyPairSpec parameter)."},
		{Name: "kms:EncryptionAlgorithm", Type: TypeString,
			Values: []string{"SYMMETRIC_DEFAULT", "RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "SM2PKE"},
			Doc:    "The encryption algorithm of the request; a request that names none counts as SYMMETRIC_DEFAULT."},
		{Name: keyEncryptionContext, Prefix: "kms:EncryptionContext:", Param: "context-key", Type: TypeString,
			NoForAllValues: true,
			Doc: "The value of one encryption context pair, chosen by the key after the colon (matched case-insensitively); " +
				"policy variables may appear in the value only."},
		{Name: "kms:EncryptionContextKeys", Type: TypeString, Multi: true,
			Doc: "The keys of the request's encryption context pairs."},
		{Name: "kms:ExpirationModel", Type: TypeString,
			Values: []string{"KEY_MATERIAL_EXPIRES", "KEY_MATERIAL_DOES_NOT_EXPIRE"},
			Doc:    "Whether imported key material is given an expiry time."},
		{Name: "kms:GrantConstraintSourceArn", Type: TypeARN, Source: srcGrants26,
			Doc: "The source ARN a new grant is constrained to."},
		{Name: "kms:GrantConstraintType", Type: TypeString,
			Values: []string{"EncryptionContextEquals", "EncryptionContextSubset"},
			// The API gained a SourceArn constraint in March 2026; whether it
			// is also a value of this key is not confirmed.
			MaybeValues: []string{"SourceArn"},
			Doc:         "The kind of encryption context constraint a grant request carries."},
		{Name: "kms:GrantIsForAWSResource", Type: TypeBool, Values: boolValues,
			Doc: "Whether the grant request comes from an AWS service integrated with KMS on the caller's behalf."},
		{Name: "kms:GrantOperations", Type: TypeString, Multi: true,
			Values: []string{"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "ReEncryptFrom",
				"ReEncryptTo", "Sign", "Verify", "GetPublicKey", "CreateGrant", "RetireGrant", "DescribeKey",
				"GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "VerifyMac", "DeriveSharedSecret"},
			Doc: "The operations a new grant would allow."},
		{Name: "kms:GranteePrincipal", Type: TypeString, Format: fmtPrincipal,
			Doc: "The principal a new grant is for."},
		{Name: "kms:GranteeServicePrincipal", Type: TypeString, Format: fmtService, Source: srcGrants26,
			Doc: "The AWS service principal a new grant is for."},
		{Name: "kms:KeyAgreementAlgorithm", Type: TypeString, Values: []string{"ECDH"}, Source: srcKeysPage,
			Doc: "The key agreement algorithm of a DeriveSharedSecret request."},
		{Name: "kms:KeyOrigin", Type: TypeString,
			Values:      []string{"AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE"},
			Restriction: "IAM policies only when it governs kms:CreateKey",
			Doc:         "Where the key material comes from: KMS, an import, CloudHSM or an external key store."},
		{Name: "kms:KeySpec", Type: TypeString, Values: keySpecs, Source: srcKeySpec,
			Restriction: "IAM policies only when it governs kms:CreateKey",
			Doc:         "The spec of the KMS key: symmetric, RSA, elliptic curve, HMAC, SM2 or ML-DSA."},
		{Name: "kms:KeyUsage", Type: TypeString, Values: keyUsages, Source: srcKeySpec,
			Restriction: "IAM policies only when it governs kms:CreateKey",
			Doc:         "What the KMS key is for: encryption, signing, MACs or key agreement."},
		{Name: "kms:MacAlgorithm", Type: TypeString, Source: srcKeysPage,
			Values: []string{"HMAC_SHA_224", "HMAC_SHA_256", "HMAC_SHA_384", "HMAC_SHA_512"},
			Doc:    "The MAC algorithm of a GenerateMac or VerifyMac request."},
		{Name: "kms:MessageType", Type: TypeString, Values: []string{"RAW", "DIGEST", "EXTERNAL_MU"},
			Doc: "Whether the message to sign or verify is raw, a digest, or an ML-DSA external mu."},
		{Name: "kms:MultiRegion", Type: TypeBool, Values: boolValues,
			Doc: "Whether the KMS key is a multi-Region key."},
		{Name: "kms:MultiRegionKeyType", Type: TypeString, Values: []string{"PRIMARY", "REPLICA"},
			Doc: "Whether a multi-Region key is the primary or a replica; single-Region keys lack it."},
		{Name: "kms:PrimaryRegion", Type: TypeString, Format: fmtRegion,
			Doc: "The Region that UpdatePrimaryRegion would make primary."},
		{Name: "kms:ReEncryptOnSameKey", Type: TypeBool, Values: boolValues,
			Doc: "Whether a ReEncrypt request decrypts and re-encrypts under the same KMS key."},
		{Name: keyAttestationImage, Type: TypeString, Format: fmtHex384, Source: srcNitro,
			Doc: "The image digest in a Nitro Enclaves attestation document sent with the request."},
		{Name: keyAttestationPCR, Prefix: "kms:RecipientAttestation:PCR", Param: "n", ParamMax: 31,
			Type: TypeString, Format: "lower-case hex digest", Source: srcNitro,
			Doc: "One platform configuration register (0 to 31) of a Nitro Enclaves attestation document."},
		{Name: keyAttestationTPM, Prefix: "kms:RecipientAttestation:NitroTPMPCR", Param: "n", ParamMax: 23,
			Type: TypeString, Format: fmtHex384, Source: srcNitro,
			Doc: "One platform configuration register (0 to 23) of a NitroTPM attestation document."},
		{Name: "kms:ReplicaRegion", Type: TypeString, Format: fmtRegion,
			Doc: "The Region a ReplicateKey request would create the replica in."},
		{Name: "kms:RequestAlias", Type: TypeString, Format: fmtAliasName,
			Doc: "The alias the request used to name the KMS key; set only when the request identifies the key by alias."},
		{Name: "kms:ResourceAliases", Type: TypeString, Multi: true, IAMOnly: true, Format: fmtAliasName,
			Doc: "The aliases attached to the KMS key; honoured only while the key stays within the aliases-per-key quota."},
		{Name: "kms:RetiringPrincipal", Type: TypeString, Format: fmtPrincipal,
			Doc: "The principal a new grant names as allowed to retire it."},
		{Name: "kms:RetiringServicePrincipal", Type: TypeString, Format: fmtService, Source: srcGrants26,
			Doc: "The AWS service principal a new grant names as allowed to retire it."},
		{Name: "kms:RotationPeriodInDays", Type: TypeNumeric, HasRange: true, Min: 90, Max: 2560, Source: srcRotation,
			Doc: "The number of days between automatic rotations asked for by EnableKeyRotation."},
		{Name: "kms:ScheduleKeyDeletionPendingWindowInDays", Type: TypeNumeric, HasRange: true, Min: 7, Max: 30,
			Source: srcPending,
			Doc:    "The waiting period, in days, a ScheduleKeyDeletion request asks for."},
		{Name: "kms:SigningAlgorithm", Type: TypeString,
			Values: []string{"RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256",
				"RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512",
				"SM2DSA", "ML_DSA_SHAKE_256", "ED25519_SHA_512", "ED25519_PH_SHA_512"},
			Doc: "The signing algorithm of a Sign or Verify request."},
		{Name: "kms:TrailingDaysWithoutKeyUsage", Type: TypeNumeric, Source: srcLastUse,
			Doc: "How many days have passed since the KMS key was last used for cryptography."},
		{Name: "kms:ValidTo", Type: TypeDate, AltTypes: []ValueType{TypeNumeric}, Format: "Unix time in seconds",
			Doc: "When imported key material would expire. The reference types it Date, yet the KMS guide's example " +
				"compares it with a Numeric operator, so both families are accepted."},
		{Name: "kms:ViaService", Type: TypeString, Format: "SERVICE.REGION.amazonaws.com",
			Doc: "The AWS service that made the request on the principal's behalf (forward access sessions only)."},
		{Name: "kms:WrappingAlgorithm", Type: TypeString,
			Values:           []string{"RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256", "SM2PKE"},
			DeprecatedValues: []string{"RSAES_PKCS1_V1_5"},
			Doc:              "The algorithm that will wrap key material for import."},
		{Name: "kms:WrappingKeySpec", Type: TypeString, Values: []string{"RSA_2048", "RSA_3072", "RSA_4096", "SM2"},
			Doc: "The kind of public key that will wrap key material for import."},
	}
}
