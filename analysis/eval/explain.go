package eval

import (
	"fmt"
	"strconv"
	"strings"
)

// Name is how a message names the statement: its Sid, or its position.
func (st *Statement) Name() string {
	if sid := st.Sid(); sid != "" {
		return strconv.Quote(sid)
	}
	return "#" + strconv.Itoa(st.Src.Index+1)
}

// describe names a caller in a sentence.
func (c *Caller) describe() string {
	switch c.Kind {
	case CallerUnknown:
		return "an unknown principal of another account"
	case CallerService:
		return "the service principal " + c.Service
	case CallerRoot:
		return "the root user of " + c.Account
	}
	return c.ARN
}

// whereOf says which policy a statement is in.
func whereOf(m Match) string {
	if m.Policy == nil {
		return ""
	}
	kind := "identity policy"
	if m.Policy.Key {
		kind = "key policy"
	}
	if m.Policy.Name != "" {
		kind += " " + m.Policy.Name
	}
	return kind
}

func (m Match) phrase() string {
	return fmt.Sprintf("%s statement %s (%s)", m.Statement.Effect, m.Statement.Name(), whereOf(m))
}

func phrases(ms []Match, keyPolicy bool) string {
	var out []string
	for _, m := range ms {
		if m.Policy != nil && m.Policy.Key == keyPolicy {
			out = append(out, m.phrase())
		}
	}
	return strings.Join(out, ", ")
}

// Explanation says in a sentence or two why the decision is what it is.
func (r *Result) Explanation() string {
	req := r.Request
	who := req.Caller.describe()
	var b strings.Builder
	switch r.Decision {
	case ExplicitDeny:
		fmt.Fprintf(&b, "%s is explicitly denied %s by %s; an explicit Deny overrides every Allow.", who, req.Action, allPhrases(r.Deciding))
	case Allow:
		b.WriteString(r.allowExplanation(who))
	default:
		b.WriteString(r.denyExplanation(who))
		if r.Reason != ReasonNoAllow && len(r.Unmet) > 0 {
			fmt.Fprintf(&b, " %s would allow it too, but %s.", capitalize(allPhrases(r.Unmet)), conditionsFail(len(r.Unmet)))
		}
	}
	if len(r.Missing) > 0 {
		fmt.Fprintf(&b, " The request lacks %s, which the conditions of the statements that apply test.", strings.Join(r.Missing, ", "))
	}
	return b.String()
}

// allPhrases names statements of any policy, the key policy's first.
func allPhrases(ms []Match) string {
	k, i := phrases(ms, true), phrases(ms, false)
	if k != "" && i != "" {
		return k + ", " + i
	}
	return k + i
}

func (r *Result) allowExplanation(who string) string {
	req := r.Request
	key, identity := phrases(r.Deciding, true), phrases(r.Deciding, false)
	var b strings.Builder
	fmt.Fprintf(&b, "%s is allowed %s", who, req.Action)
	direct := len(r.Deciding) > 0 && r.Deciding[0].Via == ViaDirect
	switch {
	case key == "" && r.AssumedKeyPolicy:
		fmt.Fprintf(&b, ": no key policy was given, so it is taken to let the IAM policies of account %s grant access, as the default key policy does", req.Caller.Account)
	case key == "":
		b.WriteString(": the action is not authorized on a key, so identity policies alone decide it")
	case direct:
		fmt.Fprintf(&b, ": %s names it", key)
	default:
		fmt.Fprintf(&b, ": %s names its account, which lets the account's IAM policies grant access", key)
	}
	switch {
	case identity != "":
		fmt.Fprintf(&b, ", and %s allows it", identity)
	case r.Root && !direct:
		b.WriteString(", and a root user needs no IAM policy of its own")
	case r.AssumedIdentity:
		fmt.Fprintf(&b, "; the caller is of another account, whose IAM policies must allow it too: they were not given and are taken to allow it, since that account decides")
	}
	b.WriteString(".")
	return b.String()
}

func (r *Result) denyExplanation(who string) string {
	req := r.Request
	key, identity := phrases(r.Deciding, true), phrases(r.Deciding, false)
	switch r.Reason {
	case ReasonNotCrossAccount:
		return fmt.Sprintf("%s is not allowed %s: %s grants it, but %s does not work across accounts.", who, req.Action, key, req.Action)
	case ReasonNeedsIdentity:
		if len(r.Deciding) > 0 && r.Deciding[0].Via == ViaDirect {
			return fmt.Sprintf("%s is not allowed %s: %s names it, but a caller of another account also needs its own IAM policies to allow the request, and none given does.", who, req.Action, key)
		}
		return fmt.Sprintf("%s is not allowed %s: %s lets the IAM policies of its account grant access, and no identity policy of the caller allows it.", who, req.Action, key)
	case ReasonNeedsKeyPolicy:
		return fmt.Sprintf("%s is not allowed %s: %s allows it, but the key policy neither names the caller nor its account, and for KMS an identity policy alone is not enough.", who, req.Action, identity)
	case ReasonIAMOnly:
		return fmt.Sprintf("%s is not allowed %s: the action is not authorized on a key, so only identity policies can allow it, and none does.", who, req.Action)
	}
	if len(r.Unmet) > 0 {
		return fmt.Sprintf("%s is not allowed %s: %s would allow it, but %s.", who, req.Action,
			allPhrases(r.Unmet), conditionsFail(len(r.Unmet)))
	}
	return fmt.Sprintf("%s is not allowed %s: no statement allows it.", who, req.Action)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func conditionsFail(n int) string {
	if n == 1 {
		return "its conditions do not hold"
	}
	return "their conditions do not hold"
}
