resource "aws_kms_key" "main" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "kms:*"
      Resource  = "*"
      Condition = {
        /*@diag:hcl-syntax,error*/StringEq/*@complete:StringEquals,StringEqualsIgnoreCase*//*@end*/
      }
    }]
  })
}
