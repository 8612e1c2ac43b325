package catalog

// The global condition keys (aws: and the few cross-service session keys the
// IAM guide lists with them). KMS accepts every global key in both key and
// IAM policies; each is present only in some requests. The three tag keys
// are in the seed table; the rest come from the IAM guide.

const srcGCK = "IAM global condition keys page 2026"

// globalKey builds one plain global key.
func globalKey(name string, t ValueType, multi bool, doc string) *ConditionKey {
	return &ConditionKey{Name: name, Type: t, Multi: multi, Global: true, Doc: doc, Source: srcGCK}
}

// sensitive marks keys whose values name one account, organization, VPC or
// endpoint: a wildcard in them has no sensible use.
func sensitive(k *ConditionKey) *ConditionKey { k.Sensitive = true; return k }

func withFormat(k *ConditionKey, format string) *ConditionKey { k.Format = format; return k }

func tagKey(prefix, doc string) *ConditionKey {
	return &ConditionKey{Name: prefix + "tag-key", Prefix: prefix, Param: "tag-key", Type: TypeString,
		Global: true, Doc: doc, Source: srcGCK}
}

func globalKeys() []*ConditionKey {
	requestTag := tagKey("aws:RequestTag/", "The value of the named tag the request would set (tag key case-insensitive, value case-sensitive).")
	requestTag.NoForAllValues = true
	requestTag.Source = ""
	resourceTag := tagKey("aws:ResourceTag/", "The value of the named tag already on the resource (for KMS, the KMS key).")
	resourceTag.Source = ""
	tagKeys := globalKey("aws:TagKeys", TypeString, true, "The tag keys named in the request.")
	tagKeys.Source = ""

	return []*ConditionKey{
		// principal
		globalKey("aws:PrincipalArn", TypeARN, false, "The ARN of the principal making the request (for a role session, the role's ARN)."),
		withFormat(sensitive(globalKey("aws:PrincipalAccount", TypeString, false, "The account the requesting principal belongs to.")), fmtAccount),
		globalKey("aws:PrincipalOrgPaths", TypeString, true, "The AWS Organizations paths of the requesting principal's account."),
		sensitive(globalKey("aws:PrincipalOrgID", TypeString, false, "The organization ID of the requesting principal's account.")),
		tagKey("aws:PrincipalTag/", "The value of the named tag on the requesting principal."),
		globalKey("aws:PrincipalIsAWSService", TypeBool, false, "Whether the request comes from an AWS service principal."),
		globalKey("aws:PrincipalServiceName", TypeString, false, "The service principal name when an AWS service makes the request."),
		globalKey("aws:PrincipalServiceNamesList", TypeString, true, "Every service principal name of the requesting service."),
		globalKey("aws:PrincipalType", TypeString, false, "The kind of principal: Account, User, FederatedUser, AssumedRole or Anonymous."),
		globalKey("aws:userid", TypeString, false, "The unique ID of the requesting principal."),
		globalKey("aws:username", TypeString, false, "The friendly name of the requesting IAM user."),
		// role session
		globalKey("aws:AssumedRoot", TypeBool, false, "Whether the request uses a privileged root session obtained with AssumeRoot."),
		globalKey("aws:FederatedProvider", TypeString, false, "The identity provider that issued the session's federated identity."),
		globalKey("aws:TokenIssueTime", TypeDate, false, "When the temporary credentials of the request were issued."),
		globalKey("aws:SignInSessionArn", TypeARN, false, "The ARN of the console or OAuth sign-in session behind the request."),
		globalKey("aws:MultiFactorAuthAge", TypeNumeric, false, "Seconds since the principal last authenticated with MFA."),
		globalKey("aws:MultiFactorAuthPresent", TypeBool, false, "Whether the request's credentials were obtained with MFA."),
		globalKey("aws:ChatbotSourceArn", TypeARN, false, "The chat channel configuration behind a request made through AWS Chatbot."),
		globalKey("aws:Ec2InstanceSourceVpc", TypeString, false, "The VPC of the EC2 instance whose role credentials sign the request."),
		globalKey("aws:Ec2InstanceSourcePrivateIPv4", TypeIPAddress, false, "The private IPv4 address of the EC2 instance whose role credentials sign the request."),
		globalKey("aws:SourceIdentity", TypeString, false, "The source identity set when the role session was created."),
		globalKey("ec2:RoleDelivery", TypeNumeric, false, "The instance metadata service version that delivered the role credentials."),
		globalKey("ec2:SourceInstanceArn", TypeARN, false, "The EC2 instance whose role credentials sign the request."),
		globalKey("glue:RoleAssumedBy", TypeString, false, "The AWS Glue service that assumed the role for the request."),
		globalKey("glue:CredentialIssuingService", TypeString, false, "The AWS Glue service that issued the request's credentials."),
		globalKey("codebuild:BuildArn", TypeARN, false, "The CodeBuild build whose credentials sign the request."),
		globalKey("codebuild:ProjectArn", TypeARN, false, "The CodeBuild project whose credentials sign the request."),
		globalKey("lambda:SourceFunctionArn", TypeARN, false, "The Lambda function whose execution role signs the request."),
		globalKey("ssm:SourceInstanceArn", TypeARN, false, "The Systems Manager managed instance whose credentials sign the request."),
		globalKey("identitystore:UserId", TypeString, false, "The IAM Identity Center user behind the session."),
		// network
		withFormat(globalKey("aws:SourceIp", TypeIPAddress, false, "The public IP address the request came from."), "IPv4 or IPv6 address or CIDR block"),
		sensitive(globalKey("aws:SourceVpc", TypeString, false, "The VPC the request came through (via a VPC endpoint).")),
		globalKey("aws:SourceVpcArn", TypeARN, false, "The ARN of the VPC the request came through."),
		sensitive(globalKey("aws:SourceVpce", TypeString, false, "The VPC endpoint the request came through.")),
		withFormat(sensitive(globalKey("aws:VpceAccount", TypeString, false, "The account owning the VPC endpoint the request came through.")), fmtAccount),
		sensitive(globalKey("aws:VpceOrgID", TypeString, false, "The organization of the account owning the VPC endpoint.")),
		globalKey("aws:VpceOrgPaths", TypeString, true, "The organization paths of the account owning the VPC endpoint."),
		globalKey("aws:VpcSourceIp", TypeIPAddress, false, "The private IP address a request through a VPC endpoint came from."),
		// resource
		withFormat(sensitive(globalKey("aws:ResourceAccount", TypeString, false, "The account that owns the resource.")), fmtAccount),
		sensitive(globalKey("aws:ResourceOrgID", TypeString, false, "The organization of the account that owns the resource.")),
		globalKey("aws:ResourceOrgPaths", TypeString, true, "The organization paths of the account that owns the resource."),
		resourceTag,
		// request
		globalKey("aws:CalledVia", TypeString, true, "The chain of services that made the request on the principal's behalf."),
		globalKey("aws:CalledViaFirst", TypeString, false, "The first service in the aws:CalledVia chain."),
		globalKey("aws:CalledViaLast", TypeString, false, "The last service in the aws:CalledVia chain."),
		globalKey("aws:CalledViaAWSMCP", TypeString, false, "The AWS-managed MCP server that made the request."),
		globalKey("aws:ViaAWSService", TypeBool, false, "Whether an AWS service made the request with the principal's credentials."),
		globalKey("aws:ViaAWSMCPService", TypeBool, false, "Whether an AWS-managed MCP server made the request."),
		globalKey("aws:CurrentTime", TypeDate, false, "The date and time of the request."),
		&ConditionKey{Name: "aws:EpochTime", Type: TypeDate, AltTypes: []ValueType{TypeNumeric}, Global: true, Source: srcGCK,
			Doc: "The time of the request in seconds since 1970; works with Date or Numeric operators."},
		globalKey("aws:referer", TypeString, false, "The HTTP referer header of the request; easily forged."),
		globalKey("aws:RequestedRegion", TypeString, false, "The Region the request was sent to."),
		requestTag,
		tagKeys,
		globalKey("aws:SecureTransport", TypeBool, false, "Whether the request was sent over TLS."),
		withFormat(sensitive(globalKey("aws:SourceAccount", TypeString, false, "The account of the resource that made a service-to-service request.")), fmtAccount),
		globalKey("aws:SourceArn", TypeARN, false, "The ARN of the resource that made a service-to-service request."),
		sensitive(globalKey("aws:SourceOrgID", TypeString, false, "The organization of the resource that made a service-to-service request.")),
		globalKey("aws:SourceOrgPaths", TypeString, true, "The organization paths of the resource that made a service-to-service request."),
		globalKey("aws:UserAgent", TypeString, false, "The client's user agent string; easily forged."),
		globalKey("aws:IsMcpServiceAction", TypeBool, false, "Whether the request is an action of an MCP service."),
	}
}
