// Package policygen writes realistic KMS key policies of a chosen size for
// benchmarks and fuzz seeds: AWS's default statements followed by as many
// service and role statements (principals, action lists, conditions) as the
// size asks for. The output is valid JSON and lints clean as a key policy.
package policygen

import (
	"fmt"
	"strings"
)

const head = `{
  "Version": "2012-10-17",
  "Id": "key-policy-generated",
  "Statement": [
    {
      "Sid": "EnableIAMUserPermissions",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
      "Action": "kms:*",
      "Resource": "*"
    }`

const useStmt = `,
    {
      "Sid": "AllowUseOfTheKey%[1]d",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111122223333:role/App%[1]dRole", "arn:aws:iam::111122223333:role/Batch%[1]dRole"]},
      "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
      "Resource": "*",
      "Condition": {
        "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": "111122223333"},
        "StringLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::bucket-%[1]d/*"}
      }
    }`

const grantStmt = `,
    {
      "Sid": "AllowGrants%[1]d",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::111122223333:role/Service%[1]dRole"},
      "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
      "Resource": "*",
      "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}
    }`

const tail = `
  ]
}
`

// KeyPolicy returns the largest policy of this shape that fits in size bytes
// (never less than the default statement alone), so that KeyPolicy(32768) is
// a key policy grown to KMS's limit.
func KeyPolicy(size int) []byte {
	var b strings.Builder
	b.WriteString(head)
	for i := 1; ; i++ {
		tmpl := useStmt
		if i%2 == 0 {
			tmpl = grantStmt
		}
		next := fmt.Sprintf(tmpl, i)
		if b.Len()+len(next)+len(tail) > size {
			break
		}
		b.WriteString(next)
	}
	b.WriteString(tail)
	return []byte(b.String())
}
