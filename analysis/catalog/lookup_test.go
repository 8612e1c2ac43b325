package catalog

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestLookupActionIgnoresCase(t *testing.T) {
	for _, name := range []string{"kms:Decrypt", "kms:decrypt", "KMS:DECRYPT", "Kms:DeCrYpT"} {
		if a := LookupAction(name); a == nil || a.Name != "kms:Decrypt" {
			t.Errorf("LookupAction(%q) = %v", name, a)
		}
	}
	for _, name := range []string{"", "kms:", "Decrypt", "kms:Decrypt ", "s3:GetObject", "kms:*", "kms:Decrypt😀"} {
		if a := LookupAction(name); a != nil {
			t.Errorf("LookupAction(%q) = %s, want nil", name, a.Name)
		}
	}
}

func names(as []*Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func TestMatchActions(t *testing.T) {
	all := len(Actions())
	tests := []struct {
		pattern string
		check   func([]string) bool
		what    string
	}{
		{"*", func(n []string) bool { return len(n) == all }, "every action"},
		{"kms:*", func(n []string) bool { return len(n) == all }, "every action"},
		{"KMS:*", func(n []string) bool { return len(n) == all }, "every action, case-insensitively"},
		{"kms:Generate*", func(n []string) bool {
			return len(n) == 6 && slices.Contains(n, "kms:GenerateMac") && slices.Contains(n, "kms:GenerateRandom")
		}, "the six Generate actions"},
		{"kms:*Key*", func(n []string) bool {
			return slices.Contains(n, "kms:CreateKey") && slices.Contains(n, "kms:GenerateDataKeyPair") &&
				slices.Contains(n, "kms:ListKeys") && !slices.Contains(n, "kms:Decrypt")
		}, "actions with Key in the name"},
		{"kms:ReEncrypt??", func(n []string) bool { return slices.Equal(n, []string{"kms:ReEncryptTo"}) }, "? matches one character"},
		{"kms:ReEncrypt*", func(n []string) bool { return slices.Equal(n, []string{"kms:ReEncryptFrom", "kms:ReEncryptTo"}) }, "both halves"},
		{"kms:decrypt", func(n []string) bool { return slices.Equal(n, []string{"kms:Decrypt"}) }, "the exact action"},
		{"kms:Describe*", func(n []string) bool {
			return slices.Equal(n, []string{"kms:DescribeCustomKeyStores", "kms:DescribeKey"})
		}, "the two Describe actions"},
		{"s3:*", func(n []string) bool { return n == nil }, "nothing"},
		{"kms:Nope*", func(n []string) bool { return n == nil }, "nothing"},
		{"", func(n []string) bool { return n == nil }, "nothing"},
		{"**", func(n []string) bool { return len(n) == all }, "every action"},
	}
	for _, tt := range tests {
		if got := names(MatchActions(tt.pattern)); !tt.check(got) {
			t.Errorf("MatchActions(%q) = %v, want %s", tt.pattern, got, tt.what)
		}
	}
}

func TestMatchWildcard(t *testing.T) {
	tests := []struct {
		pattern, name string
		fold, want    bool
	}{
		{"a*b*c", "axxbyyc", false, true},
		{"a*b*c", "axxbyy", false, false},
		{"*", "", false, true},
		{"?", "", false, false},
		{"a?c", "abc", false, true},
		{"*c", "abcabc", false, true},
		{"ab", "abc", false, false},
		{"kms:Put*", "KMS:PUTKEYPOLICY", true, true},
		{"kms:Put*", "KMS:PUTKEYPOLICY", false, false},
		{"arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", false, false},
		{"é*", "É", true, false}, // ASCII case only: action names are ASCII
		// A and Z, the ends of the ASCII capitals, fold too.
		{"kms:*ALIAS", "kms:CreateAlias", true, true},
		{"kms:SYNCHRONIZE*", "kms:SynchronizeMultiRegionKey", true, true},
	}
	for _, tt := range tests {
		if got := MatchWildcard(tt.pattern, tt.name, tt.fold); got != tt.want {
			t.Errorf("MatchWildcard(%q, %q, %v) = %v", tt.pattern, tt.name, tt.fold, got)
		}
	}
}

func TestNearest(t *testing.T) {
	tests := []struct{ fn, in, want string }{
		{"action", "kms:Decrpyt", "kms:Decrypt"},
		{"action", "kms:GenerateDataKeys", "kms:GenerateDataKey"},
		{"action", "kms:Foo", ""},
		{"action", "kms:encrypt", "kms:Encrypt"},
		{"action", "Encrpyt", "kms:Encrypt"},
		{"action", "kms:ScheduleKeyDeletions", "kms:ScheduleKeyDeletion"},
		{"action", "", ""},
		{"action", "😀😀😀", ""},
		// A name may be as many characters off as edits are allowed (three
		// here, two for the second), shorter or longer.
		{"action", "kms:GenerateDataKeyWithoutPlaint", "kms:GenerateDataKeyWithoutPlaintext"},
		{"action", "kms:DecryptXY", "kms:Decrypt"},
		{"action", "kms:Dcryt", ""}, // nine characters allow one edit, not two
		{"key", "kms:KeySpc", "kms:KeySpec"},
		{"key", "kms:CallerAcount", "kms:CallerAccount"},
		{"key", "kms:EncryptionContex:Dept", "kms:EncryptionContext:Dept"},
		{"key", "aws:ResourceTags/Project", "aws:ResourceTag/Project"},
		// A misspelt prefix keeps its parameter up to the edits its length
		// allows (three), whether it is shorter or longer than the prefix.
		{"key", "ksm:EncryptionContrxt:Dept", "kms:EncryptionContext:Dept"},
		{"key", "kms:EncrypotnContext:Dept", "kms:EncryptionContext:Dept"},
		{"key", "kms:EncrypetionContextr:Dept", "kms:EncryptionContext:Dept"},
		{"key", "aws:SourceIP", "aws:SourceIp"},
		{"key", "kms:Bogus", ""},
	}
	for _, tt := range tests {
		var got string
		if tt.fn == "action" {
			got = NearestAction(tt.in)
		} else {
			got = NearestKey(tt.in)
		}
		if got != tt.want {
			t.Errorf("Nearest%s(%q) = %q, want %q", tt.fn, tt.in, got, tt.want)
		}
	}
	if got := Nearest("stringequals", operatorNames()); got != "StringEquals" {
		t.Errorf("Nearest operator = %q", got)
	}
	for _, odd := range []string{"aws:ResourceTagİİİİİİİİ/x", "İİİİİİİİİİİİİİİİİİİİİİ", "kms:EncryptionContext\xff\xfe:x", "😀:😀",
		"kms:EncryptionContextȺ"} { // Ⱥ grows when lower-cased: the name is shorter than its lower-case form
		NearestKey(odd) // must not panic
		NearestAction(odd)
		LookupKey(odd)
		MatchActions(odd + "*")
	}
	if got := Nearest("ab", []string{"ax", "ay"}); got != "ax" {
		t.Errorf("Nearest among equally close candidates = %q, want the first", got)
	}
	if got := Nearest("x", nil); got != "" {
		t.Errorf("Nearest with no candidates = %q", got)
	}
}

func operatorNames() []string {
	var out []string
	for _, o := range Operators() {
		out = append(out, o.Name)
	}
	return out
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"abc", "abc", 0},
		{"abc", "acb", 1}, {"abc", "abd", 1}, {"abc", "ab", 1}, {"ca", "abc", 3},
		{"😀a", "a😀", 1},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestLookupKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"kms:KeySpec", "kms:KeySpec"},
		{"KMS:KEYSPEC", "kms:KeySpec"},
		{"kms:EncryptionContext:Department", keyEncryptionContext},
		{"kms:encryptioncontext:department", keyEncryptionContext},
		{"kms:EncryptionContext:${EncryptionContextKey}", keyEncryptionContext},
		{"kms:EncryptionContext:context-key", keyEncryptionContext},
		{"kms:EncryptionContext:😀", keyEncryptionContext},
		{"kms:EncryptionContextKeys", "kms:EncryptionContextKeys"},
		{"aws:ResourceTag/Project", keyResourceTag},
		{"aws:RequestTag/Project", keyRequestTag},
		{"aws:PrincipalTag/team", "aws:PrincipalTag/tag-key"},
		{"kms:RecipientAttestation:PCR0", keyAttestationPCR},
		{"kms:RecipientAttestation:PCR31", keyAttestationPCR},
		{"kms:RecipientAttestation:pcr7", keyAttestationPCR},
		{"kms:RecipientAttestation:NitroTPMPCR23", keyAttestationTPM},
		{"kms:RecipientAttestation:ImageSha384", keyAttestationImage},
		{"aws:SourceIp", "aws:SourceIp"},
		{"aws:sourceip", "aws:SourceIp"},
	}
	for _, tt := range tests {
		k := LookupKey(tt.in)
		if k == nil || k.Name != tt.want {
			t.Errorf("LookupKey(%q) = %v, want %s", tt.in, k, tt.want)
		}
	}
	for _, in := range []string{"", "kms:", "kms:EncryptionContext:", "aws:ResourceTag/", "kms:RecipientAttestation:PCR32",
		"kms:RecipientAttestation:PCR", "kms:RecipientAttestation:PCR01", "kms:RecipientAttestation:PCR-1",
		"kms:RecipientAttestation:PCR3a", "kms:RecipientAttestation:NitroTPMPCR24",
		"kms:RecipientAttestation:PCR99999999999999999999", "kms:Nope", "kms:KeySpec ", "s3:prefix"} {
		if k := LookupKey(in); k != nil {
			t.Errorf("LookupKey(%q) = %s, want nil", in, k.Name)
		}
	}
}

