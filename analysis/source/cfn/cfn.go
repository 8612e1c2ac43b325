// Package cfn finds the policies of a CloudFormation template (JSON or
// YAML, read into a host tree) and turns each into a policy unit:
//   - key policies: KeyPolicy of AWS::KMS::Key and AWS::KMS::ReplicaKey;
//   - IAM policies: PolicyDocument of AWS::IAM::Policy, ManagedPolicy,
//     RolePolicy, UserPolicy and GroupPolicy; Policies[].PolicyDocument of
//     AWS::IAM::Role, User and Group; the Policies entries of a SAM
//     AWS::Serverless::Function that are policy documents or statements.
//
// Intrinsic functions are values CloudFormation computes when it deploys
// the stack: each becomes a string holding "${…}", which the rules take for
// any value of the right shape, with a note of what the template wrote for
// hover. An !If takes its first branch, and a second unit its second
// branch, so that a finding that holds in one branch only can say which.
package cfn

import (
	"strconv"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/srcmap"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// Policy is a policy document found in a template.
type Policy struct {
	Resource string // the resource's logical name
	Type     string // its type, e.g. AWS::KMS::Key
	Property string // where in the resource: KeyPolicy, Policies[0].PolicyDocument
	Kind     policy.Kind
	Node     *hosttree.Node
	// Statement is set when Node is a lone statement (a SAM Policies
	// entry), which the unit wraps in a policy.
	Statement bool
}

// IsTemplate reports whether root is a CloudFormation template: it names
// its format version, or has Resources whose entries have a Type
// "AWS::…".
func IsTemplate(root *hosttree.Node) bool {
	if root == nil || root.Kind != hosttree.Object {
		return false
	}
	if root.Lookup("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := root.Lookup("Resources")
	if res == nil || res.Kind != hosttree.Object {
		return false
	}
	for _, m := range res.Members {
		if IsResource(m.Value) {
			return true
		}
	}
	return false
}

// IsResource reports whether n is a resource entry: an object with a Type
// "AWS::…".
func IsResource(n *hosttree.Node) bool {
	t := n.Lookup("Type")
	return t != nil && t.Kind == hosttree.String && len(t.Value) > 5 && t.Value[:5] == "AWS::"
}

// Types are the template's resources' types by logical name.
func Types(root *hosttree.Node) map[string]string {
	out := map[string]string{}
	res := root.Lookup("Resources")
	if res == nil {
		return out
	}
	for _, m := range res.Members {
		if t := m.Value.Lookup("Type"); t != nil && t.Kind == hosttree.String {
			out[m.Key.Value] = t.Value
		}
	}
	return out
}

// Policies are the policies of the template's resources, in document
// order.
func Policies(root *hosttree.Node) []Policy {
	var out []Policy
	res := root.Lookup("Resources")
	if res == nil || res.Kind != hosttree.Object {
		return nil
	}
	for _, m := range res.Members {
		out = append(out, ResourcePolicies(m.Key.Value, m.Value)...)
	}
	return out
}

var keyResources = map[string]bool{"AWS::KMS::Key": true, "AWS::KMS::ReplicaKey": true}

var documentResources = map[string]bool{
	"AWS::IAM::Policy": true, "AWS::IAM::ManagedPolicy": true, "AWS::IAM::RolePolicy": true,
	"AWS::IAM::UserPolicy": true, "AWS::IAM::GroupPolicy": true,
}

var inlinePolicyResources = map[string]bool{"AWS::IAM::Role": true, "AWS::IAM::User": true, "AWS::IAM::Group": true}

// MayHoldPolicy reports whether a resource of the type can hold a policy
// this package finds.
func MayHoldPolicy(typ string) bool {
	return keyResources[typ] || documentResources[typ] || inlinePolicyResources[typ] || typ == "AWS::Serverless::Function"
}

// ResourcePolicies are the policies of one resource.
func ResourcePolicies(name string, res *hosttree.Node) []Policy {
	t := res.Lookup("Type")
	props := res.Lookup("Properties")
	if t == nil || props == nil || props.Kind != hosttree.Object {
		return nil
	}
	p := Policy{Resource: name, Type: t.Value}
	var out []Policy
	add := func(property string, kind policy.Kind, n *hosttree.Node, statement bool) {
		if n == nil || n.Kind == hosttree.Null {
			return
		}
		q := p
		q.Property, q.Kind, q.Node, q.Statement = property, kind, n, statement
		out = append(out, q)
	}
	switch {
	case keyResources[t.Value]:
		add("KeyPolicy", policy.KindKey, props.Lookup("KeyPolicy"), false)
	case documentResources[t.Value]:
		add("PolicyDocument", policy.KindIAM, props.Lookup("PolicyDocument"), false)
	case inlinePolicyResources[t.Value]:
		if ps := props.Lookup("Policies"); ps != nil && ps.Kind == hosttree.Array {
			for i, e := range ps.Elems {
				add("Policies["+strconv.Itoa(i)+"].PolicyDocument", policy.KindIAM, e.Lookup("PolicyDocument"), false)
			}
		}
	case t.Value == "AWS::Serverless::Function":
		samPolicies(props.Lookup("Policies"), add)
	}
	return out
}

// samPolicies adds a SAM function's Policies entries that are policy
// documents or statements; managed policy names and SAM policy templates
// are not policies this tool judges.
func samPolicies(ps *hosttree.Node, add func(string, policy.Kind, *hosttree.Node, bool)) {
	if ps == nil {
		return
	}
	entries, index := []*hosttree.Node{ps}, false
	if ps.Kind == hosttree.Array {
		entries, index = ps.Elems, true
	}
	for i, e := range entries {
		where := "Policies"
		if index {
			where += "[" + strconv.Itoa(i) + "]"
		}
		switch {
		case e.Lookup("Statement") != nil:
			add(where, policy.KindIAM, e, false)
		case e.Lookup("Effect") != nil && (e.Lookup("Action") != nil || e.Lookup("NotAction") != nil):
			add(where, policy.KindIAM, e, true)
		}
	}
}

// Host is what a template's unit needs from the host text: writing its
// edits, mapping spans and cursors, knowing the values it computes.
type Host interface {
	Edit(e text.Edit, snippet bool) (text.Edit, bool)
	Span(s text.Span) text.Span
	UnknownAt(off int) (hosttree.Unknown, bool)
	Cursor(host int) (int, bool)
}

// Unit is a policy of a template written as a unit: from the template's
// tree (a hosttree.Unit), or the text of a JSON string the template holds
// (a hosttree.TextUnit).
type Unit struct {
	Policy
	Src      []byte
	Map      *srcmap.Map
	Unknowns []hosttree.Unknown
	Host     Host
	// Span is the policy's host text.
	Span text.Span
	// Ifs are the conditions of the !If functions in the policy, in
	// order; empty when it has none.
	Ifs []string
	// Branch is the branch every !If takes in this unit: 0 the first,
	// 1 the second.
	Branch int
}

// Write writes the policy p as a unit. types are the template's resource
// types (for hover on !GetAtt); branch is the branch every !If takes.
// syn writes the edits of a policy written as the template's own values,
// escape those of a policy the template holds as a string of JSON (a YAML
// block scalar, a !Sub of one), as the string's content.
func Write(p Policy, types map[string]string, branch int, syn hosttree.Syntax, escape func(n *hosttree.Node) Escape) Unit {
	r := &resolver{types: types, branch: branch}
	n, _ := r.resolve(p.Node, 0)
	if n == nil {
		n = &hosttree.Node{Kind: hosttree.Null, Span: p.Node.Span}
	}
	if n.Kind == hosttree.String {
		if t, ok := r.textUnit(p.Node, n, escape(n)); ok {
			return Unit{Policy: p, Src: t.Src, Map: t.Map, Unknowns: t.Unknowns, Host: t, Span: p.Node.Span, Ifs: r.ifs}
		}
	}
	if p.Statement {
		n = wrap(n)
	}
	u := hosttree.Emit(n, p.Node.Span, syn)
	return Unit{Policy: p, Src: u.Src, Map: u.Map, Unknowns: u.Unknowns, Host: u, Span: p.Node.Span, Ifs: r.ifs}
}

// Escape writes JSON text put into a string at a host offset as the
// string's content.
type Escape func(s string, at int, snippet bool) string

// textUnit is the policy held in the string n, when its value is a JSON
// object: its text is the value, mapped through the string's pieces; a
// "${…}" that is no policy variable (a !Sub's ${AWS::AccountId},
// ${Role.Arn}, ${Param}) makes the JSON string holding it unknown.
func (r *resolver) textUnit(written, n *hosttree.Node, escape Escape) (*hosttree.TextUnit, bool) {
	f := jsonast.Parse([]byte(n.Value))
	if f.Root == nil || f.Root.Kind != jsonast.Object || n.Pieces == nil {
		return nil, false
	}
	// Only a !Sub substitutes; elsewhere "${…}" is text AWS gets.
	fn, _, _ := function(written)
	var unknowns []hosttree.Unknown
	var walk func(x *jsonast.Node)
	walk = func(x *jsonast.Node) {
		switch x.Kind {
		case jsonast.String:
			if names := substituted(x.Value); len(names) > 0 && fn == "Fn::Sub" {
				unknowns = append(unknowns, hosttree.Unknown{Span: x.Span, About: "`" + short(written, "Fn::Sub") +
					"`: CloudFormation substitutes " + r.subMeaning(names) + " when it deploys the stack. The checks take the result for any value of the right shape."})
			}
		case jsonast.Object:
			for _, m := range x.Members() {
				if m.Value != nil {
					walk(m.Value)
				}
			}
		case jsonast.Array:
			for _, e := range x.Elems() {
				walk(e)
			}
		}
	}
	walk(f.Root)
	return hosttree.NewTextUnit(n.Value, n.Pieces, n.Span, unknowns, escape), true
}

// substituted are the "${…}" of s that are not policy variables (which
// have the form ${prefix:name}, or are ${*}, ${?}, ${$}).
func substituted(s string) []string {
	var out []string
	for i := 0; ; {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			return out
		}
		j += i
		k := strings.IndexByte(s[j:], '}')
		if k < 0 {
			return out
		}
		name := s[j+2 : j+k]
		if prefix, _, ok := strings.Cut(name, ":"); !(ok && prefix != "" && !strings.Contains(name, "::")) && name != "*" && name != "?" && name != "$" {
			out = append(out, name)
		}
		i = j + k + 1
	}
}

// wrap makes a lone statement a policy: {"Version": "2012-10-17",
// "Statement": [statement]}, the wrapping mapped to nothing before it, as
// SAM wraps it.
func wrap(stmt *hosttree.Node) *hosttree.Node {
	at := text.Span{Start: stmt.Span.Start, End: stmt.Span.Start}
	key := func(s string) *hosttree.Node { return &hosttree.Node{Kind: hosttree.String, Value: s, Span: at} }
	return &hosttree.Node{Kind: hosttree.Object, Span: stmt.Span, Open: at, Close: text.Span{Start: stmt.Span.End, End: stmt.Span.End},
		Members: []*hosttree.Member{
			{Key: key("Version"), Value: key("2012-10-17")},
			{Key: key("Statement"), Value: &hosttree.Node{Kind: hosttree.Array, Span: stmt.Span, Open: at,
				Close: text.Span{Start: stmt.Span.End, End: stmt.Span.End}, Elems: []*hosttree.Node{stmt}}},
		}}
}
