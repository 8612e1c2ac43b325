package lsp

import "testing"

func TestMatchGlob(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*.json", "key.json", true},
		{"*.json", "dir/key.json", false},
		{"**/*.json", "dir/sub/key.json", true},
		{"**/*.json", "key.json", true},
		{"policies/**/key.json", "policies/key.json", true},
		{"policies/**/key.json", "policies/a/b/key.json", true},
		{"policies/**/key.json", "policies/akey.json", false},
		{"**", "a/b/c", true},
		{"a/**", "a/b/c", true},
		{"?.json", "é.json", true},
		{"?.json", "ab.json", false},
		{"?", "/", false},
		{"key-*-prod.json", "key-😀-prod.json", true},
		{"*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false},
		{"", "", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := matchGlob(tt.pattern, tt.name); got != tt.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}

func TestMatchesAny(t *testing.T) {
	globs := []string{"*.kms.json", "infra/policies/*.json", "/abs/only/*.txt"}
	for uri, want := range map[string]bool{
		"file:///home/me/app.kms.json":               true,
		"file:///home/me/repo/infra/policies/a.json": true,
		"file:///home/me/repo/policies/a.json":       false,
		"file:///abs/only/x.txt":                     true,
		"file:///elsewhere/abs/only/x.txt":           false,
		"file:///c%3A/proj/key.kms.json":             true,
		"untitled:Untitled-1":                        false,
		"untitled:draft.kms.json":                    true,
		"%%%not a uri":                               false,
	} {
		if got := matchesAny(globs, uri); got != want {
			t.Errorf("matchesAny(%q) = %v, want %v", uri, got, want)
		}
	}
	if matchesAny(nil, "file:///a.kms.json") {
		t.Error("no globs matched something")
	}
}

// uriPath decodes the path of a URI without a slash after its scheme, as
// it does a file: URI's, and keeps one it cannot decode as written.
func TestURIPath(t *testing.T) {
	for u, want := range map[string]string{
		"untitled:My%20Policy.json":    "My Policy.json",
		"untitled:Untitled-1":          "Untitled-1",
		"untitled:bad%zz.json":         "bad%zz.json",
		"file:///home/me/a%20b/é.json": "/home/me/a b/é.json",
		"%%%not a uri":                 "%%%not a uri",
	} {
		if got := uriPath(u); got != want {
			t.Errorf("uriPath(%q) = %q, want %q", u, got, want)
		}
	}
}
