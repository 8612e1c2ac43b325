package hover

// Explanations of the policy language's element names and fixed values, in
// our own words.

var topElementDocs = map[string]string{
	"Version": "**Version**: which edition of the policy language the document is written in. " +
		"Use `2012-10-17`; the older `2008-10-17` treats policy variables such as `${aws:username}` as plain text.",
	"Id": "**Id**: an optional name for the whole policy. Key policies may carry one; " +
		"identity (IAM) policies must not.",
	"Statement": "**Statement**: the rules of the policy, one object or an array of objects. " +
		"Each statement allows or denies some actions on some resources, optionally under conditions.",
}

var statementElementDocs = map[string]string{
	"Sid": "**Sid**: an optional label for the statement. It must be unique within the policy; " +
		"IAM policies allow only letters and digits, key policies also allow spaces.",
	"Effect": "**Effect**: whether the statement grants (`Allow`) or refuses (`Deny`) what it matches. " +
		"An explicit Deny wins over any Allow.",
	"Principal": "**Principal**: who the statement is about: `\"*\"` for everyone, or an object mapping " +
		"`AWS`, `Service`, `Federated` or `CanonicalUser` to one or more identities. " +
		"Required in key policies; not allowed in identity (IAM) policies.",
	"NotPrincipal": "**NotPrincipal**: the statement applies to everyone except the listed principals. " +
		"Rarely what you want, and easy to get wrong with Allow.",
	"Action": "**Action**: the permissions the statement matches, such as `kms:Decrypt`; " +
		"`*` and `?` are wildcards (`kms:Generate*`).",
	"NotAction": "**NotAction**: the statement matches every permission except the listed ones. " +
		"With Allow it grants far more than it seems to.",
	"Resource": "**Resource**: the resources the statement covers, as ARNs. In a key policy it is always `\"*\"`, " +
		"meaning the key the policy is attached to; in an IAM policy name keys by their key ARN.",
	"NotResource": "**NotResource**: the statement covers every resource except the listed ones.",
	"Condition": "**Condition**: extra tests on the request. Maps an operator (`StringEquals`, `Bool`, …) " +
		"to condition keys and the values they are compared with. Operators and keys are ANDed; " +
		"several values of one key are ORed.",
}

var principalTypeDocs = map[string]string{
	"AWS": "**AWS** principals: AWS accounts (`arn:aws:iam::ACCOUNT:root` or the bare account ID), " +
		"IAM roles and users, and assumed-role sessions, by ARN.",
	"Service": "**Service** principals: AWS services acting on their own behalf, named like `SERVICE.amazonaws.com`.",
	"Federated": "**Federated** principals: identities from a SAML or OIDC provider, or web identity providers " +
		"such as `cognito-identity.amazonaws.com`.",
	"CanonicalUser": "**CanonicalUser**: an Amazon S3 canonical user ID, a long hex string. Seldom used with KMS.",
}

var effectDocs = map[string]string{
	"Allow": "**Allow**: the statement grants what it matches, unless some statement denies it.",
	"Deny":  "**Deny**: the statement refuses what it matches; it wins over every Allow.",
}

var versionDocs = map[string]string{
	"2012-10-17": "**2012-10-17**: the current version of the policy language. Policy variables work.",
	"2008-10-17": "**2008-10-17**: the original version of the policy language. Policy variables such as " +
		"`${aws:username}` are read as literal text; prefer `2012-10-17`.",
}
