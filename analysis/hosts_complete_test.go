package analysis

import (
	"strconv"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// A proposal in a YAML template is written as the host writes the text it
// replaces, and filtered on what the user typed there: a plain scalar
// without quotes, a single-quoted one in its quotes; a key typed on a line
// of its own brings its colon; text after the cursor on such a line is not
// a key being typed.
func TestYAMLCompletionIsWrittenInTheHost(t *testing.T) {
	const head = "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: \"clé → ünïcode\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: \"2012-10-17\"\n        Statement:\n          - Principal: {AWS: \"arn:aws:iam::111122223333:root\"}\n            Resource: \"*\"\n"
	for _, c := range []struct {
		name, src       string // src's cursor is at |
		label           string // the proposal looked at; "" when none is wanted
		newText, filter string
		replaced        string // the host text the proposal replaces
	}{
		{"plain scalar", head + "            Effect: Al|\n", "Allow", "Allow", "Allow", "Al"},
		{"single-quoted scalar", head + "            Effect: Allow\n            Action: 'kms:De|'\n", "kms:Decrypt", "'kms:Decrypt'", "'kms:Decrypt'", "'kms:De'"},
		{"key on its own line", head + "            Effect: Allow\n            Cond|\n", "Condition", "Condition: ", "Condition", "Cond"},
		{"key on an empty line", head + "            Effect: Allow\n            |\n", "Condition", `"Condition": `, `"Condition"`, ""},
		{"text after the cursor", head + "            Effect: \"Allow\"\n            Cond| Allow\n", "", "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			at := strings.Index(c.src, "|")
			src := c.src[:at] + c.src[at+1:]
			doc := Analyze(Input{File: source.File{Name: "template.yaml", LanguageID: "yaml", Src: []byte(src)}}, Options{})
			items := doc.Complete(at)
			if c.label == "" {
				if len(items) != 0 {
					t.Fatalf("proposals %+v, want none", items)
				}
				return
			}
			for _, it := range items {
				if it.Label != c.label {
					continue
				}
				if it.Edit.NewText != c.newText || it.FilterText != c.filter || src[it.Edit.Start:it.Edit.End] != c.replaced {
					t.Errorf("%s: new text %q, filter %q, replacing %q; want %q, %q, replacing %q", c.label, it.Edit.NewText, it.FilterText, src[it.Edit.Start:it.Edit.End], c.newText, c.filter, c.replaced)
				}
				return
			}
			t.Errorf("%s not proposed among %d", c.label, len(items))
		})
	}
}

// The findings of the two branches of an !If are told apart by their
// offsets written in decimal: as strconv writes them, so that no two
// offsets share a key.
func TestOffsetKeysAreDecimal(t *testing.T) {
	for _, n := range []int{0, 7, 10, 99, 128, 256, 1000, 65537, -1, -42} {
		if got, want := itoa(n), strconv.Itoa(n); got != want {
			t.Errorf("itoa(%d) = %q, want %q", n, got, want)
		}
	}
}

// A policy file Terraform cannot read is reported where its path is
// written, among the file's other findings in file order.
func TestMissingPolicyFileInFileOrder(t *testing.T) {
	src := `# clé ü
resource "aws_iam_policy" "a" {
  policy = file("missing.json")
}
resource "aws_kms_key" "b" {
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allw", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}
EOF
}
`
	in := named("main.tf", []byte(src))
	in.Exists = func(r source.Reference) bool { return r.Path != "missing.json" }
	doc := Analyze(in, Options{})
	var missing, others int
	for i, d := range doc.Diagnostics {
		if i > 0 && doc.Diagnostics[i-1].Start > d.Start {
			t.Errorf("%s at %d after %s at %d", d.Code, d.Start, doc.Diagnostics[i-1].Code, doc.Diagnostics[i-1].Start)
		}
		if d.Code != "missing-policy-file" {
			others++
			continue
		}
		missing++
		if !strings.Contains(src[d.Start:d.End], "missing.json") {
			t.Errorf("missing-policy-file on %q", src[d.Start:d.End])
		}
	}
	if missing != 1 || others == 0 {
		t.Errorf("%d missing-policy-file and %d other findings: %+v", missing, others, doc.Diagnostics)
	}
}

