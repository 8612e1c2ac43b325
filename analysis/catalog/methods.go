package catalog

import "strings"

// PolicyTypes is the union of the policy types of the action's uses. It is 0
// for kms:SynchronizeMultiRegionKey, which no policy table assigns a type.
func (a *Action) PolicyTypes() PolicyType {
	var p PolicyType
	for _, u := range a.Uses {
		p |= u.PolicyType
	}
	return p
}

// CrossAccountUse is the action's cross-account use over all its uses
// (Yes if any use is Yes, else No if any is No, else N/A).
func (a *Action) CrossAccountUse() CrossAccount {
	c := CrossAccountNA
	for _, u := range a.Uses {
		switch u.CrossAccount {
		case CrossAccountYes:
			return CrossAccountYes
		case CrossAccountNo:
			c = CrossAccountNo
		}
	}
	return c
}

// Resources returns the resource types of the action's uses, without repeats.
func (a *Action) Resources() []ResourceType {
	var out []ResourceType
	for _, u := range a.Uses {
		if !containsResource(out, u.Resource) {
			out = append(out, u.Resource)
		}
	}
	return out
}

func containsResource(rs []ResourceType, r ResourceType) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// KeyNames returns the names of every condition key the action supports, over
// all uses, without repeats, in the order the groups list them.
func (a *Action) KeyNames() []string {
	if !a.indexed { // an action built outside the catalog: no cache to fill
		names, _ := collectKeys(a)
		return names
	}
	return a.keyNames
}

// Supports reports whether the action supports the condition key (a global
// key that AWS documents for every KMS action, such as aws:SourceIp, counts
// as supported only through the checks, not here: Supports is the table's word).
// A parameterised key is supported through its pattern, so
// LookupKey("kms:EncryptionContext:Department") is supported by kms:Decrypt.
// A deprecated key is supported wherever its replacement is: KMS says the old
// names work the same way (kms:CustomerMasterKeySpec as kms:KeySpec).
func (a *Action) Supports(key *ConditionKey) bool {
	if key == nil {
		return false
	}
	if key.Deprecated != "" {
		repl := key.replacement
		if repl == nil { // a key built outside the catalog
			repl = keyByLower[strings.ToLower(key.Deprecated)]
		}
		if a.Supports(repl) {
			return true
		}
	}
	keys := a.keys
	if !a.indexed {
		_, keys = collectKeys(a)
	}
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}

// SupportsName is Supports for a key as written in a policy.
func (a *Action) SupportsName(name string) bool { return a.Supports(LookupKey(name)) }

// UseFor returns the use of the action for a policy type (the alias half of
// kms:CreateAlias for IAMPolicy, its key half for KeyPolicy), or nil.
func (a *Action) UseFor(p PolicyType) *Use {
	for i := range a.Uses {
		if a.Uses[i].PolicyType&p != 0 {
			return &a.Uses[i]
		}
	}
	return nil
}

// IsNew reports whether the action postdates the seed table.
func (a *Action) IsNew() bool { return a.Source != "" }

// Parameterised reports whether the key stands for a family of names.
func (k *ConditionKey) Parameterised() bool { return k.Prefix != "" }

// Types returns the key's type followed by any alternative types.
func (k *ConditionKey) Types() []ValueType { return append([]ValueType{k.Type}, k.AltTypes...) }

// TypeName is the key's type as the Service Authorization Reference writes it
// ("ArrayOfString" for a multi-valued string key).
func (k *ConditionKey) TypeName() string {
	if k.Multi {
		return "ArrayOf" + k.Type.String()
	}
	return k.Type.String()
}

// String forms used in messages, hover and JSON output.

func (p PolicyType) String() string {
	switch p {
	case KeyPolicy:
		return "Key policy"
	case IAMPolicy:
		return "IAM policy"
	case KeyPolicy | IAMPolicy:
		return "Key policy and IAM policy"
	}
	return "None"
}

func (c CrossAccount) String() string {
	switch c {
	case CrossAccountYes:
		return "Yes"
	case CrossAccountNo:
		return "No"
	}
	return "N/A"
}

func (r ResourceType) String() string {
	switch r {
	case ResourceKey:
		return "CMK"
	case ResourceKeySymmetric:
		return "CMK (symmetric only)"
	case ResourceKeyAsymmetric:
		return "CMK (asymmetric only)"
	case ResourceAlias:
		return "Alias"
	case ResourceAny:
		return "*"
	}
	return "?"
}

func (t ValueType) String() string {
	switch t {
	case TypeString:
		return "String"
	case TypeBool:
		return "Bool"
	case TypeNumeric:
		return "Numeric"
	case TypeDate:
		return "Date"
	case TypeARN:
		return "ARN"
	case TypeIPAddress:
		return "IPAddress"
	case TypeBinary:
		return "Binary"
	}
	return "?"
}
