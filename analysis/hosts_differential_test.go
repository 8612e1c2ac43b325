package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hclhost"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// hostForm writes a policy inside a host file. It returns the file, its
// name (which decides the host), and where each scalar of the policy (by
// its offset in the policy) was written.
type hostForm struct {
	name  string
	write func(f *jsonast.File, kind policy.Kind) (src string, scalars map[int]text.Span)
}

var hostForms = []hostForm{
	{"cloudformation.json", cfnJSON},
	{"cloudformation.yaml", cfnYAML},
	{"main.tf", tfJSONEncode},
	{"heredoc.tf", tfHeredoc},
}

// differentialPolicies are the policies the differential test puts in
// hosts: the examples, a generated key policy, and each check fixture
// that is well-formed JSON. Fixtures of rules whose findings depend on the
// text as JSON writes it are left out: policy-too-large counts the
// unit's bytes, which a host writes otherwise, duplicate-key and
// json-syntax are about JSON text, and invalid-encoding is about bytes
// that YAML and HCL cannot hold (their writers here re-encode them).
func differentialPolicies(t *testing.T) map[string][]byte {
	out := map[string][]byte{"generated": policygen.KeyPolicy(8 << 10)}
	examples, _ := filepath.Glob("../testdata/examples/*.json")
	for _, name := range examples {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = src
	}
	fxs, err := filepath.Glob("../testdata/checks/*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range fxs {
		switch filepath.Base(filepath.Dir(name)) {
		case "policy-too-large", "duplicate-key", "json-syntax", "invalid-encoding":
			continue
		}
		fx, err := marker.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		f := jsonast.Parse(fx.Src)
		if len(f.Errors) > 0 || len(f.Comments) > 0 || !source.LooksLikePolicy(f.Root) || len(f.DuplicateKeys) > 0 {
			continue
		}
		out[name] = fx.Src
	}
	return out
}

// TestHostsFindWhatAStandaloneFileFinds puts each policy in each host (a
// CloudFormation template, JSON and YAML; a Terraform jsonencode and a
// heredoc) as a key policy and as an IAM policy, and checks that the host
// gives the standalone file's findings: the same codes and messages, and
// each finding on a scalar (a string, a key, a number) on that scalar
// where the host wrote it.
func TestHostsFindWhatAStandaloneFileFinds(t *testing.T) {
	policies := differentialPolicies(t)
	if len(policies) < 40 {
		t.Fatalf("only %d policies", len(policies))
	}
	names := make([]string, 0, len(policies))
	for name := range policies {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		src := policies[name]
		f := jsonast.Parse(src)
		scalars := scalarSpans(f)
		for _, kind := range []policy.Kind{policy.KindKey, policy.KindIAM} {
			alone := Analyze(Input{File: source.File{Src: src, Explicit: true}}, Options{Kind: kind})
			for _, form := range hostForms {
				host, written := form.write(f, kind)
				doc := Analyze(Input{File: source.File{Name: form.name, Src: []byte(host)}}, Options{})
				where := fmt.Sprintf("%s as a %s policy in %s", name, kind, form.name)
				if len(doc.Units) != 1 {
					t.Fatalf("%s: %d units in\n%s", where, len(doc.Units), host)
				}
				compareFindings(t, where, alone.Diagnostics, doc.Diagnostics, scalars, written, host)
			}
		}
	}
}

