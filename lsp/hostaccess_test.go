package lsp

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/eval"
)

// hostKeyPolicies are the same key policy (an administrator statement and
// a partner's use of the key) inside each host, with non-ASCII text
// before the policy's tokens on their lines, so that a position counted
// in bytes or in runes instead of UTF-16 code units is off.
var hostKeyPolicies = []struct {
	name, uri, lang, text string
	// lenses are where the summary lens and the two statements' lenses
	// stand; hints where each inlay hint does.
	lenses [3]hostPlace
	hints  [4]hostPlace
}{
	{"cloudformation yaml", "file:///w/key.yaml", "yaml", `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement: # clé 😀
          - Sid: Root
            Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: "kms:*"
            Resource: "*"
          - {Sid: "Clé 😀", Effect: Allow, Principal: {AWS: "444455556666"}, Action: [kms:Decrypt, "kms:Describe*"], Resource: "*"}
`,
		[3]hostPlace{{7, "", "Statement"}, {8, "- ", "Sid"}, {13, "- ", "{"}},
		[4]hostPlace{{10, `"arn:aws:iam::111122223333:root"`, ""}, {11, `"kms:*"`, ""}, {13, `"444455556666"`, ""}, {13, `"kms:Describe*"`, ""}},
	},
	{"cloudformation json object", "file:///w/key.json", "json", `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "AppKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {"Description": "clé 😀", "KeyPolicy": {"Version": "2012-10-17", "Statement": [
        {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
        {"Sid": "Clé 😀", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": ["kms:Decrypt", "kms:Describe*"], "Resource": "*"}
      ]}}
    }
  }
}
`,
		[3]hostPlace{{5, "", `"Statement"`}, {6, "", "{"}, {7, "", "{"}},
		[4]hostPlace{{6, `"arn:aws:iam::111122223333:root"`, ""}, {6, `"kms:*"`, ""}, {7, `"444455556666"`, ""}, {7, `"kms:Describe*"`, ""}},
	},
	{"cloudformation json string", "file:///w/key-string.json", "json", `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "AppKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {"Description": "clé 😀", "KeyPolicy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Root\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}, {\"Sid\": \"Clé 😀\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"444455556666\"}, \"Action\": [\"kms:Decrypt\", \"kms:Describe*\"], \"Resource\": \"*\"}]}"}
    }
  }
}
`,
		[3]hostPlace{{5, "", `\"Statement\"`}, {5, "[", "{"}, {5, "}, ", "{"}},
		[4]hostPlace{{5, `\"arn:aws:iam::111122223333:root\"`, ""}, {5, `\"kms:*\"`, ""}, {5, `\"444455556666\"`, ""}, {5, `\"kms:Describe*\"`, ""}},
	},
	{"terraform jsonencode", "file:///w/key.tf", "terraform", `resource "aws_kms_key" "main" {
  description = "application key"
  policy = /* clé 😀 */ jsonencode({ Version = "2012-10-17", Statement = [
    { Sid = "Root", Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" },
    { Sid = "Clé 😀", Effect = "Allow", Principal = { AWS = "444455556666" }, Action = ["kms:Decrypt", "kms:Describe*"], Resource = "*" },
  ] })
}
`,
		[3]hostPlace{{2, "", "Statement"}, {3, "", "{"}, {4, "", "{"}},
		[4]hostPlace{{3, `"arn:aws:iam::111122223333:root"`, ""}, {3, `"kms:*"`, ""}, {4, `"444455556666"`, ""}, {4, `"kms:Describe*"`, ""}},
	},
	{"terraform policy document", "file:///w/doc.tf", "terraform", `resource "aws_kms_key" "main" {
  policy = data.aws_iam_policy_document.key.json
}

data "aws_iam_policy_document" "key" {
  /* clé 😀 */ statement {
    sid       = "Root"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  /* clé 😀 */ statement {
    sid = "Partner"
    /* é😀 */ actions = ["kms:Decrypt", "kms:Describe*"]
    resources = ["*"]
    principals {
      type = "AWS"
      /* é😀 */ identifiers = ["444455556666"]
    }
  }
}
`,
		[3]hostPlace{{5, "", "statement"}, {5, "", "statement"}, {14, "", "statement"}},
		[4]hostPlace{{7, `"kms:*"`, ""}, {11, `"arn:aws:iam::111122223333:root"`, ""}, {16, `"kms:Describe*"`, ""}, {20, `"444455556666"`, ""}},
	},
}

