package hover

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/catalogdoc"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
)

// arnMarkdown explains the parts of an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE).
// It returns "" for text that does not start like an ARN.
func arnMarkdown(s string) string {
	if len(s) < len(arn.Prefix) || !strings.EqualFold(s[:len(arn.Prefix)], arn.Prefix) {
		return ""
	}
	f, n := arn.Fields(s) // the fields typed so far, an unfinished ARN included
	parts := f[:n]
	var b strings.Builder
	fmt.Fprintf(&b, "**ARN** `%s`\n\n| Part | Value | Meaning |\n|---|---|---|\n", s)
	names := []string{"prefix", "partition", "service", "region", "account", "resource"}
	for i := 1; i < len(parts); i++ {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", names[i], shown(parts[i]), arnPartMeaning(i, parts[i], parts))
	}
	if len(parts) == 6 {
		writeResourceParts(&b, parts[2], parts[5])
		writeResourceTypes(&b, s, parts[2])
	} else {
		fmt.Fprintf(&b, "\nIncomplete: an ARN has six colon-separated parts, this one has %d.\n", len(parts))
	}
	if strings.ContainsAny(s, "*?") {
		b.WriteString("\n`*` and `?` are wildcards here: `*` matches any run of characters, `?` one character.\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func shown(v string) string {
	if v == "" {
		return "(empty)"
	}
	return "`" + v + "`"
}

func arnPartMeaning(i int, v string, parts []string) string {
	switch i {
	case 1:
		switch v {
		case "aws":
			return "the standard AWS partition"
		case "aws-cn":
			return "the China Regions"
		case "aws-us-gov":
			return "AWS GovCloud (US)"
		}
		return "the AWS partition"
	case 2:
		switch v {
		case "kms":
			return "AWS KMS"
		case "iam":
			return "IAM (global: no Region)"
		case "sts":
			return "AWS STS (temporary credentials)"
		}
		return "the AWS service"
	case 3:
		if v == "" {
			return "no Region: the resource is global"
		}
		return "the Region"
	case 4:
		switch {
		case v == "":
			return "no account"
		case arn.IsAccountID(v):
			return "the AWS account ID"
		case strings.ContainsAny(v, "*?"):
			return "account pattern"
		}
		return "should be a 12-digit AWS account ID"
	}
	if len(parts) > 2 && parts[2] == "iam" && v == "root" {
		return "the account itself (every principal the account's IAM policies allow)"
	}
	return "the resource type and name"
}

// writeResourceParts splits the resource part into its type and identifier.
// It cuts at the first "/", else at the first ":", as hover always has;
// arn.Parse cuts at whichever comes first, which differs for a resource such
// as log-group:/aws/lambda/f.
func writeResourceParts(b *strings.Builder, service, res string) {
	typ, id, ok := strings.Cut(res, "/")
	if !ok {
		typ, id, ok = strings.Cut(res, ":")
	}
	if !ok {
		return
	}
	fmt.Fprintf(b, "\nResource type `%s`, identifier `%s`", typ, id)
	switch {
	case service == "kms" && typ == "key" && strings.HasPrefix(id, "mrk-"):
		b.WriteString(": a multi-Region key ID (the same in every Region of the key)")
	case service == "kms" && typ == "key":
		b.WriteString(": a KMS key ID")
	case service == "kms" && typ == "alias":
		b.WriteString(": an alias name. An alias ARN in Resource governs only the alias operations (CreateAlias, DeleteAlias, UpdateAlias); to control key use by alias, use `kms:RequestAlias` or `kms:ResourceAliases`")
	case service == "iam" && typ == "role":
		b.WriteString(": an IAM role")
	case service == "iam" && typ == "user":
		b.WriteString(": an IAM user")
	case service == "sts" && typ == "assumed-role":
		b.WriteString(": a session of an assumed role")
	}
	b.WriteString(".\n")
}

// writeResourceTypes says which resource types of the ARN's service the
// ARN may name, from the ARN formats of the Service Authorization
// Reference.
func writeResourceTypes(b *strings.Builder, s, service string) {
	if service == "" || strings.ContainsAny(service, "*?$") {
		return
	}
	svc := services.Lookup(service)
	if svc == nil {
		fmt.Fprintf(b, "\nNo service in the Service Authorization Reference has the prefix `%s`.\n", service)
		return
	}
	b.WriteString("\n" + catalogdoc.ResourceTypes(svc, svc.ResourceTypesMatching(s)) + "\n")
}
