package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
	"github.com/kms-policy-ls/kms-policy-ls/internal/policygen"
)

// reanalyzeSources are the documents the Reanalyze tests edit: every check
// fixture, the examples, and one policy made of the statements of all the
// fixtures that trigger a rule (so that findings with fixes sit in
// statements that an edit elsewhere moves).
func reanalyzeSources(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	var stmts []string
	seen := map[string]bool{}
	for _, pattern := range []string{"../testdata/checks/*/*.json", "../testdata/examples/*.json"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = src
			doc := Analyze(Bytes(src), Options{})
			for _, s := range doc.Units[0].Policy.Statements {
				text := doc.Units[0].File.Text(s.Node.Span)
				if s.Node.Closed && len(text) < 1<<10 && !seen[text] { // not the policy-too-large filler
					seen[text] = true
					stmts = append(stmts, text)
				}
			}
		}
	}
	if len(stmts) < 50 {
		t.Fatalf("only %d statements gathered from the fixtures", len(stmts))
	}
	all := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + strings.Join(stmts, ",\n") + "\n  ]\n}\n"
	out["all-statements"] = []byte(all)
	out["generated"] = policygen.KeyPolicy(8 << 10)
	// Two policies held in JSON strings, as get-key-policy prints one: an
	// edit in one of them must leave the other as it was.
	out["in-strings"] = inStrings(stmts[:8], stmts[8:16])
	return out
}

// inStrings is a JSON document holding two policies in strings, made of
// the given statements, pretty-printed inside the string as the AWS CLI
// prints a key policy.
func inStrings(a, b []string) []byte {
	pol := func(stmts []string) string {
		text := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n" + strings.Join(stmts, ",\n") + "\n  ]\n}"
		return jsonquote.String(text)
	}
	return []byte("{\n  \"Policy\": " + pol(a) + ",\n  \"PolicyName\": \"default\",\n  \"PolicyDocument\": " + pol(b) + "\n}\n")
}

// reanalyzeOptions are the contexts the tests run in: a change of context
// between two versions must not reuse findings made in the other.
var reanalyzeOptions = []Options{
	{},
	{Kind: policy.KindKey, Checks: checks.Options{Account: "111122223333"}},
	{Kind: policy.KindIAM, Checks: checks.Options{Disabled: map[string]bool{"redundant-action": true}}},
}

// edits are the keystrokes applied at each offset: typing, deleting, and
// characters that change the JSON structure.
var edits = []struct{ insert string }{{"x"}, {""}, {`"`}, {"}"}, {",\n"}, {"ü"}}

// keystroke is the change that types insert at off, or deletes the byte
// at off when insert is empty.
func keystroke(src []byte, off int, insert string) text.Change {
	if insert == "" {
		return text.Change{Start: off, End: min(off+1, len(src))}
	}
	return text.Change{Start: off, End: off, Text: insert}
}

// input is a first version, with the line index a language server keeps.
func input(src []byte) Input {
	in := Bytes(src)
	in.Lines = text.NewLineIndex(src)
	return in
}

// edited is in with changes applied as the language server applies them:
// the text and its line index moved together, the changes handed on.
func edited(in Input, changes ...text.Change) Input {
	out := Input{File: in.File, Lines: in.Lines, Changes: changes}
	for _, c := range changes {
		out.Src, out.Lines = text.Apply(out.Src, out.Lines, c)
	}
	return out
}

func applyEdit(src []byte, off int, insert string) []byte {
	return edited(input(src), keystroke(src, off, insert)).Src
}

// TestReanalyzeMatchesAnalyze edits every source at many offsets and checks
// that reusing the previous version's findings gives exactly the findings
// of a fresh analysis, also when versions follow one another and when the
// options change between them.
func TestReanalyzeMatchesAnalyze(t *testing.T) {
	for name, src := range reanalyzeSources(t) {
		// The fixtures are small and have few statements: one context and
		// a dozen offsets each. The many-statement policies get every
		// context and more offsets. (The race detector makes each analysis
		// ten times slower, and the suite runs under it.)
		options, step := reanalyzeOptions[:1], max(1, len(src)/12)
		if !strings.HasPrefix(name, "../") {
			options, step = reanalyzeOptions, max(1, len(src)/20)
		}
		if testing.Short() {
			// A quarter of the offsets: -short is how .ci/mutation runs
			// this package's tests once for every mutant (TESTING.md).
			step *= 4
		}
		for oi, opts := range options {
			first := input(src)
			prev := Reanalyze(nil, first, opts)
			assertSameFindings(t, fmt.Sprintf("%s opts %d, first version", name, oi), prev, first, opts)
			for off := 0; off < len(src); off += step {
				for _, e := range edits {
					next := edited(first, keystroke(src, off, e.insert))
					got := Reanalyze(prev, next, opts)
					where := fmt.Sprintf("%s opts %d, %q at %d", name, oi, e.insert, off)
					assertSameFindings(t, where, got, next, opts)
					// and back again, from the edited version's memo
					back := Input{File: first.File, Lines: first.Lines}
					assertSameFindings(t, where+" undone", Reanalyze(got, back, opts), back, opts)
				}
			}
			other := reanalyzeOptions[(oi+1)%len(reanalyzeOptions)]
			assertSameFindings(t, name+" options changed", Reanalyze(prev, first, other), first, other)
		}
	}
}

