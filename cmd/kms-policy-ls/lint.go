package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
)

// lintOptions are the flags of the lint command.
type lintOptions struct {
	kind     policy.Kind
	format   string
	account  string
	disabled map[string]bool
	paths    []string
}

// fileResult is one linted file.
type fileResult struct {
	path string
	doc  *analysis.Document
}

func lint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseLintArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls lint: %v\n\n%s", err, usage)
		return 2
	}
	files, err := collectFiles(opts.paths)
	if err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls lint: %v\n", err)
		return 2
	}
	aopts := analysis.Options{Kind: opts.kind, Checks: checks.Options{Account: opts.account, Disabled: opts.disabled}}
	var results []fileResult
	for _, f := range files {
		src, err := readInput(f.path, stdin)
		if err != nil {
			fmt.Fprintf(stderr, "kms-policy-ls lint: %v\n", err)
			return 2
		}
		// What a file holds is source.Classify's decision, as in the
		// language server: a file found by walking a directory is linted
		// only when it holds a policy (package.json and the like are not
		// policies with mistakes); a file named on the command line is
		// always linted, as a policy when nothing in it looks like one.
		doc := analysis.Analyze(analysis.Input{File: source.File{Name: f.path, Src: src, Explicit: !f.found}}, aopts)
		if !doc.IsPolicy() {
			continue
		}
		results = append(results, fileResult{path: f.path, doc: doc})
	}
	if err := writeReport(stdout, opts.format, results); err != nil {
		fmt.Fprintf(stderr, "kms-policy-ls lint: writing the report: %v\n", err)
		return 2
	}
	for _, r := range results {
		for _, d := range r.doc.Diagnostics {
			if d.Severity == checks.Error {
				return 1
			}
		}
	}
	return 0
}

// parseLintArgs accepts flags before, between and after paths, as people
// type them ("lint policies/ --format json").
func parseLintArgs(args []string) (*lintOptions, error) {
	o := &lintOptions{format: "text", disabled: map[string]bool{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-" || !strings.HasPrefix(a, "-") {
			o.paths = append(o.paths, a)
			continue
		}
		if a == "--" {
			o.paths = append(o.paths, args[i+1:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !hasVal {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			val = args[i]
		}
		if err := o.set(name, val); err != nil {
			return nil, err
		}
	}
	if len(o.paths) == 0 {
		return nil, errors.New("no files given (use - to read standard input)")
	}
	return o, nil
}

func (o *lintOptions) set(name, val string) error {
	switch name {
	case "kind":
		k, ok := policy.ParseKind(val)
		if !ok {
			return fmt.Errorf("--kind must be auto, key or iam, not %q", val)
		}
		o.kind = k
	case "format":
		switch val {
		case "text", "json", "sarif":
			o.format = val
		default:
			return fmt.Errorf("--format must be text, json or sarif, not %q", val)
		}
	case "account":
		if !isAccountID(val) {
			return fmt.Errorf("--account must be a 12-digit AWS account ID, not %q", val)
		}
		o.account = val
	case "disable":
		for _, code := range strings.Split(val, ",") {
			if checks.LookupRule(code) == nil {
				return fmt.Errorf("--disable: unknown rule %q", code)
			}
			o.disabled[code] = true
		}
	default:
		return fmt.Errorf("unknown flag --%s", name)
	}
	return nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// inputFile is a file to lint; found marks one found by walking a directory
// rather than named by the user.
type inputFile struct {
	path  string
	found bool
}

// skippedDirs are not walked: they hold dependencies and tooling state, not
// the repository's policies.
var skippedDirs = map[string]bool{"node_modules": true, ".git": true, ".terraform": true, "vendor": true}

// collectFiles expands directories into the files below them that may hold
// a policy (source.Candidate: *.json, *.yaml, *.yml, *.template, *.tf), sorted,
// so that output is stable from one CI run to the next.
func collectFiles(paths []string) ([]inputFile, error) {
	var out []inputFile
	for _, p := range paths {
		if p == "-" {
			out = append(out, inputFile{path: p})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %v", p, describe(err))
		}
		if !info.IsDir() {
			out = append(out, inputFile{path: p})
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != p && skippedDirs[d.Name()] {
				return filepath.SkipDir
			}
			if !d.IsDir() && source.Candidate(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cannot walk %s: %v", p, describe(err))
		}
		sort.Strings(found)
		for _, f := range found {
			out = append(out, inputFile{path: f, found: true})
		}
	}
	return out, nil
}

func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("cannot read standard input: %v", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %v", path, describe(err))
	}
	return b, nil
}

// describe turns an fs error into words without repeating the path.
func describe(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
