package arn

import "strings"

// IsAccountID reports whether s is an AWS account id: exactly 12 ASCII digits.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsPartition reports whether s has the shape of a partition: aws, or aws
// followed by hyphenated words of lower-case letters and digits. That covers
// aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f and aws-eusc
// without a list that a new partition would make wrong
// (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html).
func IsPartition(s string) bool {
	rest, ok := strings.CutPrefix(s, "aws")
	if !ok {
		return false
	}
	for rest != "" {
		word, _, _ := strings.Cut(rest[1:], "-")
		if rest[0] != '-' || !isWord(word, isLowerOrDigit) {
			return false
		}
		rest = rest[1+len(word):]
	}
	return true
}

// IsRegion reports whether s has the shape of a Region name: two letters,
// one or more hyphenated words, then a number (us-east-1, us-gov-west-1,
// ap-southeast-5), all lower case. There is no list: new Regions keep coming.
func IsRegion(s string) bool { return isRegion(s, false) }

// isRegion is IsRegion, ignoring ASCII case when fold is set (endpoint host
// names compare case-insensitively).
func isRegion(s string, fold bool) bool {
	letters := isLower
	if fold {
		letters = isASCIILetter
	}
	area, rest, _ := strings.Cut(s, "-")
	if len(area) != 2 || !isWord(area, letters) {
		return false
	}
	for words := 0; ; words++ {
		word, more, found := strings.Cut(rest, "-")
		if !found {
			return words > 0 && isWord(word, isDigit)
		}
		if !isWord(word, letters) {
			return false
		}
		rest = more
	}
}

// CouldBePartition, CouldBeRegion and CouldBeAccountID accept a valid
// component, or a pattern whose characters other than * and ? could belong
// to a valid one (and, for an account, that is not longer than 12 digits).
func CouldBePartition(s string) bool {
	return couldBe(s, IsPartition, isLowerDigitOrHyphen)
}

// CouldBeRegion: see CouldBePartition.
func CouldBeRegion(s string) bool { return couldBe(s, IsRegion, isLowerDigitOrHyphen) }

// CouldBeAccountID: see CouldBePartition.
func CouldBeAccountID(s string) bool {
	if !couldBe(s, IsAccountID, isDigit) {
		return false
	}
	fixed := len(s) - strings.Count(s, "*")
	if strings.Contains(s, "*") {
		return fixed <= 12
	}
	return fixed == 12
}

func couldBe(s string, valid func(string) bool, char func(byte) bool) bool {
	if !hasWildcardByte(s) {
		return valid(s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '*' && c != '?' && !char(c) {
			return false
		}
	}
	return true
}

func hasWildcardByte(s string) bool { return strings.ContainsAny(s, "*?") }

// Part names one of an ARN's components, for saying which one is wrong.
type Part uint8

const (
	PartPrefix Part = iota
	PartPartition
	PartService
	PartRegion
	PartAccount
	PartResource
)

var partNames = [...]string{"prefix", "partition", "service", "region", "account", "resource"}

// String is the component's name in lower case: "partition", "region", ….
func (p Part) String() string { return partNames[p] }

// Error says which component of an ARN is wrong, and why.
type Error struct {
	Part   Part
	Value  string // the component as written
	Reason string
}

func (e *Error) Error() string {
	return e.Part.String() + " " + quoteOrEmpty(e.Value) + ": " + e.Reason
}

func quoteOrEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return `"` + s + `"`
}

// Validate reports the first component that cannot be right in any ARN, as
// an *Error, or nil. Region and account may be empty (global services, S3);
// an account may also be "aws" (AWS managed policies). A component holding a
// policy variable is not judged, and one holding a wildcard only by the
// characters around it. The service may hold neither: IAM does not allow a
// wildcard there.
func (a ARN) Validate() error {
	switch {
	case HasVariable(a.Partition):
	case !CouldBePartition(a.Partition):
		return &Error{PartPartition, a.Partition, "not a partition such as aws, aws-cn or aws-us-gov"}
	}
	if a.Service == "" || !isWord(a.Service, isLowerDigitOrHyphen) {
		return &Error{PartService, a.Service, "a service is lower-case letters, digits and hyphens, such as kms"}
	}
	switch {
	case a.Region == "", HasVariable(a.Region):
	case !CouldBeRegion(a.Region):
		return &Error{PartRegion, a.Region, "not a Region such as us-east-1"}
	}
	switch {
	case a.Account == "", a.Account == "aws", HasVariable(a.Account):
	case !CouldBeAccountID(a.Account):
		return &Error{PartAccount, a.Account, "an account is 12 digits"}
	}
	if a.Resource == "" {
		return &Error{PartResource, a.Resource, "the resource is missing"}
	}
	return nil
}

func isWord(s string, char func(byte) bool) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !char(s[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool              { return '0' <= c && c <= '9' }
func isLower(c byte) bool              { return 'a' <= c && c <= 'z' }
func isASCIILetter(c byte) bool        { return isLower(c | 0x20) }
func isLowerOrDigit(c byte) bool       { return isLower(c) || isDigit(c) }
func isLowerDigitOrHyphen(c byte) bool { return isLowerOrDigit(c) || c == '-' }
func isASCIIAlnum(c byte) bool         { return isASCIILetter(c) || isDigit(c) }
