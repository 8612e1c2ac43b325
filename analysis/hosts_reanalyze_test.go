package analysis

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// templateSources are the template fixtures (markers stripped) and a
// generated template, each with the name that decides its host.
func templateSources(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{"generated.yaml": policygen.Template(16<<10, 6)}
	for _, pattern := range []string{"../testdata/hosts/*.json", "../testdata/checks/*/*.json"} {
		fxs, err := marker.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, fx := range fxs {
			if base := filepath.Base(fx.Path); filepath.Ext(base) != ".json" || strings.HasPrefix(base, "cloudformation") || strings.HasSuffix(base, ".tf.json") {
				out[fx.Path] = fx.Src
			}
		}
	}
	return out
}

func named(name string, src []byte) Input {
	return Input{File: source.File{Name: name, Src: src}, Lines: text.NewLineIndex(src)}
}

// templateEdits are keystrokes, and the characters that change YAML's
// structure.
var templateEdits = []string{"x", "", ":", "- ", "\n", "  ", `"`, "[", "ü"}

// TestReanalyzeTemplatesMatchesAnalyze edits each template at many
// offsets: the findings of Reanalyze are those of a fresh analysis, but
// for the units kept while a part of the file does not parse, whose
// findings lie inside the file and off the edited text.
func TestReanalyzeTemplatesMatchesAnalyze(t *testing.T) {
	for name, src := range templateSources(t) {
		first := named(name, src)
		prev := Reanalyze(nil, first, Options{})
		assertSameFindingsOrStale(t, name+" first version", prev, first, nil)
		step := max(1, len(src)/12)
		if testing.Short() {
			step *= 4 // as in TestReanalyzeMatchesAnalyze
		}
		for off := 0; off < len(src); off += step {
			for _, ins := range templateEdits {
				c := keystroke(src, off, ins)
				next := edited(first, c)
				got := Reanalyze(prev, next, Options{})
				where := fmt.Sprintf("%s: %q at %d", name, ins, off)
				assertSameFindingsOrStale(t, where, got, next, &c)
				back := Input{File: first.File, Lines: first.Lines, Changes: []text.Change{{Start: c.Start, End: c.Start + len(c.Text), Text: string(src[c.Start:c.End])}}}
				back.Src = src
				assertSameFindingsOrStale(t, where+" undone", Reanalyze(got, back, Options{}), back, nil)
			}
		}
	}
}

// assertSameFindingsOrStale: got's findings are a fresh analysis's, and
// those of the units kept from before (stale) lie in the file and, when
// the edit is known, not on the text it touched.
func assertSameFindingsOrStale(t *testing.T, where string, got *Document, in Input, edit *text.Change) {
	t.Helper()
	fresh := Analyze(Input{File: in.File}, Options{})
	var stale []checks.Diagnostic
	for _, u := range got.Units {
		if u.stale {
			for _, d := range u.Diagnostics {
				stale = append(stale, toHost(d, u))
			}
		}
	}
	var own []checks.Diagnostic
	for _, d := range got.Diagnostics {
		if d.Start < 0 || d.Start > d.End || d.End > len(in.Src) {
			t.Fatalf("%s: %s at [%d,%d) outside the file of %d bytes", where, d.Code, d.Start, d.End, len(in.Src))
		}
		if i := indexOf(stale, d); i >= 0 {
			if edit != nil && d.End >= edit.Start && d.Start <= edit.Start+len(edit.Text) {
				t.Fatalf("%s: kept finding %s at [%d,%d) lies on the edited text", where, d.Code, d.Start, d.End)
			}
			stale = append(stale[:i], stale[i+1:]...)
			continue
		}
		own = append(own, d)
	}
	if want := fresh.Diagnostics; !reflect.DeepEqual(own, want) && !(len(own) == 0 && len(want) == 0) {
		t.Fatalf("%s: Reanalyze found\n%s\nAnalyze found\n%s", where, dump(own), dump(want))
	}
}

func indexOf(ds []checks.Diagnostic, d checks.Diagnostic) int {
	for i, x := range ds {
		// A kept finding of a policy with !If may say which branch.
		if x.Code == d.Code && x.Span == d.Span && strings.HasPrefix(d.Message, x.Message) {
			return i
		}
	}
	return -1
}

