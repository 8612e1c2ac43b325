package completion

import (
	"maps"
	"slices"
	"strings"
)

// Fixed proposals: element names with the value snippet typed after them,
// whole statements, ARN and principal templates. Snippets use LSP syntax;
// \t and \n are re-indented by the editor.

// element is a policy or statement element name.
type element struct {
	name, doc string
	// value is the snippet that follows `"name": ` when the colon is not yet typed.
	value string
	// rare elements rank after the common ones.
	rare bool
}

var topElements = []element{
	{"Version", "The policy language version; use 2012-10-17.", `"${1|2012-10-17,2008-10-17|}"`, false},
	{"Statement", "The statements of the policy.", "[\n\t$0\n]", false},
	{"Id", "An optional name for the policy (key policies only).", `"${1:key-policy}"`, true},
}

var statementElements = []element{
	{"Sid", "A label for the statement, unique in the policy.", `"$1"`, false},
	{"Effect", "Allow or Deny.", `"${1|Allow,Deny|}"`, false},
	{"Principal", "Who the statement applies to (key policies).", `{"AWS": "${1:arn:aws:iam::111122223333:root}"}`, false},
	{"Action", "The permissions the statement matches.", `["$1"]`, false},
	{"Resource", "The resources the statement covers; \"*\" in a key policy.", `"${1:*}"`, false},
	{"Condition", "Extra tests on the request: operator → key → values.", `{"${1:StringEquals}": {"$2": "$3"}}`, false},
	{"NotPrincipal", "Everyone except these principals.", `{"AWS": "$1"}`, true},
	{"NotAction", "Every permission except these.", `["$1"]`, true},
	{"NotResource", "Every resource except these.", `["$1"]`, true},
}

// exclusive pairs: only one of each may appear in a statement.
var exclusive = map[string]string{
	"Principal": "NotPrincipal", "NotPrincipal": "Principal",
	"Action": "NotAction", "NotAction": "Action",
	"Resource": "NotResource", "NotResource": "Resource",
}

var principalTypes = []element{
	{"AWS", "Accounts, IAM roles and users, by ARN or account ID.", `"${1:arn:aws:iam::111122223333:root}"`, false},
	{"Service", "AWS services acting on their own behalf.", `"${1:cloudtrail.amazonaws.com}"`, false},
	{"Federated", "Identities from a SAML or OIDC provider.", `"$1"`, true},
	{"CanonicalUser", "An Amazon S3 canonical user ID.", `"$1"`, true},
}

// template is a value proposal: label as shown, text inserted (a JSON
// value, snippet syntax when snippet is set).
type template struct {
	label, insert, doc string
	snippet            bool
}

// statementTemplates follow the shape of the statements in AWS's default key
// policy. Account and role names are placeholders.
var statementTemplates = []template{
	{label: "allow key administrators", snippet: true,
		doc: "Lets the named administrators manage the key (create aliases and grants, change the policy, " +
			"enable and disable it, schedule its deletion) without being able to use it for cryptography.",
		insert: "{\n\t\"Sid\": \"${1:Allow access for Key Administrators}\",\n\t\"Effect\": \"Allow\",\n" +
			"\t\"Principal\": {\"AWS\": \"arn:aws:iam::${2:111122223333}:role/${3:KeyAdministrator}\"},\n" +
			"\t\"Action\": [\n\t\t\"kms:Create*\",\n\t\t\"kms:Describe*\",\n\t\t\"kms:Enable*\",\n\t\t\"kms:List*\",\n" +
			"\t\t\"kms:Put*\",\n\t\t\"kms:Update*\",\n\t\t\"kms:Revoke*\",\n\t\t\"kms:Disable*\",\n\t\t\"kms:Get*\",\n" +
			"\t\t\"kms:Delete*\",\n\t\t\"kms:TagResource\",\n\t\t\"kms:UntagResource\",\n\t\t\"kms:ScheduleKeyDeletion\",\n" +
			"\t\t\"kms:CancelKeyDeletion\",\n\t\t\"kms:RotateKeyOnDemand\"\n\t],\n\t\"Resource\": \"*\"\n}$0"},
	{label: "allow use of the key", snippet: true,
		doc: "Lets the named principals use the key for cryptography: encrypt, decrypt, re-encrypt, " +
			"generate data keys and describe the key.",
		insert: "{\n\t\"Sid\": \"${1:Allow use of the key}\",\n\t\"Effect\": \"Allow\",\n" +
			"\t\"Principal\": {\"AWS\": \"arn:aws:iam::${2:111122223333}:role/${3:KeyUser}\"},\n" +
			"\t\"Action\": [\n\t\t\"kms:Encrypt\",\n\t\t\"kms:Decrypt\",\n\t\t\"kms:ReEncrypt*\",\n" +
			"\t\t\"kms:GenerateDataKey*\",\n\t\t\"kms:DescribeKey\"\n\t],\n\t\"Resource\": \"*\"\n}$0"},
	{label: "allow attachment of persistent resources", snippet: true,
		doc: "Lets the named principals create, list and revoke grants, but only for AWS services " +
			"that integrate with KMS (kms:GrantIsForAWSResource), as EBS volumes and RDS databases need.",
		insert: "{\n\t\"Sid\": \"${1:Allow attachment of persistent resources}\",\n\t\"Effect\": \"Allow\",\n" +
			"\t\"Principal\": {\"AWS\": \"arn:aws:iam::${2:111122223333}:role/${3:KeyUser}\"},\n" +
			"\t\"Action\": [\n\t\t\"kms:CreateGrant\",\n\t\t\"kms:ListGrants\",\n\t\t\"kms:RevokeGrant\"\n\t],\n" +
			"\t\"Resource\": \"*\",\n\t\"Condition\": {\n\t\t\"Bool\": {\"kms:GrantIsForAWSResource\": \"true\"}\n\t}\n}$0"},
	{label: "enable IAM policies", snippet: true,
		doc: "Gives the key's own account full access, which is what lets IAM policies in that account " +
			"grant permissions on the key. Without it, IAM Allow statements have no effect on this key.",
		insert: "{\n\t\"Sid\": \"${1:Enable IAM User Permissions}\",\n\t\"Effect\": \"Allow\",\n" +
			"\t\"Principal\": {\"AWS\": \"arn:aws:iam::${2:111122223333}:root\"},\n" +
			"\t\"Action\": \"kms:*\",\n\t\"Resource\": \"*\"\n}$0"},
}

