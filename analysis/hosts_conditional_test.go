package analysis

import (
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// A Terraform conditional expression in a jsonencode policy yields both
// branches, as CloudFormation's !If does: a finding of both is reported
// once, one of a single branch says which, and so does a lens; the lenses
// of both branches are in file order.
func TestTerraformConditional(t *testing.T) {
	fx, err := marker.Load("../testdata/hosts/terraform-conditional.tf")
	if err != nil {
		t.Fatal(err)
	}
	src := fx.Src
	doc := Analyze(named("main.tf", src), Options{})
	const first, second = " (only when condition var.shared is true (the first branch of ? :))", " (only when condition var.shared is false (the second branch of ? :))"
	var got []string
	for _, d := range doc.Diagnostics {
		suffix := "both"
		switch {
		case strings.HasSuffix(d.Message, first):
			suffix = "first"
		case strings.HasSuffix(d.Message, second):
			suffix = "second"
		}
		got = append(got, d.Code+" "+suffix)
	}
	want := "external-access second|external-access first|public-access first|unknown-action both"
	if strings.Join(got, "|") != want {
		t.Errorf("findings %s, want %s", strings.Join(got, "|"), want)
	}
	var titles []string
	lenses := doc.Lenses()
	for i, l := range lenses {
		titles = append(titles, l.Title)
		if i > 0 && lenses[i-1].Span.Start > l.Span.Start {
			t.Errorf("lens %q at %d after one at %d: not in file order", l.Title, l.Span.Start, lenses[i-1].Span.Start)
		}
	}
	all := strings.Join(titles, "\n")
	if !strings.HasPrefix(all, "anyone else can use this key · ") || !strings.Contains(all, "show who can do what"+first+"\n") ||
		!strings.Contains(all, "allows every key action to account 111122223333 (this key's)\n") ||
		!strings.HasSuffix(all, "allows kms:Decrypt to account 444455556666"+second) {
		t.Errorf("lenses:\n%s", all)
	}
}
