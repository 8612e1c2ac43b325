// Package source decides what a file holds: which policy documents
// ("units") it contains, where each lies in the file, and what kind each is
// when the file says so. The language server, `lint` and the directory walk
// all ask Classify; nothing else decides whether a file is a policy.
//
// Hosts known today:
//   - the whole file is a policy (a JSON object with a Statement member or
//     a Version of "2012-10-17"; a YAML mapping likewise);
//   - a policy held in a JSON string, as `aws kms get-key-policy` prints it
//     ({"Policy": "{\n  \"Version\": ...}", "PolicyName": "default"}) and
//     as API responses carry it. The unit is the decoded string; a Map
//     leads its positions back to the file's bytes through the escapes;
//   - a CloudFormation template, JSON or YAML (package cfn), and a
//     Terraform configuration, HCL or JSON (package terraform): each key
//     policy and IAM policy of its resources, written as a synthetic JSON
//     unit (package hosttree) whose Map leads each token to the template
//     text it came from, and whose Host writes inserted text in the
//     template's syntax; or, for a policy the template holds as a string
//     of JSON, the string's text.
package source

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"

	"github.com/buger/jsonparser"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/terraform"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// File is a file to classify.
type File struct {
	// Name is the file's URI or path, for messages and to tell hosts
	// apart when no language id was sent (.yaml, .tf, .tf.json).
	Name string
	// LanguageID is the editor's language id ("json", "jsonc", "yaml",
	// "terraform"); empty when no editor sent one (the CLI).
	LanguageID string
	Src        []byte
	// Explicit is set when the user said this file is a policy (named on
	// the command line, or matched by a configured glob): when nothing in
	// it looks like a policy, the whole file is still analysed as one.
	Explicit bool
	// Frozen promises that Src is never written again, so that syntax
	// trees may share its bytes (jsonast.ParseFrozen) instead of copying
	// them.
	Frozen bool
	// Referenced is set when a Terraform configuration reads this file as
	// a policy (file(), templatefile()): the file is then one policy of
	// the reference's kind, whatever its name and language; a template's
	// interpolations and directives are values Terraform computes.
	Referenced *Reference
}

// Reference is a policy argument of a Terraform configuration that reads
// another file: file("x.json"), templatefile("x.tftpl", {...}). Its Path
// is relative to the directory of the configuration's file (or absolute),
// and its Span is the path's string in the configuration.
type Reference = terraform.FileRef

// Parse parses the file's text, sharing its bytes when it is Frozen.
func (f File) Parse() *jsonast.File {
	if f.Frozen {
		return jsonast.ParseFrozen(f.Src)
	}
	return jsonast.Parse(f.Src)
}

// Unit is one policy document in a file.
type Unit struct {
	// Name says where the unit is in its host: "" for the whole file, the
	// member name ("Policy") for a policy in a JSON string, the resource's
	// logical name in a template.
	Name string
	// Where is the property of the resource that holds the unit in a
	// template ("KeyPolicy", "Policies[0].PolicyDocument"); "" elsewhere.
	Where string
	// Kind is the kind the host gives the unit (a "KeyPolicy" member holds
	// a key policy); KindAuto when the host does not say.
	Kind policy.Kind
	// Src is the unit's own text: the file's bytes, or a decoded string.
	Src []byte
	// Span is where the unit lies in the file: all of it, or the string's
	// content between its quotes.
	Span text.Span
	// Map leads the unit's offsets to the file's; nil when the unit is the
	// whole file.
	Map *Map
	// Tree is the unit's syntax tree when Classify had to build it (nil
	// otherwise), so that the analysis does not parse the text again.
	Tree *jsonast.File
	// Host is set for a unit whose text the host writes otherwise (a
	// template): it writes the unit's edits in the host's syntax and
	// knows the values the host computes. Nil when the unit's text is the
	// host's own, as it is for the whole file and a JSON string.
	Host Host
	// Unknowns are the values the host computes when it deploys (an
	// intrinsic function): no finding lies inside one. In unit offsets.
	Unknowns []hosttree.Unknown
	// Verbatim is set for a unit whose text is the file's own bytes in
	// the unit's span (a template's JSON object): the file's syntax and
	// encoding are judged on the file, once, not again on the unit.
	Verbatim bool
	// Branch is 1 for the unit of the same policy whose !If functions
	// take their second branch: it follows the unit where they take the
	// first, and Conditions names them. Choice is what chooses, for
	// messages: "" for CloudFormation's !If, "? :" for Terraform's
	// conditional expressions.
	Branch     int
	Conditions []string
	Choice     string
}

