// Package benchdoc holds the test that keeps the commands of BENCHMARKS.md
// runnable: every package a command names must exist, and every benchmark
// and test its -bench and -run patterns name must match one of that
// package, in the tree the command runs in: the current one, or an earlier
// commit's (a `cd /tmp/at-COMMIT` or a `git worktree add DIR COMMIT`
// line), read through git. "How to run" in BENCHMARKS.md states the
// convention.
package benchdoc
