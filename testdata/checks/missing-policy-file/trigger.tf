resource "aws_kms_key" "main" {
  description = "clé 😀"
  policy      = file(/*@diag:missing-policy-file,warning*/"${path.module}/policies/missing.json"/*@end*/)
}

resource "aws_iam_policy" "read" {
  policy = templatefile(/*@diag:missing-policy-file,warning*/"nowhere.tftpl"/*@end*/, { bucket = var.bucket })
}

resource "aws_iam_policy" "unresolved" {
  # A path the configuration computes is not followed: no finding.
  policy = file("${var.policy_dir}/read.json")
}
