package checks

import "github.com/kms-policy-ls/kms-policy-ls/analysis/text"

// The syntax errors of a host file that is not JSON. The host's parser
// finds them (source.Classify), not a rule over a policy; the rules are
// here so that they have a code, a severity the user can change, and
// documentation like every other finding.
func init() {
	register(&Rule{
		Code:      "yaml-syntax",
		Severity:  Error,
		Doc:       "A YAML file that holds policies (a CloudFormation template) does not parse.",
		Check:     func(*Pass) {},
		Elsewhere: true,
		Details: "A YAML file that holds policies (a CloudFormation template) does not parse " +
			"where the finding points. A template is read resource by resource: the policies " +
			"of the other resources are still checked, and those of the resource that does " +
			"not parse keep the findings they had before the edit, where their text is " +
			"unchanged.",
		Example: "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: [unclosed",
	})
	register(&Rule{
		Code:      "hcl-syntax",
		Severity:  Error,
		Doc:       "A Terraform file that holds policies does not parse.",
		Check:     func(*Pass) {},
		Elsewhere: true,
		Details: "A Terraform (HCL) file that holds policies does not parse where the finding " +
			"points. The file is read block by block: the policies of the other blocks are " +
			"still checked, and those of the block that does not parse keep the findings they " +
			"had before the edit, where their text is unchanged.",
		Example: "resource \"aws_kms_key\" \"main\" {\n  policy = jsonencode({Version = \"2012-10-17\"\n}",
	})
	register(&Rule{
		Code:      "missing-policy-file",
		Severity:  Warning,
		Doc:       "A Terraform policy argument reads a file that does not exist.",
		Check:     func(*Pass) {},
		Elsewhere: true,
		Details: "A policy argument written as file(\"…\") or templatefile(\"…\", {…}) names a file " +
			"that is not there, relative to the directory of the .tf file (a literal path, or one " +
			"after ${path.module}, ${path.root} or ${path.cwd}; other paths are not followed). " +
			"terraform plan would fail, and the policy cannot be checked. A file that is there is " +
			"checked as a policy of the resource's kind, under its own name.",
		Example: "resource \"aws_kms_key\" \"main\" {\n  policy = file(\"${path.module}/policies/missing.json\")\n}",
	})
}

// SyntaxFinding is the finding of a host's syntax error under the rule
// code, unless the user turned the rule off.
func SyntaxFinding(code string, span text.Span, message string, opts Options) (Diagnostic, bool) {
	r := LookupRule(code)
	if r == nil || opts.Disabled[code] {
		return Diagnostic{}, false
	}
	sev := r.Severity
	if o, ok := opts.Severity[code]; ok {
		sev = o
	}
	return Diagnostic{Span: span, Code: code, Severity: sev, Message: message}, true
}
