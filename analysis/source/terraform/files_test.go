package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
)

// The policy arguments that read another file are recorded with the path
// they resolve to, the kind, whether the file is a template and where the
// path's string is; paths that cannot be resolved are not.
func TestFileRefs(t *testing.T) {
	src := `resource "aws_kms_key" "a" {
  policy = file("policies/key.json")
}
resource "aws_kms_replica_key" "b" {
  policy = templatefile("${path.module}/key.tftpl", { account = var.account })
}
resource "aws_iam_policy" "c" {
  policy = jsonencode(jsondecode(file("${path.root}/../iam.json")))
}
resource "aws_iam_role" "d" {
  inline_policy {
    name   = "x"
    policy = file("${path.cwd}/inline.tpl")
  }
}
resource "aws_iam_user_policy" "e" {
  policy = file(var.path)
}
resource "aws_iam_group_policy" "f" {
  policy = file("${path.module}x.json")
}
resource "aws_iam_role_policy" "g" {
  policy = file("${var.dir}/x.json")
}
resource "aws_s3_bucket_policy" "h" {
  policy = file("bucket.json")
}
resource "aws_kms_key_policy" "i" {
  policy = jsonencode(merge(jsondecode(file("x.json")), {}))
}
`
	f := ReadHCL([]byte(src), nil)
	var got []string
	for _, r := range f.Refs {
		got = append(got, fmt.Sprintf("%s %s %s %v %v %s", r.Name, r.Where, r.Path, r.Kind, r.Template, src[r.Span.Start:r.Span.End]))
	}
	want := []string{
		`aws_kms_key.a policy policies/key.json key false "policies/key.json"`,
		`aws_kms_replica_key.b policy key.tftpl key true "${path.module}/key.tftpl"`,
		`aws_iam_policy.c policy ../iam.json iam false "${path.root}/../iam.json"`,
		`aws_iam_role.d inline_policy[0].policy inline.tpl iam true "${path.cwd}/inline.tpl"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("refs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A block taken over from the cache keeps its references, moved.
	moved := "\n\n" + src
	g := ReadHCL([]byte(moved), f.Cache)
	if len(g.Refs) != 4 || moved[g.Refs[1].Span.Start:g.Refs[1].Span.End] != `"${path.module}/key.tftpl"` {
		t.Errorf("refs after a move: %+v", g.Refs)
	}
}

// A template's interpolations and directives are values Terraform
// computes, mapped to the file's text; a template that is no JSON object
// once they stand for values gives no unit.
func TestReadTemplate(t *testing.T) {
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\n    \"Effect\": \"Allow\",\n" +
		"    \"Principal\": {\"AWS\": \"arn:aws:iam::${account}:root\"},\n" +
		"    \"Action\": %{ if admin }\"kms:*\"%{ else }\"kms:Decrypt\"%{ endif },\n" +
		"    \"Resource\": \"*\", \"Sid\": \"é $${aws:username}\"\n  }]\n}\n"
	u, ok := ReadTemplate([]byte(src))
	if !ok {
		t.Fatal("no unit")
	}
	tree := jsonast.Parse(u.Src)
	if len(tree.Errors) != 0 {
		t.Fatalf("unit %s: %v", u.Src, tree.Errors)
	}
	if len(u.Unknowns) != 2 {
		t.Fatalf("unknowns %+v", u.Unknowns)
	}
	for i, want := range []string{`"arn:aws:iam::${account}:root"`, `%{ if admin }"kms:*"%{ else }"kms:Decrypt"%{ endif }`} {
		sp := u.Map.Span(u.Unknowns[i].Span)
		if got := src[sp.Start:sp.End]; got != want {
			t.Errorf("unknown %d at %q, want %q", i, got, want)
		}
	}
	// The escaped "$${" is the policy variable, one-for-one elsewhere.
	sid := tree.Root.Lookup("Statement").Value.Elems()[0].Lookup("Sid").Value
	if sid.Value != "é ${aws:username}" {
		t.Errorf("Sid %q", sid.Value)
	}
	if sp := u.Map.Span(tree.Root.Lookup("Version").Value.Span); src[sp.Start:sp.End] != `"2012-10-17"` {
		t.Errorf("Version at %q", src[sp.Start:sp.End])
	}

	for _, bad := range []string{
		// A for directive writing elements with their commas: no JSON.
		"{\"Statement\": [\n%{ for a in accounts ~}\n{\"Effect\": \"Allow\"},\n%{ endfor ~}\n{\"Effect\": \"Deny\"}]}",
		"{\"Statement\": [%{ if x }]}", // an unclosed directive
		"[{\"Statement\": []}]",        // no object
		"",
	} {
		if u, ok := ReadTemplate([]byte(bad)); ok {
			t.Errorf("%q gives a unit %s", bad, u.Src)
		}
	}
}

// A conditional expression in a jsonencode policy yields one unit a
// branch; elsewhere (an aws_iam_policy_document) it stays unknown.
func TestConditionalBranches(t *testing.T) {
	src := `resource "aws_kms_key" "k" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { AWS = var.shared ? "*" : (local.ok ? "a" : "b") } }] })
}
resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.d.json
}
data "aws_iam_policy_document" "d" {
  statement {
    effect = var.deny ? "Deny" : "Allow"
  }
}
`
	f := ReadHCL([]byte(src), nil)
	if len(f.Units) != 3 {
		t.Fatalf("%d units", len(f.Units))
	}
	for i, want := range []string{`"AWS":"*"`, `"AWS":"b"`} {
		u := f.Units[i]
		if u.Branch != i || strings.Join(u.Conditions, ",") != "var.shared,local.ok" ||
			!strings.Contains(strings.ReplaceAll(string(u.Src), " ", ""), want) || len(u.Unknowns) != 0 {
			t.Errorf("branch %d: %s %v %+v", i, u.Src, u.Conditions, u.Unknowns)
		}
	}
	if doc := f.Units[2]; doc.Branch != 0 || len(doc.Conditions) != 0 || len(doc.Unknowns) != 1 {
		t.Errorf("the document's conditional: %s %+v", doc.Src, doc.Unknowns)
	}
}
