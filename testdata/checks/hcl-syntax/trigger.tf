resource "aws_s3_bucket" "logs" {
  /*@diag:hcl-syntax,error*/bucket = "logs/*@end*/
}

resource "aws_kms_key" "main" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = [/*@diag:unknown-action,error*//*@fix:kms-Decrypt*/"kms:Decrpyt"/*@end*/, "kms:PutKeyPolicy"]
      Resource  = "*"
    }]
  })
}
