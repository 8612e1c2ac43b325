package arn

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMatchString(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true}, {"", "a", false}, {"*", "", true}, {"*", "a:b/c", true}, {"?", "", false}, {"?", "é", true},
		{"??", "é", false}, {"a?c", "abc", true}, {"a?c", "ac", false}, {"a*c", "abbbc", true}, {"a*c", "abbbd", false},
		{"A*", "a", false}, {"*/test/*", "b/1/2/test/x", true}, {"b/*/test/*", "b/test/x", false},
		{"b/*/test/*", "b/1/2/test/x", true}, {"*a*a*", "aa", true}, {"*a*a*", "a", false}, {"*ab*ab", "xabyab", true},
		{"*ab*ab", "xabyaab", true}, {"*ab*ab", "abab", true}, {"*ab*ab", "aba", false}, {"key/*", "key/", true},
		{"日本*", "日本語", true}, {"日?語", "日本語", true}, {"*?", "", false}, {"a**b", "ab", true}, {"?*?", "é", false},
	}
	for _, tt := range tests {
		if got := MatchString(tt.pattern, tt.s); got != tt.want {
			t.Errorf("MatchString(%q, %q) = %v", tt.pattern, tt.s, got)
		}
		if want := globOracle(tt.pattern).MatchString(tt.s); want != tt.want {
			t.Errorf("the oracle disagrees with the table on (%q, %q)", tt.pattern, tt.s)
		}
	}
}

func TestMatch(t *testing.T) {
	const key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	tests := []struct {
		pattern, arn string
		want, res    bool // Match, MatchResource
	}{
		{key, key, true, true},
		{"arn:aws:kms:*:111122223333:key/*", key, true, true},
		{"arn:aws:kms:*:111122223333:alias/*", key, false, false},
		{"arn:aws:kms:*:*:*", key, true, true},
		{"arn:*:*:*:*:*", key, true, true},
		{"arn:aws:kms:*", key, false, true},                  // a trailing * runs on in Resource only
		{"arn:aws:kms:eu-*:111122223333", key, false, false}, // nothing left for the resource
		{"arn:aws:kms:*:1111*", key, false, true},
		{"arn:aws:kms:??-west-?:111122223333:key/*", key, true, true},
		{"arn:aws:KMS:*:111122223333:key/*", key, false, false}, // case-sensitive
		{"arn:aws:kms:*:111122223333:key/1234ABCD*", key, false, false},
		{"*", key, false, true},
		{"arn:aws:svc:*:111122223333:finance/*", "arn:aws:svc:us-east-2:999999999999:store/abc:111122223333:finance/d", false, false},
		{"arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b/1/2/test/x", true, true},
		{"arn:aws:s3:::b/*/test/*", "arn:aws:s3:::b/test/x", false, false},
		{"arn:aws:logs:*:*:log-group:/aws/*", "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:*", true, true},
		{"arn:aws:iam::*:role/José*", "arn:aws:iam::111122223333:role/José-admin", true, true},
		{"arn:aws:iam::*:role/Jos?", "arn:aws:iam::111122223333:role/José", true, true},
		{"arn:aws:s3:::b/${aws:username}", "arn:aws:s3:::b/bob", false, false}, // variables are not substituted
		{"arn:aws:s3:::b", "not an arn", false, false},
	}
	for _, tt := range tests {
		if got := Match(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("Match(%q, %q) = %v", tt.pattern, tt.arn, got)
		}
		if got := MatchResource(tt.pattern, tt.arn); got != tt.res {
			t.Errorf("MatchResource(%q, %q) = %v", tt.pattern, tt.arn, got)
		}
	}
}

// globOracle is MatchString's definition as a regular expression, for valid
// UTF-8 patterns.
func globOracle(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.MustCompile(b.String())
}

// checkParseMatch states what holds for any input: nothing panics, Parse and
// String round-trip, an ARN matches itself, and MatchString agrees with the
// regular-expression oracle.
func checkParseMatch(t *testing.T, pattern, s string) {
	for _, in := range []string{pattern, s} {
		a, err := Parse(in)
		_ = ParsePrincipal(in)
		if err != nil {
			continue
		}
		if a.String() != in {
			t.Errorf("Parse(%q).String() = %q", in, a.String())
		}
		_ = a.Validate()
		if !Match(in, in) || !MatchResource(in, in) {
			t.Errorf("%q does not match itself", in)
		}
		if !a.HasWildcard() && !MatchString(a.Resource, a.Resource) {
			t.Errorf("resource %q does not match itself", a.Resource)
		}
	}
	got := MatchString(pattern, s)
	if utf8.ValidString(pattern) && utf8.ValidString(s) {
		if want := globOracle(pattern).MatchString(s); got != want {
			t.Errorf("MatchString(%q, %q) = %v, oracle %v", pattern, s, got, want)
		}
	}
	if Match(pattern, s) && !MatchResource(pattern, s) {
		t.Errorf("Match(%q, %q) but not MatchResource", pattern, s)
	}
	if p := ParsePrincipal(s); p.Kind == AccountRoot && !IsAccountID(p.Account) {
		t.Errorf("ParsePrincipal(%q): account %q", s, p.Account)
	}
}

func FuzzParseMatch(f *testing.F) {
	f.Add("arn:aws:kms:*:111122223333:key/*", "arn:aws:kms:eu-west-1:111122223333:key/k")
	f.Add("arn:aws:kms:*", "arn:aws:kms:us-east-1:111122223333:alias/x")
	f.Add("*ab*ab", "xabyaab")
	f.Add("日?語*", "日本語\xff")
	f.Add("arn:aws:sts::111122223333:assumed-role/App/*", "arn:aws:sts::111122223333:assumed-role/App/s1")
	f.Fuzz(checkParseMatch)
}
