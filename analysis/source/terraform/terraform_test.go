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
