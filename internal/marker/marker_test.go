package marker

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// recorder is a testing.TB that records failures instead of failing, so
// that a test can assert that the framework fails where it must.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit() // as testing.T.FailNow does
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }
func (r *recorder) Fail()             { r.Errorf("Fail") }
func (r *recorder) FailNow()          { r.Fatalf("FailNow") }

// record runs f against a recorder on its own goroutine (a Fatal ends it)
// and returns the failures f reported.
func record(t *testing.T, f func(tb testing.TB)) []string {
	t.Helper()
	r := &recorder{TB: t}
	var wg sync.WaitGroup
	wg.Go(func() { f(r) })
	wg.Wait()
	return r.errors
}

// noUpdate makes the golden comparison compare, whatever -update says, so
// that a run with -update cannot overwrite this package's golden files.
func noUpdate(t *testing.T) {
	saved := *update
	*update = false
	t.Cleanup(func() { *update = saved })
}

func load(t *testing.T, name string) *Fixture {
	t.Helper()
	fx, err := Load(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return fx
}

// at is the span of the first occurrence of s in fx's cleaned source.
func at(t *testing.T, fx *Fixture, s string) text.Span {
	t.Helper()
	i := bytes.Index(fx.Src, []byte(s))
	if i < 0 {
		t.Fatalf("%q not in %s", s, fx.Src)
	}
	return text.Span{Start: i, End: i + len(s)}
}

// rightDiagnostics are what testdata/diagnostics.json's markers announce.
func rightDiagnostics(t *testing.T, fx *Fixture) []Diagnostic {
	t.Helper()
	d := func(code, sev string, sp text.Span) Diagnostic {
		return Diagnostic{Code: code, Severity: sev, Start: sp.Start, End: sp.End, Message: code + " here"}
	}
	obj := at(t, fx, `{"x": [1, "}"]}`)
	arr := at(t, fx, `[1, 2]`)
	delta := d("delta", "hint", at(t, fx, "true"))
	delta.Fixes = []Fix{{Title: "Make it false", Edits: []text.Edit{{Span: at(t, fx, "true"), NewText: "false"}}}}
	return []Diagnostic{
		d("alpha", "error", at(t, fx, `"kms:Decrpyt"`)),
		d("beta", "warning", obj),
		d("gamma", "information", text.Span{Start: arr.Start, End: arr.Start + 1}),
		delta,
	}
}

// TestCheckDiagnosticsFails: the comparison passes on the diagnostics the
// fixture announces and fails on each kind of difference, with a message
// that says which.
func TestCheckDiagnosticsFails(t *testing.T) {
	noUpdate(t)
	fx := load(t, "diagnostics.json")
	for _, c := range []struct {
		name   string
		change func(ds []Diagnostic) []Diagnostic
		want   string // in the one failure; "" for none
	}{
		{"right", func(ds []Diagnostic) []Diagnostic { return ds }, ""},
		{"unexpected", func(ds []Diagnostic) []Diagnostic {
			return append(ds, Diagnostic{Code: "epsilon", Severity: "error", Start: 2, End: 5})
		}, "unexpected error epsilon at 2:1-2:4"},
		{"a second of the same", func(ds []Diagnostic) []Diagnostic { return append(ds, ds[0]) }, "unexpected error alpha"},
		{"missing", func(ds []Diagnostic) []Diagnostic { return ds[1:] }, `missing alpha at 2:8-2:21 "\"kms:Decrpyt\""`},
		{"wrong end", func(ds []Diagnostic) []Diagnostic { ds[1].End--; return ds }, "beta at 3:8-3:22"},
		{"wrong start", func(ds []Diagnostic) []Diagnostic { ds[0].Start++; return ds }, `alpha at 2:9-2:21 "kms:Decrpyt\"", want at 2:8-2:21`},
		{"end marker ignored", func(ds []Diagnostic) []Diagnostic { ds[2].End++; return ds }, `gamma at 4:8-4:10 "[1", want at 4:8-4:9 "["`},
		{"wrong severity", func(ds []Diagnostic) []Diagnostic { ds[1].Severity = "error"; return ds }, "has severity error, want warning"},
		{"wrong fix", func(ds []Diagnostic) []Diagnostic { ds[3].Fixes[0].Edits[0].NewText = "null"; return ds }, "leaves a document other than"},
		{"fix not named", func(ds []Diagnostic) []Diagnostic { ds[0].Fixes = ds[3].Fixes; return ds }, "alpha offers 1 fixes"},
		{"named fix missing", func(ds []Diagnostic) []Diagnostic { ds[3].Fixes = nil; return ds }, "delta offers 0 fixes"},
		{"edits overlap", func(ds []Diagnostic) []Diagnostic {
			ds[3].Fixes[0].Edits = append(ds[3].Fixes[0].Edits, ds[3].Fixes[0].Edits[0])
			return ds
		}, "overlaps"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := record(t, func(tb testing.TB) { CheckDiagnostics(tb, fx, c.change(rightDiagnostics(t, fx))) })
			switch {
			case c.want == "" && len(got) > 0:
				t.Errorf("the right diagnostics fail: %q", got)
			case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
				t.Errorf("got failures %q, want one containing %q", got, c.want)
			}
		})
	}
}

