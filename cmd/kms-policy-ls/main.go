// Command kms-policy-ls is a language server and linter for AWS KMS key
// policies and IAM policies. With no arguments, "serve" or "--stdio" it speaks
// LSP over stdin/stdout; "lint" checks files for CI; "explain" and "catalog"
// print what it knows about KMS.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/internal/gctune"
)

func main() {
	gctune.Apply()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is a subcommand. Its usage is made from its synopsis, its details
// and its flag set, so that `help`, `-h` and the README (kept equal to them
// by TestREADMEShowsTheUsage) say the same.
type command struct {
	name     string
	synopsis string // what follows "kms-policy-ls NAME" in the usage line
	summary  string // its line in the overview
	details  string // paragraphs between the usage line and the flags
	// flags makes a flag set like the one run parses, bound to throwaway
	// values, for the usage.
	flags func() *flag.FlagSet
	run   func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands are listed in the overview in this order.
var commands []*command

func init() {
	commands = []*command{serveCommand, lintCommand, explainCommand, catalogCommand, versionCommand, helpCommand}
}

// run dispatches a subcommand and returns the process exit status:
// 0 success, 1 findings at or above the severity threshold (lint), 2 usage
// or I/O errors.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return serveCommand.run(nil, stdin, stdout, stderr)
	}
	switch args[0] {
	case "--stdio", "-stdio":
		return serveCommand.run(args[1:], stdin, stdout, stderr)
	case "--version", "-version", "-v":
		return versionCommand.run(args[1:], stdin, stdout, stderr)
	case "--help", "-help", "-h":
		return helpCommand.run(args[1:], stdin, stdout, stderr)
	}
	if c := lookupCommand(args[0]); c != nil {
		return c.run(args[1:], stdin, stdout, stderr)
	}
	fmt.Fprintf(stderr, "kms-policy-ls: unknown command %q\n\n%s", args[0], overview())
	return 2
}

func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// overview is the usage of the whole program: one line a command.
func overview() string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	for _, c := range commands {
		line := "kms-policy-ls " + c.name
		if c == serveCommand {
			line = "kms-policy-ls [serve | --stdio]"
		}
		if c.synopsis != "" {
			line += " " + c.synopsis
		}
		fmt.Fprintf(&b, "  %-49s %s\n", line, c.summary)
	}
	b.WriteString("\nRun 'kms-policy-ls help COMMAND' (or COMMAND --help) for a command's flags.\n")
	return b.String()
}

// usage is one command's help: its usage line, details and flags.
func (c *command) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: kms-policy-ls %s", c.name)
	if c.synopsis != "" {
		b.WriteString(" " + c.synopsis)
	}
	b.WriteString("\n\n" + strings.ToUpper(c.summary[:1]) + c.summary[1:] + ".\n")
	if c.details != "" {
		b.WriteString("\n" + c.details)
	}
	b.WriteString("\nFlags:\n")
	c.flags().VisitAll(func(f *flag.Flag) {
		// A usage starts with its value's name in backquotes ("`ID` the
		// key's account"): the name goes after the flag, the rest below.
		name, text := flag.UnquoteUsage(f)
		text = strings.TrimPrefix(text, name+" ")
		fmt.Fprintf(&b, "  --%s", f.Name)
		if name != "" {
			b.WriteString(" " + name)
		}
		if f.DefValue != "" && f.DefValue != "false" {
			text += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		b.WriteString("\n" + wrap(text, "        ", 80))
	})
	b.WriteString("  -h, --help\n        print this help\n")
	return b.String()
}

// wrap breaks s into lines of at most width bytes (a longer word stays
// whole), each starting with indent.
func wrap(s, indent string, width int) string {
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(s) {
		if line != indent && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	b.WriteString(line + "\n")
	return b.String()
}

// parseArgs parses a command's arguments with Go's flag conventions
// (--flag value, --flag=value, -flag; "--" ends the flags) and, unlike the
// flag package alone, accepts flags after and between the positional
// arguments, as people type them ("lint policies/ --format json"). On
// --help it prints the usage on stdout; on a bad flag, the error and the
// usage on stderr. ok is false when the command must return code at once.
func (c *command) parseArgs(fs *flag.FlagSet, args []string, stdout, stderr io.Writer) (positional []string, code int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	positional, err := parseInterleaved(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, c.usage())
		return nil, 0, false
	case err != nil:
		fmt.Fprintf(stderr, "kms-policy-ls %s: %v\n\n%s", c.name, err, c.usage())
		return nil, 2, false
	}
	return positional, 0, true
}

// parseInterleaved parses flags, takes the first positional argument and
// parses the rest again, since the flag package stops at the first
// argument that is not a flag. A "--" that the flag package consumed ends
// the flags: every argument after it is positional. (A "--" can only be
// mistaken for the value of a flag when the flag takes any text; every
// value flag of kms-policy-ls that is parsed here rejects "--".)
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// noFlags is the flag set of a command that has none but -h.
func noFlags(name string) func() *flag.FlagSet {
	return func() *flag.FlagSet { return flag.NewFlagSet(name, flag.ContinueOnError) }
}

var helpCommand = &command{
	name:     "help",
	synopsis: "[COMMAND]",
	summary:  "print the usage of kms-policy-ls or of one command",
	flags:    noFlags("help"),
}

func init() { helpCommand.run = help }

func help(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	args, code, ok := helpCommand.parseArgs(helpCommand.flags(), args, stdout, stderr)
	if !ok {
		return code
	}
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, overview())
		return 0
	case 1:
		if c := lookupCommand(args[0]); c != nil {
			fmt.Fprint(stdout, c.usage())
			return 0
		}
		fmt.Fprintf(stderr, "kms-policy-ls help: unknown command %q\n\n%s", args[0], overview())
	default:
		fmt.Fprintf(stderr, "kms-policy-ls help: give one command\n\n%s", overview())
	}
	return 2
}
