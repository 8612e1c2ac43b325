package checks

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The behaviours the catalog issue lists under "Done when".
func TestCatalogIssueBehaviours(t *testing.T) {
	stmt := func(action, cond string) []byte {
		return []byte(keyPolicy(`,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"` + action + `","Resource":"*","Condition":` + cond + `}`))
	}
	cases := []struct {
		name string
		src  []byte
		code string // "" for clean
		sev  Severity
	}{
		{"rotation period, numeric operator", stmt("kms:EnableKeyRotation", `{"NumericLessThanEquals":{"kms:RotationPeriodInDays":"365"}}`), "", 0},
		{"rotation period, string operator", stmt("kms:EnableKeyRotation", `{"StringEquals":{"kms:RotationPeriodInDays":"365"}}`), "operator-type-mismatch", Error},
		{"ForAllValues on an encryption context key", stmt("kms:Decrypt", `{"ForAllValues:StringEquals":{"kms:EncryptionContext:Department":"finance"}}`), "set-operator-on-single-valued", Error},
		{"GenerateMac with MacAlgorithm", stmt("kms:GenerateMac", `{"StringEquals":{"kms:MacAlgorithm":"HMAC_SHA_384"}}`), "", 0},
		{"ResourceAliases in a key policy", stmt("kms:Decrypt", `{"ForAnyValue:StringEquals":{"kms:ResourceAliases":"alias/orders"}}`), "iam-only-condition-key", Warning},
		{"rotation period below range", stmt("kms:EnableKeyRotation", `{"NumericGreaterThanEquals":{"kms:RotationPeriodInDays":"30"}}`), "invalid-condition-value", Error},
		{"pending window above range", stmt("kms:ScheduleKeyDeletion", `{"NumericLessThanEquals":{"kms:ScheduleKeyDeletionPendingWindowInDays":"31"}}`), "invalid-condition-value", Error},
		{"pending window in range", stmt("kms:ScheduleKeyDeletion", `{"NumericGreaterThanEquals":{"kms:ScheduleKeyDeletionPendingWindowInDays":"7"}}`), "", 0},
		{"wildcard in a sensitive key", stmt("kms:Decrypt", `{"StringLike":{"aws:SourceAccount":"1111*"}}`), "wildcard-in-sensitive-key", Warning},
		{"Nitro Enclaves PCR key", stmt("kms:Decrypt", `{"StringEqualsIgnoreCase":{"kms:RecipientAttestation:PCR0":"abc123"}}`), "", 0},
		{"PCR index out of range", stmt("kms:Decrypt", `{"StringEqualsIgnoreCase":{"kms:RecipientAttestation:PCR32":"abc123"}}`), "unknown-condition-key", Error},
	}
	for _, c := range cases {
		_, diags := lint(c.src, policy.KindKey, Options{})
		if c.code == "" {
			if len(diags) != 0 {
				t.Errorf("%s: want clean, got %+v", c.name, diags)
			}
			continue
		}
		if len(diags) != 1 || diags[0].Code != c.code || diags[0].Severity != c.sev {
			t.Errorf("%s: got %+v, want one %s %v", c.name, diags, c.code, c.sev)
		}
	}
}

