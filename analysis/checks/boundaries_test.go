package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// padTo pads src with white space before its closing brace to n bytes.
func padTo(t *testing.T, src string, n int) string {
	t.Helper()
	if len(src) > n {
		t.Fatalf("policy is %d bytes already, want %d", len(src), n)
	}
	i := strings.LastIndexByte(src, '}')
	return src[:i] + strings.Repeat(" ", n-len(src)) + src[i:]
}

// TestPolicySizeBoundaries: the limits are inclusive, a policy exactly at
// the limit passes and one byte (or character) more fails.
func TestPolicySizeBoundaries(t *testing.T) {
	key := keyPolicy("")
	iam := func(nonSpace int) string {
		// The Sid carries the characters needed to reach nonSpace; white space
		// between the tokens does not count.
		head := `{"Version": "2012-10-17", "Statement": [{"Sid": "`
		tail := `", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}`
		base := nonSpaceChars([]byte(head + tail))
		return head + strings.Repeat("A", nonSpace-base) + tail
	}
	for _, c := range []struct {
		name string
		src  string
		kind policy.Kind
		want string // severity of the finding, "" for none
	}{
		{"key 32,768 bytes", padTo(t, key, 32768), policy.KindKey, ""},
		{"key 32,769 bytes", padTo(t, key, 32769), policy.KindKey, "error"},
		{"IAM 6,144 characters", iam(6144), policy.KindIAM, ""},
		{"IAM 6,145 characters", iam(6145), policy.KindIAM, "warning"},
		{"IAM 6,144 characters and much white space", padTo(t, iam(6144), 20000), policy.KindIAM, ""},
		{"IAM 6,144 characters, one of two bytes", strings.Replace(iam(6144), `"A`, `"é`, 1), policy.KindIAM, ""},
	} {
		_, diags := lint([]byte(c.src), c.kind, Options{})
		ds := only(t, diags, "policy-too-large")
		got := ""
		if len(ds) > 0 {
			got = ds[0].Severity.String()
		}
		if len(ds) > 1 || got != c.want {
			t.Errorf("%s: policy-too-large %v, want severity %q", c.name, ds, c.want)
		}
	}
}

// TestNumericConditionBounds: a key's range includes its bounds.
func TestNumericConditionBounds(t *testing.T) {
	for _, c := range []struct {
		key, action string
		value       int
		valid       bool
	}{
		{"kms:RotationPeriodInDays", "kms:EnableKeyRotation", 89, false},
		{"kms:RotationPeriodInDays", "kms:EnableKeyRotation", 90, true},
		{"kms:RotationPeriodInDays", "kms:EnableKeyRotation", 2560, true},
		{"kms:RotationPeriodInDays", "kms:EnableKeyRotation", 2561, false},
		{"kms:ScheduleKeyDeletionPendingWindowInDays", "kms:ScheduleKeyDeletion", 6, false},
		{"kms:ScheduleKeyDeletionPendingWindowInDays", "kms:ScheduleKeyDeletion", 7, true},
		{"kms:ScheduleKeyDeletionPendingWindowInDays", "kms:ScheduleKeyDeletion", 30, true},
		{"kms:ScheduleKeyDeletionPendingWindowInDays", "kms:ScheduleKeyDeletion", 31, false},
	} {
		for _, op := range []string{"NumericEquals", "NumericLessThanEquals"} {
			src := keyPolicy(fmt.Sprintf(`,
  {"Sid": "Admin", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/Admin"},
   "Action": %q, "Resource": "*", "Condition": {%q: {%q: "%d"}}}`, c.action, op, c.key, c.value))
			_, diags := lint([]byte(src), policy.KindKey, Options{})
			if got := len(only(t, diags, "invalid-condition-value")) == 0; got != c.valid {
				t.Errorf("%s %s %d: valid %v, want %v (%v)", op, c.key, c.value, got, c.valid, diags)
			}
		}
	}
}
