package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
)

// Lint runs as a pipeline: one goroutine lists the files in their order
// (walking directories as it goes), GOMAXPROCS workers lint them, and the
// caller's goroutine writes each file's part of the report in that order.
// At most 32 files per worker are in flight, so memory does not grow with
// the number of files, and a worker keeps nothing of a file's analysis
// beyond its rendered part of the report. Both channels are buffered so
// that the goroutines rarely wait for one another: with an unbuffered jobs
// channel and 4 files per worker, the lister handed over each file to a
// waiting worker and the writer waited on nearly every file, and a
// 10,000-file lint took 25% longer in wall time on 2 cores.

// inputFile is a file to lint: root is the index of the command-line path it
// comes from; found marks one found by walking a directory rather than named.
type inputFile struct {
	path  string
	root  int
	found bool
	ref   *source.Reference // set for a file a Terraform configuration reads as a policy
}

// fileReport is all that is kept of a linted file until it is written.
type fileReport struct {
	err    error
	policy bool   // the file holds a policy and was linted
	part   []byte // its part of the report
	counts [checks.Hint + 1]int
}

// job is one file on its way through the pipeline; done receives its report.
type job struct {
	file inputFile
	done chan fileReport
}

type pipeline struct {
	opts     *lintOptions
	aopts    analysis.Options
	reporter *reporter
	stdin    io.Reader
	jobs     chan *job     // to the workers
	order    chan *job     // to the writer, in input order; its capacity bounds the files in flight
	stop     chan struct{} // closed by the writer when it gives up
	refs     *referenced   // the files Terraform configurations read policies from
}

// skippedDirs are not walked: they hold dependencies and tooling state, not
// the repository's policies.
var skippedDirs = map[string]bool{"node_modules": true, ".git": true, ".terraform": true, "vendor": true}

var errStopped = errors.New("stopped")

func lintRoots(roots []root, o *lintOptions, stdin io.Reader, stdout, stderr io.Writer) int {
	workers := runtime.GOMAXPROCS(0)
	p := &pipeline{
		opts:     o,
		aopts:    analysis.Options{Kind: o.kind, Checks: checks.Options{Account: o.account, Organization: o.org, Disabled: o.disabled}},
		reporter: reporters[o.format](),
		stdin:    stdin,
		jobs:     make(chan *job, 16*workers),
		order:    make(chan *job, 32*workers),
		stop:     make(chan struct{}),
		refs:     findReferences(roots),
	}
	var wg sync.WaitGroup
	wg.Go(func() { p.list(roots) })
	for range workers {
		wg.Go(p.work)
	}
	code := p.write(roots, stdout, stderr)
	close(p.stop)
	wg.Wait()
	return code
}

// list sends every file to lint, in order: each path named, and the
// candidates under each directory named, in the order of a walk that reads
// each directory's names sorted (walkFiles), so that output is stable from
// one CI run to the next. A directory that cannot be walked is an error at
// its place in that order.
func (p *pipeline) list(roots []root) {
	defer close(p.jobs)
	defer close(p.order)
	for i, r := range roots {
		if !r.dir {
			if !p.sendFile(inputFile{path: r.path, root: i}) {
				return
			}
			continue
		}
		skip := func(name string) bool { return skippedDirs[name] }
		err := walkFiles(r.path, skip, func(path string) error {
			if source.Candidate(path) && !p.sendFile(inputFile{path: path, root: i, found: true}) {
				return errStopped
			}
			return nil
		})
		if err != nil {
			if !errors.Is(err, errStopped) {
				p.send(inputFile{}, fmt.Errorf("cannot walk %s: %v", r.path, describe(err)))
			}
			return
		}
	}
	// The referenced files the walk did not reach.
	for _, rf := range p.refs.order {
		if !rf.sent && !p.sendFile(inputFile{path: rf.path, root: rf.root, found: true}) {
			return
		}
	}
}

// sendFile queues a file, as the policy a configuration reads it as when
// one does; such a file is queued once.
func (p *pipeline) sendFile(f inputFile) bool {
	if rf := p.refs.of(f.path); rf != nil {
		if rf.sent {
			return true
		}
		rf.sent = true
		f.ref = &rf.ref
	}
	return p.send(f, nil)
}