// Every value of every enumerated key validates, and a misspelt value does
// not (with the right value offered as the fix).
func TestEnumeratedKeysValidate(t *testing.T) {
	n := 0
	for _, k := range catalog.ConditionKeys() {
		if len(k.Values) == 0 || k.Deprecated != "" {
			continue
		}
		supporting := catalog.ActionsSupporting(k)
		if len(supporting) == 0 {
			t.Errorf("%s: no action supports it", k.Name)
			continue
		}
		op, set := "StringEquals", ""
		if k.Type == catalog.TypeBool {
			op = "Bool"
		}
		if k.Multi {
			set = "ForAnyValue:"
		}
		for _, v := range k.Values {
			n++
			doc := func(value string) []byte {
				return []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + supporting[0].Name +
					`","Resource":"*","Condition":{"` + set + op + `":{"` + k.Name + `":"` + value + `"}}}]}`)
			}
			_, diags := lint(doc(v), policy.KindIAM, Options{})
			if len(only(t, diags, "invalid-condition-value")) != 0 {
				t.Errorf("%s %q: rejected: %+v", k.Name, v, diags)
			}
			if k.Type == catalog.TypeBool {
				continue
			}
			bad := strings.ToLower(v[:1]) + v[1:] + "X"
			_, diags = lint(doc(bad), policy.KindIAM, Options{})
			ds := only(t, diags, "invalid-condition-value")
			if len(ds) != 1 {
				t.Errorf("%s %q: accepted: %+v", k.Name, bad, diags)
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d enumerated values checked; is the catalog loaded?", n)
	}
}

// The quick fix of unknown-condition-key prefers a plain key over reading the
// typo as a parameterised key, unless the parameterised reading is closer.
func TestUnknownConditionKeySuggestion(t *testing.T) {
	cases := []struct{ typed, want string }{
		{"kms:EncryptionContextKey", "kms:EncryptionContextKeys"},
		{"kms:encryptioncontextkey", "kms:EncryptionContextKeys"},
		{"kms:EncryptionContxtKeys", "kms:EncryptionContextKeys"},
		{"kms:EncryptionContex:Department", "kms:EncryptionContext:Department"},
		{"kms:EncryptionContex:Départ😀", "kms:EncryptionContext:Départ😀"},
		{"aws:ResourceTg/Project", "aws:ResourceTag/Project"},
		{"kms:CallerAcount", "kms:CallerAccount"},
	}
	for _, c := range cases {
		src, d, ok := unknownKeyFinding(t, c.typed)
		if !ok {
			continue
		}
		if len(d.Fixes) != 1 {
			t.Errorf("%s: want one fix, got %+v", c.typed, d.Fixes)
			continue
		}
		if got := applyFix([]byte(src), d.Span, d.Fixes[0]); got != `"`+c.want+`"` {
			t.Errorf("%s: fix gives %s, want %q", c.typed, got, c.want)
		}
		if !strings.Contains(d.Message, "did you mean "+c.want+"?") {
			t.Errorf("%s: message %q does not suggest %s", c.typed, d.Message, c.want)
		}
	}
}

// A parameterised key written without its parameter is missing the user's
// own name (a context key, a tag key): the finding says so and offers no
// fix, where it used to suggest the prefix doubled ("kms:EncryptionContext::").
func TestKeyWithoutItsParameter(t *testing.T) {
	cases := []struct {
		typed, want string
		sev         Severity
	}{
		{"kms:EncryptionContext:", "kms:EncryptionContext: lacks its context-key, so this condition never sees a value for it: the key is written kms:EncryptionContext:context-key.", Error},
		{"KMS:encryptioncontext:", "KMS:encryptioncontext: lacks its context-key", Error},
		{"aws:ResourceTag/", "aws:ResourceTag/ lacks its tag-key", Warning},
		{"aws:PrincipalTag/", "aws:PrincipalTag/ lacks its tag-key", Warning},
	}
	for _, c := range cases {
		if _, d, ok := unknownKeyFinding(t, c.typed); ok && (!strings.HasPrefix(d.Message, c.want) || len(d.Fixes) != 0 || d.Severity != c.sev) {
			t.Errorf("%s: got %v %q with %d fixes, want %v %q… and no fix", c.typed, d.Severity, d.Message, len(d.Fixes), c.sev, c.want)
		}
	}
}

// unknownKeyFinding lints a key policy whose one condition names the key
// typed, and returns the policy and its one unknown-condition-key finding;
// ok is false (and the test marked failed) when there is not exactly one.
func unknownKeyFinding(t *testing.T, typed string) (src string, d Diagnostic, ok bool) {
	t.Helper()
	src = keyPolicy(`,{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/A"},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"` + typed + `":"x"}}}`)
	_, diags := lint([]byte(src), policy.KindKey, Options{})
	ds := only(t, diags, "unknown-condition-key")
	if len(ds) != 1 {
		t.Errorf("%s: want one unknown-condition-key, got %+v", typed, diags)
		return src, Diagnostic{}, false
	}
	return src, ds[0], true
}
