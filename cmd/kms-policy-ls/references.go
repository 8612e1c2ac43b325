package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
)

// Terraform configurations may read a policy from another file (file(),
// templatefile()): that file is linted as a policy of the kind of the
// resource that reads it, once, under its own path. The references are
// found before anything is linted, so that the rule holds whichever of the
// two the walk reaches first: a file the walk finds and a configuration
// reads is linted with the configuration's kind, never a second time as
// what it looks like; a referenced file outside the walk is linted after
// the files of the walk.

// referenced is what a run's configurations read.
type referenced struct {
	// byKey is each referenced file's first reference (in walk order),
	// by the file's absolute path.
	byKey map[string]*refFile
	// order lists them as they were found.
	order []*refFile
}

// refFile is a referenced file.
type refFile struct {
	path string // as the configuration's path and the reference make it
	root int    // the root of the configuration that reads it
	ref  source.Reference
	sent bool // queued for linting (written only by the lister)
}

// findReferences reads the Terraform files among the roots (named, or
// found by the walk) that may read a policy file, and keeps the
// references to files that exist; a missing one is the configuration's
// own finding.
func findReferences(roots []root) *referenced {
	refs := &referenced{byKey: map[string]*refFile{}}
	visit := func(path string, i int) {
		if !strings.HasSuffix(strings.ToLower(path), ".tf") {
			return
		}
		src, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(src, []byte("file(")) {
			return // an unreadable file is an error when it is linted
		}
		dir := filepath.Dir(path)
		for _, r := range source.Classify(source.File{Name: path, Src: src}).References {
			p := r.Resolve(dir)
			key, ok := fileKey(p)
			if !ok || refs.byKey[key] != nil {
				continue
			}
			if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
				continue
			}
			f := &refFile{path: p, root: i, ref: r}
			refs.byKey[key] = f
			refs.order = append(refs.order, f)
		}
	}
	for i, r := range roots {
		if !r.dir {
			visit(r.path, i)
			continue
		}
		skip := func(name string) bool { return skippedDirs[name] }
		_ = walkFiles(r.path, skip, func(path string) error { // lint's own walk reports a walk's error
			visit(path, i)
			return nil
		})
	}
	return refs
}

// fileKey is the absolute, cleaned path that names a file whichever way
// a path reaches it.
func fileKey(path string) (string, bool) {
	if path == "-" {
		return "", false
	}
	abs, err := filepath.Abs(path)
	return abs, err == nil
}

// of is the reference to the file at path, if a configuration reads it.
func (r *referenced) of(path string) *refFile {
	if r == nil || len(r.byKey) == 0 {
		return nil
	}
	key, ok := fileKey(path)
	if !ok {
		return nil
	}
	return r.byKey[key]
}

// exists answers for the references of a configuration at path.
func existsFrom(path string) func(source.Reference) bool {
	dir := filepath.Dir(path)
	return func(r source.Reference) bool {
		info, err := os.Stat(r.Resolve(dir))
		return err == nil && info.Mode().IsRegular()
	}
}