// While a resource does not parse, its policy stays in the outline over
// the text it had, moved by the edit: text typed where the policy begins
// is before it, text typed where it ends or inside is in it. A kept
// finding is one the edit does not touch: typing at the end of a word
// edits the word. The outline keeps the policies in file order.
func TestBrokenPolicyKeepsItsText(t *testing.T) {
	src := "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: \"clé → ü\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::111122223333:root\"}\n            Action: [kms:Decrpyt, kms:PutKeyPolicy]\n            Resource: \"*\"\n  Other:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: kms:Sing\n            Resource: \"*\"\n"
	first := named("t.yaml", []byte(src))
	prev := Reanalyze(nil, first, Options{})
	key := func(d *Document) (text.Span, bool) {
		for _, s := range d.Symbols() {
			if s.Name == "Key" {
				return s.Span, true
			}
		}
		return text.Span{}, false
	}
	was, ok := key(prev)
	if !ok {
		t.Fatal("no Key in the outline")
	}
	for _, c := range []struct {
		name     string
		at       int // the offset typed at
		typed    string
		inPolicy bool // whether the typed text is in the policy's text
		kept     bool // whether the finding on kms:Decrpyt stays
	}{
		{"inside", strings.Index(src, "kms:PutKeyPolicy"), `"`, true, true},
		{"where the policy begins", was.Start, `"`, false, true},
		{"where the policy ends", was.End, `"`, true, true},
		{"at the end of a finding", strings.Index(src, "kms:Decrpyt") + len("kms:Decrpyt"), `, "`, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := Reanalyze(prev, edited(first, text.Change{Start: c.at, End: c.at, Text: c.typed}), Options{})
			var syntax, kept bool
			for _, d := range doc.Diagnostics {
				syntax = syntax || d.Code == "yaml-syntax"
				if d.Code == "unknown-action" && strings.Contains(d.Message, "kms:Decrpyt") {
					kept = true
					if got := string(doc.Src[d.Start:d.End]); got != "kms:Decrpyt" {
						t.Errorf("the finding on kms:Decrpyt kept on %q", got)
					}
				}
			}
			if !syntax {
				t.Fatalf("the edit leaves no syntax error: %+v", doc.Diagnostics)
			}
			want := src[was.Start:was.End]
			if c.inPolicy {
				want = src[was.Start:c.at] + c.typed + src[c.at:was.End]
			}
			if s, ok := key(doc); !ok || string(doc.Src[s.Start:s.End]) != want {
				t.Errorf("Key in the outline over %q, want %q", doc.Src[s.Start:s.End], want)
			}
			var names []string
			for _, s := range doc.Symbols() {
				names = append(names, s.Name)
			}
			if strings.Join(names, " ") != "Key Other" {
				t.Errorf("outline %v, want the policies in file order", names)
			}
			if kept != c.kept {
				t.Errorf("the finding on kms:Decrpyt kept: %v, want %v", kept, c.kept)
			}
		})
	}
}

// A hover on a value Terraform computes explains it up to its closing
// quote, and not on the character after it.
func TestHoverOnAComputedValueEndsWithIt(t *testing.T) {
	value := `"arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"`
	src := "resource \"aws_kms_key\" \"main\" {\n  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Sid = \"Clé\"\n      Effect = \"Allow\"\n      Principal = { AWS = " + value + " }\n      Action = \"kms:*\"\n      Resource = \"*\"\n    }]\n  })\n}\n"
	doc := Analyze(named("main.tf", []byte(src)), Options{})
	start := strings.Index(src, value)
	end := start + len(value)
	for _, at := range []int{start, start + 20, end - 1} {
		if h := doc.Hover(at); h == nil || h.Start != start || h.End != end || !strings.Contains(h.Markdown, "Terraform computes") {
			t.Errorf("hover at %d: %+v, want the computed value [%d,%d)", at, h, start, end)
		}
	}
	if h := doc.Hover(end); h != nil && strings.Contains(h.Markdown, "Terraform computes") {
		t.Errorf("hover after the computed value: %+v", h)
	}
}

// A policy that ends the file, without a final newline, is kept with its
// finding while its resource does not parse.
func TestBrokenPolicyAtTheEndOfTheFileIsKept(t *testing.T) {
	src := "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: \"clé\"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: \"arn:aws:iam::111122223333:root\"}\n            Action: [kms:Decrpyt, kms:PutKeyPolicy]\n            Resource: \"*\""
	first := named("t.yaml", []byte(src))
	prev := Reanalyze(nil, first, Options{})
	at := strings.Index(src, "kms:PutKeyPolicy")
	doc := Reanalyze(prev, edited(first, text.Change{Start: at, End: at, Text: `"`}), Options{})
	var syntax, kept bool
	for _, d := range doc.Diagnostics {
		syntax = syntax || d.Code == "yaml-syntax"
		kept = kept || d.Code == "unknown-action" && string(doc.Src[d.Start:d.End]) == "kms:Decrpyt"
	}
	if !syntax || !kept || len(doc.Symbols()) != 1 {
		t.Errorf("findings %+v and outline %+v, want a syntax error and the kept policy with its finding on kms:Decrpyt", doc.Diagnostics, doc.Symbols())
	}
}
