# A conditional expression yields both branches, as CloudFormation's !If:
# a finding of one branch says which (analysis TestTerraformConditional).
resource "aws_kms_key" "main" {
  description = "clé 😀"
  policy = jsonencode({
    Version = "2012-10-17"
    /*@diag:external-access*//*@diag:external-access*/Statement/*@end*//*@end*/ = [
      {
        Sid       = "Root"
        Effect    = "Allow"
        Principal = { AWS = "arn:aws:iam::111122223333:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Shared"
        Effect    = "Allow"
        Principal = { AWS = var.shared ? /*@diag:public-access,error*//*@fix:CallerAccount*/"*" : "arn:aws:iam::444455556666:root" }
        Action    = ["kms:Decrypt", /*@diag:unknown-action,error*//*@fix:kms-Decrypt*/"kms:Decrpyt"/*@end*/]
        Resource  = "*"
      },
    ]
  })
}
