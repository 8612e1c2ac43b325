package checks

import (
	"fmt"
	"github.com/kms-policy-ls/kms-policy-ls/internal/jsonquote"
	"regexp"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/arn"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/facts"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/text"
)

func init() {
	register(&Rule{
		Code:     "key-policy-resource",
		Severity: Warning,
		Doc:      "A key policy statement whose Resource is not \"*\" (or is missing); in a key policy \"*\" means this key.",
		Scope:    StatementScope,
		Check:    checkKeyPolicyResource,
		Applies:  "key policies",
		Details: "`Resource` should be `\"*\"`, which in a key policy means \"this key\". An ARN there " +
			"is at best a roundabout `*` and at worst matches nothing; a statement without " +
			"`Resource` has no effect. Quick fix: set (or add) `\"Resource\": \"*\"`.",
		Example: `{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/App"}, "Action": "kms:Decrypt",
 "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`,
	})
	register(&Rule{
		Code:     "invalid-arn",
		Severity: Error,
		Doc:      "A malformed ARN (a KMS key or alias ARN of the wrong form, any ARN with a part no ARN of its service has), or an IAM policy Resource that is not an ARN.",
		Scope:    StatementScope,
		Check:    checkInvalidARN,
		Details: "A KMS ARN that is not `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID` or " +
			"`…:alias/NAME` (12-digit account, key id a UUID or `mrk-` plus 32 hex digits; " +
			"wildcards allowed anywhere), or, in an IAM policy, a `Resource` that is not an " +
			"ARN at all (a key id or alias name cannot name a key there). Any other ARN: fewer " +
			"than six parts without a trailing `*`; a partition, Region or account of the " +
			"wrong shape; a service in upper case (ARNs are case-sensitive) or one no resource " +
			"type of the Service Authorization Reference has; a Region in the ARN of a global " +
			"service (IAM, Route 53), or none where every ARN of the service has one; an " +
			"account where the service's ARNs have none (S3 buckets: `arn:aws:s3:::NAME`). " +
			"Each such ARN names no resource. An ARN without an account is not judged: what " +
			"AWS owns has none (`arn:aws:ssm:REGION::document/AWS-RunShellScript`).",
		Example: `"Resource": ["arn:aws:kms:us-east-1:111122223333:key/orders-key", "arn:aws:iam:us-east-1:111122223333:role/app"]`,
	})
	register(&Rule{
		Code:     "resource-type-mismatch",
		Severity: Warning,
		Doc:      "An IAM statement whose resources are all of types that none of its actions acts on.",
		Scope:    StatementScope,
		Check:    checkResourceTypeMismatch,
		Applies:  "IAM policies",
		Details: "In a statement of KMS actions where some action fits the resources, each pair " +
			"that cannot match is reported: an action written out that acts on none of them " +
			"(`kms:ListKeys` beside `kms:Decrypt` on a key ARN is never allowed; the quick fix " +
			"moves it to a statement of its own with `\"Resource\": \"*\"`, keeping the " +
			"Effect and Condition), and an alias or key ARN that none of the actions acts on " +
			"(an alias ARN in the Resource of `kms:Decrypt` matches nothing). Otherwise, " +
			"every `Resource` of the statement is of a type none of its actions acts on: only " +
			"alias ARNs for `kms:Decrypt` (use a key ARN, and `kms:RequestAlias` to allow by " +
			"alias), a key ARN for `kms:CreateKey`/`kms:ListAliases`, which need `\"*\"`, or a " +
			"bucket ARN for `s3:GetObject`, which acts on objects (`arn:aws:s3:::BUCKET/*`). " +
			"Other services' actions are judged by the ARN formats of their resource types in " +
			"the Service Authorization Reference; an action the reference gives no resource " +
			"type, or a value it does not know, is not judged, and since the reference misses " +
			"some resource types (CloudFormation's transforms for `CreateChangeSet`), the " +
			"message says what it rests on.",
		Example: `{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:alias/orders"}`,
	})
}

func checkKeyPolicyResource(p *Pass) {
	if !p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		if s.Resource == nil {
			if s.NotResource == nil {
				d := p.Report(firstByte(s.Node), "This key policy statement has no Resource, so it has no effect; add \"Resource\": \"*\" (in a key policy, \"*\" means this key).")
				if e, ok := appendMember(p.Policy.File.Src, s.Node, "Resource", `"*"`); ok {
					d.withFix(Fix{Title: `Add "Resource": "*"`, Edits: []text.Edit{e}, Preferred: true})
				}
			}
			continue
		}
		for _, v := range s.Resource.Values {
			if v.Text == "*" || v.Text == "" {
				continue
			}
			p.Report(v.Node.Span, "In a key policy, Resource should be \"*\", which means this KMS key; a key policy cannot apply to any other resource.").
				withFix(replaceWith(`Set Resource to "*"`, v.Node, "*"))
		}
	}
}

