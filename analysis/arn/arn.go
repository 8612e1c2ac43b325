// Package arn is the one place ARNs, account ids and principals are parsed:
// it splits an Amazon Resource Name into its six components, validates
// partitions, Regions and account ids, classifies the values an IAM
// principal can take, and matches ARNs against the patterns policies write.
//
// An ARN is arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE. The resource is
// everything after the fifth colon and may itself hold colons and slashes
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
// Policies write ARN patterns as well as ARNs: wildcards (* and ?) and policy
// variables (${aws:username}) may stand in any component, so parsing accepts
// them and only reports that they are there.
package arn

import (
	"errors"
	"strconv"
	"strings"
)

// ARN is a parsed ARN or ARN pattern. Its components are the text as written;
// String puts them back together into the text Parse read.
type ARN struct {
	Partition string // aws, aws-cn, aws-us-gov, …
	Service   string // kms, iam, sts, s3, …
	Region    string // us-east-1, or "" for a global resource
	Account   string // 12 digits, or "" where the service has none
	Resource  string // the whole resource part, colons and slashes included

	// ResourceType and ResourceID split Resource at its first "/" or ":"
	// (key/ID, alias/NAME, role/PATH/NAME, log-group:NAME). A resource with
	// neither separator (root, an S3 bucket) has no type: ResourceID is all
	// of it.
	ResourceType string
	ResourceID   string
}

// Prefix is how every ARN begins.
const Prefix = "arn:"

// LooksLikeARN reports whether s begins like an ARN (arn:, case-sensitive as
// AWS writes it), whether or not the rest is well formed.
func LooksLikeARN(s string) bool { return strings.HasPrefix(s, Prefix) }

// Fields splits s at its first five colons into n ≤ 6 fields, the last of
// which keeps any further colons. For an ARN these are "arn" and the five
// components; an ARN cut short gives fewer. Hover shows the fields of text
// still being typed, and rules judge the fields they have. Unlike Parse,
// Fields cuts at the colon of a variable such as ${aws:username} too. The
// fields come in an array, so that slicing it (f[:n]) allocates nothing.
func Fields(s string) (f [6]string, n int) { return cut(s, false) }

// components splits s as Fields does, except at colons inside a policy
// variable: arn:aws:iam::${aws:PrincipalAccount}:role/R has the variable as
// its account.
func components(s string) (f [6]string, n int) { return cut(s, true) }

func cut(s string, variables bool) (f [6]string, n int) {
	if variables && strings.Contains(s, "${") {
		return cutAroundVariables(s)
	}
	// No variable: every colon separates (the common case, and the one
	// every keystroke pays for, once per ARN in the policy).
	start := 0
	for n < 5 {
		c := strings.IndexByte(s[start:], ':')
		if c < 0 {
			break
		}
		f[n] = s[start : start+c]
		n++
		start += c + 1
	}
	f[n] = s[start:]
	return f, n + 1
}

// cutAroundVariables is cut for text with a policy variable, whose colons
// (${aws:username}) separate nothing.
func cutAroundVariables(s string) (f [6]string, n int) {
	start, pos := 0, 0
	for n < 5 {
		c := strings.IndexByte(s[pos:], ':')
		if c < 0 {
			break
		}
		c += pos
		if v := strings.Index(s[pos:c], "${"); v >= 0 {
			if j := strings.IndexByte(s[pos+v:], '}'); j >= 0 {
				pos += v + j + 1 // past the variable, which may hold this colon
				continue
			}
		}
		f[n] = s[start:c]
		n++
		start, pos = c+1, c+1
	}
	f[n] = s[start:]
	return f, n + 1
}

// ErrNotARN is the error Parse returns for text that does not begin with arn:.
var ErrNotARN = errors.New("not an ARN: it does not begin with arn:")

// Parse reads an ARN or ARN pattern. It fails only when s does not begin
// with arn: or has fewer than six colon-separated fields (a colon inside a
// policy variable separates nothing); it does not judge the components
// (Validate does), so patterns and variables parse.
func Parse(s string) (ARN, error) {
	if !LooksLikeARN(s) {
		return ARN{}, ErrNotARN
	}
	f, n := components(s)
	if n < 6 {
		return ARN{}, errors.New("an ARN has six colon-separated fields (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE); this one has " + strconv.Itoa(n))
	}
	a := ARN{Partition: f[1], Service: f[2], Region: f[3], Account: f[4], Resource: f[5]}
	a.ResourceType, a.ResourceID = splitResource(a.Resource)
	return a, nil
}

func splitResource(r string) (typ, id string) {
	for i := 0; i < len(r); i++ {
		if r[i] == '/' || r[i] == ':' {
			return r[:i], r[i+1:]
		}
	}
	return "", r
}

// String is the ARN as text: the input of Parse, byte for byte.
func (a ARN) String() string {
	return Prefix + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// HasWildcard reports whether any component holds * or ?, outside policy
// variables (${*} and ${?} are the literal characters).
func (a ARN) HasWildcard() bool { return HasWildcard(a.String()) }

// HasVariable reports whether any component holds a policy variable.
func (a ARN) HasVariable() bool { return HasVariable(a.String()) }

// HasWildcard reports whether s holds * or ? outside policy variables.
func HasWildcard(s string) bool {
	if strings.IndexByte(s, '*') < 0 && strings.IndexByte(s, '?') < 0 {
		return false
	}
	for {
		i := strings.IndexAny(s, "*?$")
		if i < 0 {
			return false
		}
		if s[i] != '$' {
			return true
		}
		s = skipVariable(s[i:])
	}
}

// HasVariable reports whether s holds a policy variable: ${ with a closing }.
func HasVariable(s string) bool {
	i := strings.Index(s, "${")
	return i >= 0 && strings.IndexByte(s[i:], '}') >= 0
}

// skipVariable returns what follows a ${…} that s begins with, or s less its
// first byte when s does not begin with a variable.
func skipVariable(s string) string {
	if strings.HasPrefix(s, "${") {
		if j := strings.IndexByte(s, '}'); j >= 0 {
			return s[j+1:]
		}
	}
	return s[1:]
}