// TestGoldenFiles: a fix without its golden file fails, and so does a
// golden file that no fix marker names.
func TestGoldenFiles(t *testing.T) {
	noUpdate(t)
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "diagnostics.json"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "diagnostics.json")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	fx, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got := record(t, func(tb testing.TB) { CheckDiagnostics(tb, fx, rightDiagnostics(t, fx)) })
	if len(got) != 1 || !strings.Contains(got[0], "no golden file") {
		t.Errorf("without a golden file: %q", got)
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "diagnostics.json.delta-false.golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"delta-false", "stale"} {
		if err := os.WriteFile(GoldenPath(fx, name), golden, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got = record(t, func(tb testing.TB) { CheckDiagnostics(tb, fx, rightDiagnostics(t, fx)) })
	if len(got) != 1 || !strings.Contains(got[0], "diagnostics.json.stale.golden is named by no fix marker") {
		t.Errorf("with a stale golden file: %q", got)
	}
}

// TestMarkerErrors: a fixture whose markers cannot be read fails at once.
func TestMarkerErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`{"a": /*@diag:x*/ 1}`, "no JSON value after the marker"},
		{`{"a": /*@diag:x*/"open` + "\n}", "unterminated string"},
		{`{"a": /*@diag:x*/[1, 2}`, `unclosed '['`},
		{`{"a": 1/*@end*/}`, "closes no diag marker"},
		{`{"a": /*@fix:x*/1}`, "a fix marker follows a diag marker"},
		{`{"a": /*@diag:x*//*@fix:a/b*/1}`, "names a golden file"},
		{`{"a": /*@diag:x,fatal*/1}`, `severity "fatal"`},
		{`{"a": /*@diag*/1}`, "want /*@diag:CODE*/"},
		{`{"a": /*@hovr:x*/1}`, `unknown marker "hovr"`},
		{`{"a": /*@complete:x*/1}`, `does not answer "complete"`},
	} {
		fx, err := Parse("x.json", []byte(c.src))
		if err != nil {
			t.Fatal(err)
		}
		got := record(t, func(tb testing.TB) {
			Check(tb, fx, Runner{Diagnostics: func() []Diagnostic { return nil }})
		})
		if len(got) != 1 || !strings.Contains(got[0], c.want) {
			t.Errorf("%s: got failures %q, want one containing %q", c.src, got, c.want)
		}
	}
}

// TestValueEnd: where a diag marker without /*@end*/ ends.
func TestValueEnd(t *testing.T) {
	for _, c := range []struct{ src, value string }{
		{`"a\"b" x`, `"a\"b"`},
		{`-1.5e+3,`, `-1.5e+3`},
		{`true}`, `true`},
		{`allow,`, `allow`},
		{`{"a": ["]", {"b": "}"}], /* } */ "c": 1} tail`, `{"a": ["]", {"b": "}"}], /* } */ "c": 1}`},
		{"[1, // ]\n 2] tail", "[1, // ]\n 2]"},
	} {
		end, err := valueEnd([]byte(c.src), 0)
		if err != nil || c.src[:end] != c.value {
			t.Errorf("valueEnd(%q) = %q, %v; want %q", c.src, c.src[:end], err, c.value)
		}
	}
}

