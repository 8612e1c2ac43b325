package lsp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kms-policy-ls/kms-policy-ls/analysis"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

func rng(sl, sc, el, ec int) *wireRange {
	return &wireRange{Start: wirePosition{sl, sc}, End: wirePosition{el, ec}}
}

func TestApplyChangesUTF16(t *testing.T) {
	// Columns are UTF-16 code units: é and € are one unit each, 😀 two.
	const src = "{\"Sid\": \"é€😀x\",\n\"b\": 1}\n"
	tests := []struct {
		name    string
		changes []contentChange
		want    string
	}{
		{"insert after the emoji", []contentChange{{Range: rng(0, 13, 0, 13), Text: "Y"}},
			"{\"Sid\": \"é€😀Yx\",\n\"b\": 1}\n"},
		{"replace the emoji", []contentChange{{Range: rng(0, 11, 0, 13), Text: "🙂"}},
			"{\"Sid\": \"é€🙂x\",\n\"b\": 1}\n"},
		{"delete é and €", []contentChange{{Range: rng(0, 9, 0, 11), Text: ""}},
			"{\"Sid\": \"😀x\",\n\"b\": 1}\n"},
		{"across lines", []contentChange{{Range: rng(0, 14, 1, 3), Text: "\"c"}},
			"{\"Sid\": \"é€😀x\"c: 1}\n"},
		{"two changes, the second on the result of the first", []contentChange{
			{Range: rng(0, 9, 0, 10), Text: "ee"}, // é -> ee: the emoji moves right
			{Range: rng(0, 12, 0, 14), Text: "!"},
		}, "{\"Sid\": \"ee€!x\",\n\"b\": 1}\n"},
		{"full text then ranged", []contentChange{{Text: "ab\n😀c"}, {Range: rng(1, 2, 1, 3), Text: "d"}},
			"ab\n😀d"},
		{"ranged then full text", []contentChange{{Range: rng(0, 0, 0, 1), Text: "["}, {Text: "z"}}, "z"},
		{"character past the line end clamps", []contentChange{{Range: rng(1, 99, 1, 99), Text: ","}},
			"{\"Sid\": \"é€😀x\",\n\"b\": 1},\n"},
		{"start of the line after the last is the end", []contentChange{{Range: rng(2, 0, 3, 0), Text: "END"}},
			"{\"Sid\": \"é€😀x\",\n\"b\": 1}\nEND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newStore(analysis.Reanalyze)
			st.open("u", "json", 1, []byte(src))
			sn, err := st.change("u", 2, tt.changes)
			if err != nil {
				t.Fatal(err)
			}
			if string(sn.src) != tt.want {
				t.Errorf("got %q\nwant %q", sn.src, tt.want)
			}
		})
	}
}

func TestChangeErrorsLeaveTextUnchanged(t *testing.T) {
	const src = "{\n\"é\": 1\n}"
	st := newStore(analysis.Reanalyze)
	st.open("u", "json", 5, []byte(src))
	for name, changes := range map[string][]contentChange{
		"line past the end":      {{Range: rng(7, 0, 7, 1), Text: "x"}},
		"negative line":          {{Range: rng(-1, 0, 0, 0), Text: "x"}},
		"end before start":       {{Range: rng(1, 3, 1, 1), Text: "x"}},
		"second change is wrong": {{Range: rng(0, 0, 0, 0), Text: "ok"}, {Range: rng(9, 0, 9, 0), Text: "x"}},
	} {
		if _, err := st.change("u", 6, changes); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if got := st.get("u"); string(got.src) != src || got.version != 5 {
			t.Errorf("%s: text now %q version %d", name, got.src, got.version)
		}
	}
	if _, err := st.change("u", 5, []contentChange{{Text: "new"}}); !errors.Is(err, errStaleVersion) {
		t.Errorf("same version: %v, want errStaleVersion", err)
	}
	if _, err := st.change("u", 4, []contentChange{{Text: "new"}}); !errors.Is(err, errStaleVersion) {
		t.Errorf("older version: %v, want errStaleVersion", err)
	}
	if _, err := st.change("other", 9, []contentChange{{Text: "new"}}); err == nil {
		t.Error("change to a document never opened accepted")
	}
	if !st.close("u") || st.get("u") != nil || st.close("u") {
		t.Error("close did not forget the document")
	}
}

func TestSnapshotsAreImmutable(t *testing.T) {
	st := newStore(analysis.Reanalyze)
	first := st.open("u", "json", 1, []byte(`{"Statement": []}`))
	second, err := st.change("u", 2, []contentChange{{Range: rng(0, 1, 0, 1), Text: `"Version": "2012-10-17", `}})
	if err != nil {
		t.Fatal(err)
	}
	if string(first.src) != `{"Statement": []}` || first.version != 1 {
		t.Errorf("old snapshot changed: %q v%d", first.src, first.version)
	}
	if !strings.Contains(string(second.src), "2012-10-17") {
		t.Errorf("new snapshot %q", second.src)
	}
}