// A keystroke outside every policy of a large template re-analyses none:
// every unit is taken over, and no statement is checked afresh.
func TestKeystrokeOutsidePoliciesReanalysesNone(t *testing.T) {
	src := policygen.Template(300<<10, 20)
	first := named("big.yaml", src)
	prev := Reanalyze(nil, first, Options{})
	if len(prev.Units) != 20 || len(prev.Diagnostics) != 0 {
		t.Fatalf("the generated template has %d units and %d findings, want 20 and none: %s", len(prev.Units), len(prev.Diagnostics), dump(prev.Diagnostics))
	}
	// In the template's description the policies after it move; in the
	// last bucket none does.
	for _, i := range []int{strings.Index(string(src), "Description: generated") + len("Description: gen"), strings.LastIndex(string(src), "Value: platform") + len("Value: plat")} {
		next := Reanalyze(prev, edited(first, keystroke(src, i, "x")), Options{})
		if n := next.StatementsRechecked(); n != 0 {
			t.Errorf("a keystroke outside the policies at %d rechecked %d statements, want 0", i, n)
		}
		for k, u := range next.Units {
			if u.Policy != prev.Units[k].Policy {
				t.Errorf("a keystroke outside the policies at %d: unit %d (%s) was analysed again", i, k, u.Name)
			}
		}
	}
	// One keystroke in a policy: its statement alone.
	j := strings.Index(string(src), "Sid: AllowGrants") + len("Sid: Allow")
	in := Reanalyze(prev, edited(first, keystroke(src, j, "x")), Options{})
	if n := in.StatementsRechecked(); n != 1 {
		t.Errorf("a keystroke in a Sid rechecked %d statements, want 1", n)
	}

	// The same in a Terraform file.
	tf := policygen.Terraform(300<<10, 20)
	firstTF := named("main.tf", tf)
	prevTF := Reanalyze(nil, firstTF, Options{})
	if len(prevTF.Units) != 20 || len(prevTF.Diagnostics) != 0 {
		t.Fatalf("the generated configuration has %d units and %d findings, want 20 and none: %s", len(prevTF.Units), len(prevTF.Diagnostics), dump(prevTF.Diagnostics))
	}
	k := strings.LastIndex(string(tf), `Team = "platf`) + len(`Team = "pl`)
	if n := Reanalyze(prevTF, edited(firstTF, keystroke(tf, k, "x")), Options{}).StatementsRechecked(); n != 0 {
		t.Errorf("a keystroke in a bucket of a Terraform file rechecked %d statements, want 0", n)
	}
	l := strings.Index(string(tf), `sid       = "AllowGra`) + len(`sid       = "Allow`)
	if n := Reanalyze(prevTF, edited(firstTF, keystroke(tf, l, "x")), Options{}).StatementsRechecked(); n != 1 {
		t.Errorf("a keystroke in a Sid of a Terraform policy document rechecked %d statements, want 1", n)
	}
}

// While a resource does not parse, its policy's findings stay where their
// text is, those on the edited text go, and the syntax error is reported;
// the other resources' policies are analysed as ever.
func TestBrokenResourceKeepsItsFindings(t *testing.T) {
	src := []byte(`AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: [kms:Decrpyt, kms:PutKeyPolicy]
            Resource: "*"
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: kms:Encrpyt
            Resource: "*"
  Other:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: kms:Sing
            Resource: "*"
`)
	first := named("t.yaml", src)
	prev := Reanalyze(nil, first, Options{})
	codes := func(d *Document) string {
		var out []string
		for _, x := range d.Diagnostics {
			out = append(out, x.Code+"@"+string(d.Src[x.Start:x.End]))
		}
		return strings.Join(out, " ")
	}
	if got := codes(prev); got != "unknown-action@kms:Decrpyt unknown-action@kms:Encrpyt old-version@Statement unknown-action@kms:Sing" {
		t.Fatalf("first version: %s", got)
	}
	// Typing a quote before kms:Encrpyt breaks the key's resource: the
	// string runs to the next quote, on the line after, where the parser
	// stops.
	at := strings.Index(string(src), "kms:Encrpyt")
	broken := Reanalyze(prev, edited(first, text.Change{Start: at, End: at, Text: `"`}), Options{})
	if got := codes(broken); got != `unknown-action@kms:Decrpyt yaml-syntax@Resource: "*" old-version@Statement unknown-action@kms:Sing` {
		t.Errorf("while the key's resource does not parse: %s", got)
	}
	for _, d := range broken.Diagnostics {
		if d.Code == "unknown-action" && len(d.Fixes) > 0 && d.Start < at {
			t.Errorf("a kept finding offers a fix: %+v", d)
		}
	}
	// The quote closed: a fresh analysis's findings.
	in := edited(edited(first, text.Change{Start: at, End: at, Text: `"`}), text.Change{Start: at + 1 + len("kms:Encrpyt"), End: at + 1 + len("kms:Encrpyt"), Text: `"`})
	fixed := Reanalyze(broken, in, Options{})
	assertSameFindings(t, "fixed", fixed, in, Options{})
}

