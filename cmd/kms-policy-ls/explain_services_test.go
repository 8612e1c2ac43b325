package main

import (
	"bytes"
	"strings"
	"testing"
)

// explain documents other services' actions, wildcards and keys from the
// Service Authorization Reference data.
func TestExplainOtherServices(t *testing.T) {
	for name, want := range map[string]string{
		"s3:GetObject": "list_amazons3.html#amazons3-GetObject",
		"s3:Get*":      "| Read |",
		"s3:prefix":    "condition key of Amazon S3",
		"kms:Decrypt":  "API operation", // KMS still from the catalog
	} {
		var out, errOut bytes.Buffer
		if code := run([]string{"explain", name}, nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), want) {
			t.Errorf("explain %s: exit %d, output lacks %q:\n%s%s", name, code, want, out.String(), errOut.String())
		}
	}
}