func TestSupports(t *testing.T) {
	decrypt := LookupAction("kms:Decrypt")
	for _, key := range []string{"kms:EncryptionContext:Department", "aws:ResourceTag/Project", "kms:KeySpec",
		"kms:CustomerMasterKeySpec", "kms:RecipientAttestation:PCR31", "kms:ViaService"} {
		if !decrypt.SupportsName(key) {
			t.Errorf("kms:Decrypt should support %s", key)
		}
	}
	for _, key := range []string{"aws:SourceIp", "kms:GrantOperations", "kms:SigningAlgorithm", "aws:RequestTag/x", "kms:Nope"} {
		if decrypt.SupportsName(key) {
			t.Errorf("kms:Decrypt should not support %s", key)
		}
	}
	// A deprecated key goes wherever its replacement goes, new actions included.
	if !LookupAction("kms:GenerateMac").SupportsName("kms:CustomerMasterKeyUsage") {
		t.Error("kms:GenerateMac should accept the old name of kms:KeyUsage")
	}
	if LookupAction("kms:ListKeys").SupportsName("kms:KeySpec") {
		t.Error("kms:ListKeys has no key, so no key-property condition")
	}
	if (&Action{}).Supports(nil) {
		t.Error("nil key supported")
	}
	// So does a deprecated key built outside the catalog.
	oldSpec := &ConditionKey{Name: "kms:CustomerMasterKeySpec", Deprecated: "kms:KeySpec"}
	if !decrypt.Supports(oldSpec) {
		t.Error("kms:Decrypt should support a deprecated key through its replacement")
	}
	outside := &Action{Uses: []Use{{Groups: []KeyGroup{group("", "kms:KeySpec")}}}}
	if !outside.SupportsName("kms:keyspec") || len(outside.KeyNames()) != 1 {
		t.Error("an action built outside the catalog should still answer from its groups")
	}
}