// Host is what a unit needs from a host that writes it otherwise.
type Host interface {
	// Edit writes an edit of the unit's JSON text in the host's syntax;
	// false when the host cannot take it.
	Edit(e text.Edit, snippet bool) (text.Edit, bool)
	// Span maps a unit span to the host text it covers, never to
	// nothing when the unit span is not empty.
	Span(s text.Span) text.Span
	// UnknownAt is the unknown value at a unit offset.
	UnknownAt(off int) (hosttree.Unknown, bool)
	// Cursor maps a cursor in the file into the unit.
	Cursor(host int) (int, bool)
}

// SyntaxError is a syntax error of a host file that is not JSON, under
// the code of its language's rule (yaml-syntax).
type SyntaxError struct {
	text.Span
	Code, Message string
}

// Contents is what Classify found in a file.
type Contents struct {
	Units []Unit
	// Host is the file's syntax tree when Classify had to parse it and the
	// file is not itself the unit (nil otherwise): its syntax errors are
	// the file's own.
	Host *jsonast.File
	// Language is the host's language: "json", "yaml"; "" for a file of
	// no language this tool reads.
	Language string
	// Errors are the syntax errors of a host that is not JSON (whose
	// parser does not recover), and Broken the parts of the file that did
	// not parse: they may hold policies that Units lacks.
	Errors []SyntaxError
	Broken []text.Span
	// References are the files a Terraform configuration reads policies
	// from, in file order.
	References []Reference
	// cache is what classifying the file's next version can reuse.
	cache any
}

// Reusable is what classifying the file's next version can reuse from c
// (ClassifyNext), without c's units and trees.
func (c Contents) Reusable() *Contents {
	if c.cache == nil {
		return nil
	}
	return &Contents{cache: c.cache}
}

// IsPolicy reports whether the file holds at least one policy, reads one
// from another file (a Terraform configuration's file()), or has a part
// that may hold one and does not parse (a template being typed).
func (c Contents) IsPolicy() bool {
	return len(c.Units) > 0 || len(c.Broken) > 0 || len(c.References) > 0
}

// Classify decides what f holds; see ClassifyNext. Files of other
// languages hold nothing;
// JSON files that do not mention a policy are dismissed with a byte search,
// and well-formed ones whose top level and strings hold no policy without
// building a tree, since an editor opens many JSON files that are not
// policies. A file that starts like a policy is parsed at once: the
// analysis needs its tree anyway, and gets it in the unit.
func Classify(f File) Contents {
	return ClassifyNext(f, nil)
}

// ClassifyNext is Classify for a new version of a file whose previous
// version gave prev (nil when there is none): a host read in parts reuses
// the parts whose text did not change.
func ClassifyNext(f File, prev *Contents) Contents {
	if f.Referenced != nil {
		return classifyReferenced(f, nil)
	}
	switch language(f) {
	case "yaml":
		return classifyYAML(f, prev)
	case "hcl":
		return classifyHCL(f, prev)
	case "json":
	default:
		if f.Explicit {
			return whole(f.Src, nil)
		}
		return Contents{}
	}
	if !MentionsPolicy(f.Src) && !isTerraformJSON(f.Name) {
		if f.Explicit {
			return whole(f.Src, nil)
		}
		return Contents{}
	}
	if !versionFirst(f.Src) && !f.Explicit && !startsList(f.Src) && !mentionsTemplate(f.Src) && !isTerraformJSON(f.Name) && json.Valid(f.Src) && !topLevelPolicy(f.Src) && !mentionsEscapedPolicy(f.Src) {
		return Contents{} // well-formed, and no policy at its top or in its strings
	}
	return ClassifyParsed(f, f.Parse())
}

