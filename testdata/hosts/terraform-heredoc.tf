resource "aws_iam_policy" "use_key" {
  name   = "use-key"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "UseTheKey",
          "Effect": "Allow",
          "Action": [/*@diag:unknown-action,error*//*@fix:kms-Encrypt*/"kms:Encrpyt"/*@end*/, "kms:Dec/*@complete:kms:Decrypt*/rypt"],
          "Resource": "${aws_kms_key.main.a/*@hover:aws_kms_key.main.arn*/rn}",
          "Condition": {"StringEquals": {"aws:username": "$${aws:username}"}}
        },
        {
          "Sid": "All",
          "Effect": "Allow",
          "Action": /*@diag:overly-permissive,warning*/"kms:*"/*@end*/,
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "inline" {
  role   = "app"
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": /*@diag:unknown-action,error*//*@fix:kms-Sign*/\"kms:Sing\"/*@end*/, \"Resource\": \"*\"}]}"
}