func checkInvalidARN(p *Pass) {
	for _, s := range p.Policy.Statements {
		for _, l := range present(s.Resource, s.NotResource) {
			for _, v := range l.Values {
				if msg := resourceProblem(v.Text, p.isKeyPolicy()); msg != "" {
					p.Report(v.Node.Span, "%s", msg)
				}
			}
		}
	}
}

var (
	keyIDRE = regexp.MustCompile(`^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|mrk-[0-9a-fA-F]{32})$`)
	aliasRE = regexp.MustCompile(`^alias/[A-Za-z0-9:/_-]+$`)
)

const kmsARNForm = "A KMS ARN is arn:aws:kms:REGION:ACCOUNT:key/KEY_ID or arn:aws:kms:REGION:ACCOUNT:alias/NAME"

// resourceProblem explains why a Resource value cannot be right, or returns "".
func resourceProblem(v string, keyPolicy bool) string {
	if v == "" || v == "*" || hasVariable(v) {
		return ""
	}
	if !arn.LooksLikeARN(v) {
		if keyPolicy || strings.HasPrefix(v, "*") {
			return "" // key-policy-resource says what to write in a key policy
		}
		return "A Resource must be an ARN or \"*\"; to name a KMS key in an IAM policy use its key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY_ID), not a key id or alias name."
	}
	f, n := arn.Fields(v)
	parts := f[:n]
	if len(parts) < 3 || parts[2] != "kms" {
		return arnProblem(parts)
	}
	if len(parts) < 6 {
		if strings.Contains(parts[len(parts)-1], "*") {
			return "" // the trailing wildcard stands for the rest
		}
		return kmsARNForm + "; this one has too few parts."
	}
	switch {
	case !arn.CouldBePartition(parts[1]):
		return kmsARNForm + "; " + quoteOr(parts[1]) + " is not a partition (aws, aws-cn, aws-us-gov, …)."
	case !arn.CouldBeRegion(parts[3]):
		return kmsARNForm + "; " + quoteOr(parts[3]) + " is not a Region such as us-east-1."
	case !arn.CouldBeAccountID(parts[4]):
		return kmsARNForm + "; the account must be 12 digits, not " + quoteOr(parts[4]) + "."
	case !fitsKMSResource(parts[5]):
		return kmsARNForm + ", where KEY_ID is a key id such as 1234abcd-12ab-34cd-56ef-1234567890ab or mrk- followed by 32 hex digits."
	}
	return ""
}

const arnForm = "An ARN is arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"

// arnProblem explains why an ARN of another service than KMS names no
// resource, or returns "": a part that no ARN can have (a partition, Region
// or account of the wrong shape, an upper-case or unknown service), or a
// Region or account where every ARN format of the service has none, or
// none where every one has one.
func arnProblem(parts []string) string {
	if len(parts) < 6 {
		if strings.Contains(parts[len(parts)-1], "*") {
			return "" // the trailing wildcard stands for the rest
		}
		return fmt.Sprintf("%s; this one has %d parts, so it names no resource.", arnForm, len(parts))
	}
	partition, service, region, account := parts[1], parts[2], parts[3], parts[4]
	switch {
	case !hasVariable(partition) && !arn.CouldBePartition(partition):
		return fmt.Sprintf("%s; %s is not a partition (aws, aws-cn, aws-us-gov, …), so it names no resource.", arnForm, quoteOr(partition))
	case !hasVariable(region) && region != "" && !arn.CouldBeRegion(region):
		return fmt.Sprintf("%s; %s is not a Region such as us-east-1, so it names no resource.", arnForm, quoteOr(region))
	case !hasVariable(account) && account != "" && account != "aws" && !arn.CouldBeAccountID(account):
		return fmt.Sprintf("%s; the account must be 12 digits, not %s, so it names no resource.", arnForm, quoteOr(account))
	case service == "" || hasVariable(service) || catalog.HasWildcard(service):
		return ""
	case service != strings.ToLower(service) && services.IsARNService(strings.ToLower(service)):
		return fmt.Sprintf("ARNs are case-sensitive and write the service in lower case: %q never matches an ARN of %s.", service, strings.ToLower(service))
	case !services.IsARNService(service) && !services.Undocumented(service):
		msg := fmt.Sprintf("No resource type in the Service Authorization Reference has ARNs of the service %q, so it names no resource.", service)
		if near := services.NearestService(service); near != "" {
			msg += " Did you mean " + near + "?"
		}
		return msg
	}
	return shapeProblem(service, region, account)
}

