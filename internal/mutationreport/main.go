// Command mutationreport sums gremlins' JSON reports (testdata/mutation/*.json,
// one per package, written by .ci/mutation) into one table: each package's
// killed, lived, timed-out and not-covered mutants and its test efficacy,
// and the same over every package measured. Test efficacy is gremlins':
// killed over killed plus lived. Mutants no test runs (not covered) are
// left out, as issue 18 asks, and so are those that timed out (a mutant
// that makes a loop endless), which gremlins counts apart.
//
//	go run ./internal/mutationreport testdata/mutation > testdata/mutation/summary.md
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// report is the part of a gremlins JSON report the table needs.
type report struct {
	Files []struct {
		FileName  string `json:"file_name"`
		Mutations []struct {
			Status string `json:"status"`
		} `json:"mutations"`
	} `json:"files"`
}

// tally counts a package's mutants by status.
type tally struct {
	killed, lived, timedOut, notCovered, notViable int
}

func (t *tally) add(status string) {
	switch status {
	case "KILLED":
		t.killed++
	case "LIVED":
		t.lived++
	case "TIMED OUT":
		t.timedOut++
	case "NOT COVERED":
		t.notCovered++
	case "NOT VIABLE":
		t.notViable++
	}
}

func (t tally) plus(u tally) tally {
	return tally{t.killed + u.killed, t.lived + u.lived, t.timedOut + u.timedOut, t.notCovered + u.notCovered, t.notViable + u.notViable}
}

// efficacy is killed over killed plus lived, in percent, as gremlins
// prints it.
func (t tally) efficacy() string {
	n := t.killed + t.lived
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(t.killed)/float64(n))
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mutationreport DIR")
		os.Exit(2)
	}
	if err := write(os.Stdout, os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "mutationreport:", err)
		os.Exit(1)
	}
}

func write(w io.Writer, dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	sort.Strings(names)
	if len(names) == 0 {
		return fmt.Errorf("no gremlins reports (*.json) in %s", dir)
	}
	fmt.Fprintln(w, "| Package | Killed | Timed out | Lived | Not covered | Test efficacy |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|")
	var all tally
	for _, name := range names {
		t, err := read(name)
		if err != nil {
			return err
		}
		all = all.plus(t)
		pkg := strings.ReplaceAll(strings.TrimSuffix(filepath.Base(name), ".json"), "_", "/")
		fmt.Fprintf(w, "| `%s` | %d | %d | %d | %d | %s |\n", pkg, t.killed, t.timedOut, t.lived, t.notCovered, t.efficacy())
	}
	fmt.Fprintf(w, "| **all measured** | %d | %d | %d | %d | **%s** |\n", all.killed, all.timedOut, all.lived, all.notCovered, all.efficacy())
	return nil
}

func read(name string) (tally, error) {
	var r report
	b, err := os.ReadFile(name)
	if err != nil {
		return tally{}, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return tally{}, fmt.Errorf("%s: %v", name, err)
	}
	var t tally
	for _, f := range r.Files {
		for _, m := range f.Mutations {
			t.add(m.Status)
		}
	}
	return t, nil
}
