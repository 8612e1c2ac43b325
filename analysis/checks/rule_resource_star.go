package checks

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func init() {
	register(&Rule{
		Code:     "resource-star-with-resource-types",
		Severity: Hint,
		Doc:      "An IAM Allow on Resource \"*\" whose actions can all be limited to named resources.",
		Scope:    StatementScope,
		Check:    checkResourceStar,
		Applies:  "IAM policies",
		Details: "Every action of the statement acts on resources of a type it can be limited to " +
			"(the Service Authorization Reference marks a resource type required), yet " +
			"`Resource` is `\"*\"`: every such resource in reach is granted. When the actions " +
			"share one resource type, the quick fix writes its ARN template " +
			"(`arn:aws:s3:::BUCKET_NAME/OBJECT_NAME`) for you to fill in. KMS key policies say " +
			"`\"*\"` by design and are not judged.",
		Example: `{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*"}`,
	})
}

func checkResourceStar(p *Pass) {
	if p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		if !s.Allows() || s.Action == nil || s.Resource == nil || len(s.Resource.Values) != 1 || s.Resource.Values[0].Text != "*" {
			continue
		}
		format, ok := commonResourceType(s.Action.Values)
		if !ok {
			continue
		}
		v := s.Resource.Values[0]
		d := p.Report(v.Node.Span, "Each action of this statement can be limited to named resources, but Resource \"*\" grants them on every one in reach; name the resources.")
		if format != "" {
			tmpl := arnTemplate(format)
			d.Message += " Their ARNs look like " + tmpl + "."
			d.withFix(replaceWith("Name the resources: "+tmpl, v.Node, tmpl))
		}
	}
}

// commonResourceType reports whether every value is an action (not a
// pattern) of another service than KMS with a required resource type, and
// returns the ARN format they share, or "" when they do not share one.
func commonResourceType(vals []policy.Value) (string, bool) {
	format := ""
	for i, v := range vals {
		if catalog.HasWildcard(v.Text) {
			return "", false
		}
		a := services.LookupAction(v.Text)
		if a == nil || a.Service.Prefix == "kms" {
			return "", false
		}
		f := requiredFormat(a)
		if f == "" {
			return "", false
		}
		switch {
		case i == 0:
			format = f
		case f != format:
			format = "-"
		}
	}
	if format == "-" {
		format = ""
	}
	return format, len(vals) > 0
}

// requiredFormat is the ARN format of the action's one required resource
// type, or "" when it has none or several.
func requiredFormat(a *services.Action) string {
	f := ""
	for _, r := range a.Resources {
		if !r.Required || r.Type == nil {
			continue
		}
		if f != "" {
			return ""
		}
		f = r.Type.Formats()[0]
	}
	return f
}

// arnTemplate writes an ARN format for a person to fill in: the standard
// partition, any Region and account, and each other placeholder in capitals
// (${BucketName} → BUCKET_NAME).
func arnTemplate(format string) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		if !strings.HasPrefix(format[i:], "${") {
			b.WriteByte(format[i])
			continue
		}
		j := strings.IndexByte(format[i:], '}')
		if j < 0 {
			b.WriteString(format[i:])
			break
		}
		b.WriteString(placeholderText(format[i+2 : i+j]))
		i += j
	}
	return b.String()
}

func placeholderText(name string) string {
	switch name {
	case "Partition":
		return "aws"
	case "Region", "Account":
		return "*"
	}
	var b strings.Builder
	for i, c := range name {
		if 'A' <= c && c <= 'Z' && i > 0 && !('A' <= rune(name[i-1]) && rune(name[i-1]) <= 'Z') {
			b.WriteByte('_')
		}
		b.WriteRune(c)
	}
	return strings.ToUpper(b.String())
}
