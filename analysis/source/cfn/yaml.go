package cfn

import (
	"bytes"
	"sort"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/yamlhost"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// YAMLFile is what a YAML file holds.
type YAMLFile struct {
	// Template is set for a CloudFormation template.
	Template bool
	// Units are its policies (for !If, each branch), in file order; for a
	// YAML file that is itself a policy, that policy.
	Units []Unit
	// Errors are its syntax errors, and Broken the parts of the file
	// that did not parse (where Units has nothing, though there may be
	// policies).
	Errors []yamlhost.Error
	Broken []text.Span
	// Cache is what reading the next version of the file can reuse.
	Cache *Cache
}

// Cache keeps what was read from a version of a YAML file, by the text of
// each chunk (see yamlhost.Split): a chunk whose text is unchanged is not
// parsed again, and its units are reused where it now lies.
type Cache struct {
	parsed map[string]parsedChunk
	// units are the units of each resource chunk, in the chunk's
	// offsets, made when the template's resources had the types typesKey
	// says (a unit's hover text names the types of the resources it
	// refers to).
	units    map[string][]Unit
	typesKey string
	// whole is set for a file the split misleads (its chunks do not
	// parse alone, the file does): it is parsed whole.
	whole bool
}

type parsedChunk struct {
	text string // the chunk's text, the key it is kept under
	tree *hosttree.Node
	err  *yamlhost.Error
}

// sections are the top-level members split into one chunk per member.
var sections = map[string]bool{"Resources": true}

// ReadYAML reads a YAML file, reusing what prev (the cache of its previous
// version, or nil) kept. A file that is not a template is a policy when
// its top-level keys are a policy's, or when explicit is set (the user
// named it as one).
func ReadYAML(src []byte, prev *Cache, explicit bool) YAMLFile {
	if prev == nil {
		prev = &Cache{}
	}
	next := &Cache{parsed: make(map[string]parsedChunk, len(prev.parsed)), units: make(map[string][]Unit, len(prev.units))}
	chunks := yamlhost.Split(src, sections)
	trees := make([]*hosttree.Node, len(chunks))
	var failed []int
	for i, c := range chunks {
		p, ok := prev.parsed[string(src[c.Start:c.End])]
		if !ok {
			p.text = string(src[c.Start:c.End])
			p.tree, p.err = yamlhost.Parse(src[c.Start:c.End])
		}
		next.parsed[p.text] = p
		trees[i] = p.tree
		if p.err != nil {
			failed = append(failed, i)
		}
	}
	out := YAMLFile{Cache: next}
	if len(failed) > 0 && (prev.parsed == nil || prev.whole) {
		// Either the text is broken there, or the split misled; the
		// whole file decides. (When the previous version parsed part by
		// part, a part that fails now is being typed: the whole file
		// would fail too, after a parse of up to all of it.)
		if root, err := yamlhost.Parse(src); err == nil {
			out.Cache = &Cache{whole: true}
			return readWhole(src, root, out, explicit)
		}
	}
	for _, i := range failed {
		e := *next.parsed[string(src[chunks[i].Start:chunks[i].End])].err
		e.Span = text.Span{Start: e.Start + chunks[i].Start, End: e.End + chunks[i].Start}
		out.Errors = append(out.Errors, e)
		out.Broken = append(out.Broken, chunks[i].Span)
	}
	out.Template = isTemplate(chunks, trees)
	if !out.Template {
		if (explicit || looksLikePolicy(src, chunks)) && len(failed) == 0 {
			root, _ := yamlhost.Parse(src)
			return readWhole(src, root, out, explicit)
		}
		return out
	}
	types, typesKey := chunkTypes(chunks, trees)
	next.typesKey = typesKey
	reuse := prev.typesKey == typesKey
	for i, c := range chunks {
		if c.Section != "Resources" || trees[i] == nil || !mayHoldPolicy(trees[i]) {
			continue
		}
		key := next.parsed[string(src[c.Start:c.End])].text
		us, ok := prev.units[key]
		if !ok || !reuse {
			us = chunkUnits(src[c.Start:c.End], trees[i], types)
		}
		next.units[key] = us
		for _, u := range us {
			out.Units = append(out.Units, u.At(c.Start))
		}
	}
	return out
}

// readWhole reads the units of a file parsed whole.
func readWhole(src []byte, root *hosttree.Node, out YAMLFile, explicit bool) YAMLFile {
	out.Errors, out.Broken = nil, nil
	syn := &yamlhost.Syntax{Src: src}
	if IsTemplate(root) {
		out.Template = true
		types := Types(root)
		for _, p := range Policies(root) {
			out.Units = append(out.Units, WriteBranches(p, types, syn, yamlEscape(src))...)
		}
		return out
	}
	if root != nil && (explicit || root.Lookup("Statement") != nil || root.Lookup("Version") != nil && root.Lookup("Version").Value == "2012-10-17") {
		out.Units = WriteBranches(Policy{Node: root}, nil, syn, yamlEscape(src))
	}
	return out
}

// mayHoldPolicy: a resource chunk of a type that can hold a policy.
func mayHoldPolicy(tree *hosttree.Node) bool {
	for _, m := range tree.Members {
		if t := m.Value.Lookup("Type"); t != nil && MayHoldPolicy(t.Value) {
			return true
		}
	}
	return false
}

// chunkUnits are the policies of one resource chunk, in the chunk's
// offsets.
func chunkUnits(src []byte, tree *hosttree.Node, types map[string]string) []Unit {
	var out []Unit
	syn := &yamlhost.Syntax{Src: src}
	for _, m := range tree.Members {
		for _, p := range ResourcePolicies(m.Key.Value, m.Value) {
			out = append(out, WriteBranches(p, types, syn, yamlEscape(src))...)
		}
	}
	return out
}

// WriteBranches writes the policy as a unit, and when it has !If
// functions a second unit where every !If takes its second branch.
func WriteBranches(p Policy, types map[string]string, syn hosttree.Syntax, escape func(*hosttree.Node) Escape) []Unit {
	u := Write(p, types, 0, syn, escape)
	if len(u.Ifs) == 0 {
		return []Unit{u}
	}
	alt := Write(p, types, 1, syn, escape)
	alt.Branch = 1
	return []Unit{u, alt}
}

// At is the unit with its host text at offset base of the file: a unit
// read from a chunk, where the chunk now lies.
func (u Unit) At(base int) Unit {
	switch h := u.Host.(type) {
	case *hosttree.Unit:
		h = h.At(base)
		u.Host, u.Map = h, h.Map
	case *hosttree.TextUnit:
		h = h.At(base)
		u.Host, u.Map = h, h.Map
	}
	u.Span = text.Span{Start: u.Span.Start + base, End: u.Span.End + base}
	return u
}

// yamlEscape writes JSON text put into a YAML string of n's style.
func yamlEscape(src []byte) func(*hosttree.Node) Escape {
	return func(n *hosttree.Node) Escape {
		return func(s string, at int, snippet bool) string { return yamlhost.EscapeString(src, n, s, at, snippet) }
	}
}

// isTemplate: a top-level AWSTemplateFormatVersion, or a resource with a
// Type "AWS::…".
func isTemplate(chunks []yamlhost.Chunk, trees []*hosttree.Node) bool {
	for i, c := range chunks {
		if c.Section == "" && c.Key == "AWSTemplateFormatVersion" {
			return true
		}
		if c.Section == "Resources" && trees[i] != nil {
			for _, m := range trees[i].Members {
				if IsResource(m.Value) {
					return true
				}
			}
		}
	}
	return false
}

// looksLikePolicy: the file's top-level keys are a policy's, or the file
// is one flow mapping (JSON is YAML), which the parse decides.
func looksLikePolicy(src []byte, chunks []yamlhost.Chunk) bool {
	if t := bytes.TrimLeft(src, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return true
	}
	for _, c := range chunks {
		if c.Section == "" && (c.Key == "Statement" || c.Key == "Version") {
			return true
		}
	}
	return false
}

// chunkTypes are the resources' types, and a key that changes when they
// do (units mention them in hover text).
func chunkTypes(chunks []yamlhost.Chunk, trees []*hosttree.Node) (map[string]string, string) {
	types := map[string]string{}
	for i, c := range chunks {
		if c.Section != "Resources" || trees[i] == nil {
			continue
		}
		for _, m := range trees[i].Members {
			if t := m.Value.Lookup("Type"); t != nil && t.Kind == hosttree.String {
				types[m.Key.Value] = t.Value
			}
		}
	}
	keys := make([]string, 0, len(types))
	for k, v := range types {
		keys = append(keys, k+"="+v)
	}
	sort.Strings(keys)
	return types, strings.Join(keys, ",")
}
