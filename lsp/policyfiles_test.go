package lsp

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
	"github.com/kms-policy-ls/kms-policy-ls/lsp/lsptest"
)

// readPolicy names a Principal, so it is taken for a key policy unless a
// configuration reads it as an IAM policy (principal-in-identity-policy).
const readPolicy = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Decrypt", "Resource": "*"}]
}
`

func codesOf(d lsptest.Diagnostics) string {
	var out []string
	for _, x := range d.Diagnostics {
		out = append(out, x.Code.(string))
	}
	return strings.Join(out, " ")
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A file a configuration reads with file() is analysed as the kind of
// the resource that reads it: the configuration on disk says so when it
// is not open, the open configuration's text when it is, and an edit of
// the open configuration analyses the file again.
func TestReferencedFileTakesTheConfigurationsKind(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main.tf":            "resource \"aws_iam_policy\" \"read\" {\n  policy = file(\"${path.module}/policies/read.json\")\n}\n",
		"policies/read.json": readPolicy,
	})
	s := initialized(t, nil, nil)
	policyURI := string(uri.File(filepath.Join(dir, "policies", "read.json")))
	s.open(t, policyURI, "json", 1, readPolicy)
	if got := codesOf(s.diagnostics(t, policyURI, 1)); got != "principal-in-identity-policy" {
		t.Errorf("read by aws_iam_policy on disk: %q", got)
	}

	// The open configuration now reads it as a key policy.
	tfURI := string(uri.File(filepath.Join(dir, "main.tf")))
	mark := s.client.Mark()
	tf := "resource \"aws_kms_key\" \"k\" {\n  description = \"key\"\n  policy = /* clé 😀 */ file(\"policies/read.json\")\n}\n"
	s.open(t, tfURI, "terraform", 1, tf)
	d, err := s.client.WaitDiagnosticsAfter(ctxT(t), mark, policyURI, func(d lsptest.Diagnostics) bool { return !strings.Contains(codesOf(d), "principal-in-identity-policy") })
	if err != nil {
		t.Fatalf("the file was not analysed again as a key policy: %v", err)
	}
	if strings.Contains(codesOf(d), "principal-in") {
		t.Errorf("as a key policy: %q", codesOf(d))
	}

	// The path's string links to the file, at its exact place.
	var links []protocol.DocumentLink
	s.call(t, "textDocument/documentLink", map[string]any{"textDocument": map[string]string{"uri": tfURI}}, &links)
	line := strings.Split(tf, "\n")[2]
	col := utf16Col(line, `"policies/read.json"`)
	want := protocol.Range{Start: protocol.Position{Line: 2, Character: col}, End: protocol.Position{Line: 2, Character: col + uint32(len(`"policies/read.json"`))}}
	found := false
	for _, l := range links {
		if l.Range == want && string(l.Target) == policyURI {
			found = true
		}
	}
	if !found {
		t.Errorf("no link from %+v to %s: %+v", want, policyURI, links)
	}

	// While the configuration does not parse, it reads what it read: the
	// file is still a key policy, whose lenses it has.
	s.change(t, tfURI, 2, lsptest.Edit(2, 0, 2, 0, "  policy = \"\n"))
	s.diagnostics(t, tfURI, 2)
	var lenses []wireLens
	s.call(t, "textDocument/codeLens", map[string]any{"textDocument": map[string]string{"uri": policyURI}}, &lenses)
	if len(lenses) == 0 {
		t.Errorf("while the configuration is typed, the file is no longer read as a key policy")
	}

	// Closed, the configuration on disk speaks again.
	mark = s.client.Mark()
	if err := s.client.Notify(ctxT(t), "textDocument/didClose", map[string]any{"textDocument": map[string]string{"uri": tfURI}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.WaitDiagnosticsAfter(ctxT(t), mark, policyURI, func(d lsptest.Diagnostics) bool { return codesOf(d) == "principal-in-identity-policy" }); err != nil {
		t.Errorf("after the configuration closed: %v", err)
	}
}

// A template templatefile() renders is analysed with its interpolations
// and directives unknown, at the template's positions; a configuration
// that reads a missing file says so at the path.
func TestTemplateAndMissingFile(t *testing.T) {
	dir := t.TempDir()
	tf := "resource \"aws_kms_key\" \"k\" {\n  policy = templatefile(\"${path.module}/key.tftpl\", { account = var.account })\n}\n" +
		"resource \"aws_iam_policy\" \"p\" {\n  description = \"x\"\n  policy = /* é😀 */ file(\"gone.json\")\n}\n"
	tmpl := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::${account}:root\"},\n" +
		"    \"Sid\": \"é😀\", \"Action\": [%{ if admin }\"kms:*\"%{ else }\"kms:Decrpyt\"%{ endif }, \"kms:Sing\"], \"Resource\": \"*\"}]\n}\n"
	writeTree(t, dir, map[string]string{"main.tf": tf, "key.tftpl": tmpl})
	s := initialized(t, nil, nil)

	tmplURI := string(uri.File(filepath.Join(dir, "key.tftpl")))
	s.open(t, tmplURI, "terraform-template", 1, tmpl)
	d := s.diagnostics(t, tmplURI, 1)
	line := strings.Split(tmpl, "\n")[3]
	col := utf16Col(line, `"kms:Sing"`)
	want := protocol.Range{Start: protocol.Position{Line: 3, Character: col}, End: protocol.Position{Line: 3, Character: col + 10}}
	if codesOf(d) != "unknown-action" || d.Diagnostics[0].Range != want {
		t.Errorf("template findings %s, want unknown-action at %+v", d.Raw, want)
	}

	tfURI := string(uri.File(filepath.Join(dir, "main.tf")))
	s.open(t, tfURI, "terraform", 1, tf)
	d = s.diagnostics(t, tfURI, 1)
	line = strings.Split(tf, "\n")[5]
	col = utf16Col(line, `"gone.json"`)
	want = protocol.Range{Start: protocol.Position{Line: 5, Character: col}, End: protocol.Position{Line: 5, Character: col + 11}}
	if codesOf(d) != "missing-policy-file" || d.Diagnostics[0].Range != want || d.Diagnostics[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("configuration findings %s, want missing-policy-file at %+v", d.Raw, want)
	}
}

// filePath reads a file: URI's path; only on Windows is a drive letter
// after the leading slash taken as the start of the path.
func TestFilePath(t *testing.T) {
	for u, want := range map[string]string{
		"file:///home/me/key.json":     "/home/me/key.json",
		"file:///home/me/a%20b/é.json": "/home/me/a b/é.json",
		"file:///c:/x/key.json":        "/c:/x/key.json",
		"file:///c%3A/x/../key.json":   "/c:/key.json",
		"file:///ab":                   "/ab",
		"untitled:Untitled-1":          "",
		"file://host":                  "",
		"https://example.com/key.json": "",
	} {
		if runtime.GOOS == "windows" && strings.HasPrefix(want, "/c:") {
			want = want[1:]
		}
		ok := want != ""
		if ok {
			want = filepath.FromSlash(want)
		}
		if got, gotOK := filePath(u); got != want || gotOK != ok {
			t.Errorf("filePath(%q) = %q, %v; want %q, %v", u, got, gotOK, want, ok)
		}
	}
}

// A configuration on disk is looked at again once diskRecheck has passed
// since the last look, and not before: an edit on disk is seen late, but
// a burst of lookups reads the directory once.
func TestDiskConfigurationsRecheck(t *testing.T) {
	dir := t.TempDir()
	reads := "resource \"aws_iam_policy\" \"read\" {\n  policy = file(\"${path.module}/policies/read.json\")\n}\n"
	writeTree(t, dir, map[string]string{"main.tf": reads, "policies/read.json": readPolicy})
	pf := newPolicyFiles(nil)
	doc := string(uri.File(filepath.Join(dir, "policies", "read.json")))
	if pf.lookup(doc) == nil {
		t.Fatal("the configuration on disk does not read the file")
	}
	writeTree(t, dir, map[string]string{"main.tf": "# é😀 reads nothing now\n" + strings.ReplaceAll(reads, "file(", "jsonencode(")})
	if pf.lookup(doc) == nil {
		t.Error("the directory was read again before diskRecheck passed")
	}
	for _, cd := range pf.dirs {
		cd.checked = cd.checked.Add(-diskRecheck)
	}
	if r := pf.lookup(doc); r != nil {
		t.Errorf("after diskRecheck, the edited configuration still reads the file: %+v", *r)
	}

	// An edit that keeps the file's time (a coarse clock) is seen by its size.
	tf := filepath.Join(dir, "main.tf")
	info, err := os.Stat(tf)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, dir, map[string]string{"main.tf": reads})
	if err := os.Chtimes(tf, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	for _, cd := range pf.dirs {
		cd.checked = cd.checked.Add(-diskRecheck)
	}
	if pf.lookup(doc) == nil {
		t.Error("an edit of another size at the same time was not read")
	}
}

// Closing a configuration reads what was saved of it at once, not after
// diskRecheck; closing one in a directory never read reads nothing.
func TestClosedConfigurationIsReadFromDisk(t *testing.T) {
	dir := t.TempDir()
	reads := "resource \"aws_iam_policy\" \"read\" {\n  policy = file(\"${path.module}/policies/read.json\")\n}\n"
	writeTree(t, dir, map[string]string{"main.tf": reads, "policies/read.json": readPolicy})
	pf := newPolicyFiles(nil)
	doc := string(uri.File(filepath.Join(dir, "policies", "read.json")))
	tfURI := string(uri.File(filepath.Join(dir, "main.tf")))
	if pf.lookup(doc) == nil {
		t.Fatal("the configuration on disk does not read the file")
	}
	writeTree(t, dir, map[string]string{"main.tf": "# é😀 saved: reads nothing\n"})
	pf.closed(tfURI)
	if r := pf.lookup(doc); r != nil {
		t.Errorf("after the configuration was saved and closed, it still reads the file: %+v", *r)
	}
	newPolicyFiles(nil).closed(string(uri.File(filepath.Join(t.TempDir(), "main.tf"))))
}

// An open configuration's edit tells changed the files whose reference it
// added, changed or dropped, and only those, in order.
func TestOpenConfigurationChanges(t *testing.T) {
	dir := t.TempDir()
	tfURI := string(uri.File(filepath.Join(dir, "main.tf")))
	var got [][]string
	pf := newPolicyFiles(func(paths []string) { got = append(got, paths) })
	ref := func(p string, kind policy.Kind) source.Reference {
		return source.Reference{Path: p, Name: "k", Where: "policy", Kind: kind}
	}
	abs := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	steps := []struct {
		refs []source.Reference
		want []string
	}{
		{[]source.Reference{ref("b.json", policy.KindKey), ref("a.json", policy.KindKey)}, abs("a.json", "b.json")},
		{[]source.Reference{ref("a.json", policy.KindIAM), ref("b.json", policy.KindKey)}, abs("a.json")},
		{[]source.Reference{ref("a.json", policy.KindIAM), ref("b.json", policy.KindKey)}, nil},
		{[]source.Reference{ref("b.json", policy.KindKey), ref("c.json", policy.KindKey)}, abs("a.json", "c.json")},
		{nil, abs("b.json", "c.json")},
	}
	for i, st := range steps {
		got = nil
		pf.analysed(tfURI, st.refs)
		var flat []string
		for _, g := range got {
			flat = append(flat, g...)
		}
		if len(got) > 1 || !slices.Equal(flat, st.want) {
			t.Errorf("edit %d: changed %q, want %q", i, got, st.want)
		}
	}
}

// A configuration on disk of maxDiskConfigSize bytes is read; one byte
// more is not.
func TestDiskConfigurationSizeLimit(t *testing.T) {
	reads := "resource \"aws_iam_policy\" \"read\" {\n  policy = file(\"${path.module}/policies/read.json\")\n}\n# é😀 "
	for _, c := range []struct {
		size int
		read bool
	}{{maxDiskConfigSize, true}, {maxDiskConfigSize + 1, false}} {
		dir := t.TempDir()
		tf := reads + strings.Repeat("x", c.size-len(reads)-1) + "\n"
		writeTree(t, dir, map[string]string{"main.tf": tf, "policies/read.json": readPolicy})
		doc := string(uri.File(filepath.Join(dir, "policies", "read.json")))
		if read := newPolicyFiles(nil).lookup(doc) != nil; read != c.read {
			t.Errorf("a configuration of %d bytes read: %v, want %v", len(tf), read, c.read)
		}
	}
}