// compareFindings checks that host has want's findings, and those on a
// scalar where the host wrote the scalar.
func compareFindings(t *testing.T, where string, want, got []checks.Diagnostic, scalars map[text.Span]int, written map[int]text.Span, host string) {
	t.Helper()
	key := func(d checks.Diagnostic) string { return d.Code + ": " + d.Message }
	var w, g []string
	for _, d := range want {
		w = append(w, key(d))
	}
	for _, d := range got {
		g = append(g, key(d))
	}
	sort.Strings(w)
	sort.Strings(g)
	if strings.Join(w, "\n") != strings.Join(g, "\n") {
		t.Fatalf("%s: the standalone file finds\n  %s\nthe host finds\n  %s\nin\n%s", where, strings.Join(w, "\n  "), strings.Join(g, "\n  "), host)
	}
	for _, d := range want {
		at, ok := scalars[d.Span]
		if !ok {
			continue
		}
		hs := written[at]
		found := false
		for _, h := range got {
			if key(h) == key(d) && h.Span == hs {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %s should be at %q (%v) in the host, where the scalar is", where, d.Code, host[hs.Start:hs.End], hs)
		}
	}
}

// scalarSpans are the spans of a policy's scalars (keys included), to the
// offset each starts at.
func scalarSpans(f *jsonast.File) map[text.Span]int {
	out := map[text.Span]int{}
	var walk func(n *jsonast.Node)
	walk = func(n *jsonast.Node) {
		switch n.Kind {
		case jsonast.Object:
			for _, m := range n.Members() {
				out[m.Key.Span] = m.Key.Start
				if m.Value != nil {
					walk(m.Value)
				}
			}
		case jsonast.Array:
			for _, e := range n.Elems() {
				walk(e)
			}
		default:
			out[n.Span] = n.Start
		}
	}
	walk(f.Root)
	return out
}

func resourceFor(kind policy.Kind) (typ, property string) {
	if kind == policy.KindKey {
		return "AWS::KMS::Key", "KeyPolicy"
	}
	return "AWS::IAM::ManagedPolicy", "PolicyDocument"
}

// cfnJSON embeds the policy's text as it is.
func cfnJSON(f *jsonast.File, kind policy.Kind) (string, map[int]text.Span) {
	typ, prop := resourceFor(kind)
	head := `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "` + typ + `", "Properties": {"` + prop + `": `
	return head + string(f.Src) + "}}}}\n", shifted(f, len(head), nil)
}

// shifted maps each scalar of f to its place in a host that holds f's
// text from offset at, with inserted[i] bytes added before offset i.
func shifted(f *jsonast.File, at int, inserted map[int]int) map[int]text.Span {
	out := map[int]text.Span{}
	move := func(off int) int {
		n := at + off
		for i, k := range inserted {
			if i < off {
				n += k
			}
		}
		return n
	}
	for sp, start := range scalarSpans(f) {
		out[start] = text.Span{Start: move(sp.Start), End: move(sp.End)}
	}
	return out
}

// tfHeredoc embeds the policy's text in a heredoc, each "${" written
// "$${".
func tfHeredoc(f *jsonast.File, kind policy.Kind) (string, map[int]text.Span) {
	head := "resource \"" + tfResource(kind) + "\" \"p\" {\n  policy = <<EOF\n"
	inserted := map[int]int{}
	src := string(f.Src)
	for i := strings.Index(src, "${"); i >= 0; i = nextIndex(src, "${", i) {
		inserted[i] = 1
	}
	return head + strings.ReplaceAll(src, "${", "$${") + "\nEOF\n}\n", shifted(f, len(head), inserted)
}

func nextIndex(s, sub string, after int) int {
	j := strings.Index(s[after+1:], sub)
	if j < 0 {
		return -1
	}
	return after + 1 + j
}

func tfResource(kind policy.Kind) string {
	if kind == policy.KindKey {
		return "aws_kms_key"
	}
	return "aws_iam_policy"
}

// writer writes a host file, recording where each scalar goes.
type writer struct {
	b       strings.Builder
	written map[int]text.Span
}

func (w *writer) scalar(n *jsonast.Node, text_ string) {
	start := w.b.Len()
	w.b.WriteString(text_)
	w.written[n.Start] = text.Span{Start: start, End: w.b.Len()}
}

// yamlScalar writes a scalar as YAML: numbers, booleans and null plain,
// strings plain where YAML reads them back as the same string, quoted
// otherwise.
func yamlScalar(n *jsonast.Node) string {
	if n.Kind != jsonast.String {
		return n.Value
	}
	safe := n.Value != "" && strings.Trim(n.Value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/.-_ ") == "" &&
		!strings.Contains(n.Value, ": ") && !strings.HasSuffix(n.Value, ":") && !strings.HasPrefix(n.Value, "-") &&
		strings.TrimSpace(n.Value) == n.Value && !yamlReserved[strings.ToLower(n.Value)] && strings.Trim(n.Value, "0123456789.-") != ""
	if safe {
		return n.Value
	}
	return jsonquote.String(n.Value)
}

var yamlReserved = map[string]bool{"true": true, "false": true, "null": true, "yes": true, "no": true, "on": true, "off": true, "y": true, "n": true, "~": true}

// cfnYAML writes the policy in block style.
func cfnYAML(f *jsonast.File, kind policy.Kind) (string, map[int]text.Span) {
	typ, prop := resourceFor(kind)
	w := &writer{written: map[int]text.Span{}}
	w.b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  P:\n    Type: " + typ + "\n    Properties:\n      " + prop + ":")
	w.yamlValue(f.Root, 8)
	w.b.WriteString("\n")
	return w.b.String(), w.written
}

func (w *writer) yamlValue(n *jsonast.Node, ind int) {
	pad := "\n" + strings.Repeat(" ", ind)
	switch {
	case n.Kind == jsonast.Object && len(n.Members()) > 0:
		for _, m := range n.Members() {
			w.b.WriteString(pad)
			w.scalar(m.Key, yamlScalar(m.Key))
			w.b.WriteString(":")
			w.yamlValue(m.Value, ind+2)
		}
	case n.Kind == jsonast.Array && len(n.Elems()) > 0:
		for _, e := range n.Elems() {
			w.b.WriteString(pad + "-")
			if e.Kind == jsonast.Object && len(e.Members()) > 0 || e.Kind == jsonast.Array && len(e.Elems()) > 0 {
				w.yamlValue(e, ind+2)
				continue
			}
			w.b.WriteString(" ")
			w.yamlFlow(e)
		}
	default:
		w.b.WriteString(" ")
		w.yamlFlow(n)
	}
}

func (w *writer) yamlFlow(n *jsonast.Node) {
	switch n.Kind {
	case jsonast.Object:
		w.b.WriteString("{}")
	case jsonast.Array:
		w.b.WriteString("[]")
	default:
		w.scalar(n, yamlScalar(n))
	}
}

// tfJSONEncode writes the policy in HCL object syntax.
func tfJSONEncode(f *jsonast.File, kind policy.Kind) (string, map[int]text.Span) {
	w := &writer{written: map[int]text.Span{}}
	w.b.WriteString("resource \"" + tfResource(kind) + "\" \"p\" {\n  policy = jsonencode(")
	w.hclValue(f.Root, "  ")
	w.b.WriteString(")\n}\n")
	return w.b.String(), w.written
}

func (w *writer) hclValue(n *jsonast.Node, ind string) {
	switch n.Kind {
	case jsonast.Object:
		w.b.WriteString("{")
		for _, m := range n.Members() {
			w.b.WriteString("\n" + ind + "  ")
			w.scalar(m.Key, hclString(m.Key.Value))
			w.b.WriteString(" = ")
			w.hclValue(m.Value, ind+"  ")
		}
		w.b.WriteString("\n" + ind + "}")
	case jsonast.Array:
		w.b.WriteString("[")
		for i, e := range n.Elems() {
			if i > 0 {
				w.b.WriteString(", ")
			}
			w.hclValue(e, ind+"  ")
		}
		w.b.WriteString("]")
	case jsonast.String:
		w.scalar(n, hclString(n.Value))
	default:
		w.scalar(n, n.Value)
	}
}

func hclString(s string) string {
	return hclhost.String(&hosttree.Frag{Kind: hosttree.FragString, Parts: []hosttree.Part{{Text: s}}}, false)
}
