package benchdoc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// funcs are the top-level benchmarks and tests of a package's test files.
type funcs struct {
	benchmarks, tests []string
	goFiles           int
}

var testFunc = regexp.MustCompile(`(?m)^func ((Benchmark|Test|Fuzz|Example)\w*)\(`)

func (c *checker) exists(p place, dirOnly bool) []string {
	fs, err := c.funcsOf(p)
	switch {
	case err != nil && p.commit != "" && c.missing[p.commit] != nil:
		return nil
	case err != nil:
		return []string{fmt.Sprintf("%s: %v", where([]place{p}), err)}
	case fs.goFiles == 0 && !dirOnly:
		return []string{fmt.Sprintf("%s has no Go files", where([]place{p}))}
	}
	return nil
}

// script checks that a script run with bash exists.
func (c *checker) script(p place) []string {
	var err error
	switch p.commit {
	case "outside":
		return nil
	case "":
		_, err = os.Stat(filepath.Join(c.root, filepath.FromSlash(p.dir)))
	default:
		if c.readable(p.commit) != nil {
			return nil
		}
		_, err = c.git("cat-file", "-e", p.commit+":"+p.dir)
	}
	if err != nil {
		return []string{fmt.Sprintf("no script %s", where([]place{p}))}
	}
	return nil
}

func (c *checker) funcsOf(p place) (*funcs, error) {
	if fs, ok := c.funcs[p]; ok {
		return fs, nil
	}
	read := c.funcsOnDisk
	if p.commit != "" {
		read = c.funcsAt
	}
	fs, err := read(p)
	if err != nil {
		return nil, err
	}
	c.funcs[p] = fs
	return fs, nil
}

func (fs *funcs) add(src []byte) {
	for _, m := range testFunc.FindAllSubmatch(src, -1) {
		if string(m[2]) == "Benchmark" {
			fs.benchmarks = append(fs.benchmarks, string(m[1]))
		} else {
			fs.tests = append(fs.tests, string(m[1]))
		}
	}
}

// funcsOnDisk reads a directory of the current tree.
func (c *checker) funcsOnDisk(p place) (*funcs, error) {
	dir := filepath.Join(c.root, filepath.FromSlash(p.dir))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("no such directory")
	}
	fs := &funcs{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		fs.goFiles++
		if strings.HasSuffix(e.Name(), "_test.go") {
			src, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				return nil, err
			}
			fs.add(src)
		}
	}
	return fs, nil
}

// funcsAt reads a directory of a commit, through git: one listing and one
// grep of its test files.
func (c *checker) funcsAt(p place) (*funcs, error) {
	if err := c.readable(p.commit); err != nil {
		return nil, err
	}
	prefix := p.dir + "/"
	if p.dir == "." {
		prefix = ""
	}
	list, err := c.git("ls-tree", "--name-only", p.commit, "./"+prefix)
	if err != nil || len(list) == 0 {
		return nil, fmt.Errorf("no such directory")
	}
	fs := &funcs{}
	tests := false
	for _, name := range strings.Fields(string(list)) {
		if strings.HasSuffix(name, ".go") {
			fs.goFiles++
			tests = tests || strings.HasSuffix(name, "_test.go")
		}
	}
	if !tests {
		return fs, nil
	}
	src, err := c.git("grep", "-h", "-E", `^func (Benchmark|Test|Fuzz|Example)\w*\(`, p.commit, "--", ":(glob)"+prefix+"*_test.go")
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: no line matched
		return nil, err
	}
	fs.add(src)
	return fs, nil
}

// readable tells whether git can read a commit here, once per commit.
func (c *checker) readable(commit string) error {
	if err, seen := c.missing[commit]; seen {
		return err
	}
	_, err := c.git("cat-file", "-e", commit+"^{commit}")
	c.missing[commit] = err
	return err
}

func (c *checker) git(args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = c.root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
