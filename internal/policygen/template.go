package policygen

import (
	"fmt"
	"strings"
)

// Template writes a CloudFormation YAML template of about size bytes: a
// key with its key policy and a role with an inline IAM policy per pair
// of policies asked for (intrinsic functions in principals and
// conditions, block and flow styles), then S3 buckets, which hold no
// policy, up to the size. It lints clean.
func Template(size, policies int) []byte {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: generated\nParameters:\n  Env:\n    Type: String\nResources:\n")
	for i := 0; i < policies; i++ {
		if i%2 == 0 {
			fmt.Fprintf(&b, templateKey, i, i+1)
		} else {
			fmt.Fprintf(&b, templateRole, i, i-1)
		}
	}
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, templateBucket, i)
	}
	return []byte(b.String())
}

const templateKey = `  Key%[1]d:
    Type: AWS::KMS::Key
    Properties:
      Description: !Sub "key ${Env} %[1]d"
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: EnableIAMUserPermissions
            Effect: Allow
            Principal:
              AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"
            Action: "kms:*"
            Resource: "*"
          - Sid: AllowUseOfTheKey
            Effect: Allow
            Principal:
              AWS: !GetAtt Role%[2]d.Arn
            Action:
              - kms:Encrypt
              - kms:Decrypt
              - kms:ReEncrypt*
              - kms:GenerateDataKey*
            Resource: "*"
            Condition:
              StringEquals:
                kms:ViaService: !Sub "s3.${AWS::Region}.amazonaws.com"
                kms:CallerAccount: !Ref AWS::AccountId
          - Sid: AllowGrants
            Effect: Allow
            Principal: {AWS: !GetAtt Role%[2]d.Arn}
            Action: [kms:CreateGrant, kms:ListGrants, kms:RevokeGrant]
            Resource: "*"
            Condition:
              Bool: {kms:GrantIsForAWSResource: "true"}
`

const templateRole = `  Role%[1]d:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: use-key
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Sid: UseTheKey
                Effect: Allow
                Action:
                  - kms:Decrypt
                  - kms:GenerateDataKey
                Resource: !GetAtt Key%[2]d.Arn
`

const templateBucket = `  Bucket%[1]d:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "bucket-${Env}-%[1]d"
      Tags:
        - Key: Name
          Value: "bucket %[1]d"
        - Key: Team
          Value: platform
      LifecycleConfiguration:
        Rules:
          - Id: expire
            Status: Enabled
            ExpirationInDays: 30
`

// Terraform writes a Terraform configuration of about size bytes: keys
// whose policies alternate between jsonencode and an
// aws_iam_policy_document, one per policy asked for, then S3 buckets up
// to the size. It lints clean.
func Terraform(size, policies int) []byte {
	var b strings.Builder
	b.WriteString("data \"aws_caller_identity\" \"current\" {}\n\n")
	for i := 0; i < policies; i++ {
		if i%2 == 0 {
			fmt.Fprintf(&b, terraformEncoded, i)
		} else {
			fmt.Fprintf(&b, terraformDocument, i)
		}
	}
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, terraformBucket, i)
	}
	return []byte(b.String())
}

const terraformEncoded = `resource "aws_kms_key" "key%[1]d" {
  description = "key %[1]d"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMUserPermissions"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowUseOfTheKey"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app%[1]d.arn }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
    ]
  })
}

`

const terraformDocument = `resource "aws_kms_key" "key%[1]d" {
  description = "key %[1]d"
  policy      = data.aws_iam_policy_document.key%[1]d.json
}

data "aws_iam_policy_document" "key%[1]d" {
  statement {
    sid       = "EnableIAMUserPermissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  statement {
    sid       = "AllowGrants"
    actions   = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.app%[1]d.arn]
    }
    condition {
      test     = "Bool"
      variable = "kms:GrantIsForAWSResource"
      values   = ["true"]
    }
  }
}

`

const terraformBucket = `resource "aws_s3_bucket" "bucket%[1]d" {
  bucket = "bucket-%[1]d"
  tags = {
    Name = "bucket %[1]d"
    Team = "platform"
  }
}

`
