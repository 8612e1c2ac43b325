resource "aws_kms_key" "main" {
  description = "the key whose policy is the document below"
}

resource "aws_kms_key_policy" "main" {
  key_id = aws_kms_key.main.id
  policy = data.aws_iam_policy_document.key.json
}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Admin"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }

  /*@diag:key-policy-resource,warning*//*@fix:Resource*/statement/*@end*/ {
    sid     = "Use"
    actions = [/*@diag:unknown-action,error*//*@fix:kms-Sign*/"kms:Sing"/*@end*/, "kms:Ver/*@complete:kms:Verify*//*@hover:kms:Verify*/ify"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/Signer"]
    }
    condition {
      test     = /*@diag:missing-set-operator,warning*//*@fix:ForAnyValue*/"StringEquals"/*@end*/
      variable = /*@diag:condition-key-not-supported,error*/"kms:EncryptionContextKeys"/*@end*/
      values   = ["Department"]
    }
  }

  statement {
    sid       = "Typing"
    effect    = "Deny"
    actions   = ["kms:ScheduleKeyDeletion"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthP/*@complete:aws:MultiFactorAuthPresent*/resent"
      values   = ["false"]
    }
  }
}
