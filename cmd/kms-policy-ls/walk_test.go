package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// walkFiles visits the files filepath.WalkDir visits, in its order, with
// the same directories skipped, on names whose sorted order differs from
// the order of the sorted full paths ("a" < "a-b", while "a-b/x" < "a/x").
func TestWalkFilesInWalkDirsOrder(t *testing.T) {
	root := t.TempDir()
	for _, p := range []string{
		"a/x.json", "a-b/x.json", "a.json", "b/c/d/e.json", "b/c.txt", "B.json", "é.json",
		"node_modules/dep/p.json", "b/node_modules/q.json", "z/empty/", "a/.hidden.json",
	} {
		full := filepath.Join(root, filepath.FromSlash(p))
		if p[len(p)-1] == '/' {
			os.MkdirAll(full, 0o755)
			continue
		}
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "b"), filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	skip := func(name string) bool { return name == "node_modules" }
	var want []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != root && skip(d.Name()):
			return filepath.SkipDir
		case !d.IsDir():
			want = append(want, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := walkFiles(root, skip, func(path string) error { got = append(got, path); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("walkFiles visited\n%q\nWalkDir visits\n%q", got, want)
	}
	if slices.IsSorted(want) {
		t.Errorf("the fixture's walk order is also the sorted order of its paths; it no longer tells them apart")
	}
}

// A visit's error ends the walk and is returned.
func TestWalkFilesStopsOnError(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"a.json", "b.json", "c.json"} {
		os.WriteFile(filepath.Join(root, n), nil, 0o644)
	}
	stop := errors.New("stop")
	var n int
	err := walkFiles(root, func(string) bool { return false }, func(string) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if err != stop || n != 2 {
		t.Errorf("walk returned %v after %d visits", err, n)
	}
}