// ClassifyParsed decides what f holds from its syntax tree, for a caller
// that parses it anyway: the analysis of a file whose previous version held
// a policy, which most likely still does.
func ClassifyParsed(f File, tree *jsonast.File) Contents {
	if f.Referenced != nil {
		return classifyReferenced(f, tree)
	}
	if language(f) != "json" {
		return Classify(f)
	}
	if LooksLikePolicy(tree.Root) || listOfPolicies(tree.Root) {
		return whole(f.Src, tree)
	}
	c := Contents{Host: tree, Language: "json"}
	switch {
	case isTerraformJSON(f.Name):
		c.Units = terraformJSONUnits(tree)
	case isTemplate(tree):
		c.Units = templateUnits(tree)
	default:
		findStringUnits(tree, tree.Root, 0, &c.Units)
	}
	if len(c.Units) == 0 {
		if f.Explicit {
			return whole(f.Src, tree)
		}
		return Contents{}
	}
	return c
}

// listOfPolicies reports whether n is a list that holds a policy, as some
// tools export several: the file is one unit, and the checks say that a
// policy is one object, so that such a file never passes silently.
func listOfPolicies(n *jsonast.Node) bool {
	if n == nil || n.Kind != jsonast.Array {
		return false
	}
	for _, el := range n.Elems() {
		if LooksLikePolicy(el) {
			return true
		}
	}
	return false
}

// startsList reports whether the file's first value is a list.
func startsList(src []byte) bool {
	trimmed := bytes.TrimLeft(src, " \t\r\n\xef\xbb\xbf")
	return len(trimmed) > 0 && trimmed[0] == '['
}

// versionFirst reports whether the file's first member is the policy
// language's Version, as in nearly every policy: jsonparser finds it
// without reading further, and the tree confirms it.
func versionFirst(src []byte) bool {
	if !bytes.Contains(src[:min(len(src), 64)], []byte(`"Version"`)) {
		return false
	}
	v, typ, _, err := jsonparser.Get(src, "Version")
	return err == nil && typ == jsonparser.String && string(v) == "2012-10-17"
}

// sortUnits puts units in file order.
func sortUnits(us []Unit) {
	sort.SliceStable(us, func(i, j int) bool { return us[i].Span.Start < us[j].Span.Start })
}

func whole(src []byte, tree *jsonast.File) Contents {
	return Contents{Units: []Unit{{Src: src, Span: text.Span{End: len(src)}, Tree: tree}}, Language: "json"}
}

// language is the host language of f: the editor's language id when it
// sent one, else the file's name. A file the CLI reads by any other name
// is read as JSON, as it always was; a .template file is JSON when it
// starts with a brace and YAML otherwise, as CloudFormation's are.
func language(f File) string {
	switch strings.ToLower(f.LanguageID) {
	case "json", "jsonc":
		return "json"
	case "yaml", "cloudformation", "yml":
		return "yaml"
	case "terraform", "tf", "hcl", "terraform-vars":
		return "hcl"
	case "":
	default:
		return ""
	}
	switch strings.ToLower(filepath.Ext(f.Name)) {
	case ".yaml", ".yml":
		return "yaml"
	case ".tf", ".hcl":
		return "hcl"
	case ".template":
		if t := bytes.TrimLeft(f.Src, " \t\r\n\ufeff"); len(t) > 0 && t[0] != '{' {
			return "yaml"
		}
	}
	return "json"
}

// Candidate reports whether a directory walk should read the file at path:
// one whose name says it is of a host language (JSON, YAML, CloudFormation
// .template, Terraform .tf and .tf.json).
func Candidate(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".yaml", ".yml", ".template", ".tf":
		return true
	}
	return false
}

// MentionsPolicy is the cheap first test, a byte search: a policy names its
// Statement member or its version somewhere, written plainly or escaped
// inside a JSON string. A file that fails it cannot hold a policy.
func MentionsPolicy(src []byte) bool {
	return bytes.Contains(src, []byte(`"Statement"`)) || bytes.Contains(src, []byte(`Statement\"`)) ||
		bytes.Contains(src, []byte(`2012-10-17`))
}

