package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Without VCS information (TestMain builds with -buildvcs=false) the version
// is the build info's "(devel)", and no revision is claimed.
func TestVersionWithoutVCS(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		r := runCLI(t, "", args...)
		first, rest, _ := strings.Cut(r.stdout, "\n")
		if r.code != 0 || first != "kms-policy-ls (devel)" || strings.Contains(rest, "revision") || !strings.Contains(rest, "built with go") {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// Built in a git checkout, the binary reports the checkout's revision and
// the pseudo-version Go derives from it; -ldflags -X main.version
// overrides the version, not the revision. The checkout is made here (a
// copy of the module's files, committed in a new repository), so the test
// does not depend on how the tests' own tree was checked out: Go does not
// stamp a build in a git worktree, nor where GOFLAGS has -buildvcs=false.
func TestVersionFromBuildInfo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary twice")
	}
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	repo := copyModule(t)
	runGit := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(git, append([]string{"-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	runGit("init", "-q")
	runGit("add", "-A")
	runGit("commit", "-q", "-m", "snapshot")
	rev := runGit("rev-parse", "HEAD")

	build := func(extra ...string) string {
		t.Helper()
		bin := filepath.Join(t.TempDir(), "kms-policy-ls")
		cmd := exec.Command("go", append(append([]string{"build", "-buildvcs=true", "-o", bin}, extra...), "./cmd/kms-policy-ls")...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "version").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	out := build()
	first, rest, _ := strings.Cut(out, "\n")
	// A pseudo-version ends in the revision's first 12 digits.
	if !strings.HasPrefix(first, "kms-policy-ls v0.0.0-") || !strings.HasSuffix(first, "-"+rev[:12]) {
		t.Errorf("version line %q, want a pseudo-version of %s", first, rev)
	}
	if !strings.Contains(rest, "revision "+rev) || strings.Contains(rest, "uncommitted") {
		t.Errorf("version output lacks revision %s (or claims changes):\n%s", rev, out)
	}
	out = build("-ldflags", "-X main.version=9.8.7-packaged")
	if first, rest, _ := strings.Cut(out, "\n"); first != "kms-policy-ls 9.8.7-packaged" || !strings.Contains(rest, "revision "+rev) {
		t.Errorf("with -X main.version:\n%s", out)
	}
}

// copyModule copies the module's files (those git tracks or would track,
// as they are in the working tree) into a new directory.
func copyModule(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	list, err := cmd.Output()
	if err != nil {
		t.Skipf("the module is not in a git checkout: %v", err)
	}
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		src, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