// send queues a file for the writer and a worker, or an error for the
// writer alone; it reports false when the writer has stopped.
func (p *pipeline) send(f inputFile, err error) bool {
	j := &job{file: f, done: make(chan fileReport, 1)}
	if err != nil {
		j.done <- fileReport{err: err}
	}
	select {
	case p.order <- j:
	case <-p.stop:
		return false
	}
	if err != nil {
		return true
	}
	select {
	case p.jobs <- j:
		return true
	case <-p.stop:
		return false
	}
}

func (p *pipeline) work() {
	for j := range p.jobs {
		j.done <- p.lintFile(j.file)
	}
}

// lintFile analyses one file and renders its part of the report; the
// Document is garbage once it returns.
func (p *pipeline) lintFile(f inputFile) fileReport {
	src, err := readInput(f.path, p.stdin)
	if err != nil {
		return fileReport{err: err}
	}
	// What a file holds is source.Classify's decision, as in the language
	// server: a file found by walking a directory is linted only when it
	// holds a policy (package.json and the like are not policies with
	// mistakes); a file named on the command line is always linted, as a
	// policy when nothing in it looks like one, unless --only-policies
	// asks for it to be judged as a walk judges.
	explicit := !f.found && !p.opts.onlyPolicies
	in := analysis.Input{File: source.File{Name: f.path, Src: src, Explicit: explicit, Referenced: f.ref}}
	if f.path != "-" {
		in.Exists = existsFrom(f.path)
	}
	doc := analysis.Analyze(in, p.aopts)
	if !doc.IsPolicy() {
		return fileReport{}
	}
	r := fileReport{policy: true, part: p.reporter.file(displayName(f.path), doc)}
	for _, d := range doc.Diagnostics {
		if d.Severity <= checks.Hint {
			r.counts[d.Severity]++
		}
	}
	return r
}

// write writes the report as the files come in, and the summary, and
// returns the exit status. It flushes its buffer whenever the next file is
// not done yet, so a slow file holds back no output of the files before it.
func (p *pipeline) write(roots []root, stdout, stderr io.Writer) int {
	w := bufio.NewWriterSize(stdout, 64<<10)
	r := p.reporter
	var counts [checks.Hint + 1]int
	files, parts := 0, 0
	perRoot := make([]int, len(roots))
	io.WriteString(w, r.head)
	for j := range p.order {
		var rep fileReport
		select {
		case rep = <-j.done:
		default:
			if err := w.Flush(); err != nil {
				return writeError(stderr, err)
			}
			rep = <-j.done
		}
		if rep.err != nil {
			w.Flush()
			fmt.Fprintf(stderr, "kms-policy-ls lint: %v\n", rep.err)
			return 2
		}
		if !rep.policy {
			continue
		}
		files++
		perRoot[j.file.root]++
		for s, n := range rep.counts {
			counts[s] += n
		}
		if len(rep.part) > 0 {
			sep := r.sep
			if parts == 0 {
				sep = r.first
			}
			io.WriteString(w, sep)
			if _, err := w.Write(rep.part); err != nil {
				return writeError(stderr, err)
			}
			parts++
		}
	}
	if parts == 0 {
		io.WriteString(w, r.empty)
	} else {
		io.WriteString(w, r.close)
	}
	if err := w.Flush(); err != nil {
		return writeError(stderr, err)
	}
	for i, rt := range roots {
		if rt.dir && perRoot[i] == 0 {
			fmt.Fprintf(stderr, "no policy files under %s\n", rt.path)
		}
	}
	if !p.opts.quiet && (p.opts.format == "text" || p.opts.format == "github") && files > 0 {
		fmt.Fprintln(stderr, summary(counts, files))
	}
	for s := checks.Error; s <= p.opts.threshold; s++ {
		if counts[s] > 0 {
			return 1
		}
	}
	return 0
}

func writeError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "kms-policy-ls lint: writing the report: %v\n", err)
	return 2
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
