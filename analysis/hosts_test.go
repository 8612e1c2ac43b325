package analysis

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
)

// TestHostFixtures runs testdata/hosts: policies in CloudFormation
// templates and Terraform files, each fixture asserting at exact host
// ranges the findings (with the documents their fixes leave), hover and
// completion (see internal/marker).
func TestHostFixtures(t *testing.T) {
	marker.Run(t, filepath.Join("..", "testdata", "hosts", "*.json"), func(t *testing.T, fx *marker.Fixture) {
		doc := Analyze(Input{File: fx.File()}, Options{Kind: fx.Kind(t), Checks: checks.Options{Account: fx.Setting("account")}})
		marker.Check(t, fx, marker.Runner{
			Diagnostics: func() []marker.Diagnostic { return markerDiagnostics(doc) },
			Complete: func(offset int) []marker.Completion {
				var out []marker.Completion
				for _, it := range doc.Complete(offset) {
					edit := it.Edit.Span
					out = append(out, marker.Completion{Label: it.Label, SortText: it.SortText, Edit: &edit})
				}
				return out
			},
			Hover: func(offset int) *marker.Hover {
				h := doc.Hover(offset)
				if h == nil {
					return nil
				}
				return &marker.Hover{Markdown: h.Markdown, Span: h.Span}
			},
		})
	})
}

// markerDiagnostics are doc's findings with the fixes code actions offer.
func markerDiagnostics(doc *Document) []marker.Diagnostic {
	var out []marker.Diagnostic
	for _, d := range doc.Diagnostics {
		md := marker.Diagnostic{Code: d.Code, Severity: d.Severity.String(), Start: d.Start, End: d.End, Message: d.Message}
		for _, a := range doc.CodeActions(d.Span) {
			if a.Diagnostic.Code == d.Code && a.Diagnostic.Span == d.Span && a.Diagnostic.Message == d.Message {
				md.Fixes = append(md.Fixes, marker.Fix{Title: a.Fix.Title, Edits: a.Fix.Edits})
			}
		}
		out = append(out, md)
	}
	return out
}

// The outline of a template has one node per policy under its resource's
// logical name (one for both branches of a policy with !If), its
// statements below it at their template positions.
func TestTemplateOutline(t *testing.T) {
	for _, c := range []struct {
		fixture string
		want    []string
	}{
		{"key-and-iam.yaml", []string{"Key: KeyPolicy · key policy [Admin Use]", "UsePolicy: PolicyDocument · iam policy [Use Admin]"}},
		{"cloudformation-tags.yaml", []string{"AppKey: KeyPolicy · key policy [Enable IAM policies Administrators Use Partner]"}},
		{"terraform-policy-document.tf", []string{"data.aws_iam_policy_document.key: key policy [Admin Use Typing]"}},
	} {
		fx, err := marker.Load(filepath.Join("..", "testdata", "hosts", c.fixture))
		if err != nil {
			t.Fatal(err)
		}
		doc := Analyze(Input{File: fx.File()}, Options{})
		var got []string
		for _, s := range doc.Symbols() {
			var kids []string
			for _, k := range s.Children {
				kids = append(kids, k.Name)
				if k.Selection.Start < s.Span.Start || k.Selection.End > s.Span.End {
					t.Errorf("%s: %s selects %v outside its policy %v", c.fixture, k.Name, k.Selection, s.Span)
				}
			}
			got = append(got, s.Name+": "+s.Detail+" ["+strings.Join(kids, " ")+"]")
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: outline\n  %s\nwant\n  %s", c.fixture, strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
		}
	}
}