type wireLens struct {
	Range   wireRange `json:"range"`
	Command struct {
		Title     string            `json:"title"`
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	} `json:"command"`
}

type wireHint struct {
	Position wirePosition `json:"position"`
	Label    string       `json:"label"`
	Tooltip  string       `json:"tooltip"`
}

// hostPlace is a place on a line of a host file: the text covered, after
// the first occurrence of before+covered; for an inlay hint, the end of
// before.
type hostPlace struct {
	line            int
	before, covered string
}

// rangeIn is the UTF-16 range of p in text.
func (p hostPlace) rangeIn(text string) wireRange {
	line := strings.Split(text, "\n")[p.line]
	start := int(utf16Col(line, p.before+p.covered) + utf16Len(p.before))
	return wireRange{Start: wirePosition{Line: p.line, Character: start}, End: wirePosition{Line: p.line, Character: start + int(utf16Len(p.covered))}}
}

func utf16Len(s string) uint32 { return utf16Col(s+"\x00", "\x00") }

// The code lenses, the access table behind the summary lens and the inlay
// hints of a key policy inside each host, at the host's positions.
func TestAccessInHosts(t *testing.T) {
	wantTitles := [3]string{
		"use: account 111122223333 (this key's), account 444455556666 · administer: account 111122223333 (this key's) · show who can do what",
		"allows every key action to account 111122223333 (this key's)",
		"allows kms:Decrypt, kms:DescribeKey to account 444455556666",
	}
	// Each hint's label, by the value it follows.
	wantHints := map[string]string{
		"111122223333:root": "this key's account", "kms:*": strconv.Itoa(len(eval.KeyActions())) + " actions",
		"444455556666": "other account", "kms:Describe*": "1 action",
	}
	labelAfter := func(before string) string {
		for v, label := range wantHints {
			if strings.Contains(before, v) {
				return label
			}
		}
		return ""
	}
	for _, c := range hostKeyPolicies {
		t.Run(c.name, func(t *testing.T) {
			s := initialized(t, nil, nil)
			s.open(t, c.uri, c.lang, 1, c.text)
			s.diagnostics(t, c.uri, 1)
			var lenses []wireLens
			s.call(t, "textDocument/codeLens", map[string]any{"textDocument": map[string]string{"uri": c.uri}}, &lenses)
			if len(lenses) != 3 {
				t.Fatalf("%d lenses, want the summary and one a statement: %+v", len(lenses), lenses)
			}
			for i, l := range lenses {
				if want := c.lenses[i].rangeIn(c.text); l.Range != want || l.Command.Title != wantTitles[i] {
					t.Errorf("lens %d: %+v %q, want %+v %q", i, l.Range, l.Command.Title, want, wantTitles[i])
				}
			}
			args := []any{}
			for _, a := range lenses[0].Command.Arguments {
				args = append(args, a)
			}
			if lenses[0].Command.Command != "kmsPolicy.showAccess" || len(args) != 2 {
				t.Fatalf("summary lens command %+v", lenses[0].Command)
			}
			var md string
			s.call(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": args}, &md)
			if !strings.Contains(md, "| account 444455556666 | always Decrypt; never the other ") {
				t.Errorf("access table:\n%s", md)
			}

			var hints []wireHint
			s.call(t, "textDocument/inlayHint", map[string]any{"textDocument": map[string]string{"uri": c.uri},
				"range": map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 40, "character": 0}}}, &hints)
			if len(hints) != 4 {
				t.Fatalf("hints %+v", hints)
			}
			for i, h := range hints {
				want := c.hints[i].rangeIn(c.text).End // the end of before
				if h.Position != want || h.Label != labelAfter(c.hints[i].before) {
					t.Errorf("hint %d: %+v %q, want %+v %q", i, h.Position, h.Label, want, labelAfter(c.hints[i].before))
				}
			}
		})
	}
}

