package jsonast

import (
	"encoding/json"
	"fmt"
	"math/rand"
)

var (
	genActions    = []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant", "kms:Sign", "kms:Verify", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"}
	genServices   = []string{"s3", "ebs", "rds", "secretsmanager", "dynamodb", "lambda"}
	genRegions    = []string{"us-east-1", "eu-west-3", "ap-southeast-2"}
	genOperators  = []string{"StringEquals", "StringLike", "ArnLike", "Bool", "ForAnyValue:StringEquals"}
	genEffectsFor = []string{"Allow", "Allow", "Allow", "Deny"}
)

// genPolicy builds a key policy of about size bytes (indented like a
// person would save it): many statements with principals, actions and
// conditions, the shapes a language server meets in practice.
func genPolicy(size int) []byte {
	rng := rand.New(rand.NewSource(int64(size)))
	var stmts []any
	policy := map[string]any{"Version": "2012-10-17", "Id": "key-consolepolicy-3", "Statement": nil}
	for {
		policy["Statement"] = stmts
		b, err := json.MarshalIndent(policy, "", "  ")
		if err != nil {
			panic(err)
		}
		if len(b) >= size {
			return b
		}
		// Add about as many statements as the missing bytes hold.
		add := 1
		if len(stmts) > 0 {
			add = max(1, (size-len(b))*len(stmts)/len(b))
		}
		for ; add > 0; add-- {
			stmts = append(stmts, genStatement(rng, len(stmts)))
		}
	}
}

func genStatement(rng *rand.Rand, i int) map[string]any {
	account := fmt.Sprintf("%012d", 111122223333+rng.Intn(1000))
	var principals []any
	for n := 1 + rng.Intn(3); n > 0; n-- {
		principals = append(principals, fmt.Sprintf("arn:aws:iam::%s:role/Role%d", account, rng.Intn(500)))
	}
	var actions []any
	for n := 1 + rng.Intn(6); n > 0; n-- {
		actions = append(actions, genActions[rng.Intn(len(genActions))])
	}
	cond := map[string]any{}
	for n := rng.Intn(3); n > 0; n-- {
		op := genOperators[rng.Intn(len(genOperators))]
		svc := genServices[rng.Intn(len(genServices))]
		region := genRegions[rng.Intn(len(genRegions))]
		cond[op] = map[string]any{
			"kms:ViaService":      fmt.Sprintf("%s.%s.amazonaws.com", svc, region),
			"kms:CallerAccount":   account,
			"aws:SecureTransport": "true",
		}
	}
	st := map[string]any{
		"Sid":       fmt.Sprintf("Statement %d for %s", i, account),
		"Effect":    genEffectsFor[rng.Intn(len(genEffectsFor))],
		"Principal": map[string]any{"AWS": principals},
		"Action":    actions,
		"Resource":  "*",
	}
	if len(cond) > 0 {
		st["Condition"] = cond
	}
	return st
}