// hostNames are the file names FuzzHosts reads its input as; key.tftpl
// is a template a Terraform aws_kms_key reads with templatefile().
var hostNames = []string{"template.yaml", "main.tf", "main.tf.json", "template.json", "key.tftpl"}

// FuzzHosts: any bytes read as a YAML template, a Terraform file (HCL or
// JSON) or a JSON template analyse without a panic; every finding, fix,
// completion edit and hover lies in the file; an edit is analysed from
// the version before it without a panic either.
func FuzzHosts(f *testing.F) {
	for name, src := range templateSources(f) {
		for i, h := range hostNames {
			if filepath.Ext(h) == filepath.Ext(name) {
				f.Add(src, uint8(i), uint16(len(src)/2))
			}
		}
	}
	f.Add([]byte("{\"Statement\": [{\"Principal\": {\"AWS\": \"${a}\"}, \"Action\": %{ if x }\"kms:*\"%{ endif }}]}"), uint8(4), uint16(20))
	f.Fuzz(func(t *testing.T, src []byte, host uint8, off uint16) {
		name := hostNames[int(host)%len(hostNames)]
		in := named(name, src)
		if strings.HasSuffix(name, ".tftpl") {
			in.Referenced = &source.Reference{Path: name, Kind: policy.KindKey, Template: true}
		}
		in.Exists = func(source.Reference) bool { return false }
		doc := Analyze(in, Options{})
		inFile := func(what string, s text.Span) {
			if s.Start < 0 || s.Start > s.End || s.End > len(src) {
				t.Fatalf("%s [%d,%d) outside the file of %d bytes", what, s.Start, s.End, len(src))
			}
		}
		for _, d := range doc.Diagnostics {
			inFile(d.Code, d.Span)
			for _, fx := range d.Fixes {
				for _, e := range fx.Edits {
					inFile("a fix of "+d.Code, e.Span)
				}
			}
		}
		o := int(off) % (len(src) + 1)
		for _, it := range doc.Complete(o) {
			inFile("completion "+it.Label, it.Edit.Span)
		}
		if h := doc.Hover(o); h != nil {
			inFile("hover", h.Span)
		}
		doc.Symbols()
		next := edited(in, text.Change{Start: o, End: o, Text: "x:\n"})
		for _, d := range Reanalyze(doc, next, Options{}).Diagnostics {
			if d.Start < 0 || d.Start > d.End || d.End > len(next.Src) {
				t.Fatalf("after an edit: %s [%d,%d) outside the file of %d bytes", d.Code, d.Start, d.End, len(next.Src))
			}
		}
	})
}

// A policy is rechecked against its own previous version, found by its
// resource's name when a policy added before it moves it: adding a
// resource above two policies and editing a Sid in the second rechecks the
// added policy's statement and the edited one.
func TestReanalyzeFindsEachPolicyByName(t *testing.T) {
	key := func(name, sid, action string) string {
		return "  " + name + ":\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: \"2012-10-17\"\n        Statement:\n" +
			"          - Sid: Root\n            Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::111122223333:root\"}\n            Action: kms:*\n            Resource: \"*\"\n" +
			"          - Sid: " + sid + "\n            Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::111122223333:role/Äpp\"}\n            Action: " + action + "\n            Resource: \"*\"\n"
	}
	head := "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n"
	src := []byte(head + key("Ä", "Use", "kms:Decrypt") + key("B", "Sign", "kms:Sign"))
	first := named("t.yaml", src)
	prev := Reanalyze(nil, first, Options{})
	if len(prev.Units) != 2 {
		t.Fatalf("%d units, want 2", len(prev.Units))
	}
	added := "  New:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Action: kms:Verify\n            Resource: \"*\"\n"
	sid := strings.Index(string(src), "Sid: Sign") + len("Sid: Si")
	in := edited(first, text.Change{Start: len(head), End: len(head), Text: added}, text.Change{Start: sid + len(added), End: sid + len(added), Text: "x"})
	next := Reanalyze(prev, in, Options{})
	if len(next.Units) != 3 {
		t.Fatalf("%d units after the edit, want 3", len(next.Units))
	}
	if n := next.StatementsRechecked(); n != 2 {
		t.Errorf("rechecked %d statements, want 2", n)
	}
	assertSameFindings(t, "edited", next, in, Options{})
}
