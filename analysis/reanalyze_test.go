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
			doc := Analyze(src, Options{})
			for _, s := range doc.Policy.Statements {
				text := doc.File.Text(s.Node.Span)
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
	return out
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

func applyEdit(src []byte, off int, insert string) []byte {
	out := append([]byte(nil), src[:off]...)
	if insert == "" { // delete the byte at off
		return append(out, src[min(off+1, len(src)):]...)
	}
	out = append(out, insert...)
	return append(out, src[off:]...)
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
		for oi, opts := range options {
			prev := Reanalyze(nil, src, opts)
			assertSameFindings(t, fmt.Sprintf("%s opts %d, first version", name, oi), prev, src, opts)
			for off := 0; off < len(src); off += step {
				for _, e := range edits {
					next := applyEdit(src, off, e.insert)
					got := Reanalyze(prev, next, opts)
					where := fmt.Sprintf("%s opts %d, %q at %d", name, oi, e.insert, off)
					assertSameFindings(t, where, got, next, opts)
					// and back again, from the edited version's memo
					assertSameFindings(t, where+" undone", Reanalyze(got, src, opts), src, opts)
				}
			}
			other := reanalyzeOptions[(oi+1)%len(reanalyzeOptions)]
			assertSameFindings(t, name+" options changed", Reanalyze(prev, src, other), src, other)
		}
	}
}

func assertSameFindings(t *testing.T, where string, got *Document, src []byte, opts Options) {
	t.Helper()
	fresh := Analyze(src, opts)
	if want := fresh.Diagnostics; !reflect.DeepEqual(got.Diagnostics, want) {
		t.Fatalf("%s: Reanalyze found\n%s\nAnalyze found\n%s", where, dump(got.Diagnostics), dump(want))
	}
	if !reflect.DeepEqual(got.Lines, fresh.Lines) {
		t.Fatalf("%s: Reanalyze's line index differs from Analyze's", where)
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
	prev := Reanalyze(nil, src, Options{})
	if n := len(prev.Policy.Statements); n < 20 {
		t.Fatalf("generated policy has only %d statements", n)
	}
	i := strings.Index(string(src), `"Sid": "`) + len(`"Sid": "`)
	next := Reanalyze(prev, applyEdit(src, i, "x"), Options{})
	if got := next.StatementsRechecked(); got != 1 {
		t.Errorf("statements checked afresh after one keystroke = %d, want 1", got)
	}
	// A statement added before the others: they are found at the same
	// distance from the end.
	j := strings.Index(string(src), "[") + 1
	added := Reanalyze(prev, applyEdit(src, j, `{"Sid": "New", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}, `), Options{})
	if got := added.StatementsRechecked(); got != 1 {
		t.Errorf("after adding a first statement %d statements were checked afresh, want 1", got)
	}
	again := Reanalyze(next, next.Src, Options{Kind: policy.KindIAM})
	if got, want := again.StatementsRechecked(), len(again.Policy.Statements); got != want {
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
		next := append(append(append([]byte(nil), src[:o]...), insert...), src[o+d:]...)
		prev := Reanalyze(nil, src, Options{})
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
		versions := [][]byte{applyEdit(src, i, "x"), src}
		b.Run(s.name, func(b *testing.B) {
			doc := Reanalyze(nil, src, Options{})
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

func TestChanged(t *testing.T) {
	long := strings.Repeat("abcdefgh", 100)
	for _, c := range []struct{ old, new string }{
		{"", ""}, {"", "x"}, {"x", ""}, {"abc", "abc"}, {"aaa", "aaaa"}, {"aaaa", "aa"},
		{"abc", "axc"}, {long, long[:400] + "!" + long[400:]}, {long, long[:300] + long[301:]},
		{long + "x", "y" + long}, {long, strings.ToUpper(long)},
	} {
		old, new := []byte(c.old), []byte(c.new)
		start, oldEnd, newEnd := changed(old, new)
		if start > oldEnd || start > newEnd || oldEnd > len(old) || newEnd > len(new) {
			t.Fatalf("%q -> %q: edit %d %d %d out of range", c.old, c.new, start, oldEnd, newEnd)
		}
		if got := c.old[:start] + c.new[start:newEnd] + c.old[oldEnd:]; got != c.new {
			t.Errorf("%q -> %q: edit [%d,%d) -> [%d,%d) gives %q", c.old, c.new, start, oldEnd, start, newEnd, got)
		}
		if c.old == c.new && (oldEnd != start || newEnd != start) {
			t.Errorf("%q unchanged, edit [%d,%d) -> [%d,%d)", c.old, start, oldEnd, start, newEnd)
		}
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
	doc := Reanalyze(nil, src, Options{})
	before := heap()
	for v := 0; v < 100; v++ {
		next := applyEdit(doc.Src, sids[v%len(sids)], "x") // a new text each time
		doc = Reanalyze(doc, next, Options{})
	}
	grown := int64(heap()) - int64(before)
	runtime.KeepAlive(doc)
	if grown > 1<<20 {
		t.Errorf("after 100 versions the last one holds %d KB more than the first did", grown>>10)
	}
}
