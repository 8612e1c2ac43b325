// Package parserbench measures the YAML and HCL parsers that the hosts
// could use, on a 300 KB CloudFormation template and Terraform file with
// 20 policies each: parse time and allocation, whether the positions they
// report are exact, and what they give for a half-typed file. It is a
// module of its own (under testdata, so `go test ./...` of the project
// skips it) so that the candidates not chosen stay out of the project's
// go.mod. Run: cd analysis/source/testdata/parserbench && go test -bench . -benchmem
package parserbench

import (
	"fmt"
	"strings"
)

// Template is a CloudFormation YAML template of about size bytes: 20 keys
// with policies (with !Sub, !GetAtt, flow and block styles, non-ASCII
// descriptions), then buckets up to the size.
func Template(size int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: généré — 20 clés\nParameters:\n  Env:\n    Type: String\nResources:\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, `  Key%d:
    Type: AWS::KMS::Key
    Properties:
      Description: !Sub "clé ${Env} n°%d"
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
          - Sid: 'Allow use'
            Effect: Allow
            Principal: {AWS: !GetAtt Role%d.Arn}
            Action:
              - kms:Encrypt
              - kms:Decrypt
              - kms:GenerateDataKey*
            Resource: '*'
            Condition:
              StringEquals:
                kms:ViaService: !Sub "s3.${AWS::Region}.amazonaws.com"
`, i, i, i)
	}
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `  Bucket%d:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "bucket-${Env}-%d"
      Tags:
        - Key: Name
          Value: "bucket %d ✓"
        - Key: Team
          Value: platform
      LifecycleConfiguration:
        Rules:
          - Id: expire
            Status: Enabled
            ExpirationInDays: 30
`, i, i, i)
	}
	return []byte(b.String())
}

// Terraform is a Terraform file of about size bytes: 20 keys with
// jsonencode policies, then buckets.
func Terraform(size int) []byte {
	var b strings.Builder
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, `resource "aws_kms_key" "k%d" {
  description = "clé %d"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "Enable IAM User Permissions"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
      Action    = ["kms:Encrypt", "kms:Decrypt"]
      Resource  = "*"
    }]
  })
}

`, i, i)
	}
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"bucket-%d\"\n  tags = {\n    Name = \"bucket %d ✓\"\n    Team = \"platform\"\n  }\n}\n\n", i, i, i)
	}
	return []byte(b.String())
}
