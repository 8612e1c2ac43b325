package terraform

import (
	"bytes"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hclhost"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// File is what a Terraform file holds.
type File struct {
	Units []Unit
	// Refs are the files its policy arguments read (file(), templatefile()).
	Refs   []FileRef
	Errors []hclhost.Error
	// Broken are the blocks that did not parse.
	Broken []text.Span
	Cache  *Cache
}

// Cache keeps what was read from each top-level block of a version of an
// HCL file, by the block's text: a block whose text is unchanged is not
// parsed again, and its units are reused where it now lies.
type Cache struct {
	blocks map[string]parsed
}

type parsed struct {
	text string // the block's text, the key it is kept under
	block
	errs []hclhost.Error
}

// ReadHCL reads an HCL file block by block, reusing what prev (the cache
// of its previous version, or nil) kept.
func ReadHCL(src []byte, prev *Cache) File {
	n := 0
	if prev != nil {
		n = len(prev.blocks)
	}
	next := &Cache{blocks: make(map[string]parsed, n)}
	out := File{Cache: next}
	refs := map[string]policy.Kind{}
	for _, sp := range hclhost.Split(src) {
		part := src[sp.Start:sp.End]
		p, ok := prev.get(part)
		if !ok {
			body, errs := hclhost.Parse(part)
			p = parsed{text: string(part), block: readBlock(part, body), errs: errs}
		}
		next.blocks[p.text] = p
		if len(p.errs) > 0 {
			out.Broken = append(out.Broken, sp)
			for _, e := range p.errs {
				e.Span = text.Span{Start: e.Start + sp.Start, End: e.End + sp.Start}
				out.Errors = append(out.Errors, e)
			}
			// What parsed of a block with errors is not trusted: its
			// units are the last good version's.
			continue
		}
		for name, kind := range p.refs {
			if _, seen := refs[name]; !seen {
				refs[name] = kind
			}
		}
		for _, u := range p.units {
			out.Units = append(out.Units, u.at(sp.Start))
		}
		for _, r := range p.files {
			r.Span = text.Span{Start: r.Span.Start + sp.Start, End: r.Span.End + sp.Start}
			out.Refs = append(out.Refs, r)
		}
	}
	for i, u := range out.Units {
		if u.Document != "" {
			out.Units[i].Kind = refs[u.Document]
		}
	}
	return out
}

func (c *Cache) get(part []byte) (parsed, bool) {
	if c == nil {
		return parsed{}, false
	}
	p, ok := c.blocks[string(part)]
	return p, ok
}

// MayHold is the byte search that spares a Terraform file without a
// policy a parse: it names a policy argument, a statement, or a KMS or
// IAM resource.
func MayHold(src []byte) bool {
	for _, w := range [][]byte{[]byte("policy"), []byte("Statement"), []byte("aws_kms_"), []byte("aws_iam_")} {
		if bytes.Contains(src, w) {
			return true
		}
	}
	return false
}

// StringPolicy is a resource's policy written as a JSON string in a
// Terraform JSON file, which the caller reads as a policy in a string.
type StringPolicy struct {
	Node        *jsonast.Node
	Name, Where string
	Kind        policy.Kind
}

// ReadJSON reads a Terraform JSON file: the policy strings of its
// resources (JSON held in a JSON string, whose "${…}" are values
// Terraform computes) and its aws_iam_policy_document data sources. ok is
// false when the file is no Terraform configuration.
func ReadJSON(f *jsonast.File) (units []Unit, strs []StringPolicy, ok bool) {
	root := f.Root
	if root == nil || root.Kind != jsonast.Object || root.Lookup("resource") == nil && root.Lookup("data") == nil {
		return nil, nil, false
	}
	refs := map[string]policy.Kind{}
	each := func(section string, fn func(typ, name string, body *jsonast.Node)) {
		m := root.Lookup(section)
		if m == nil || m.Value == nil || m.Value.Kind != jsonast.Object {
			return
		}
		for _, t := range m.Value.Members() {
			if t.Value == nil || t.Value.Kind != jsonast.Object {
				continue
			}
			for _, r := range t.Value.Members() {
				for _, body := range objects(r.Value) {
					fn(t.Key.Value, r.Key.Value, body)
				}
			}
		}
	}
	each("resource", func(typ, name string, body *jsonast.Node) {
		kind, ok := kindOf(typ)
		if !ok {
			return
		}
		addr := typ + "." + name
		var policies []struct {
			where string
			n     *jsonast.Node
		}
		if p := body.Lookup("policy"); p != nil && typ != "aws_iam_role" {
			policies = append(policies, struct {
				where string
				n     *jsonast.Node
			}{"policy", p.Value})
		}
		if typ == "aws_iam_role" {
			if ip := body.Lookup("inline_policy"); ip != nil {
				for i, b := range objects(ip.Value) {
					if p := b.Lookup("policy"); p != nil {
						policies = append(policies, struct {
							where string
							n     *jsonast.Node
						}{"inline_policy[" + itoa(i) + "].policy", p.Value})
					}
				}
			}
		}
		for _, p := range policies {
			if p.n == nil || p.n.Kind != jsonast.String {
				continue
			}
			if doc := referencedDocument(p.n.Value); doc != "" {
				if _, seen := refs[doc]; !seen {
					refs[doc] = kind
				}
				continue
			}
			strs = append(strs, StringPolicy{Node: p.n, Name: addr, Where: p.where, Kind: kind})
		}
	})
	each("data", func(typ, name string, body *jsonast.Node) {
		if typ != documentType {
			return
		}
		tree := hosttree.FromJSON(f, body)
		syn := &DocumentSyntax{Host: &hosttree.JSONSyntax{Src: f.Src}, Argument: jsonArgument(f.Src), Indent: indentOf(f.Src), Sep: ","}
		u := hosttree.Emit(Document(tree), tree.Span, syn)
		units = append(units, Unit{Name: "data." + documentType + "." + name, Src: u.Src, Map: u.Map, Unknowns: u.Unknowns, Host: u, Document: name})
	})
	for i, u := range units {
		if u.Document != "" {
			units[i].Kind = refs[u.Document]
		}
	}
	return units, strs, true
}

// objects are the objects a Terraform JSON block is written as: one
// object, or a list of them.
func objects(n *jsonast.Node) []*jsonast.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case jsonast.Object:
		return []*jsonast.Node{n}
	case jsonast.Array:
		var out []*jsonast.Node
		for _, e := range n.Elems() {
			if e.Kind == jsonast.Object {
				out = append(out, e)
			}
		}
		return out
	}
	return nil
}

// referencedDocument is the name of the policy document a string such as
// "${data.aws_iam_policy_document.key.json}" refers to.
func referencedDocument(s string) string {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "${data."+documentType+".")
	if !ok {
		return ""
	}
	name, attr, _ := strings.Cut(strings.TrimSuffix(rest, "}"), ".")
	if attr != "json" && attr != "minified_json" {
		return ""
	}
	return name
}

// jsonArgument writes a new argument of a Terraform JSON block.
func jsonArgument(src []byte) func(string, *hosttree.Frag, bool, bool) string {
	syn := &hosttree.JSONSyntax{Src: src}
	return func(name string, v *hosttree.Frag, list, snippet bool) string {
		if list && v.Kind != hosttree.FragArray {
			v = &hosttree.Frag{Kind: hosttree.FragArray, Elems: []*hosttree.Frag{v}}
		}
		text, _ := syn.Value(&hosttree.Node{}, false, v, snippet)
		return `"` + name + `": ` + text
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
