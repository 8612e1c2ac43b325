package source

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/terraform"
)

// isTerraformJSON: Terraform's JSON syntax is a file named *.tf.json.
func isTerraformJSON(name string) bool {
	return strings.HasSuffix(strings.ToLower(name), ".tf.json")
}

// classifyHCL reads a Terraform file's policies.
func classifyHCL(f File, prev *Contents) Contents {
	var cache *terraform.Cache
	if prev != nil {
		cache, _ = prev.cache.(*terraform.Cache)
	}
	if cache == nil && !f.Explicit && !terraform.MayHold(f.Src) {
		return Contents{}
	}
	t := terraform.ReadHCL(f.Src, cache)
	c := Contents{Language: "hcl", cache: t.Cache, Broken: t.Broken, References: t.Refs}
	for _, e := range t.Errors {
		c.Errors = append(c.Errors, SyntaxError{Span: e.Span, Code: "hcl-syntax", Message: e.Message})
	}
	for _, u := range t.Units {
		c.Units = append(c.Units, fromTerraform(u))
	}
	return c
}

func fromTerraform(u terraform.Unit) Unit {
	out := Unit{Name: u.Name, Where: u.Where, Kind: u.Kind, Src: u.Src, Span: u.Span(), Map: u.Map, Host: u.Host, Unknowns: u.Unknowns, Branch: u.Branch}
	if len(u.Conditions) > 0 {
		out.Conditions, out.Choice = u.Conditions, "? :"
	}
	return out
}

// terraformJSONUnits are the policies of a Terraform JSON file.
func terraformJSONUnits(tree *jsonast.File) []Unit {
	units, strs, ok := terraform.ReadJSON(tree)
	if !ok {
		return nil
	}
	var out []Unit
	for _, u := range units {
		out = append(out, fromTerraform(u))
	}
	for _, sp := range strs {
		u, ok := stringUnit(tree, sp.Where, sp.Node)
		if !ok {
			continue
		}
		u.Name, u.Where, u.Kind = sp.Name, sp.Where, sp.Kind
		u.Unknowns = interpolations(u.Tree)
		out = append(out, u)
	}
	sortUnits(out)
	return out
}

// interpolations are the strings of a policy held in a Terraform JSON
// string that hold a "${…}" Terraform substitutes ("$${" is a literal
// "${", a policy variable).
func interpolations(f *jsonast.File) []hosttree.Unknown {
	var out []hosttree.Unknown
	var walk func(n *jsonast.Node)
	walk = func(n *jsonast.Node) {
		if n == nil {
			return
		}
		switch n.Kind {
		case jsonast.String:
			if i := strings.Index(n.Value, "${"); i >= 0 && (i == 0 || n.Value[i-1] != '$') {
				out = append(out, hosttree.Unknown{Span: n.Span, About: "Terraform substitutes `" + n.Value + "` when it applies the configuration. The checks take it for any value of the right shape."})
			}
		case jsonast.Object:
			for _, m := range n.Members() {
				walk(m.Value)
			}
		case jsonast.Array:
			for _, e := range n.Elems() {
				walk(e)
			}
		}
	}
	walk(f.Root)
	return out
}

// classifyReferenced reads a file a Terraform configuration reads as a
// policy: the whole file, of the reference's kind; a template rendered
// with its values unknown, or nothing when it cannot be judged
// (terraform.ReadTemplate). tree is the file's syntax tree when the
// caller parsed it.
func classifyReferenced(f File, tree *jsonast.File) Contents {
	r := f.Referenced
	if !r.Template {
		c := whole(f.Src, tree)
		c.Units[0].Kind = r.Kind
		return c
	}
	u, ok := terraform.ReadTemplate(f.Src)
	if !ok {
		return Contents{}
	}
	unit := fromTerraform(u)
	unit.Kind = r.Kind
	return Contents{Units: []Unit{unit}, Language: "hcl"}
}
