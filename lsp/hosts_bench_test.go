package lsp

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

const templateURI = "file:///work/stacks/app.yaml"

// template300KB is a 300 KB CloudFormation template with 20 policies
// (10 key policies, 10 role policies) and S3 buckets around them.
func template300KB() string { return string(policygen.Template(300<<10, 20)) }

// templateKeystrokes are where the template benchmarks type (and delete)
// a character: into a Sid of the last key policy, into a tag of the
// last bucket (outside every policy), and a quote before an action,
// which leaves every other version of that resource unparsable.
var templateKeystrokes = []struct{ name, before, after string }{
	{"in-policy", "", "Sid: AllowGra"},
	{"outside-policies", "", "Value: platf"},
	{"breaks-yaml", "Sid: AllowGrants", "Action: ["},
}

// at is the position in src of the end of the last occurrence of marker
// (of the first one after the last occurrence of before, when given).
func at(tb testing.TB, src, before, marker string) text.Position {
	from, i := 0, strings.LastIndex(src, marker)
	if before != "" {
		from = strings.LastIndex(src, before)
		i = strings.Index(src[max(from, 0):], marker)
	}
	if from < 0 || i < 0 {
		tb.Fatalf("%q not in the template", marker)
	}
	return text.NewLineIndex([]byte(src)).Position(from + i + len(marker))
}

func templateEdit(i int, p text.Position, typed string) lsptest.Change {
	l, c := uint32(p.Line), uint32(p.Character)
	if i%2 == 1 {
		return lsptest.Edit(l, c, l, c+uint32(len(typed)), "")
	}
	return lsptest.Edit(l, c, l, c, typed)
}

// BenchmarkTemplateOpen300KB measures a template opened in the editor:
// from didOpen to the publishDiagnostics of its 20 policies, through the
// real server over a pipe.
func BenchmarkTemplateOpen300KB(b *testing.B) {
	s := initialized(b, nil, nil)
	src := template300KB()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		uri := templateURI + "." + strconv.Itoa(i) + ".yaml"
		s.open(b, uri, "yaml", 1, src)
		s.diagnostics(b, uri, 1)
		if err := s.client.Notify(ctxT(b), "textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTemplateKeystroke300KB measures one keystroke in a 300 KB
// template through the real server: from didChange to the
// publishDiagnostics of that version.
func BenchmarkTemplateKeystroke300KB(b *testing.B) {
	for _, k := range templateKeystrokes {
		b.Run(k.name, func(b *testing.B) {
			s := initialized(b, nil, nil)
			src := template300KB()
			p := at(b, src, k.before, k.after)
			typed := "x"
			if k.name == "breaks-yaml" {
				typed = `"`
			}
			s.open(b, templateURI, "yaml", 1, src)
			s.diagnostics(b, templateURI, 1)
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v := int32(i + 2)
				mark := s.client.Mark()
				s.change(b, templateURI, v, templateEdit(i, p, typed))
				if _, err := s.client.WaitDiagnosticsAfter(ctxT(b), mark, templateURI, lsptest.Version(v)); err != nil {
					b.Fatalf("waiting for diagnostics of version %d: %v", v, err)
				}
			}
		})
	}
}

// A keystroke outside every policy of a template, through the document
// store as the server applies it, re-analyses none of them; one inside a
// policy checks its statement alone.
func TestTemplateKeystrokeOutsidePoliciesReanalysesNone(t *testing.T) {
	for _, k := range templateKeystrokes[:2] {
		st := newStore(analysis.Reanalyze)
		src := template300KB()
		sn := st.open(templateURI, "yaml", 1, []byte(src))
		first, err := sn.await()
		if err != nil || first.Doc == nil || len(first.Doc.Units) != 20 {
			t.Fatalf("the template was not analysed into 20 units: %+v %v", first, err)
		}
		c := templateEdit(0, at(t, src, k.before, k.after), "x")
		sn, err = st.change(templateURI, 2, []contentChange{{Text: c.Text, Range: &wireRange{
			Start: wirePosition{Line: int(c.Range.Start.Line), Character: int(c.Range.Start.Character)},
			End:   wirePosition{Line: int(c.Range.End.Line), Character: int(c.Range.End.Character)},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := sn.await()
		if err != nil || res.Doc == nil {
			t.Fatalf("%s: %+v %v", k.name, res, err)
		}
		want := map[string]int{"in-policy": 1, "outside-policies": 0}[k.name]
		if got := res.Doc.StatementsRechecked(); got != want {
			t.Errorf("%s: %d statements checked afresh, want %d", k.name, got, want)
		}
	}
}

const terraformURI = "file:///work/infra/main.tf"

// BenchmarkTerraformKeystroke300KB is BenchmarkTemplateKeystroke300KB for
// a 300 KB Terraform file with 20 key policies (jsonencode and
// aws_iam_policy_document), typed into a Sid and into a bucket's tag.
func BenchmarkTerraformKeystroke300KB(b *testing.B) {
	for _, k := range []struct{ name, after string }{{"in-policy", `sid       = "AllowGra`}, {"outside-policies", `Team = "platf`}} {
		b.Run(k.name, func(b *testing.B) {
			s := initialized(b, nil, nil)
			src := string(policygen.Terraform(300<<10, 20))
			p := at(b, src, "", k.after)
			s.open(b, terraformURI, "terraform", 1, src)
			if d := s.diagnostics(b, terraformURI, 1); len(d.Diagnostics) != 0 {
				b.Fatalf("the generated configuration has findings: %+v", d.Diagnostics)
			}
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				v := int32(i + 2)
				mark := s.client.Mark()
				s.change(b, terraformURI, v, templateEdit(i, p, "x"))
				if _, err := s.client.WaitDiagnosticsAfter(ctxT(b), mark, terraformURI, lsptest.Version(v)); err != nil {
					b.Fatalf("waiting for diagnostics of version %d: %v", v, err)
				}
			}
		})
	}
}
