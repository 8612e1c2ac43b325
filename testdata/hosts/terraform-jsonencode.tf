data "aws_caller_identity" "current" {}

resource "aws_kms_key" "main" {
  description = "application key"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.acco/*@hover:the account whose credentials Terraform uses*/unt_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      /*@diag:key-policy-resource,warning*//*@fix:Resource*/{/*@end*/
        Sid       = "Use"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = [/*@diag:unknown-action,error*//*@fix:kms-Decrypt*/"kms:Decrpyt"/*@end*/, "kms:Enc/*@complete:kms:Encrypt*//*@hover:kms:Encrypt*/rypt"]
        Condition = {
          /*@diag:missing-set-operator,warning*//*@fix:ForAnyValue*/StringEquals/*@end*/ = { "kms:EncryptionContextKeys" = "Department" }
        }
      },
    ]
  })
}