// A key policy with an !If: a lens both branches give is shown once, one
// they differ on says which branch, and the summary lens of each branch
// opens that branch's table.
func TestAccessInIfBranches(t *testing.T) {
	text := `AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  Shared: !Equals [!Ref AWS::AccountId, "111122223333"]
Resources:
  AppKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal: {AWS: "arn:aws:iam::111122223333:root"}
            Action: "kms:*"
            Resource: "*"
          - Sid: Partner
            Effect: Allow
            Principal:
              AWS: !If [Shared, "444455556666", "777788889999"]
            Action: kms:Decrypt
            Resource: "*"
`
	const uri = "file:///w/if.yaml"
	s := initialized(t, nil, nil)
	s.open(t, uri, "yaml", 1, text)
	s.diagnostics(t, uri, 1)
	var lenses []wireLens
	s.call(t, "textDocument/codeLens", map[string]any{"textDocument": map[string]string{"uri": uri}}, &lenses)
	var got []string
	for _, l := range lenses {
		got = append(got, fmt.Sprintf("%d:%d %s %s", l.Range.Start.Line, l.Range.Start.Character, l.Command.Title, l.Command.Arguments))
	}
	const first, second = " (only when condition Shared is true (the first branch of !If))", " (only when condition Shared is false (the second branch of !If))"
	want := []string{
		"9:8 use: account 111122223333 (this key's), account 444455556666 · administer: account 111122223333 (this key's) · show who can do what" + first + ` ["file:///w/if.yaml" 0]`,
		"9:8 use: account 111122223333 (this key's), account 777788889999 · administer: account 111122223333 (this key's) · show who can do what" + second + ` ["file:///w/if.yaml" 1]`,
		"10:12 allows every key action to account 111122223333 (this key's) []",
		"15:12 allows kms:Decrypt to account 444455556666" + first + " []",
		"15:12 allows kms:Decrypt to account 777788889999" + second + " []",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lenses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var md string
	s.call(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": []any{uri, 1}}, &md)
	if !strings.HasPrefix(md, "## Who can do what with the key policy in AppKey"+second) || !strings.Contains(md, "777788889999") || strings.Contains(md, "444455556666") {
		t.Errorf("the second branch's table:\n%s", md)
	}
	var hints []wireHint
	s.call(t, "textDocument/inlayHint", map[string]any{"textDocument": map[string]string{"uri": uri},
		"range": map[string]any{"start": map[string]int{"line": 0, "character": 0}, "end": map[string]int{"line": 40, "character": 0}}}, &hints)
	got = got[:0]
	for _, h := range hints {
		got = append(got, fmt.Sprintf("%d:%d %s", h.Position.Line, h.Position.Character, h.Label))
	}
	// Each once; the accounts of the two branches each after its own.
	want = []string{"12:61 this key's account", "13:27 " + strconv.Itoa(len(eval.KeyActions())) + " actions", "18:46 other account", "18:62 other account"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hints:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The summary lens names its policy by its index among the file's
// policies: a key policy after an IAM policy is the second.
func TestShowAccessOfTheSecondPolicy(t *testing.T) {
	const uri = "file:///w/two.tf"
	text := `resource "aws_iam_policy" "read" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }] })
}
resource "aws_kms_key" "main" {
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:*", Resource = "*" }] })
}
`
	s := initialized(t, nil, nil)
	s.open(t, uri, "terraform", 1, text)
	s.diagnostics(t, uri, 1)
	var lenses []wireLens
	s.call(t, "textDocument/codeLens", map[string]any{"textDocument": map[string]string{"uri": uri}}, &lenses)
	if len(lenses) != 2 || len(lenses[0].Command.Arguments) != 2 || string(lenses[0].Command.Arguments[1]) != "1" || lenses[0].Range.Start.Line != 4 {
		t.Fatalf("lenses %+v", lenses)
	}
	var md string
	s.call(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": []any{uri, 1}}, &md)
	if !strings.HasPrefix(md, "## Who can do what with the key policy in aws_kms_key.main") {
		t.Errorf("table:\n%s", md)
	}
	if e := s.callErr(t, "workspace/executeCommand", map[string]any{"command": "kmsPolicy.showAccess", "arguments": []any{uri, 0}}); e.Code != -32602 {
		t.Errorf("the IAM policy has no table: %v", e)
	}
}
