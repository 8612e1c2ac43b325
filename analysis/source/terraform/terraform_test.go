package terraform

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// An aws_iam_policy_document is the policy Terraform renders from it:
// defaults filled in, principals of one type and conditions of one test
// merged; its kind is that of the resource referring to it.
func TestPolicyDocument(t *testing.T) {
	src := `resource "aws_kms_key_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}

# Schlüssel für die Prüfung
data "aws_iam_policy_document" "d" {
  policy_id = "doc"
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::444455556666:root"]
    }
    principals {
      type        = "Service"
      identifiers = ["logs.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:CallerAccount"
      values   = ["111122223333"]
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.us-east-1.amazonaws.com"]
    }
  }
  statement {
    sid           = "Everyone"
    effect        = "Deny"
    not_actions   = ["kms:Decrypt"]
    not_resources = ["arn:aws:kms:*:*:key/x"]
    not_principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
`
	f := ReadHCL([]byte(src), nil)
	if len(f.Units) != 1 || len(f.Errors) != 0 {
		t.Fatalf("units %+v errors %+v", f.Units, f.Errors)
	}
	u := f.Units[0]
	if u.Kind != policy.KindKey || u.Name != "data.aws_iam_policy_document.d" {
		t.Errorf("unit %s of kind %v, want the key policy data.aws_iam_policy_document.d", u.Name, u.Kind)
	}
	var got, want any
	if err := json.Unmarshal(u.Src, &got); err != nil {
		t.Fatalf("%s: %v", u.Src, err)
	}
	json.Unmarshal([]byte(`{"Version": "2012-10-17", "Id": "doc", "Statement": [
		{"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": ["*"],
		 "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"], "Service": ["logs.amazonaws.com"]},
		 "Condition": {"StringEquals": {"kms:CallerAccount": ["111122223333"], "kms:ViaService": ["s3.us-east-1.amazonaws.com"]}}},
		{"Sid": "Everyone", "Effect": "Deny", "NotAction": ["kms:Decrypt"], "NotResource": ["arn:aws:kms:*:*:key/x"], "NotPrincipal": "*"}]}`), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rendered\n%s", u.Src)
	}
	// A key the document renders maps to the argument it stands for.
	uf := jsonast.Parse(u.Src)
	for key, arg := range map[string]string{"Id": "policy_id", "Statement": "statement"} {
		got := u.Map.Span(uf.Root.Lookup(key).Key.Span)
		if want := strings.Index(src, "\n  "+arg) + 3; got != (text.Span{Start: want, End: want + len(arg)}) {
			t.Errorf("key %s maps to %q, want %s", key, src[got.Start:got.End], arg)
		}
	}
}

// jsonencode, heredocs and strings of JSON are each a unit of the kind of
// their resource; a reference to anything but a policy document, and
// file(), are not followed.
func TestPolicyArguments(t *testing.T) {
	src := "resource \"aws_iam_role\" \"r\" {\n  inline_policy {\n    policy = jsonencode({Statement = []})\n  }\n  inline_policy {\n    policy = <<EOF\n{\"Statement\": []}\nEOF\n  }\n}\n" +
		"resource \"aws_iam_user_policy\" \"u\" {\n  policy = \"{\\\"Statement\\\": []}\"\n}\n" +
		"resource \"aws_kms_key\" \"k\" {\n  policy = file(\"key.json\")\n}\n" +
		"resource \"aws_s3_bucket_policy\" \"b\" {\n  policy = jsonencode({Statement = []})\n}\n"
	f := ReadHCL([]byte(src), nil)
	var got []string
	for _, u := range f.Units {
		got = append(got, u.Name+" "+u.Where+" "+u.Kind.String())
	}
	want := []string{"aws_iam_role.r inline_policy[0].policy iam", "aws_iam_role.r inline_policy[1].policy iam", "aws_iam_user_policy.u policy iam"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("units %q, want %q", got, want)
	}
}

// A policy written as a quoted string or a heredoc maps to its host text:
// the quoted string's escapes stand for the characters they write, a
// heredoc's backslashes for themselves, and an interpolation (inside the
// text or closing it) is a value Terraform computes that maps to the
// interpolation as written.
func TestTextPolicyMapsToItsHostText(t *testing.T) {
	const interp = "${jsonencode(var.statements)}"
	for _, c := range []struct {
		policy string // the argument as written in HCL
		word   string // a word of the unit that maps to its own host text
	}{
		{`"{\"Sid\": \"Schlüssel\", \"Statement\": ` + interp + `}"`, "Schlüssel"},
		{`"{\"Sid\": \"Schl\u00fcssel \\\\ ü\", \"Statement\": ` + interp + `}"`, "ü"},
		{"<<EOF\n{\"Sid\": \"a\\\\b ü\", \"Statement\": " + interp + "}\nEOF", "ü"},
		{`"{\"Sid\": \"ä\", \"Statement\": ` + interp + `"`, "ä"},
	} {
		src := "resource \"aws_iam_user_policy\" \"u\" {\n  policy = " + c.policy + "\n}\n"
		f := ReadHCL([]byte(src), nil)
		if len(f.Units) != 1 {
			t.Errorf("%s: units %+v", c.policy, f.Units)
			continue
		}
		u := f.Units[0]
		at := strings.Index(src, "policy = ")
		w := strings.LastIndex(string(u.Src), c.word)
		hw := at + strings.LastIndex(src[at:], c.word)
		if got, want := u.Map.Span(text.Span{Start: w, End: w + len(c.word)}), (text.Span{Start: hw, End: hw + len(c.word)}); got != want {
			t.Errorf("%s: %q of %s maps to %q, want %q at %v", c.policy, c.word, u.Src, src[got.Start:got.End], c.word, want)
		}
		if len(u.Unknowns) != 1 {
			t.Errorf("%s: unknowns %+v, want the interpolation", c.policy, u.Unknowns)
			continue
		}
		got := u.Map.Span(u.Unknowns[0].Span)
		if i := strings.Index(src, interp); got != (text.Span{Start: i, End: i + len(interp)}) {
			t.Errorf("%s: the interpolation maps to %q, want %s", c.policy, src[got.Start:got.End], interp)
		}
	}
}

// A policy document without statement blocks renders an empty Statement.
func TestPolicyDocumentWithoutStatements(t *testing.T) {
	src := "resource \"aws_kms_key\" \"k\" {\n  policy = data.aws_iam_policy_document.d.json\n}\n\n" +
		"data \"aws_iam_policy_document\" \"d\" {\n  policy_id = \"Schlüssel\"\n}\n"
	f := ReadHCL([]byte(src), nil)
	if len(f.Units) != 1 || len(f.Errors) != 0 {
		t.Fatalf("units %+v errors %+v", f.Units, f.Errors)
	}
	var got, want any
	if err := json.Unmarshal(f.Units[0].Src, &got); err != nil {
		t.Fatalf("%s: %v", f.Units[0].Src, err)
	}
	json.Unmarshal([]byte(`{"Version": "2012-10-17", "Id": "Schlüssel", "Statement": []}`), &want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rendered %s, want %s", f.Units[0].Src, want)
	}
}
