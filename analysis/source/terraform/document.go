package terraform

import (
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// elementNames map an aws_iam_policy_document statement's arguments to
// the policy elements they write.
var elementNames = map[string]string{
	"sid": "Sid", "effect": "Effect", "actions": "Action", "not_actions": "NotAction",
	"resources": "Resource", "not_resources": "NotResource",
}

// argumentNames is elementNames the other way.
var argumentNames = func() map[string]string {
	out := map[string]string{}
	for k, v := range elementNames {
		out[v] = k
	}
	return out
}()

// Document writes the body of a data "aws_iam_policy_document" block (read
// from HCL or from Terraform JSON) as the policy Terraform renders from it:
//
//	version, policy_id                 Version (2012-10-17 when absent), Id
//	statement { sid effect actions … } Statement[] (Effect Allow when absent)
//	principals { type identifiers }    Principal {TYPE: identifiers}
//	not_principals                     NotPrincipal
//	condition { test variable values } Condition {test: {variable: values}}
//
// Each element's key stands for the argument or block that writes it;
// conditions with the same test, and principals of the same type, are
// merged as Terraform merges them. source_policy_documents and
// override_policy_documents are not merged in: the policy is this block's
// own statements.
func Document(body *hosttree.Node) *hosttree.Node {
	out := &hosttree.Node{Kind: hosttree.Object, Span: body.Span, Open: at(body.Open.End), Close: at(body.Close.Start), Syntax: docPart{body: body}}
	version := lookupScalar(body, "version")
	if version == nil {
		version = synthetic("2012-10-17", body.Open.End)
	}
	out.Members = append(out.Members, &hosttree.Member{Key: nameOf(body, "version", "Version"), Value: version})
	if id := lookupScalar(body, "policy_id"); id != nil {
		out.Members = append(out.Members, &hosttree.Member{Key: nameOf(body, "policy_id", "Id"), Value: id})
	}
	blocks, keys := membersWithKeys(body, "statement")
	stmts := &hosttree.Node{Kind: hosttree.Array, Span: body.Span, Open: at(body.Open.End), Close: at(body.Close.Start)}
	for i, b := range blocks {
		st := statement(b)
		// A finding about a whole statement points at its block's name.
		st.Open = keys[i].Span
		stmts.Elems = append(stmts.Elems, st)
	}
	if len(blocks) > 0 {
		stmts.Open, stmts.Close = at(blocks[0].Span.Start), at(blocks[len(blocks)-1].Span.End)
	}
	out.Members = append(out.Members, &hosttree.Member{Key: nameOf(body, "statement", "Statement"), Value: stmts})
	return out
}

// docPart marks the nodes of a document that stand for a block's body, for
// the document's Syntax: new elements become arguments of the block.
type docPart struct {
	body      *hosttree.Node
	statement bool
}

// elementKey marks a key that stands for an argument or block name.
type elementKey struct{}

func at(off int) text.Span { return text.Span{Start: off, End: off} }

func synthetic(v string, off int) *hosttree.Node {
	return &hosttree.Node{Kind: hosttree.String, Value: v, Span: at(off)}
}

// nameOf is the key of element name, standing for the argument arg of
// body (or for nothing, where body has none).
func nameOf(body *hosttree.Node, arg, name string) *hosttree.Node {
	for _, m := range body.Members {
		if m.Key.Value == arg {
			return &hosttree.Node{Kind: hosttree.String, Value: name, Span: m.Key.Span, Syntax: elementKey{}}
		}
	}
	return &hosttree.Node{Kind: hosttree.String, Value: name, Span: at(body.Open.End), Syntax: elementKey{}}
}

// members are the values of body's members named name: blocks, a block
// written as a list of objects in JSON, or one object.
func members(body *hosttree.Node, name string) []*hosttree.Node {
	out, _ := membersWithKeys(body, name)
	return out
}

// membersWithKeys is members with the key each came from.
func membersWithKeys(body *hosttree.Node, name string) (out, keys []*hosttree.Node) {
	for _, m := range body.Members {
		if m.Key.Value != name || m.Value == nil {
			continue
		}
		if m.Value.Kind == hosttree.Array {
			for _, e := range m.Value.Elems {
				if e.Kind == hosttree.Object {
					out, keys = append(out, e), append(keys, m.Key)
				}
			}
		} else if m.Value.Kind == hosttree.Object {
			out, keys = append(out, m.Value), append(keys, m.Key)
		}
	}
	return out, keys
}

func lookupScalar(body *hosttree.Node, name string) *hosttree.Node {
	v := body.Lookup(name)
	if v == nil || v.Kind == hosttree.Object || v.Kind == hosttree.Array {
		return nil
	}
	return v
}

// statement writes one statement block.
func statement(b *hosttree.Node) *hosttree.Node {
	out := &hosttree.Node{Kind: hosttree.Object, Span: b.Span, Open: at(b.Open.End), Close: at(b.Close.Start), Syntax: docPart{body: b, statement: true}}
	effect := false
	var principals, notPrincipals, conditions []*hosttree.Node
	var principalKey, notPrincipalKey, conditionKey *hosttree.Node
	for _, m := range b.Members {
		name, ok := elementNames[m.Key.Value]
		switch {
		case ok:
			effect = effect || name == "Effect"
			out.Members = append(out.Members, &hosttree.Member{Key: &hosttree.Node{Kind: hosttree.String, Value: name, Span: m.Key.Span, Syntax: elementKey{}}, Value: m.Value})
		case m.Key.Value == "principals":
			principals = append(principals, members(&hosttree.Node{Kind: hosttree.Object, Members: []*hosttree.Member{m}}, "principals")...)
			principalKey = firstKey(principalKey, m.Key)
		case m.Key.Value == "not_principals":
			notPrincipals = append(notPrincipals, members(&hosttree.Node{Kind: hosttree.Object, Members: []*hosttree.Member{m}}, "not_principals")...)
			notPrincipalKey = firstKey(notPrincipalKey, m.Key)
		case m.Key.Value == "condition":
			conditions = append(conditions, members(&hosttree.Node{Kind: hosttree.Object, Members: []*hosttree.Member{m}}, "condition")...)
			conditionKey = firstKey(conditionKey, m.Key)
		}
	}
	if !effect {
		out.Members = append([]*hosttree.Member{{Key: synthetic("Effect", b.Open.End), Value: synthetic("Allow", b.Open.End)}}, out.Members...)
	}
	if len(principals) > 0 {
		out.Members = append(out.Members, &hosttree.Member{Key: elementAt("Principal", principalKey), Value: principal(principals)})
	}
	if len(notPrincipals) > 0 {
		out.Members = append(out.Members, &hosttree.Member{Key: elementAt("NotPrincipal", notPrincipalKey), Value: principal(notPrincipals)})
	}
	if len(conditions) > 0 {
		out.Members = append(out.Members, &hosttree.Member{Key: elementAt("Condition", conditionKey), Value: condition(conditions)})
	}
	return out
}

func firstKey(have, k *hosttree.Node) *hosttree.Node {
	if have != nil {
		return have
	}
	return k
}

func elementAt(name string, key *hosttree.Node) *hosttree.Node {
	return &hosttree.Node{Kind: hosttree.String, Value: name, Span: key.Span, Syntax: elementKey{}}
}

// principal merges principals blocks: {type: identifiers}, "*" for a
// type "*" whose identifiers are ["*"], as Terraform writes it.
func principal(blocks []*hosttree.Node) *hosttree.Node {
	first, last := blocks[0], blocks[len(blocks)-1]
	out := &hosttree.Node{Kind: hosttree.Object, Span: text.Span{Start: first.Span.Start, End: last.Span.End}, Open: at(first.Span.Start), Close: at(last.Span.End)}
	byType := map[string]*hosttree.Member{}
	for _, b := range blocks {
		typ, ids := b.Lookup("type"), b.Lookup("identifiers")
		if typ == nil || ids == nil {
			continue
		}
		if typ.Value == "*" && len(blocks) == 1 {
			return typ
		}
		if m, ok := byType[typ.Value]; ok && typ.Value != "" {
			m.Value = concat(m.Value, ids)
			continue
		}
		m := &hosttree.Member{Key: typ, Value: ids}
		byType[typ.Value] = m
		out.Members = append(out.Members, m)
	}
	return out
}

// condition merges condition blocks by test, then by variable.
func condition(blocks []*hosttree.Node) *hosttree.Node {
	first, last := blocks[0], blocks[len(blocks)-1]
	out := &hosttree.Node{Kind: hosttree.Object, Span: text.Span{Start: first.Span.Start, End: last.Span.End}, Open: at(first.Span.Start), Close: at(last.Span.End)}
	byTest := map[string]*hosttree.Node{}
	for _, b := range blocks {
		test, variable, values := b.Lookup("test"), b.Lookup("variable"), b.Lookup("values")
		if test == nil || variable == nil {
			continue
		}
		if values == nil {
			values = synthetic("", b.Close.Start)
		}
		ops, ok := byTest[test.Value]
		if !ok || test.Value == "" {
			ops = &hosttree.Node{Kind: hosttree.Object, Span: b.Span, Open: at(b.Open.End), Close: at(b.Close.Start)}
			byTest[test.Value] = ops
			out.Members = append(out.Members, &hosttree.Member{Key: test, Value: ops})
		}
		ops.Members = append(ops.Members, &hosttree.Member{Key: variable, Value: values})
	}
	return out
}

// concat is the identifiers of two principals blocks of one type.
func concat(a, b *hosttree.Node) *hosttree.Node {
	out := &hosttree.Node{Kind: hosttree.Array, Span: text.Span{Start: a.Span.Start, End: b.Span.End}, Open: at(a.Span.Start), Close: at(b.Span.End)}
	for _, n := range []*hosttree.Node{a, b} {
		if n.Kind == hosttree.Array {
			out.Elems = append(out.Elems, n.Elems...)
		} else {
			out.Elems = append(out.Elems, n)
		}
	}
	return out
}

// DocumentSyntax writes the edits of a document's unit as arguments of
// its blocks: a new statement element (a quick fix's "Resource": "*") is
// the argument that writes it (resources = ["*"]); values are written by
// the host's own Syntax, and an edit of what Terraform writes itself
// (an element's name) is refused.
type DocumentSyntax struct {
	Host hosttree.Syntax
	// Argument writes "name = value" (HCL) or "\"name\": value" (JSON)
	// for a new argument of a block, listed as a list when list is set.
	Argument func(name string, v *hosttree.Frag, list bool, snippet bool) string
	// Indent is the indentation of the line at an offset.
	Indent func(at int) string
	// Sep ends an argument followed by another ("," in JSON).
	Sep string
}

// Value writes v over n, unless n is an element's name.
func (d *DocumentSyntax) Value(n *hosttree.Node, key bool, v *hosttree.Frag, snippet bool) (string, bool) {
	if _, ok := n.Syntax.(elementKey); ok || n.Span.Start == n.Span.End && n.Syntax == nil {
		return "", false
	}
	return d.Host.Value(n, key, v, snippet)
}

// Member refuses: a document's members are its arguments.
func (d *DocumentSyntax) Member(*hosttree.Member, hosttree.FragMember, bool) (text.Edit, bool) {
	return text.Edit{}, false
}

// Members adds statement elements (and a Version) as arguments of the
// block, after its last argument.
func (d *DocumentSyntax) Members(obj *hosttree.Node, at int, ms []hosttree.FragMember, snippet bool) (text.Edit, bool) {
	part, ok := obj.Syntax.(docPart)
	if !ok {
		return d.Host.Members(obj, at, ms, snippet)
	}
	var args []string
	for _, m := range ms {
		name, list := argumentNames[m.Key.Expanded()], true
		switch {
		case !part.statement && m.Key.Expanded() == "Version":
			name, list = "version", false
		case name == "sid" || name == "effect":
			list = false
		case name == "":
			return text.Edit{}, false // a block (principals, condition): not written
		}
		args = append(args, d.Argument(name, m.Value, list, snippet))
	}
	body := part.body
	end := body.Open.End
	for _, m := range body.Members {
		end = max(end, m.Key.Span.End, m.Value.Span.End)
	}
	ind := d.Indent(end)
	if len(body.Members) == 0 {
		ind = d.Indent(body.Open.Start) + "  "
	}
	return text.Edit{Span: text.Span{Start: end, End: end}, NewText: d.Sep + "\n" + ind + strings.Join(args, d.Sep+"\n"+ind)}, true
}

// Elems adds elements to an argument's list.
func (d *DocumentSyntax) Elems(arr *hosttree.Node, at int, es []*hosttree.Frag, snippet bool) (text.Edit, bool) {
	if arr.Open.End <= arr.Open.Start {
		return text.Edit{}, false // a list Terraform makes (statements)
	}
	return d.Host.Elems(arr, at, es, snippet)
}
