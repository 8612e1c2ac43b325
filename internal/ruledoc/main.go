// Command ruledoc writes the README's rule sections from the rules
// themselves (checks.Rule.Markdown, made of the rule's Severity, Applies,
// Details and Example), so that a rule is documented in one place. It
// rewrites what lies between the two marker lines of README.md;
//
//	go generate ./analysis/checks
//
// runs it, and a test fails when README.md is not what it would write.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
)

const (
	begin = "<!-- rules: begin. Generated from analysis/checks by `go generate ./analysis/checks`; edit the rules there, not here. -->\n"
	end   = "<!-- rules: end -->\n"
)

func main() {
	readme := flag.String("readme", "README.md", "the README to rewrite")
	flag.Parse()
	if err := rewrite(*readme); err != nil {
		fmt.Fprintln(os.Stderr, "ruledoc:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	updated, err := splice(old, render(checks.Rules()))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(old, updated) {
		return nil
	}
	return os.WriteFile(path, updated, 0o644)
}

// splice replaces what lies between the marker lines of readme.
func splice(readme []byte, section string) ([]byte, error) {
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		return nil, errors.New("no rules section between the marker lines " + strings.TrimSpace(begin) + " and " + strings.TrimSpace(end))
	}
	return []byte(s[:i+len(begin)] + section + s[j:]), nil
}

// render writes one section a rule, in the order of checks.Rules (by code):
// the anchor DocURL points at, then the rule's own Markdown.
func render(rules []*checks.Rule) string {
	var b strings.Builder
	for _, r := range rules {
		fmt.Fprintf(&b, "\n<a id=%q></a>\n%s", checks.DocAnchor(r.Code), r.Markdown())
	}
	return b.String() + "\n"
}
