package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the repository's root, from this package's directory.
var repoRoot = filepath.Join("..", "..")

// readmeCLI is the README's text about the CLI: from "## Install" to the
// language server's section.
func readmeCLI(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, "## Install\n"), strings.Index(s, "## The language server\n")
	if i < 0 || j < i {
		t.Fatal(`README.md has no "## Install" section before "## The language server"`)
	}
	return s[i:j]
}

// The README shows the program's overview and lint's usage as `help`
// prints them, and names exactly the flags the commands have: every flag
// of every command is in the README, and every flag the README names is
// one of theirs.
func TestREADMEShowsTheUsage(t *testing.T) {
	cli := readmeCLI(t)
	for name, usage := range map[string]string{"kms-policy-ls help": overview(), "kms-policy-ls help lint": lintCommand.usage()} {
		if !strings.Contains(cli, "```\n"+usage+"```\n") {
			t.Errorf("README.md does not show the output of `%s` in a code block; it is:\n%s", name, usage)
		}
	}
	flags := map[string]bool{}
	for _, c := range commands {
		c.flags().VisitAll(func(f *flag.Flag) { flags[f.Name] = true })
	}
	for name := range flags {
		if !strings.Contains(cli, "--"+name) {
			t.Errorf("README.md does not document --%s", name)
		}
	}
	// The program's own spellings of serve, help and version are flags too.
	builtin := []string{"stdio", "help", "version"}
	for _, m := range regexp.MustCompile("--([a-z][a-z-]*)").FindAllStringSubmatch(cli, -1) {
		if !flags[m[1]] && !slices.Contains(builtin, m[1]) {
			t.Errorf("README.md names --%s, which no command has", m[1])
		}
	}
}
