package lsp

import (
	"net/url"
	"path"
	"strings"
)

// matchGlob reports whether name matches pattern, where "**" matches any
// run of characters including '/', "*" any run without '/', and "?" one
// character other than '/'. Matching is on runes, so "?" matches "é".
//
// It is a dynamic programme over (pattern, name) positions, not a
// backtracking matcher, so that a pattern such as "*a*a*a*b" cannot make a
// long path take exponential time.
func matchGlob(pattern, name string) bool {
	p, n := []rune(pattern), []rune(name)
	// ok[j] reports whether the pattern read so far matches n[:j].
	ok := make([]bool, len(n)+1)
	next := make([]bool, len(n)+1)
	ok[0] = true
	for i := 0; i < len(p); i++ {
		clear(next)
		switch {
		case p[i] == '*' && i+2 < len(p) && p[i+1] == '*' && p[i+2] == '/':
			// "**/" matches zero or more whole segments: stay, or move to
			// just after any later '/'.
			i += 2
			before := false
			for j := 0; j <= len(n); j++ {
				next[j] = ok[j] || (before && n[j-1] == '/')
				before = before || ok[j]
			}
		case p[i] == '*' && i+1 < len(p) && p[i+1] == '*':
			i++
			run := false
			for j := 0; j <= len(n); j++ {
				run = run || ok[j]
				next[j] = run
			}
		case p[i] == '*':
			run := false
			for j := 0; j <= len(n); j++ {
				if j > 0 && n[j-1] == '/' {
					run = false
				}
				run = run || ok[j]
				next[j] = run
			}
		default:
			for j := 1; j <= len(n); j++ {
				if ok[j-1] && ((p[i] == '?' && n[j-1] != '/') || p[i] == n[j-1]) {
					next[j] = true
				}
			}
		}
		ok, next = next, ok
	}
	return ok[len(n)]
}

// matchesAny reports whether a document's URI matches one of the globs. A
// glob without '/' is matched against the file name only ("*.policy.json");
// one with a '/' against the whole path, anchored anywhere a path segment
// starts unless it begins with '/'.
func matchesAny(globs []string, uri string) bool {
	if len(globs) == 0 {
		return false
	}
	p := uriPath(uri)
	if p == "" {
		return false
	}
	base := path.Base(p)
	for _, g := range globs {
		switch {
		case !strings.Contains(g, "/"):
			if matchGlob(g, base) {
				return true
			}
		case strings.HasPrefix(g, "/"):
			if matchGlob(g, p) {
				return true
			}
		default:
			if matchGlob("**/"+g, p) || matchGlob(g, p) {
				return true
			}
		}
	}
	return false
}

// uriPath gives the path part of a URI for glob matching, with escapes
// such as VS Code's "%3A" decoded. It never panics (uri.Filename does on
// non-file URIs, pitfall 11): an "untitled:Untitled-1" yields
// "Untitled-1", and an unparsable URI is matched as written.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	if u.Opaque != "" {
		if p, err := url.PathUnescape(u.Opaque); err == nil {
			return p
		}
		return u.Opaque
	}
	return u.Path
}