// shapeProblem compares an ARN's Region and account with those every ARN
// format of its service has, or lacks.
func shapeProblem(service, region, account string) string {
	s := services.Lookup(service)
	if s == nil {
		return ""
	}
	sh := s.ARNShape()
	if sh.Formats == 0 {
		return ""
	}
	switch {
	case region != "" && !catalog.HasWildcard(region) && !hasVariable(region) && sh.Region == services.Never:
		return fmt.Sprintf("%s resources are global: their ARNs have no Region (arn:PARTITION:%s::…), so one with %q names no resource.", s.Name, service, region)
	case region == "" && sh.Region == services.Always:
		return fmt.Sprintf("%s ARNs always name a Region (arn:PARTITION:%s:REGION:…); with none this one names no resource.", s.Name, service)
	case account != "" && !catalog.HasWildcard(account) && !hasVariable(account) && sh.Account == services.Never:
		return fmt.Sprintf("%s ARNs have no account (arn:PARTITION:%s:…::…), so one with %q names no resource.", s.Name, service, account)
	}
	// An ARN without an account is not judged: resources AWS owns have
	// none (arn:aws:ssm:REGION::document/AWS-RunShellScript), though the
	// reference writes ${Account} in their formats.
	return ""
}

func quoteOr(s string) string {
	if s == "" {
		return "an empty part"
	}
	return `"` + s + `"`
}

