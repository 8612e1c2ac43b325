package marker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

func TestParseStripsMarkersAndKeepsOffsets(t *testing.T) {
	src := "/*@kind:key*/{\n  \"Action\": /*@diag:unknown-action*/\"kms:X\",\n  \"A\": \"kms:De/*@complete:kms:Decrypt,kms:DescribeKey*/\"\n}"
	fx, err := Parse("t.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"Action\": \"kms:X\",\n  \"A\": \"kms:De\"\n}"
	if string(fx.Src) != want {
		t.Fatalf("cleaned source = %q, want %q", fx.Src, want)
	}
	if got := fx.Setting("kind"); got != "key" {
		t.Errorf("kind = %q", got)
	}
	d := fx.Named("diag")
	if len(d) != 1 || d[0].Args[0] != "unknown-action" || string(fx.Src[d[0].Offset:d[0].Offset+7]) != `"kms:X"` || d[0].Line != 2 {
		t.Errorf("diag marker = %+v", d)
	}
	c := fx.Named("complete")
	if len(c) != 1 || len(c[0].Args) != 2 || c[0].Args[1] != "kms:DescribeKey" || string(fx.Src[c[0].Offset-6:c[0].Offset]) != "kms:De" || c[0].Line != 3 {
		t.Errorf("complete marker = %+v", c)
	}
}

func TestParseRejectsUnterminatedMarker(t *testing.T) {
	if _, err := Parse("t.json", []byte(`{"a": /*@diag:x }`)); err == nil {
		t.Fatal("want an error for an unterminated marker")
	}
}

func TestFixedDir(t *testing.T) {
	cases := map[string]string{
		"../../testdata/checks/*/*.json": "../../testdata/checks",
		"../testdata/lsp/*.json":         "../testdata/lsp",
		"testdata/a?/b/*.json":           "testdata",
		"x.json":                         ".",
	}
	for pattern, want := range cases {
		if got := fixedDir(pattern); got != want {
			t.Errorf("fixedDir(%q) = %q, want %q", pattern, got, want)
		}
	}
}

func TestRunNamesSubtestsBelowTheWildcard(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{"rule-a/trigger.json", "rule-b/clean😀.json"} {
		path := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(`/*@kind:key*/{}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	Run(t, filepath.Join(dir, "*", "*.json"), func(t *testing.T, fx *Fixture) {
		names = append(names, t.Name())
		if string(fx.Src) != "{}" || fx.Kind(t) != policy.KindKey {
			t.Errorf("%s: src %q kind %v", fx.Path, fx.Src, fx.Kind(t))
		}
	})
	want := []string{t.Name() + "/rule-a/trigger.json", t.Name() + "/rule-b/clean😀.json"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("subtests %q, want %q", names, want)
	}
}