var versionTemplates = []template{
	{label: "2012-10-17", insert: `"2012-10-17"`, doc: "The current policy language version."},
	{label: "2008-10-17", insert: `"2008-10-17"`, doc: "The old version: policy variables are read as plain text."},
}

var effectTemplates = []template{
	{label: "Allow", insert: `"Allow"`, doc: "Grant what the statement matches."},
	{label: "Deny", insert: `"Deny"`, doc: "Refuse what the statement matches; wins over any Allow."},
}

var resourceTemplates = []template{
	{label: "*", insert: `"*"`, doc: "Every resource. In a key policy: the key the policy is attached to."},
	{label: "arn:aws:kms:region:account:key/key-id", snippet: true,
		insert: `"arn:aws:kms:${1:us-east-1}:${2:111122223333}:key/${3:key-id}"`,
		doc:    "A KMS key by its key ARN: how IAM policies name a key."},
	{label: "arn:aws:kms:region:account:alias/alias-name", snippet: true,
		insert: `"arn:aws:kms:${1:us-east-1}:${2:111122223333}:alias/${3:alias-name}"`,
		doc:    "An alias ARN. It governs only the alias operations (CreateAlias, DeleteAlias, UpdateAlias)."},
}

var principalTemplates = []template{
	{label: "*", insert: `"*"`, doc: "Everyone. Only sensible with conditions that narrow it down."},
	{label: "AWS account", snippet: true, insert: `{"AWS": "arn:aws:iam::${1:111122223333}:root"}`,
		doc: "A whole AWS account: its IAM policies decide who in it may use the key."},
	{label: "AWS role", snippet: true, insert: `{"AWS": "arn:aws:iam::${1:111122223333}:role/${2:role-name}"}`,
		doc: "One IAM role."},
	{label: "Service", snippet: true, insert: `{"Service": "${1:cloudtrail.amazonaws.com}"}`,
		doc: "An AWS service acting on its own behalf."},
}

