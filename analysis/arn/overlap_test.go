package arn

import "testing"

func TestOverlap(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"arn:aws:s3:::my-bucket/*", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", true},
		{"arn:aws:s3:::my-bucket", "arn:${Partition}:s3:::${BucketName}", true},
		{"arn:aws:kms:us-east-1:111122223333:key/k", "arn:${Partition}:s3:::${BucketName}", false},
		{"arn:aws:kms:us-east-1:111122223333:alias/a", "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}", false},
		{"arn:aws:kms:*", "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}", true},
		{"ARN:AWS:KMS:*:*:KEY/*", "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}", true},
		{"arn:aws:iam::${aws:PrincipalAccount}:role/r", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", true},
		{"arn:aws:iam::111122223333:user/u", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", false},
		{"*", "anything", true},
		{"", "", true},
		{"a", "", false},
		{"a?c", "*b*", true},
		{"a*", "b*", false},
		{"*a", "*b", false},
		{"*a*", "*b*", true},
		{"AZ", "az", true}, // ASCII case, from A to Z
		{"bucket/${aws:username", "bucket/${aws:userid", false}, // an unclosed ${ is text, not a run
	} {
		if got := Overlap(c.a, c.b); got != c.want {
			t.Errorf("Overlap(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := Overlap(c.b, c.a); got != c.want {
			t.Errorf("Overlap(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}

// Overlap agrees with trying every short string: two patterns of at most
// three symbols that overlap share a string of at most six characters.
func TestOverlapAgreesWithEnumeration(t *testing.T) {
	symbols := []string{"a", "b", "*", "?"}
	var patterns []string
	var grow func(p string, n int)
	grow = func(p string, n int) {
		patterns = append(patterns, p)
		if n == 3 {
			return
		}
		for _, s := range symbols {
			grow(p+s, n+1)
		}
	}
	grow("", 0)
	var words []string
	var spell func(w string)
	spell = func(w string) {
		words = append(words, w)
		if len(w) == 6 {
			return
		}
		for _, c := range []string{"a", "b", "c"} {
			spell(w + c)
		}
	}
	spell("")
	for _, a := range patterns {
		for _, b := range patterns {
			want := false
			for _, w := range words {
				if MatchString(a, w) && MatchString(b, w) {
					want = true
					break
				}
			}
			if got := Overlap(a, b); got != want {
				t.Fatalf("Overlap(%q, %q) = %v, enumeration says %v", a, b, got, want)
			}
		}
	}
}

func TestOverlapARN(t *testing.T) {
	for _, c := range []struct {
		value, format string
		want          bool
	}{
		{"arn:aws:s3:::example-bucket/*", "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}", false},
		{"arn:aws:dynamodb:*:*:table/*", "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}", true},
		{"arn:aws:logs:*:*:log-group:/aws/lambda/*:*", "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}", true},
		{"arn:aws:iam::${aws:PrincipalAccount}:role/r", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", true},
		{"arn:aws:s3:::example-bucket", "arn:${Partition}:s3:::${BucketName}/${ObjectName}", false},
		{"arn:aws:*", "arn:${Partition}:s3:::${BucketName}", true}, // fewer components: read as a whole
	} {
		if got := OverlapARN(c.value, c.format); got != c.want {
			t.Errorf("OverlapARN(%q, %q) = %v, want %v", c.value, c.format, got, c.want)
		}
	}
}