func assertSameFindings(t *testing.T, where string, got *Document, in Input, opts Options) {
	t.Helper()
	fresh := Analyze(Input{File: in.File}, opts)
	if want := fresh.Diagnostics; !reflect.DeepEqual(got.Diagnostics, want) {
		t.Fatalf("%s: Reanalyze found\n%s\nAnalyze found\n%s", where, dump(got.Diagnostics), dump(want))
	}
	if !reflect.DeepEqual(got.Lines, fresh.Lines) {
		t.Fatalf("%s: the line index moved over the edits differs from a fresh one", where)
	}
	if len(got.Units) != len(fresh.Units) {
		t.Fatalf("%s: Reanalyze found %d units, Analyze %d", where, len(got.Units), len(fresh.Units))
	}
	for _, d := range got.Diagnostics {
		if d.Start < 0 || d.Start > d.End || d.End > len(in.Src) {
			t.Fatalf("%s: %s at [%d,%d) outside the file of %d bytes", where, d.Code, d.Start, d.End, len(in.Src))
		}
		for _, f := range d.Fixes {
			for _, e := range f.Edits {
				if e.Start < 0 || e.Start > e.End || e.End > len(in.Src) {
					t.Fatalf("%s: a fix of %s edits [%d,%d) outside the file", where, d.Code, e.Start, e.End)
				}
			}
		}
	}
}

func dump(ds []checks.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "  %d-%d %s %s fixes %+v\n", d.Start, d.End, d.Code, d.Message, d.Fixes)
	}
	return b.String()
}

// TestReanalyzeReusesUnchangedStatements shows the reuse happens: after a
// keystroke in one statement of a many-statement key policy, the
// statement-scoped rules are shown that statement alone.
func TestReanalyzeReusesUnchangedStatements(t *testing.T) {
	src := policygen.KeyPolicy(32 << 10)
	first := input(src)
	prev := Reanalyze(nil, first, Options{})
	if n := len(prev.Units[0].Policy.Statements); n < 20 {
		t.Fatalf("generated policy has only %d statements", n)
	}
	i := strings.Index(string(src), `"Sid": "`) + len(`"Sid": "`)
	nextIn := edited(first, keystroke(src, i, "x"))
	next := Reanalyze(prev, nextIn, Options{})
	if got := next.StatementsRechecked(); got != 1 {
		t.Errorf("statements checked afresh after one keystroke = %d, want 1", got)
	}
	// A statement added before the others: they are found at the same
	// distance from the end.
	j := strings.Index(string(src), "[") + 1
	added := Reanalyze(prev, edited(first, keystroke(src, j, `{"Sid": "New", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}, `)), Options{})
	if got := added.StatementsRechecked(); got != 1 {
		t.Errorf("after adding a first statement %d statements were checked afresh, want 1", got)
	}
	again := Reanalyze(next, Input{File: nextIn.File, Lines: nextIn.Lines}, Options{Kind: policy.KindIAM})
	if got, want := again.StatementsRechecked(), len(again.Units[0].Policy.Statements); got != want {
		t.Errorf("after a change of kind %d statements checked afresh, want all %d", got, want)
	}
}

func FuzzReanalyze(f *testing.F) {
	for _, src := range reanalyzeSources(f) {
		f.Add(src, uint16(len(src)/2), "x", uint8(0))
	}
	f.Add([]byte(`{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt"},{"Action":["kms:Decrypt","kms:*"]}]}`), uint16(20), `"`, uint8(1))
	f.Fuzz(func(t *testing.T, src []byte, off uint16, insert string, del uint8) {
		o := int(off) % (len(src) + 1)
		d := min(int(del), len(src)-o)
		first := input(src)
		next := edited(first, text.Change{Start: o, End: o + d, Text: insert})
		prev := Reanalyze(nil, first, Options{})
		assertSameFindings(t, "edited", Reanalyze(prev, next, Options{}), next, Options{})
	})
}

// BenchmarkReanalyze is one keystroke at the analysis level: a character
// typed into the first statement's Sid and deleted again, each version
// analysed from the one before, as the language server does.
func BenchmarkReanalyze(b *testing.B) {
	for _, s := range sizes {
		src := policygen.KeyPolicy(s.size)
		i := strings.Index(string(src), `"Sid": "`) + len(`"Sid": "`)
		first := input(src)
		typed := edited(first, keystroke(src, i, "x"))
		versions := []Input{typed, edited(typed, keystroke(typed.Src, i, ""))}
		b.Run(s.name, func(b *testing.B) {
			doc := Reanalyze(nil, first, Options{})
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				doc = Reanalyze(doc, versions[n%2], Options{})
				n++
			}
		})
	}
}

// A version keeps no earlier version alive: after each of 100 keystrokes
// lands in a different statement, what the last version holds on to is
// about one version's worth, not a hundred texts.
func TestReanalyzeKeepsNoEarlierVersion(t *testing.T) {
	src := policygen.KeyPolicy(32 << 10)
	var sids []int
	for i := 0; ; {
		j := strings.Index(string(src[i:]), `"Sid": "`)
		if j < 0 {
			break
		}
		i += j + len(`"Sid": "`)
		sids = append(sids, i)
	}
	if len(sids) < 50 {
		t.Fatalf("only %d statements", len(sids))
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	in := input(src)
	doc := Reanalyze(nil, in, Options{})
	before := heap()
	for v := 0; v < 100; v++ {
		in = edited(in, keystroke(in.Src, sids[v%len(sids)], "x")) // a new text each time
		doc = Reanalyze(doc, in, Options{})
	}
	grown := int64(heap()) - int64(before)
	runtime.KeepAlive(doc)
	if grown > 1<<20 {
		t.Errorf("after 100 versions the last one holds %d KB more than the first did", grown>>10)
	}
}
