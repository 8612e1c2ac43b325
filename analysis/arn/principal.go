package arn

import "strings"

// Kind is what a principal value names.
// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
type Kind uint8

const (
	Invalid            Kind = iota // none of the forms below; Principal.Reason says why
	Everyone                       // "*": every principal, anonymous ones included
	AccountRoot                    // arn:PARTITION:iam::ACCOUNT:root or a bare account id: the whole account
	User                           // arn:PARTITION:iam::ACCOUNT:user/[PATH/]NAME
	Role                           // arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME: the role and all its sessions
	AssumedRoleSession             // arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION
	FederatedUser                  // arn:PARTITION:sts::ACCOUNT:federated-user/NAME
	Group                          // arn:PARTITION:iam::ACCOUNT:group/NAME: an IAM group, never a principal
	Service                        // a service principal: NAME.amazonaws.com (or .amazonaws.com.cn)
	Federated                      // a SAML or OIDC provider ARN, or a web identity provider name
)

var kindNames = [...]string{"invalid", "everyone", "account", "IAM user", "IAM role", "assumed-role session",
	"federated user", "IAM group", "service principal", "federated identity provider"}

// String is the kind in a few words, for messages.
func (k Kind) String() string { return kindNames[k] }

// IsAWS reports whether principals of this kind are written under the AWS
// principal type.
func (k Kind) IsAWS() bool {
	switch k {
	case Everyone, AccountRoot, User, Role, AssumedRoleSession, FederatedUser:
		return true
	}
	return false
}

// Principal is a classified principal value.
type Principal struct {
	Kind Kind
	// Account is the account the principal belongs to, where it names one.
	Account string
	// ARN is the parsed ARN for a principal written as an ARN; IsARN says
	// whether it was.
	ARN   ARN
	IsARN bool
	// Reason says why the value cannot be a principal as written: for
	// Invalid, for Group, and for an ARN holding a wildcard (IAM allows only
	// a lone "*"). It is "" for a valid principal.
	Reason string
}

// webIdentityProviders are the Federated values that are provider names
// rather than ARNs (the principal page, "Federated web identity users").
var webIdentityProviders = []string{"cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"}

// ParsePrincipal classifies a value of a Principal or NotPrincipal element,
// whatever principal type (AWS, Service, Federated) it was written under.
//
// Names in ARNs are not checked character by character, as IAM's own rules
// for them vary; only their presence is. A value spanning lines is invalid.
// The iam service's assumed-role/NAME and federated-user/NAME are classified
// as sessions, as this tool has always accepted them; AWS writes sessions as
// sts ARNs, where an assumed-role needs both ROLE and SESSION.
func ParsePrincipal(s string) Principal {
	switch {
	case s == "*":
		return Principal{Kind: Everyone}
	case IsAccountID(s):
		return Principal{Kind: AccountRoot, Account: s}
	case LooksLikeARN(s):
		return principalARN(s)
	case isWebIdentityProvider(s):
		return Principal{Kind: Federated}
	case IsServiceName(s):
		return Principal{Kind: Service}
	}
	return Principal{Reason: "not \"*\", an account id, an IAM or STS ARN, or a service name"}
}

func isWebIdentityProvider(s string) bool {
	for _, p := range webIdentityProviders {
		if s == p {
			return true
		}
	}
	return false
}

// principalARN classifies an ARN principal by its service and resource.
func principalARN(s string) Principal {
	a, err := Parse(s)
	if err != nil {
		return Principal{Reason: err.Error()}
	}
	p := Principal{ARN: a, IsARN: true, Account: a.Account}
	switch {
	case strings.IndexByte(s, '\n') >= 0:
		p.Reason = "a principal ARN is one line"
	case !IsPartition(a.Partition):
		p.Reason = "not a partition: " + quoteOrEmpty(a.Partition)
	case a.Region != "":
		p.Reason = "IAM and STS ARNs have no Region"
	case !IsAccountID(a.Account):
		p.Reason = "the account must be 12 digits, not " + quoteOrEmpty(a.Account)
	default:
		p.Kind, p.Reason = principalResource(a)
	}
	if p.Kind == Invalid {
		p.Account = ""
	}
	if p.Reason == "" && p.Kind != Everyone && HasWildcard(s) {
		p.Reason = "a wildcard is not allowed inside a principal; only a lone \"*\" is"
	}
	return p
}

