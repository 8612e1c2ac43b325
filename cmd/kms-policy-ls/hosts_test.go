package main

import (
	"strings"
	"testing"
)

const keyTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
`

const keyTerraform = `resource "aws_kms_key" "k" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:Decrpyt", Resource = "*" }]
  })
}
`

// lint walks templates and Terraform files besides JSON, and includes a
// file only when it holds a policy.
func TestLintWalksTemplatesAndTerraform(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "stack.yaml", keyTemplate)
	writeFile(t, dir, "compose.yml", "services:\n  web:\n    image: nginx\n") // no policy
	writeFile(t, dir, "main.tf", keyTerraform)
	writeFile(t, dir, "variables.tf", "variable \"region\" {\n  default = \"us-east-1\"\n}\n") // no policy
	writeFile(t, dir, "main.tf.json", `{"resource": {"aws_iam_policy": {"p": {"policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"kms:*\", \"Resource\": \"*\"}]}"}}}}`)
	writeFile(t, dir, "legacy.template", `{"Resources": {"K": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Sing", "Resource": "*"}]}}}}}`)
	got := lintedCodes(t, dir, dir)
	want := "legacy.template (key): lockout unknown-action|main.tf (key): lockout unknown-action|main.tf.json (iam): overly-permissive|stack.yaml (key): key-policy-resource"
	if strings.Join(got, "|") != want {
		t.Errorf("linted\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.ReplaceAll(want, "|", "\n  "))
	}
}

// --kind decides only where the file does not: a KeyPolicy is a key policy
// whatever the flag says.
func TestKindDoesNotOverrideTheHost(t *testing.T) {
	p := writeFile(t, t.TempDir(), "stack.yaml", keyTemplate)
	for _, kind := range []string{"auto", "key", "iam"} {
		r := runCLI(t, "", "lint", "--kind", kind, p)
		if !strings.Contains(r.stdout, "key-policy-resource") || strings.Contains(r.stdout, "overly-permissive") {
			t.Errorf("--kind %s: the key policy was not judged as one:\n%s", kind, r.stdout)
		}
	}
}