// FuzzApplyChanges checks that no edit panics, that a rejected edit is
// reported as an error, and that an accepted one keeps valid UTF-8 valid
// and changes the length by exactly what it replaced.
func FuzzApplyChanges(f *testing.F) {
	f.Add("{\"Sid\": \"é€😀\"}\n", 0, 10, 0, 12, "x")
	f.Add("a\r\nb\rc\n", 1, 0, 2, 1, "😀")
	f.Add("", 0, 0, 0, 0, "{}")
	f.Add("😀😀", 0, 1, 0, 3, "")
	f.Fuzz(func(t *testing.T, src string, sl, sc, el, ec int, text string) {
		st := newStore(analysis.Reanalyze)
		st.open("u", "json", 1, []byte(src))
		sn, err := st.change("u", 2, []contentChange{{Range: rng(sl, sc, el, ec), Text: text}})
		if err != nil {
			if got := st.get("u"); string(got.src) != src {
				t.Fatalf("rejected change altered the text")
			}
			return
		}
		removed := len(src) + len(text) - len(sn.src)
		if removed < 0 || removed > len(src) {
			t.Fatalf("length %d after replacing in %d bytes with %d", len(sn.src), len(src), len(text))
		}
		if utf8.ValidString(src) && utf8.ValidString(text) && !utf8.Valid(sn.src) {
			t.Fatalf("edit split a character: %q", sn.src)
		}
		if !strings.Contains(string(sn.src), text) {
			t.Fatalf("inserted text missing")
		}
	})
}

// A version of a policy is judged from its own tree (the previous version
// was a policy, so it is analysed straight away): when an edit makes it
// something else, its findings are cleared, and they come back with the
// policy; edits keep using the line index the analysis built.
func TestPolicyJudgedAgainAfterEachEdit(t *testing.T) {
	s := initialized(t, nil, nil)
	s.open(t, policyURI, "json", 1, typoPolicy)
	if d := s.diagnostics(t, policyURI, 1); len(d.Diagnostics) == 0 {
		t.Fatal("no findings for the misspelt action")
	}
	steps := []struct {
		text   string
		policy bool
	}{
		{`{"name": "not-a-policy", "version": "1.0.0"}`, false},
		{typoPolicy, true},
		{`{"Statement": [{"Action": "kms:Decrpyt"`, true}, // half-typed, still a policy
		{`[1, 2]`, false},
	}
	for i, st := range steps {
		v := int32(i + 2)
		s.change(t, policyURI, v, lsptest.Change{Text: st.text})
		d := s.diagnostics(t, policyURI, v)
		if got := len(d.Diagnostics) > 0; got != st.policy {
			t.Errorf("version %d (%.30q): findings %v, want %v: %s", v, st.text, got, st.policy, d.Raw)
		}
	}
	// An incremental edit after all this lands where it should.
	s.change(t, policyURI, 6, lsptest.Change{Text: typoPolicy})
	s.diagnostics(t, policyURI, 6)
	s.change(t, policyURI, 7, lsptest.Edit(4, 35, 4, 42, "Decrypt"))
	if d := s.diagnostics(t, policyURI, 7); strings.Contains(string(d.Raw), "Decrpyt") {
		t.Errorf("the fixed spelling is still reported: %s", d.Raw)
	}
}

// A version is analysed from the one before it: after a keystroke in one
// statement of a key policy only that statement is checked afresh, also
// when versions were skipped without being analysed, and a snapshot lets
// go of the analysis it built on once it is analysed itself.
func TestChangeBuildsOnThePreviousAnalysis(t *testing.T) {
	st := newStore(analysis.Reanalyze)
	src := policyOfSize(8 << 10)
	sn := st.open("u", "json", 1, []byte(src))
	res, err := sn.get(context.Background())
	if err != nil || res.Doc == nil {
		t.Fatalf("first version not analysed: %+v %v", res, err)
	}
	all := len(res.Doc.Units[0].Policy.Statements)
	if all < 10 || res.Doc.StatementsRechecked() != all {
		t.Fatalf("first version: %d of %d statements checked", res.Doc.StatementsRechecked(), all)
	}
	// Two keystrokes in the first statement's Sid; the middle version is
	// never analysed, so the last builds on the first.
	for v := int32(2); v <= 3; v++ {
		if sn, err = st.change("u", v, []contentChange{{Range: rng(4, 14, 4, 14), Text: "x"}}); err != nil {
			t.Fatal(err)
		}
	}
	if sn.base.Load() == nil {
		t.Fatal("the new version has nothing to build on")
	}
	res, err = sn.get(context.Background())
	if err != nil || res.Doc == nil {
		t.Fatalf("last version not analysed: %+v %v", res, err)
	}
	if got := res.Doc.StatementsRechecked(); got != 1 {
		t.Errorf("after a keystroke %d statements were checked afresh, want 1", got)
	}
	if sn.base.Load() != nil {
		t.Error("an analysed snapshot still holds the analysis it built on")
	}
}
