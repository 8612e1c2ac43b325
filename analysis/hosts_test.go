package analysis

import (
	"path/filepath"
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
