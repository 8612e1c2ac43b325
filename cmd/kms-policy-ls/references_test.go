package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// identityPolicyWithPrincipal is a key policy to look at (it names a
// Principal) that a Terraform aws_iam_policy reads as an IAM policy.
const identityPolicyWithPrincipal = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrypt", "Resource": "*"}]
}
`

const keyPolicyTemplate = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::${account}:root"},
    "Action": %{ if admin }"kms:*"%{ else }"kms:Decrpyt"%{ endif }, "Resource": "*"},
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Sing", "Resource": "*"}]
}
`

// lintedCodes runs lint --format json and lists each file reported, by
// its path under dir, with its kind and its findings' codes.
func lintedCodes(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	r := runCLI(t, "", append([]string{"lint", "--format", "json"}, args...)...)
	var files []struct {
		File        string
		Kind        string
		Diagnostics []struct{ Code string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &files); err != nil {
		t.Fatalf("%v\n%s%s", err, r.stdout, r.stderr)
	}
	var got []string
	for _, f := range files {
		var codes []string
		for _, d := range f.Diagnostics {
			codes = append(codes, d.Code)
		}
		rel, err := filepath.Rel(dir, f.File)
		if err != nil {
			rel = f.File
		}
		got = append(got, filepath.ToSlash(rel)+" ("+f.Kind+"): "+strings.Join(codes, " "))
	}
	return got
}

func writeIn(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A file a Terraform configuration reads with file() or templatefile() is
// linted once, under its own path, as the kind of the resource that reads
// it, whether the walk reaches it before or after the configuration; a
// template's values are unknown; a missing file is the configuration's
// finding.
func TestLintFollowsPolicyFiles(t *testing.T) {
	for _, c := range []struct {
		name, policyDir, tf string
	}{
		{"configuration first", "policies", "main.tf"},
		{"policy file first", "a-policies", "z.tf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			writeIn(t, dir, c.policyDir+"/read.json", identityPolicyWithPrincipal)
			writeIn(t, dir, c.policyDir+"/key.tftpl", keyPolicyTemplate)
			writeIn(t, dir, c.tf, `resource "aws_iam_policy" "read" {
  policy = file("${path.module}/`+c.policyDir+`/read.json")
}
resource "aws_kms_key" "main" {
  policy = templatefile("`+c.policyDir+`/key.tftpl", { account = var.account, admin = false })
}
resource "aws_iam_role_policy" "gone" {
  policy = file("`+c.policyDir+`/gone.json")
}
`)
			got := lintedCodes(t, dir, dir)
			// key.tftpl is no walk's candidate: it comes after the walk.
			want := []string{
				c.policyDir + "/read.json (iam): principal-in-identity-policy",
				c.tf + " (): missing-policy-file", // it holds no policy itself
				c.policyDir + "/key.tftpl (key): unknown-action",
			}
			if c.tf == "main.tf" {
				want[0], want[1] = want[1], want[0]
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("linted\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}

			// The configuration named alone brings the files it reads.
			got = lintedCodes(t, dir, filepath.Join(dir, c.tf))
			want = []string{c.tf + " (): missing-policy-file", c.policyDir + "/read.json (iam): principal-in-identity-policy", c.policyDir + "/key.tftpl (key): unknown-action"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("lint %s:\n  %s\nwant\n  %s", c.tf, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}
