package eval

import (
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

// Decision is the outcome of a request.
type Decision uint8

const (
	// ImplicitDeny: nothing allows the request (and nothing denies it).
	ImplicitDeny Decision = iota
	// Allow: the request is allowed.
	Allow
	// ExplicitDeny: a Deny statement applies, whatever allows it.
	ExplicitDeny
)

func (d Decision) String() string {
	switch d {
	case Allow:
		return "allow"
	case ExplicitDeny:
		return "explicit-deny"
	}
	return "implicit-deny"
}

// Policies are the policies that decide a request for a KMS key: the key
// policy and the caller's identity policies.
type Policies struct {
	// Key is the key policy. Nil when only identity policies are known
	// (simulate --kind iam): the key policy is then taken to be one that
	// lets the key's account's IAM policies grant access, as the default
	// key policy does.
	Key *Policy
	// Identity are the caller's identity policies.
	Identity []*Policy
	// IdentityKnown says that Identity is all the caller has. When it is
	// false, a caller of the key's own account is taken to have no
	// identity policy (the key owner would have given it), while a caller
	// of another account is taken to have one that allows the request:
	// that account, not the key's owner, decides.
	IdentityKnown bool
	// KeyAccount is the 12-digit account that owns the key.
	KeyAccount string
}

// Match is a statement that applies to a request.
type Match struct {
	Policy    *Policy
	Statement *Statement
	Via       Via // for a key policy statement: how it takes in the caller
}

// Reason says why a decision is what it is, beyond the statements.
type Reason uint8

const (
	ReasonNone Reason = iota
	// ReasonNoAllow: no statement allows the request.
	ReasonNoAllow
	// ReasonNeedsIdentity: the key policy delegates to the caller's
	// account, and no identity policy of the caller allows the request.
	ReasonNeedsIdentity
	// ReasonNeedsKeyPolicy: an identity policy allows, but the key policy
	// neither names the caller nor delegates to its account.
	ReasonNeedsKeyPolicy
	// ReasonNotCrossAccount: the caller is of another account, and the
	// action does not work across accounts.
	ReasonNotCrossAccount
	// ReasonIAMOnly: the action is not authorized on a key (kms:CreateKey,
	// kms:ListKeys, …), so only identity policies decide it, and none
	// allows it.
	ReasonIAMOnly
)

// Result is the decision on a request and what it rests on.
type Result struct {
	Decision Decision
	Reason   Reason
	// Deciding are the statements the decision rests on: for an explicit
	// deny the Deny statements that apply; for an allow the Allow
	// statements that grant it (the key policy's, then the identity
	// policies'); for an implicit deny the Allow statements that apply but
	// do not suffice, or when none applies, those whose conditions do not
	// hold (Unmet).
	Deciding []Match
	// Unmet are the Allow statements that name the caller, the action and
	// the resource but whose conditions do not hold.
	Unmet []Match
	// Missing are the condition keys that statements applying to the
	// request tested and the request lacked, as the policies spell them.
	Missing []string
	// AssumedIdentity: the caller is of another account, its identity
	// policies were not given, and they were taken to allow the request
	// (Policies.IdentityKnown).
	AssumedIdentity bool
	// AssumedKeyPolicy: there was no key policy, and it was taken to
	// delegate to the key's account (Policies.Key).
	AssumedKeyPolicy bool
	// Root: the caller is a root user, whose own account needs no identity
	// policy to allow it.
	Root bool
	// Request is the request decided.
	Request *Request
}

// Evaluate decides a request as AWS KMS does: an explicit Deny in any of
// the policies wins; otherwise the key policy must allow, either by naming
// the caller (enough in the key's account) or by naming the caller's
// account (then the caller's identity policies must allow too), and a
// caller of another account needs its identity policies to allow as well.
// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
// https://docs.aws.amazon.com/kms/latest/developerguide/policy-evaluation.html,
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
func Evaluate(ps *Policies, req *Request) Result {
	r := Result{Request: req}
	ev := &evaluator{ctx: &req.Context, missing: &r.Missing}
	act := lookupAction(req.Action)
	resource := req.Resource
	if resource == "" {
		resource = DefaultKeyARN(ps.KeyAccount)
	}
	c := &req.Caller
	w := newWho(c)

	var denies, keyDirect, keyAccount, identity []Match
	// A permission that only an IAM policy can grant is not authorized on
	// the key: its key policy has no say in it.
	// Source: https://docs.aws.amazon.com/kms/latest/developerguide/kms-api-permissions-reference.html
	iamOnly := act.catalog != nil && act.catalog.PolicyTypes()&catalog.KeyPolicy == 0
	if ps.Key != nil && !iamOnly {
		for i := range ps.Key.Statements {
			st := &ps.Key.Statements[i]
			via, ok := ev.applies(st, &act, w, resource)
			m := Match{Policy: ps.Key, Statement: st, Via: via}
			if !ok {
				if via != ViaNone && st.Effect == EffectAllow {
					r.Unmet = append(r.Unmet, m)
				}
				continue
			}
			switch {
			case st.Effect == EffectDeny:
				denies = append(denies, m)
			case via == ViaDirect:
				keyDirect = append(keyDirect, m)
			default:
				keyAccount = append(keyAccount, m)
			}
		}
	}
	for _, p := range ps.Identity {
		for i := range p.Statements {
			st := &p.Statements[i]
			via, ok := ev.applies(st, &act, w, resource)
			m := Match{Policy: p, Statement: st}
			if !ok {
				if via != ViaNone && st.Effect == EffectAllow {
					r.Unmet = append(r.Unmet, m)
				}
				continue
			}
			if st.Effect == EffectDeny {
				denies = append(denies, m)
			} else {
				identity = append(identity, m)
			}
		}
	}
	if len(denies) > 0 {
		r.Decision, r.Deciding = ExplicitDeny, denies
		return r
	}
	if iamOnly {
		r.Root = c.Kind == CallerRoot
		switch {
		case len(identity) > 0:
			r.Decision, r.Deciding = Allow, identity
		case r.Root:
			r.Decision = Allow
		default:
			r.Reason = ReasonIAMOnly
		}
		return r
	}
	r.decideAllow(ps, c, &act, keyDirect, keyAccount, identity)
	return r
}

// decideAllow decides between Allow and ImplicitDeny once no Deny applies.
func (r *Result) decideAllow(ps *Policies, c *Caller, act *action, keyDirect, keyAccount, identity []Match) {
	r.Root = c.Kind == CallerRoot
	if ps.Key == nil && c.HasAccount() && c.Account == ps.KeyAccount {
		r.AssumedKeyPolicy = true
		keyAccount = []Match{{Via: ViaAccount}}
	}
	sameAccount := c.HasAccount() && c.Account == ps.KeyAccount
	identityAllows := len(identity) > 0 || r.Root
	if !identityAllows && !ps.IdentityKnown && !sameAccount && c.Kind != CallerService {
		identityAllows, r.AssumedIdentity = true, true
	}
	keyAllows := len(keyDirect) > 0 || len(keyAccount) > 0
	crossAccount := !sameAccount && c.Kind != CallerService
	switch {
	case crossAccount && keyAllows && act.catalog != nil && act.catalog.CrossAccountUse() != catalog.CrossAccountYes:
		r.Reason = ReasonNotCrossAccount
		r.Deciding = append(keyDirect, keyAccount...)
	case (sameAccount || c.Kind == CallerService) && len(keyDirect) > 0:
		r.Decision, r.Deciding = Allow, keyDirect
	case keyAllows && identityAllows:
		r.Decision = Allow
		r.Deciding = append(append(keyDirect, keyAccount...), identity...)
	case keyAllows:
		r.Reason = ReasonNeedsIdentity
		r.Deciding = append(keyDirect, keyAccount...)
	case len(identity) > 0:
		r.Reason, r.Deciding = ReasonNeedsKeyPolicy, identity
	default:
		r.Reason, r.Deciding = ReasonNoAllow, r.Unmet
	}
	r.Deciding = dropAssumed(r.Deciding)
}

// dropAssumed removes the stand-in for an assumed key policy statement.
func dropAssumed(ms []Match) []Match {
	out := ms[:0:0]
	for _, m := range ms {
		if m.Statement != nil {
			out = append(out, m)
		}
	}
	return out
}

// applies reports whether a statement applies to the request, and how it
// takes in the caller: for a key policy statement how its principal does,
// for an identity policy's ViaDirect. A statement that takes in the
// caller, action and resource but whose conditions fail returns its Via
// and false.
func (ev *evaluator) applies(st *Statement, act *action, c *who, resource string) (Via, bool) {
	if st.Void || st.actions.has(act) == st.notAction {
		return ViaNone, false
	}
	via := ViaDirect
	if st.byPrincipal {
		if via = st.principalVia(c); via == ViaNone {
			return ViaNone, false
		}
	}
	if !st.resourceMatches(ev, resource) {
		return ViaNone, false
	}
	return via, ev.conditions(st.conds)
}

// DefaultKeyARN is the ARN simulate uses for the key when none is given:
// a key of the given account in us-east-1.
func DefaultKeyARN(account string) string {
	if account == "" {
		account = "111122223333"
	}
	return "arn:aws:kms:us-east-1:" + account + ":key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
