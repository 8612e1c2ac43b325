package cfn

import (
	"fmt"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/source/hosttree"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

// functions are CloudFormation's intrinsic functions and condition
// functions, by their long names.
var functions = map[string]bool{
	"Ref": true, "Fn::Sub": true, "Fn::GetAtt": true, "Fn::Join": true, "Fn::If": true, "Fn::Select": true,
	"Fn::ImportValue": true, "Fn::FindInMap": true, "Fn::Base64": true, "Fn::Cidr": true, "Fn::GetAZs": true,
	"Fn::Split": true, "Fn::Equals": true, "Fn::Not": true, "Fn::And": true, "Fn::Or": true, "Condition": true,
	"Fn::Transform": true, "Fn::ToJsonString": true, "Fn::Length": true, "Fn::ForEach": true,
}

// function returns the long name of the intrinsic function n calls and its
// argument: a YAML short form (!Sub x) or a long form ({"Fn::Sub": x}).
func function(n *hosttree.Node) (name string, arg *hosttree.Node, ok bool) {
	if n == nil {
		return "", nil, false
	}
	if t := strings.TrimPrefix(n.Tag, "!"); t != n.Tag && t != "" {
		long := "Fn::" + t
		if t == "Ref" || t == "Condition" {
			long = t
		}
		if functions[long] {
			arg := *n
			arg.Tag = ""
			return long, &arg, true
		}
	}
	if n.Kind == hosttree.Object && len(n.Members) == 1 && functions[n.Members[0].Key.Value] {
		return n.Members[0].Key.Value, n.Members[0].Value, true
	}
	return "", nil, false
}

// HasFunctions reports whether n calls an intrinsic function anywhere.
func HasFunctions(n *hosttree.Node) bool {
	found := false
	hosttree.Walk(n, func(x *hosttree.Node) {
		if _, _, ok := function(x); ok {
			found = true
		}
	})
	return found
}

// resolver replaces the intrinsic functions in a policy with what the
// analysis can use: a string that holds "${…}" for a value CloudFormation
// computes when it deploys, which the rules take for any value of the
// right shape, as they take a policy variable; the branch an !If takes.
type resolver struct {
	// types are the template's resources by logical name, for saying
	// what !GetAtt and !Ref of a resource are.
	types map[string]string
	// branch is the branch every !If takes: 0 the first, 1 the second.
	branch int
	// ifs are the conditions of the !If functions met, in order.
	ifs []string
}

// resolve returns n with its intrinsic functions resolved; n itself is not
// changed. noValue is set for !Ref AWS::NoValue, which removes the member
// or element it stands for.
func (r *resolver) resolve(n *hosttree.Node, depth int) (out *hosttree.Node, noValue bool) {
	if n == nil || depth > 100 {
		return n, false
	}
	if name, arg, ok := function(n); ok {
		return r.call(n, name, arg, depth)
	}
	switch n.Kind {
	case hosttree.Object:
		c := *n
		c.Members = make([]*hosttree.Member, 0, len(n.Members))
		for _, m := range n.Members {
			v, gone := r.resolve(m.Value, depth+1)
			if gone {
				continue
			}
			c.Members = append(c.Members, &hosttree.Member{Key: m.Key, Value: v})
		}
		return &c, false
	case hosttree.Array:
		c := *n
		c.Elems = make([]*hosttree.Node, 0, len(n.Elems))
		for _, e := range n.Elems {
			v, gone := r.resolve(e, depth+1)
			if !gone {
				c.Elems = append(c.Elems, v)
			}
		}
		return &c, false
	}
	return n, false
}

func (r *resolver) call(n *hosttree.Node, name string, arg *hosttree.Node, depth int) (*hosttree.Node, bool) {
	switch name {
	case "Ref":
		if arg.Value == "AWS::NoValue" {
			return nil, true
		}
		return unknown(n, "${"+arg.Value+"}", "`"+short(n, name)+"`: "+r.refMeaning(arg.Value)), false
	case "Fn::GetAtt":
		res, attr := getAttArgs(arg)
		return unknown(n, "${"+res+"."+attr+"}", "`"+short(n, name)+"`: "+r.attrMeaning(res, attr)), false
	case "Fn::Sub":
		return r.sub(n, arg), false
	case "Fn::If":
		if arg.Kind == hosttree.Array && len(arg.Elems) == 3 {
			r.ifs = append(r.ifs, arg.Elems[0].Value)
			taken := arg.Elems[1+r.branch]
			v, gone := r.resolve(taken, depth+1)
			if gone && r.branch == 0 {
				// The first branch removes the value: analyse the
				// other, so that the policy is not missing a part.
				return r.resolve(arg.Elems[2], depth+1)
			}
			return v, gone
		}
	case "Fn::Join":
		return r.join(n, arg, depth), false
	}
	return unknown(n, "${"+name+"}", "`"+short(n, name)+"`: a value CloudFormation computes when it deploys the stack."), false
}

// short is how the template wrote the function: its YAML tag or its long
// name.
func short(n *hosttree.Node, name string) string {
	if n.Tag != "" {
		return n.Tag
	}
	return name
}

// unknown is the string standing for a value CloudFormation computes.
func unknown(n *hosttree.Node, placeholder, about string) *hosttree.Node {
	return &hosttree.Node{Kind: hosttree.String, Value: placeholder, Span: n.Span, Unknown: true,
		About: about + " The checks take it for any value of the right shape.", Syntax: n.Syntax}
}

func getAttArgs(arg *hosttree.Node) (res, attr string) {
	if arg.Kind == hosttree.Array && len(arg.Elems) == 2 {
		return arg.Elems[0].Value, arg.Elems[1].Value
	}
	res, attr, _ = strings.Cut(arg.Value, ".")
	return res, attr
}

// pseudo are the pseudo parameters, with what each stands for.
var pseudo = map[string]string{
	"AWS::AccountId":        "the account the stack is deployed in",
	"AWS::Region":           "the Region the stack is deployed in",
	"AWS::Partition":        "the partition of that Region (aws, aws-cn, aws-us-gov)",
	"AWS::URLSuffix":        "the domain suffix of that Region (amazonaws.com)",
	"AWS::StackName":        "the stack's name",
	"AWS::StackId":          "the stack's ARN",
	"AWS::NotificationARNs": "the stack's notification topics",
}

func (r *resolver) refMeaning(name string) string {
	if m, ok := pseudo[name]; ok {
		return "`" + name + "` is " + m + "."
	}
	if t, ok := r.types[name]; ok {
		return fmt.Sprintf("the reference of resource %s (%s), known when the stack is deployed.", name, t)
	}
	return fmt.Sprintf("the value of parameter %s, given when the stack is deployed.", name)
}

func (r *resolver) attrMeaning(res, attr string) string {
	t, ok := r.types[res]
	switch {
	case ok && attr == "Arn" && t == "AWS::IAM::Role":
		return fmt.Sprintf("the ARN of role %s, a role in the stack's own account.", res)
	case ok && attr == "Arn" && t == "AWS::IAM::User":
		return fmt.Sprintf("the ARN of user %s, a user in the stack's own account.", res)
	case ok:
		return fmt.Sprintf("the %s of resource %s (%s), in the stack's own account.", attr, res, t)
	}
	return fmt.Sprintf("the %s of resource %s, known when the stack is deployed.", attr, res)
}

// sub is a string with "${Name}" where CloudFormation substitutes a value.
// The policy keeps each "${…}" as written, so that a finding and a hover
// show the template's own text; "${!Literal}" is the literal "${Literal}"
// (a policy variable), which the policy gets without the "!".
func (r *resolver) sub(n, arg *hosttree.Node) *hosttree.Node {
	s := arg
	if arg.Kind == hosttree.Array && len(arg.Elems) >= 1 {
		s = arg.Elems[0]
	}
	if s.Kind != hosttree.String {
		return unknown(n, "${Fn::Sub}", "`"+short(n, "Fn::Sub")+"`: a string CloudFormation builds when it deploys the stack.")
	}
	var b strings.Builder
	var pieces []hosttree.Piece
	var names []string
	keep := func(from, to int) {
		b.WriteString(s.Value[from:to])
		pieces = append(pieces, subPieces(s, from, to)...)
	}
	at := 0
	for i := 0; i < len(s.Value); {
		j := strings.Index(s.Value[i:], "${")
		if j < 0 {
			break
		}
		j += i
		end := strings.IndexByte(s.Value[j:], '}')
		if end < 0 {
			break
		}
		end += j + 1
		if strings.HasPrefix(s.Value[j:], "${!") {
			keep(at, j+2) // "${"
			at = j + 3    // the "!" goes
		} else {
			names = append(names, s.Value[j+2:end-1])
		}
		i = end
	}
	keep(at, len(s.Value))
	out := &hosttree.Node{Kind: hosttree.String, Value: b.String(), Span: n.Span, Pieces: pieces, Syntax: n.Syntax}
	if len(names) > 0 {
		out.Unknown = true
		out.About = "`" + short(n, "Fn::Sub") + "`: CloudFormation substitutes " + r.subMeaning(names) +
			" when it deploys the stack. The checks take the result for any value of the right shape."
	}
	return out
}

func (r *resolver) subMeaning(names []string) string {
	var parts []string
	for _, name := range names {
		res, attr, isAttr := strings.Cut(name, ".")
		switch {
		case isAttr:
			parts = append(parts, "`${"+name+"}` ("+strings.TrimSuffix(r.attrMeaning(res, attr), ".")+")")
		default:
			parts = append(parts, "`${"+name+"}` ("+strings.TrimSuffix(r.refMeaning(name), ".")+")")
		}
	}
	return strings.Join(parts, ", ")
}

// subPieces are the pieces of s's value[from:to]: a linear piece is cut
// exactly, an opaque one cut into stands for all its host bytes.
func subPieces(s *hosttree.Node, from, to int) []hosttree.Piece {
	if from >= to {
		return nil
	}
	if s.Pieces == nil {
		return []hosttree.Piece{{N: to - from, Host: s.Span}}
	}
	var out []hosttree.Piece
	at := 0
	for _, p := range s.Pieces {
		ps, pe := at, at+p.N
		at = pe
		lo, hi := max(ps, from), min(pe, to)
		if lo >= hi {
			continue
		}
		if p.Linear {
			out = append(out, hosttree.Piece{N: hi - lo, Host: text.Span{Start: p.Host.Start + lo - ps, End: p.Host.Start + hi - ps}, Linear: true})
		} else {
			out = append(out, hosttree.Piece{N: hi - lo, Host: p.Host})
		}
	}
	return out
}

// join concatenates !Join's parts: a part CloudFormation computes makes
// the whole string unknown. The parts count one level deeper, so nested
// joins stop at resolve's depth limit like any other nesting.
func (r *resolver) join(n, arg *hosttree.Node, depth int) *hosttree.Node {
	if arg.Kind != hosttree.Array || len(arg.Elems) != 2 || arg.Elems[1].Kind != hosttree.Array {
		return unknown(n, "${Fn::Join}", "`"+short(n, "Fn::Join")+"`: a string CloudFormation joins when it deploys the stack.")
	}
	var parts []string
	var about []string
	for _, e := range arg.Elems[1].Elems {
		v, _ := r.resolve(e, depth+1)
		if v == nil {
			continue
		}
		parts = append(parts, v.Value)
		if v.Unknown {
			about = append(about, strings.TrimSuffix(strings.TrimSuffix(v.About, " The checks take it for any value of the right shape."), "."))
		}
	}
	out := &hosttree.Node{Kind: hosttree.String, Value: strings.Join(parts, arg.Elems[0].Value), Span: n.Span, Syntax: n.Syntax}
	if len(about) > 0 {
		out.Unknown = true
		out.About = "`" + short(n, "Fn::Join") + "` of " + strings.Join(about, "; ") + ". The checks take the result for any value of the right shape."
	}
	return out
}