// TestCursorChecks: completion and hover markers pass on the right answers
// and fail on each wrong one.
func TestCursorChecks(t *testing.T) {
	fx := load(t, "cursors.json")
	effect := at(t, fx, `""`)
	key := at(t, fx, `"Action"`)
	complete := func(items ...Completion) func(int) []Completion {
		return func(int) []Completion { return items }
	}
	allow := Completion{Label: "Allow", SortText: "1", Edit: &effect}
	deny := Completion{Label: "Deny", SortText: "2", Edit: &effect}
	hover := func(h *Hover) func(int) *Hover {
		return func(off int) *Hover {
			if key.Contains(off) {
				return h
			}
			return nil
		}
	}
	right := &Hover{Markdown: "**Action**: the kms: permissions", Span: key}
	for _, c := range []struct {
		name string
		r    Runner
		want string
	}{
		{"right", Runner{Complete: complete(allow, deny), Hover: hover(right)}, ""},
		{"missing label", Runner{Complete: complete(deny), Hover: hover(right)}, `"Allow" not proposed`},
		{"wrong rank", Runner{Complete: complete(Completion{Label: "Allow", SortText: "3"}, deny), Hover: hover(right)}, `"Deny" ranked before "Allow"`},
		{"excluded label", Runner{Complete: complete(allow, deny, Completion{Label: "allow"}), Hover: hover(right)}, `"allow" proposed but must not be`},
		{"edit off the cursor", Runner{Complete: complete(allow, Completion{Label: "Deny", SortText: "2", Edit: &key}), Hover: hover(right)}, "does not cover cursor"},
		{"no hover", Runner{Complete: complete(allow, deny), Hover: hover(nil)}, "no hover"},
		{"hover lacks text", Runner{Complete: complete(allow, deny), Hover: hover(&Hover{Markdown: "Action", Span: key})}, `hover lacks "kms:"`},
		{"hover span off the cursor", Runner{Complete: complete(allow, deny), Hover: hover(&Hover{Markdown: right.Markdown, Span: effect})}, "does not cover the cursor"},
		{"hover where none", Runner{Complete: complete(allow, deny), Hover: func(int) *Hover { return right }}, "unexpected hover"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := record(t, func(tb testing.TB) { Check(tb, fx, c.r) })
			// Only the first failure is matched: both completion markers
			// stand at one cursor, so an edit off it fails twice.
			if c.want == "" && len(got) > 0 || c.want != "" && (len(got) == 0 || !strings.Contains(got[0], c.want)) {
				t.Errorf("got failures %q, want %q", got, c.want)
			}
		})
	}
}

// TestSeverityMarkersPickFirst: of two markers on one range, the one that
// names a severity gets the diagnostic of that severity, whichever comes
// first in the runner's list.
func TestSeverityMarkersPickFirst(t *testing.T) {
	fx, err := Parse("x.json", []byte(`{"a": /*@diag:x*//*@diag:x,error*/1}`))
	if err != nil {
		t.Fatal(err)
	}
	got := record(t, func(tb testing.TB) {
		CheckDiagnostics(tb, fx, []Diagnostic{{Code: "x", Severity: "error", Start: 6, End: 7}, {Code: "x", Severity: "warning", Start: 6, End: 7}})
	})
	if len(got) != 0 {
		t.Errorf("got failures %q", got)
	}
}

// TestEndMarkers: an end marker closes the nearest open diag marker, or the
// nearest with the code it names.
func TestEndMarkers(t *testing.T) {
	fx, err := Parse("x.json", []byte(`{"a": /*@diag:x*/[/*@diag:y*/1, /*@diag:z*/2/*@end:x*/, 3], "b": /*@diag:w*/[/*@end*/]}`))
	if err != nil {
		t.Fatal(err)
	}
	span := func(code, s string) Diagnostic {
		i := bytes.Index(fx.Src, []byte(s))
		return Diagnostic{Code: code, Start: i, End: i + len(s)}
	}
	w := span("w", `"b": [`)
	w.Start = w.End - 1
	right := []Diagnostic{span("x", "[1, 2"), span("y", "1"), span("z", "2"), w}
	if got := record(t, func(tb testing.TB) { CheckDiagnostics(tb, fx, right) }); len(got) != 0 {
		t.Errorf("got failures %q", got)
	}
}