var principalValueTemplates = map[string][]template{
	"AWS": {
		{label: "arn:aws:iam::111122223333:root", snippet: true, insert: `"arn:aws:iam::${1:111122223333}:root"`,
			doc: "The account itself: lets the account's IAM policies grant access."},
		{label: "arn:aws:iam::111122223333:role/role-name", snippet: true,
			insert: `"arn:aws:iam::${1:111122223333}:role/${2:role-name}"`, doc: "An IAM role."},
		{label: "arn:aws:iam::111122223333:user/user-name", snippet: true,
			insert: `"arn:aws:iam::${1:111122223333}:user/${2:user-name}"`, doc: "An IAM user."},
		{label: "*", insert: `"*"`, doc: "Every AWS principal; narrow it with conditions."},
	},
	"Service": {
		{label: "cloudtrail.amazonaws.com", insert: `"cloudtrail.amazonaws.com"`,
			doc: "CloudTrail, to encrypt the log files it delivers."},
		{label: "logs.region.amazonaws.com", snippet: true, insert: `"logs.${1:us-east-1}.amazonaws.com"`,
			doc: "CloudWatch Logs in one Region, to encrypt log groups."},
		{label: "delivery.logs.amazonaws.com", insert: `"delivery.logs.amazonaws.com"`,
			doc: "The log delivery service, for vended logs written to encrypted destinations."},
		{label: "sns.amazonaws.com", insert: `"sns.amazonaws.com"`, doc: "Amazon SNS, for encrypted topics."},
		{label: "events.amazonaws.com", insert: `"events.amazonaws.com"`,
			doc: "Amazon EventBridge, when it delivers to encrypted targets."},
	},
	"Federated": {
		{label: "cognito-identity.amazonaws.com", insert: `"cognito-identity.amazonaws.com"`,
			doc: "Amazon Cognito identity pools."},
		{label: "arn:aws:iam::111122223333:saml-provider/provider-name", snippet: true,
			insert: `"arn:aws:iam::${1:111122223333}:saml-provider/${2:provider-name}"`, doc: "A SAML identity provider."},
		{label: "arn:aws:iam::111122223333:oidc-provider/provider", snippet: true,
			insert: `"arn:aws:iam::${1:111122223333}:oidc-provider/${2:provider}"`, doc: "An OIDC identity provider."},
	},
}

// skeleton is offered in an empty document.
var skeleton = template{label: "key policy", snippet: true,
	doc: "A key policy with the statement that lets the account's IAM policies grant access to the key.",
	insert: "{\n\t\"Version\": \"2012-10-17\",\n\t\"Id\": \"${1:key-policy}\",\n\t\"Statement\": [\n\t\t{\n" +
		"\t\t\t\"Sid\": \"Enable IAM User Permissions\",\n\t\t\t\"Effect\": \"Allow\",\n" +
		"\t\t\t\"Principal\": {\"AWS\": \"arn:aws:iam::${2:111122223333}:root\"},\n" +
		"\t\t\t\"Action\": \"kms:*\",\n\t\t\t\"Resource\": \"*\"\n\t\t}$0\n\t]\n}"}

// templateProtos makes and registers the proposals of templates.
func templateProtos(kind ItemKind, detail string, ts []template) []proto {
	out := make([]proto, len(ts))
	for i, t := range ts {
		out[i] = newProto(kind, t.label, detail, t.doc, t.insert, t.snippet)
	}
	return register(out)
}

// elementProtos makes and registers the proposals of element names; the
// value snippet that may follow is added per request.
func elementProtos(els []element) []proto {
	out := make([]proto, len(els))
	for i, e := range els {
		out[i] = newProto(KindElement, e.name, "element", e.doc, `"`+e.name+`"`, false)
		if e.value != "" {
			out[i].member = keyMember(&out[i], e.value)
		}
	}
	return register(out)
}

// statementBody turns a statement template into its members alone, for an
// empty statement object whose braces are already typed.
func statementBody(t template) template {
	body := strings.TrimSuffix(strings.TrimPrefix(t.insert, "{\n"), "\n}$0")
	body = strings.TrimPrefix(strings.ReplaceAll(body, "\n\t", "\n"), "\t")
	t.insert = body + "$0"
	return t
}

var (
	skeletonProto   = templateProtos(KindSnippet, "whole policy", []template{skeleton})[0]
	statementProtos = templateProtos(KindSnippet, "statement", statementTemplates)
	statementBodies = func() []proto {
		ts := make([]template, len(statementTemplates))
		for i, t := range statementTemplates {
			ts[i] = statementBody(t)
		}
		return templateProtos(KindSnippet, "statement", ts)
	}()
	effectProtos  = templateProtos(KindValue, "Effect", effectTemplates)
	versionProtos = func() []proto {
		ps := templateProtos(KindValue, "Version", versionTemplates)
		ps[1].deprecated, ps[1].detail = true, "Version · old: no policy variables"
		return ps
	}()
	resourceProtos       = templateProtos(KindSnippet, "Resource", resourceTemplates)
	principalProtos      = templateProtos(KindSnippet, "Principal", principalTemplates)
	principalValueProtos = func() map[string][]proto {
		out := map[string][]proto{}
		for _, typ := range slices.Sorted(maps.Keys(principalValueTemplates)) { // numbered in a fixed order
			out[typ] = templateProtos(KindValue, typ+" principal", principalValueTemplates[typ])
		}
		return out
	}()
	topElementProtos       = elementProtos(topElements)
	statementElementProtos = elementProtos(statementElements)
	principalTypeProtos    = elementProtos(principalTypes)
)
