package policygen_test

import (
	"encoding/json"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// The benchmarks' identity policy names 200 actions of 30 services, fits
// the size asked, and draws no finding but its size's.
func TestIAMPolicy(t *testing.T) {
	if a, s := policygen.IAMActionCount(); a != 200 || s != 30 {
		t.Errorf("%d actions of %d services, want 200 of 30", a, s)
	}
	const size = 32 << 10
	p := policygen.IAMPolicy(size)
	if !json.Valid(p) || len(p) > size || len(p) < size*3/4 {
		t.Fatalf("%d bytes, valid JSON %v", len(p), json.Valid(p))
	}
	doc := analysis.Analyze(analysis.Bytes(p), analysis.Options{Kind: policy.KindIAM})
	for _, d := range doc.Diagnostics {
		if d.Code != "policy-too-large" {
			t.Errorf("%s: %s", d.Code, d.Message)
		}
	}
}
