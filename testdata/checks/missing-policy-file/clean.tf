resource "aws_kms_key" "main" {
  policy = templatefile("${path.module}/key.tftpl", { account = var.account })
}