// mentionsEscapedPolicy reports whether a policy's words appear escaped,
// as they do in a policy held in a JSON string.
func mentionsEscapedPolicy(src []byte) bool {
	return bytes.Contains(src, []byte(`Statement\"`)) || bytes.Contains(src, []byte(`2012-10-17\"`))
}

// MayHold is the test for a file too large to classify: one named as a
// policy, or a JSON file whose first 4 KB name a Statement or the policy
// language's version.
func MayHold(f File) bool {
	if f.Explicit {
		return true
	}
	head := f.Src[:min(len(f.Src), 4096)]
	return language(f) != "" && (bytes.Contains(head, []byte(`Statement`)) || bytes.Contains(head, []byte(`2012-10-17`)) ||
		bytes.Contains(head, []byte(`AWSTemplateFormatVersion`)))
}

// topLevelPolicy answers for a well-formed file with jsonparser's key
// lookup, which builds nothing.
func topLevelPolicy(src []byte) bool {
	if v, typ, _, err := jsonparser.Get(src, "Version"); err == nil && typ == jsonparser.String && string(v) == "2012-10-17" {
		return true
	}
	_, _, _, err := jsonparser.Get(src, "Statement")
	return err == nil
}

// LooksLikePolicy reports whether n is a policy: an object with a
// Statement member or a Version of "2012-10-17".
func LooksLikePolicy(n *jsonast.Node) bool {
	if n == nil || n.Kind != jsonast.Object {
		return false
	}
	for _, m := range n.Members() {
		switch m.Key.Value {
		case "Statement":
			return true
		case "Version":
			if m.Value != nil && m.Value.Value == "2012-10-17" {
				return true
			}
		}
	}
	return false
}

// maxHostDepth bounds the search for policies in strings: API responses
// and templates hold them a few objects deep.
const maxHostDepth = 6

// findStringUnits adds, in document order, the string values under n that
// hold a policy.
func findStringUnits(f *jsonast.File, n *jsonast.Node, depth int, out *[]Unit) {
	if n == nil || depth > maxHostDepth {
		return
	}
	switch n.Kind {
	case jsonast.Object:
		for _, m := range n.Members() {
			if u, ok := stringUnit(f, m.Key.Value, m.Value); ok {
				*out = append(*out, u)
				continue
			}
			findStringUnits(f, m.Value, depth+1, out)
		}
	case jsonast.Array:
		for _, e := range n.Elems() {
			findStringUnits(f, e, depth+1, out)
		}
	}
}

// stringUnit makes the unit of a member's string value when the string
// holds a policy. A role's trust policy is not one this tool judges.
func stringUnit(f *jsonast.File, name string, v *jsonast.Node) (Unit, bool) {
	if v == nil || v.Kind != jsonast.String || v.Quote != '"' || name == "AssumeRolePolicyDocument" ||
		!strings.Contains(v.Value, "Statement") && !strings.Contains(v.Value, "2012-10-17") {
		return Unit{}, false
	}
	tree := jsonast.ParseFrozen([]byte(v.Value)) // a copy of the value that only the unit holds
	if !LooksLikePolicy(tree.Root) {
		return Unit{}, false
	}
	_, escapes := f.Unescape(v)
	content := v.Content()
	return Unit{
		Name: name,
		Kind: hostKind(name),
		Src:  tree.Src,
		Span: content,
		Map:  NewMap(content.Start, content.End, escapes),
		Tree: tree,
	}, true
}

// hostKind is the kind of policy a member of that name holds, where the
// name says: get-key-policy's "Policy" and CloudFormation's "KeyPolicy"
// are key policies; "PolicyDocument" and a policy version's "Document" are
// IAM policies.
func hostKind(name string) policy.Kind {
	switch name {
	case "Policy", "KeyPolicy":
		return policy.KindKey
	case "PolicyDocument", "Document":
		return policy.KindIAM
	}
	return policy.KindAuto
}