func TestActionsSupporting(t *testing.T) {
	got := names(ActionsSupporting(LookupKey("kms:MacAlgorithm")))
	if !slices.Equal(got, []string{"kms:GenerateMac", "kms:VerifyMac"}) {
		t.Errorf("ActionsSupporting(kms:MacAlgorithm) = %v", got)
	}
	pcr := names(ActionsSupporting(LookupKey("kms:RecipientAttestation:PCR5")))
	want := []string{"kms:Decrypt", "kms:DeriveSharedSecret", "kms:GenerateDataKey", "kms:GenerateDataKeyPair", "kms:GenerateRandom"}
	if !slices.Equal(pcr, want) {
		t.Errorf("ActionsSupporting(PCR5) = %v, want %v", pcr, want)
	}
	if ActionsSupporting(LookupKey("aws:SourceIp")) != nil || ActionsSupporting(nil) != nil {
		t.Error("global keys outside the table and nil have no supporting actions")
	}
}

func TestActionMethods(t *testing.T) {
	alias := LookupAction("kms:CreateAlias")
	if alias.PolicyTypes() != KeyPolicy|IAMPolicy || alias.PolicyTypes().String() != "Key policy and IAM policy" {
		t.Errorf("CreateAlias policy types = %v", alias.PolicyTypes())
	}
	if got := alias.Resources(); !slices.Equal(got, []ResourceType{ResourceAlias, ResourceKey}) {
		t.Errorf("CreateAlias resources = %v", got)
	}
	if u := alias.UseFor(IAMPolicy); u == nil || u.Resource != ResourceAlias || len(u.Groups) != 0 {
		t.Errorf("CreateAlias IAM use = %+v", u)
	}
	if LookupAction("kms:Encrypt").CrossAccountUse() != CrossAccountYes ||
		LookupAction("kms:GenerateRandom").CrossAccountUse() != CrossAccountNA ||
		LookupAction("kms:ListKeys").CrossAccountUse() != CrossAccountNo {
		t.Error("cross-account use")
	}
	sync := LookupAction("kms:SynchronizeMultiRegionKey")
	if sync.PolicyTypes() != 0 || sync.PolicyTypes().String() != "None" || !sync.PermissionOnly || sync.Operation != "" {
		t.Errorf("SynchronizeMultiRegionKey = %+v", sync)
	}
	if (&Action{}).CrossAccountUse() != CrossAccountNA {
		t.Error("an action with no use has no cross-account use")
	}
	keys := LookupAction("kms:CreateGrant").KeyNames()
	if len(keys) != len(dedupe(keys)) || !slices.Contains(keys, "kms:GranteeServicePrincipal") {
		t.Errorf("CreateGrant keys = %v", keys)
	}
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func TestStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{KeyPolicy.String(), "Key policy"},
		{IAMPolicy.String(), "IAM policy"},
		{CrossAccountYes.String(), "Yes"},
		{CrossAccountNo.String(), "No"},
		{CrossAccountNA.String(), "N/A"},
		{ResourceKey.String(), "CMK"},
		{ResourceKeySymmetric.String(), "CMK (symmetric only)"},
		{ResourceKeyAsymmetric.String(), "CMK (asymmetric only)"},
		{ResourceAlias.String(), "Alias"},
		{ResourceAny.String(), "*"},
		{ResourceType(99).String(), "?"},
		{TypeString.String(), "String"},
		{TypeBool.String(), "Bool"},
		{TypeNumeric.String(), "Numeric"},
		{TypeDate.String(), "Date"},
		{TypeARN.String(), "ARN"},
		{TypeIPAddress.String(), "IPAddress"},
		{TypeBinary.String(), "Binary"},
		{ValueType(99).String(), "?"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestKeyProperties(t *testing.T) {
	if k := LookupKey("kms:CustomerMasterKeySpec"); k.Deprecated != "kms:KeySpec" {
		t.Errorf("CustomerMasterKeySpec deprecated = %q", k.Deprecated)
	}
	if k := LookupKey("kms:ViaService"); !strings.Contains(k.Format, "SERVICE.REGION.amazonaws.com") {
		t.Errorf("ViaService format = %q", k.Format)
	}
	for _, n := range []string{"kms:RequestAlias", "kms:ResourceAliases"} {
		if k := LookupKey(n); !strings.Contains(k.Format, "alias/") || !strings.Contains(k.Format, "not an alias ARN") {
			t.Errorf("%s format = %q", n, k.Format)
		}
	}
	if k := LookupKey("kms:CallerAccount"); !strings.Contains(k.Format, "12-digit") {
		t.Errorf("CallerAccount format = %q", k.Format)
	}
	if k := LookupKey("kms:ScheduleKeyDeletionPendingWindowInDays"); !k.HasRange || k.Min != 7 || k.Max != 30 {
		t.Errorf("pending window range = %v %d..%d", k.HasRange, k.Min, k.Max)
	}
	for _, n := range []string{"kms:EncryptionContext:x", "aws:RequestTag/x"} {
		if !LookupKey(n).NoForAllValues {
			t.Errorf("%s should refuse ForAllValues", n)
		}
	}
	if LookupKey("aws:ResourceTag/x").NoForAllValues {
		t.Error("only the request tag refuses ForAllValues")
	}
}

func TestGlobalKeys(t *testing.T) {
	var sensitive, multi []string
	globals := 0
	for _, k := range ConditionKeys() {
		if !k.Global {
			if strings.HasPrefix(k.Name, "aws:") {
				t.Errorf("%s is an aws: key but not global", k.Name)
			}
			continue
		}
		globals++
		if k.Sensitive {
			sensitive = append(sensitive, k.Name)
		}
		if k.Multi {
			multi = append(multi, k.Name)
		}
	}
	wantSensitive := []string{"aws:PrincipalAccount", "aws:PrincipalOrgID", "aws:ResourceAccount", "aws:ResourceOrgID",
		"aws:SourceAccount", "aws:SourceOrgID", "aws:SourceVpc", "aws:SourceVpce", "aws:VpceAccount", "aws:VpceOrgID"}
	if !slices.Equal(sorted(sensitive), sorted(wantSensitive)) {
		t.Errorf("sensitive keys %v, want %v", sensitive, wantSensitive)
	}
	wantMulti := []string{"aws:PrincipalOrgPaths", "aws:PrincipalServiceNamesList", "aws:VpceOrgPaths", "aws:ResourceOrgPaths",
		"aws:CalledVia", "aws:TagKeys", "aws:SourceOrgPaths"}
	if !slices.Equal(sorted(multi), sorted(wantMulti)) {
		t.Errorf("multi-valued globals %v, want %v", multi, wantMulti)
	}
	epoch := LookupKey("aws:EpochTime")
	numericEquals, dateEquals := LookupOperator("NumericEquals"), LookupOperator("DateEquals")
	if !numericEquals.Fits(epoch) || !dateEquals.Fits(epoch) {
		t.Error("aws:EpochTime takes Date and Numeric operators")
	}
	if globals < 60 {
		t.Errorf("only %d global keys", globals)
	}
}

func TestParseOperator(t *testing.T) {
	tests := []struct {
		in, set, op string
		ifExists    bool
		ok          bool
	}{
		{"StringEquals", "", "StringEquals", false, true},
		{"StringLikeIfExists", "", "StringLike", true, true},
		{"ForAnyValue:StringLike", "ForAnyValue", "StringLike", false, true},
		{"ForAllValues:StringEqualsIgnoreCaseIfExists", "ForAllValues", "StringEqualsIgnoreCase", true, true},
		{"NullIfExists", "", "Null", true, true},
		{"ForAnyValue:Bool", "ForAnyValue", "Bool", false, true},
		{"ArnNotLikeIfExists", "", "ArnNotLike", true, true},
		{"stringequals", "", "", false, false},
		{"forAnyValue:StringEquals", "", "", false, false},
		{"ForAnyValue:", "ForAnyValue", "", false, false},
		{"IfExists", "", "", false, false},
		{"StringEqualsIfExistsIfExists", "", "", false, false},
		{"", "", "", false, false},
		{"StringEquals😀", "", "", false, false},
	}
	for _, tt := range tests {
		set, op, ifExists, ok := ParseOperator(tt.in)
		name := ""
		if op != nil {
			name = op.Name
		}
		if set != tt.set || name != tt.op || ifExists != tt.ifExists || ok != tt.ok {
			t.Errorf("ParseOperator(%q) = %q, %q, %v, %v; want %q, %q, %v, %v",
				tt.in, set, name, ifExists, ok, tt.set, tt.op, tt.ifExists, tt.ok)
		}
	}
}

func TestOperators(t *testing.T) {
	if n := len(Operators()); n != 27 {
		t.Errorf("%d operators, want the 27 of the IAM guide", n)
	}
	for _, o := range Operators() {
		negated := strings.Contains(o.Name, "Not")
		if o.Negated != negated {
			t.Errorf("%s negated = %v", o.Name, o.Negated)
		}
		if strings.HasSuffix(o.Name, "Like") && !o.Wildcard {
			t.Errorf("%s should take wildcards", o.Name)
		}
		if o.Doc == "" || len(o.Types) == 0 {
			t.Errorf("%s lacks doc or types", o.Name)
		}
	}
	arn := LookupKey("kms:GrantConstraintSourceArn")
	for _, tt := range []struct {
		op, key string
		want    bool
	}{
		{"ArnLike", "kms:GrantConstraintSourceArn", true},
		{"StringLike", "kms:GrantConstraintSourceArn", true},
		{"ArnLike", "kms:ViaService", false},
		{"NumericLessThanEquals", "kms:RotationPeriodInDays", true},
		{"StringEquals", "kms:RotationPeriodInDays", false},
		{"Bool", "kms:MultiRegion", true},
		{"IpAddress", "aws:SourceIp", true},
		{"Null", "kms:KeySpec", true},
		{"NumericLessThanEquals", "kms:ValidTo", true},
		{"DateLessThan", "kms:ValidTo", true},
	} {
		if got := LookupOperator(tt.op).Fits(LookupKey(tt.key)); got != tt.want {
			t.Errorf("%s fits %s = %v", tt.op, tt.key, got)
		}
	}
	if (*Operator)(nil).Fits(arn) || LookupOperator("Bool").Fits(nil) {
		t.Error("nil never fits")
	}
}

func TestExportJSON(t *testing.T) {
	b, err := json.Marshal(Export())
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Actions []struct {
			Name          string `json:"name"`
			AccessLevel   string `json:"accessLevel"`
			CrossAccount  string `json:"crossAccount"`
			ConditionKeys []string
			Uses          []struct {
				Groups []struct {
					Title string   `json:"title"`
					Keys  []string `json:"keys"`
				} `json:"conditionKeyGroups"`
			} `json:"uses"`
		} `json:"actions"`
		ConditionKeys []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Range *struct{ Min, Max int }
		} `json:"conditionKeys"`
		Operators []struct{ Name string } `json:"operators"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Actions) != len(Actions()) || len(d.ConditionKeys) != len(ConditionKeys()) || len(d.Operators) != len(Operators()) {
		t.Fatalf("export sizes %d/%d/%d", len(d.Actions), len(d.ConditionKeys), len(d.Operators))
	}
	for _, a := range d.Actions {
		if a.Name == "kms:Decrypt" && (a.AccessLevel != "Write" || a.CrossAccount != "Yes" || len(a.Uses[0].Groups) == 0) {
			t.Errorf("kms:Decrypt exported as %+v", a)
		}
	}
	for _, a := range d.Actions {
		if want := LookupAction(a.Name).KeyNames(); strings.Join(a.ConditionKeys, " ") != strings.Join(want, " ") {
			t.Errorf("%s exported with keys %v, want %v", a.Name, a.ConditionKeys, want)
		}
	}
	for _, k := range d.ConditionKeys {
		if k.Name == "kms:RotationPeriodInDays" && (k.Type != "Numeric" || k.Range == nil || k.Range.Max != 2560) {
			t.Errorf("rotation period exported as %+v", k)
		}
	}
	for _, field := range []string{`"policyTypes"`, `"dependentActions"`, `"deprecated"`, `"iamOnly"`, `"source"`, `"global"`, `"values"`, `"format"`} {
		if !strings.Contains(string(b), field) {
			t.Errorf("export lacks %s", field)
		}
	}
}

// The lookups run on every keystroke in the editor.

func BenchmarkLookupAction(b *testing.B) {
	for b.Loop() {
		LookupAction("kms:GenerateDataKeyWithoutPlaintext")
	}
}

func BenchmarkLookupKeyPlain(b *testing.B) {
	for b.Loop() {
		LookupKey("kms:EncryptionAlgorithm")
	}
}

func BenchmarkLookupKeyParameterised(b *testing.B) {
	for b.Loop() {
		LookupKey("kms:RecipientAttestation:NitroTPMPCR17")
	}
}

func BenchmarkMatchActions(b *testing.B) {
	for b.Loop() {
		MatchActions("kms:*Key*")
	}
}

func BenchmarkNearestAction(b *testing.B) {
	for b.Loop() {
		NearestAction("kms:GenerateDataKeyWithoutPlaintxt")
	}
}

func TestSuggestActions(t *testing.T) {
	for name, want := range map[string]string{
		"kms:ReEncrypt":          "kms:ReEncrypt* kms:ReEncryptFrom kms:ReEncryptTo",
		"KMS:reencrypt":          "kms:ReEncrypt* kms:ReEncryptFrom kms:ReEncryptTo",
		"kms:GenerateDataKeyPai": "kms:GenerateDataKeyPair* kms:GenerateDataKeyPair kms:GenerateDataKeyPairWithoutPlaintext",
		"kms:Decryp":             "kms:Decrypt",
		"kms:Decrpyt":            "kms:Decrypt",
		"Encrypt":                "kms:Encrypt",
		"kms:FrobnicateAll":      "",
	} {
		if got := strings.Join(SuggestActions(name), " "); got != want {
			t.Errorf("SuggestActions(%q) = %q, want %q", name, got, want)
		}
	}
}