func onlyChars(s, alphabet string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(alphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

const hexChars = "0123456789abcdefABCDEF"

func fitsKMSResource(r string) bool {
	if !catalog.HasWildcard(r) {
		if id, ok := strings.CutPrefix(r, "key/"); ok {
			return keyIDRE.MatchString(id)
		}
		return aliasRE.MatchString(r)
	}
	switch {
	case strings.HasPrefix(r, "key/"):
		return onlyChars(r[4:], hexChars+"-mrk*?")
	case strings.HasPrefix(r, "alias/"):
		return onlyChars(r[6:], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:/_-*?")
	}
	// A wildcard inside "key/" or "alias/" themselves, or before them.
	i := strings.IndexAny(r, "*?")
	return strings.HasPrefix("key/", r[:i]) || strings.HasPrefix("alias/", r[:i])
}

func checkResourceTypeMismatch(p *Pass) {
	if p.isKeyPolicy() {
		return
	}
	for _, s := range p.Policy.Statements {
		if s.Action == nil || s.Resource == nil {
			continue
		}
		if actions, ok := kmsActionsOnly(s.Action); ok {
			checkKMSResourceType(p, s, actions)
			continue
		}
		checkServiceResourceTypes(p, s)
	}
}

// checkKMSResourceType judges a statement of KMS actions only by the
// classes of its KMS ARNs.
func checkKMSResourceType(p *Pass, s *policy.Statement, actions []*catalog.Action) {
	class := facts.ResourceClassOf(s)
	if len(actions) == 0 {
		return
	}
	if class != facts.ResourceKey && class != facts.ResourceAlias {
		reportMismatchedPairs(p, s) // key and alias ARNs together, or nothing to judge
		return
	}
	for _, a := range actions {
		if facts.ActionAccepts(a, class) {
			reportMismatchedPairs(p, s)
			return
		}
	}
	p.Report(s.Resource.Value().Span, "%s", mismatchMessage(actions, class))
}

// reportMismatchedPairs reports, in a statement where some action fits
// its resources, each action written out that fits none of them (it is
// never allowed by the statement), with a fix that moves it to a statement
// of its own with "Resource": "*", and each alias or key ARN that none of
// the actions acts on (it matches nothing).
func reportMismatchedPairs(p *Pass, s *policy.Statement) {
	classes := map[facts.ResourceClass]bool{}
	for _, v := range s.Resource.Values {
		c := facts.ClassifyResource(v.Text)
		if c != facts.ResourceKey && c != facts.ResourceAlias {
			return // "*" or an ARN of another kind: every action may fit
		}
		classes[c] = true
	}
	var named []*catalog.Action
	for i, v := range s.Action.Values {
		a := catalog.LookupAction(v.Text)
		if a == nil {
			return // a wildcard, or a name unknown-action reports
		}
		named = append(named, a)
		if facts.ActionAccepts(a, facts.ResourceKey) && classes[facts.ResourceKey] ||
			facts.ActionAccepts(a, facts.ResourceAlias) && classes[facts.ResourceAlias] {
			continue
		}
		d := p.Report(v.Node.Span, "%s is never allowed by this statement: it %s, and this statement's Resource names only %s.",
			a.Name, actsOn(a), resourceWords(classes))
		if fix, ok := moveToStatementOfItsOwn(p, s, i, a.Name); ok {
			d.withFix(fix)
		}
	}
	for _, v := range s.Resource.Values {
		c := facts.ClassifyResource(v.Text)
		fits := false
		for _, a := range named {
			fits = fits || facts.ActionAccepts(a, c)
		}
		if !fits {
			p.Report(v.Node.Span, "%s matches nothing for %s: %s", v.Text, actionNames(named, 3), unmatchedWhy(c))
		}
	}
}

func actsOn(a *catalog.Action) string {
	switch {
	case facts.ActionAccepts(a, facts.ResourceAlias):
		return "acts on aliases"
	case facts.ActionAccepts(a, facts.ResourceKey):
		return "acts on keys"
	}
	return "acts on no particular key and needs \"Resource\": \"*\""
}

func resourceWords(classes map[facts.ResourceClass]bool) string {
	switch {
	case classes[facts.ResourceKey] && classes[facts.ResourceAlias]:
		return "key and alias ARNs"
	case classes[facts.ResourceAlias]:
		return "alias ARNs"
	}
	return "key ARNs"
}

func unmatchedWhy(c facts.ResourceClass) string {
	if c == facts.ResourceAlias {
		return "an alias ARN names the alias, not the key it points to, so no action of the statement acts on it. Name the key by its key ARN; to allow a key by its alias, use a kms:RequestAlias or kms:ResourceAliases condition."
	}
	return "no action of the statement acts on a key."
}

// moveToStatementOfItsOwn is the fix that takes the i-th action out of the
// statement's Action list and adds, after the statement, one that allows it
// on "*" with the same Effect and Condition (the restrictions stay).
func moveToStatementOfItsOwn(p *Pass, s *policy.Statement, i int, action string) (Fix, bool) {
	remove, ok := removeElement(s.Action.Value(), i)
	if !ok || s.EffectElem == nil || s.Effect == nil {
		return Fix{}, false
	}
	src := p.Policy.File.Src
	stmt := `{"Effect": ` + jsonquote.String(s.Effect.Text) + `, "Action": ` + jsonquote.String(action) + `, "Resource": "*"`
	if s.Condition != nil && s.Condition.Value() != nil {
		stmt += `, "Condition": ` + string(src[s.Condition.Value().Start:s.Condition.Value().End])
	}
	stmt += "}"
	add := text.Edit{Span: text.Span{Start: s.Node.End, End: s.Node.End}, NewText: ", " + stmt}
	return Fix{Title: "Move " + action + ` to a statement with "Resource": "*"`, Edits: []text.Edit{remove, add}}, true
}

// checkServiceResourceTypes judges a statement whose actions are of any
// services by the ARN formats of their resource types. It judges only
// resources that are ARNs of a named service, and only actions the data
// knows: what a value the data lacks acts on is not known.
func checkServiceResourceTypes(p *Pass, s *policy.Statement) {
	arns, ok := namedServiceARNs(s.Resource)
	if !ok {
		return
	}
	var missing []string
	for _, v := range s.Action.Values {
		fits, known := actionFitsResources(v.Text, arns)
		if !known || fits {
			return
		}
		missing = append(missing, v.Text)
	}
	if len(missing) == 0 {
		return
	}
	p.Report(s.Resource.Value().Span, "The Service Authorization Reference gives %s no resource type that these resources fit, so this statement likely grants nothing. %s", listNames(missing, 3), expectedResource(s.Action.Values[0].Text))
}

// namedServiceARNs returns a Resource list's values when every one is an
// ARN whose service part is written out (no wildcard or variable there).
func namedServiceARNs(l *policy.List) ([]string, bool) {
	if len(l.Values) == 0 || len(l.NonStrings) > 0 {
		return nil, false
	}
	out := make([]string, 0, len(l.Values))
	for _, v := range l.Values {
		f, n := arn.Fields(v.Text)
		if n != 6 || !arn.LooksLikeARN(v.Text) || f[2] == "" || catalog.HasWildcard(f[1]+f[2]) || hasVariable(f[1]+f[2]) {
			return nil, false
		}
		out = append(out, v.Text)
	}
	return out, true
}

// actionFitsResources reports whether an Action value (an action or a
// pattern) acts on a resource one of the ARNs may name; known is false when
// the value's actions are not known.
func actionFitsResources(v string, arns []string) (fits, known bool) {
	service, _, ok := splitAction(v)
	if !ok {
		return false, false
	}
	if isKMSService(service) {
		acts := catalog.MatchActions(v)
		for _, a := range acts {
			if kmsActionFits(a, arns) {
				return true, true
			}
		}
		return false, len(acts) > 0
	}
	acts := services.MatchActions(v)
	for _, a := range acts {
		// An action the reference gives no resource type may still act on
		// some (iam:ListRoles reads a path prefix): not judged.
		if a.Service.Prefix == "kms" || len(a.Resources) == 0 {
			return false, false
		}
		if serviceActionFits(a, arns) {
			return true, true
		}
	}
	return false, len(acts) > 0
}

// kmsActionFits reads a KMS action's resource types from the catalog.
func kmsActionFits(a *catalog.Action, arns []string) bool {
	for _, v := range arns {
		if f, _ := arn.Fields(v); !strings.EqualFold(f[2], "kms") {
			continue // another service's ARN: no KMS action acts on it
		}
		switch class := facts.ClassifyResource(v); class {
		case facts.ResourceKey, facts.ResourceAlias:
			if facts.ActionAccepts(a, class) {
				return true
			}
		default: // a KMS ARN pattern of neither class may still name a key
			if !kmsNeedsStar(a) {
				return true
			}
		}
	}
	return false
}

func kmsNeedsStar(a *catalog.Action) bool {
	rs := a.Resources()
	return len(rs) == 1 && rs[0] == catalog.ResourceAny
}

// serviceActionFits reports whether some ARN may name a resource of one of
// the action's resource types. An action with none acts on "*" only.
func serviceActionFits(a *services.Action, arns []string) bool {
	for _, r := range a.Resources {
		if r.Type == nil {
			continue
		}
		for _, v := range arns {
			if r.Type.Matches(v) {
				return true
			}
		}
	}
	return false
}

// expectedResource says what the first action of a statement acts on.
func expectedResource(v string) string {
	if a := catalog.LookupAction(v); a != nil {
		if kmsNeedsStar(a) {
			return a.Name + " needs \"Resource\": \"*\"."
		}
		return ""
	}
	a := services.LookupAction(v)
	if a == nil || a.Service.Prefix == "kms" {
		return ""
	}
	if len(a.Resources) == 0 {
		return a.FullName() + " acts on no particular resource and needs \"Resource\": \"*\"."
	}
	r := a.Resources[0].Type
	return fmt.Sprintf("%s acts on %s resources, whose ARNs look like %s.", a.FullName(), r.Name, r.Formats()[0])
}

// kmsActionsOnly expands an Action list when every value is a KMS action or
// pattern; ok is false when another service's action (or "*") is present,
// since their resource types are not known here.
func kmsActionsOnly(l *policy.List) (out []*catalog.Action, ok bool) {
	for _, v := range l.Values {
		service, _, has := splitAction(v.Text)
		if !has || !isKMSService(service) {
			return nil, false
		}
		out = append(out, catalog.MatchActions(v.Text)...)
	}
	return out, true
}

func mismatchMessage(actions []*catalog.Action, class facts.ResourceClass) string {
	names := actionNames(actions, 3)
	if class == facts.ResourceAlias {
		return "These resources are alias ARNs, but " + names + " acts on KMS keys (or on \"*\"), so this statement grants nothing. Use key ARNs; to allow a key by its alias, add a kms:RequestAlias or kms:ResourceAliases condition."
	}
	for _, a := range actions {
		if facts.ActionAccepts(a, facts.ResourceAlias) {
			return "These resources are key ARNs, but " + names + " needs an alias ARN here, so this statement grants nothing."
		}
	}
	return "These resources are key ARNs, but " + names + " applies to no particular key and needs \"Resource\": \"*\", so this statement grants nothing."
}
