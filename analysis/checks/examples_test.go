package checks

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

const examplesDir = "../../testdata/examples"

// The realistic examples of AWS's usual key policy shapes and of an IAM
// policy must lint clean, with the kind detected and with it given.
func TestExamplesLintClean(t *testing.T) {
	for file, kind := range map[string]policy.Kind{
		"default-key-policy.json": policy.KindKey,
		"service-key-policy.json": policy.KindKey,
		"iam-policy.json":         policy.KindIAM,
	} {
		src, err := os.ReadFile(filepath.Join(examplesDir, file))
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []policy.Kind{policy.KindAuto, kind} {
			pol, diags := lint(src, k, Options{})
			if pol.Kind != kind {
				t.Errorf("%s: detected kind %v, want %v", file, pol.Kind, kind)
			}
			li := text.NewLineIndex(src)
			for _, d := range diags {
				t.Errorf("%s (%v): %s %s at %s: %s", file, k, d.Severity, d.Code, where(li, d.Start), d.Message)
			}
		}
	}
}

// mistakes.json is a key policy with realistic mistakes; each one must be found.
func TestExampleMistakesAreFound(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(examplesDir, "mistakes.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, diags := lint(src, policy.KindAuto, Options{})
	found := map[string]string{}
	for _, d := range diags {
		found[d.Code] = string(src[d.Start:d.End])
	}
	want := map[string]string{
		"unknown-action":                `"kms:Decrpyt"`,
		"key-policy-resource":           `"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"`,
		"missing-set-operator":          `"StringEquals"`,
		"unknown-condition-key":         `"kms:CallerAcount"`,
		"public-access":                 `"*"`,
		"external-access":               `"Statement"`,
		"not-cross-account":             `"kms:ScheduleKeyDeletion"`,
		"iam-only-in-key-policy":        `"kms:CreateKey"`,
		"deprecated-condition-key":      `"kms:CustomerMasterKeySpec"`,
		"invalid-condition-value":       `"RSA_2049"`,
		"set-operator-on-single-valued": `"ForAllValues:StringEquals"`,
		"condition-key-not-supported":   `"kms:EncryptionContext:Department"`,
	}
	for code, text := range want {
		if got, ok := found[code]; !ok || got != text {
			t.Errorf("%s: found at %q, want at %q", code, got, text)
		}
	}
	if len(found) != len(want) {
		t.Errorf("found codes %v, want exactly %v", found, want)
	}
}
