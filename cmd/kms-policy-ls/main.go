// Command kms-policy-ls is a language server and linter for AWS KMS key
// policies and IAM policies. With no arguments, "serve" or "--stdio" it speaks
// LSP over stdin/stdout; "lint" checks files for CI; "explain" and "catalog"
// print what it knows about KMS.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/kms-policy-ls/kms-policy-ls/internal/gctune"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	gctune.Apply()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit status:
// 0 success, 1 findings of error severity (lint), 2 usage or I/O errors.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return serve(nil, stdin, stdout, stderr)
	}
	switch args[0] {
	case "serve", "--stdio", "-stdio":
		return serve(args[1:], stdin, stdout, stderr)
	case "lint":
		return lint(args[1:], stdin, stdout, stderr)
	case "explain":
		return explain(args[1:], stdout, stderr)
	case "catalog":
		return catalogCmd(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "kms-policy-ls %s\n", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "kms-policy-ls: unknown command %q\n\n%s", args[0], usage)
	return 2
}

const usage = `Usage:
  kms-policy-ls [serve | --stdio] [--log-file FILE]   run the language server on stdin/stdout
  kms-policy-ls lint [--kind auto|key|iam] [--account ID] [--format text|json|sarif] PATH...
                                                    check policy files ("-" reads stdin; directories are walked for *.json)
  kms-policy-ls explain NAME                        document a KMS action, condition key or rule
  kms-policy-ls catalog [--format json|text]        print every KMS action and condition key
  kms-policy-ls version                             print the version
`