func principalResource(a ARN) (Kind, string) {
	typ, name := a.ResourceType, a.ResourceID
	if strings.IndexByte(a.Resource, '/') != len(typ) {
		typ, name = "", a.Resource // the type ends at "/" here, never at ":"
	}
	switch a.Service {
	case "iam":
		return iamPrincipal(a.Resource, typ, name)
	case "sts":
		return stsPrincipal(typ, name)
	}
	return Invalid, "a principal ARN belongs to iam or sts, not " + quoteOrEmpty(a.Service)
}

func iamPrincipal(resource, typ, name string) (Kind, string) {
	var k Kind
	switch typ {
	case "user":
		k = User
	case "role":
		k = Role
	case "assumed-role":
		k = AssumedRoleSession
	case "federated-user":
		k = FederatedUser
	case "group":
		k = Group
	case "saml-provider", "oidc-provider":
		k = Federated
	}
	switch {
	case resource == "root":
		return AccountRoot, ""
	case k == Invalid:
		return Invalid, "not an IAM principal: " + quoteOrEmpty(resource)
	case name == "":
		return Invalid, "the " + typ + " has no name"
	case k == Group:
		return Group, "an IAM group cannot be a principal; name its users or a role"
	}
	return k, ""
}

func stsPrincipal(typ, name string) (Kind, string) {
	switch typ {
	case "assumed-role":
		role, session, _ := strings.Cut(name, "/")
		if role == "" || session == "" {
			return Invalid, "an assumed-role session is assumed-role/ROLE/SESSION"
		}
		return AssumedRoleSession, ""
	case "federated-user":
		if name == "" {
			return Invalid, "the federated user has no name"
		}
		return FederatedUser, ""
	}
	return Invalid, "an STS principal is an assumed-role or federated-user session"
}

// RoleARN is the ARN of the role an sts assumed-role session belongs to. A
// session ARN does not carry the role's path, so neither does this one.
func (p Principal) RoleARN() (string, bool) {
	if p.Kind != AssumedRoleSession || p.ARN.Service != "sts" {
		return "", false
	}
	role, _, _ := strings.Cut(p.ARN.ResourceID, "/")
	return ARN{Partition: p.ARN.Partition, Service: "iam", Account: p.Account, Resource: "role/" + role}.String(), true
}

// IsServiceName reports whether s has the shape of a service principal: DNS
// labels (letters, digits, inner hyphens) ending in .amazonaws.com or
// .amazonaws.com.cn, with at least one label before it.
func IsServiceName(s string) bool {
	host, ok := strings.CutSuffix(s, ".amazonaws.com")
	if !ok {
		host, ok = strings.CutSuffix(s, ".amazonaws.com.cn")
	}
	if !ok || host == "" {
		return false
	}
	for label := range strings.SplitSeq(host, ".") {
		if !isDNSLabel(label) {
			return false
		}
	}
	return true
}

// IsServiceEndpoint reports whether s has the shape SERVICE.REGION.amazonaws.com
// of a service's Regional endpoint, the values kms:ViaService takes (ASCII case
// ignored, as in host names).
func IsServiceEndpoint(s string) bool {
	const suffix = ".amazonaws.com"
	if len(s) < len(suffix) || !strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return false
	}
	service, region, ok := strings.Cut(s[:len(s)-len(suffix)], ".")
	if !ok || service == "" || service[0] == '-' {
		return false
	}
	return isWord(service, isAlnumOrHyphen) && isRegion(region, true)
}

// IsRegionFolded is IsRegion ignoring ASCII case.
func IsRegionFolded(s string) bool { return isRegion(s, true) }

func isDNSLabel(s string) bool {
	return s != "" && s[0] != '-' && s[len(s)-1] != '-' && isWord(s, isAlnumOrHyphen)
}

func isAlnumOrHyphen(c byte) bool { return isASCIIAlnum(c) || c == '-' }
