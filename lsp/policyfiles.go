package lsp

import (
	"bytes"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source"
)

// policyFiles knows which files the Terraform configurations around an
// open document read as policies (file(), templatefile()), so that such a
// file is analysed as the kind of the resource that reads it. It learns
// them from the open .tf documents, as each is analysed, and from the
// *.tf files on disk in the directory of the document and its parent:
// those are read when first needed and again when their size or time
// changes, looked at no more than once every diskRecheck, at most
// maxDiskConfigs files of at most maxDiskConfigSize bytes a directory.
// Only file: URIs take part; the keys are file paths.
type policyFiles struct {
	mu   sync.Mutex
	open map[string]map[string]source.Reference // open .tf -> referenced file -> reference
	dirs map[string]*configDir
	// changed is told the referenced files whose reference an open
	// configuration added, changed or dropped.
	changed func(paths []string)
}

const (
	diskRecheck       = 2 * time.Second
	maxDiskConfigs    = 64
	maxDiskConfigSize = 1 << 20
)

// configDir is what the *.tf files of a directory on disk read.
type configDir struct {
	checked time.Time
	files   map[string]*diskConfig
}

type diskConfig struct {
	size int64
	mod  time.Time
	refs map[string]source.Reference
}

func newPolicyFiles(changed func([]string)) *policyFiles {
	return &policyFiles{open: map[string]map[string]source.Reference{}, dirs: map[string]*configDir{}, changed: changed}
}

// filePath is the file path of a file: URI (never parsed by
// uri.Filename, which panics on some, pitfall 11).
func filePath(u string) (string, bool) {
	pu, err := url.Parse(u)
	if err != nil || pu.Scheme != "file" || pu.Path == "" {
		return "", false
	}
	p := pu.Path
	if runtime.GOOS == "windows" && len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // /c:/x
	}
	return filepath.Clean(filepath.FromSlash(p)), true
}

// referencesOf resolves a configuration's references, by the referenced
// file's path.
func referencesOf(configPath string, refs []source.Reference) map[string]source.Reference {
	out := map[string]source.Reference{}
	dir := filepath.Dir(configPath)
	for _, r := range refs {
		p := filepath.Clean(r.Resolve(dir))
		if _, seen := out[p]; !seen {
			out[p] = r
		}
	}
	return out
}

// lookup is the reference that makes the document at docURI a policy,
// nil when no configuration reads it. An open configuration is read as
// its text is now; the files on disk are read when no open one does.
func (pf *policyFiles) lookup(docURI string) *source.Reference {
	path, ok := filePath(docURI)
	if pf == nil || !ok || strings.HasSuffix(strings.ToLower(path), ".tf") {
		return nil // a configuration is never another's policy
	}
	pf.mu.Lock()
	defer pf.mu.Unlock()
	for _, cfg := range slices.Sorted(maps.Keys(pf.open)) {
		if r, ok := pf.open[cfg][path]; ok {
			return &r
		}
	}
	dir := filepath.Dir(path)
	for _, d := range []string{dir, filepath.Dir(dir)} {
		cd := pf.scan(d)
		for _, cfg := range slices.Sorted(maps.Keys(cd.files)) {
			if _, isOpen := pf.open[cfg]; isOpen {
				continue
			}
			if r, ok := cd.files[cfg].refs[path]; ok {
				return &r
			}
		}
	}
	return nil
}

// scan reads the *.tf files of a directory that changed since it last
// did; pf.mu is held.
func (pf *policyFiles) scan(dir string) *configDir {
	cd := pf.dirs[dir]
	if cd == nil {
		cd = &configDir{files: map[string]*diskConfig{}}
		pf.dirs[dir] = cd
	} else if time.Since(cd.checked) < diskRecheck {
		return cd
	}
	cd.checked = time.Now()
	entries, err := os.ReadDir(dir)
	if err != nil {
		cd.files = map[string]*diskConfig{}
		return cd
	}
	next := map[string]*diskConfig{}
	for _, e := range entries {
		if len(next) == maxDiskConfigs {
			break
		}
		if e.IsDir() || !strings.HasSuffix(strings.ToLower(e.Name()), ".tf") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil || info.Size() > maxDiskConfigSize {
			continue
		}
		if old := cd.files[p]; old != nil && old.size == info.Size() && old.mod.Equal(info.ModTime()) {
			next[p] = old
			continue
		}
		next[p] = readConfig(p, info)
	}
	cd.files = next
	return cd
}

// readConfig reads the references of a configuration on disk.
func readConfig(path string, info os.FileInfo) *diskConfig {
	dc := &diskConfig{size: info.Size(), mod: info.ModTime()}
	src, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(src, []byte("file(")) {
		return dc
	}
	dc.refs = referencesOf(path, source.Classify(source.File{Name: path, Src: src}).References)
	return dc
}

// analysed records the references of an open document as it now reads
// (none for a document that is no configuration), and tells changed the
// files whose reference this changes.
func (pf *policyFiles) analysed(docURI string, refs []source.Reference) {
	path, ok := filePath(docURI)
	if pf == nil || !ok {
		return
	}
	pf.mu.Lock()
	old, had := pf.open[path]
	if !had && len(refs) == 0 {
		pf.mu.Unlock()
		return
	}
	next := referencesOf(path, refs)
	if maps.Equal(old, next) && had {
		pf.mu.Unlock()
		return
	}
	if len(next) == 0 {
		delete(pf.open, path)
	} else {
		pf.open[path] = next
	}
	pf.mu.Unlock()
	pf.notify(old, next)
}

// closed forgets an open configuration: the file on disk speaks for it.
func (pf *policyFiles) closed(docURI string) {
	path, ok := filePath(docURI)
	if pf == nil || !ok {
		return
	}
	pf.mu.Lock()
	old, had := pf.open[path]
	delete(pf.open, path)
	if dir := pf.dirs[filepath.Dir(path)]; dir != nil {
		dir.checked = time.Time{} // read what was saved
	}
	pf.mu.Unlock()
	if had {
		pf.notify(old, nil)
	}
}

func (pf *policyFiles) notify(old, next map[string]source.Reference) {
	if pf.changed == nil {
		return
	}
	var paths []string
	for p, r := range old {
		if n, ok := next[p]; !ok || n != r {
			paths = append(paths, p)
		}
	}
	for p := range next {
		if _, ok := old[p]; !ok {
			paths = append(paths, p)
		}
	}
	if len(paths) > 0 {
		slices.Sort(paths)
		pf.changed(paths)
	}
}

// existsOnDisk answers for the files a configuration at docURI reads; nil
// for a document that is no file.
func existsOnDisk(docURI string) func(source.Reference) bool {
	path, ok := filePath(docURI)
	if !ok {
		return nil
	}
	dir := filepath.Dir(path)
	return func(r source.Reference) bool {
		info, err := os.Stat(r.Resolve(dir))
		return err == nil && info.Mode().IsRegular()
	}
}
