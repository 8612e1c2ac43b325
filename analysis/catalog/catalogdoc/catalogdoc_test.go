package catalogdoc

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
)

// Each action's documentation carries its row of the
// table and the facts AWS added since.
func TestActionEveryAction(t *testing.T) {
	for _, a := range catalog.Actions() {
		md := Action(a)
		for _, want := range []string{a.Name, "Policy type", "Cross-account use", a.CrossAccountUse().String(), "Resources"} {
			if !strings.Contains(md, want) {
				t.Errorf("%s: lacks %q", a.Name, want)
			}
		}
		if a.AccessLevel != "" && !strings.Contains(md, "| Access level | "+a.AccessLevel) {
			t.Errorf("%s: lacks access level %s", a.Name, a.AccessLevel)
		}
		for _, d := range a.DependentActions {
			if !strings.Contains(md, d) {
				t.Errorf("%s: lacks dependent action %s", a.Name, d)
			}
		}
		for _, k := range a.KeyNames() {
			if !strings.Contains(md, "`"+k+"`") {
				t.Errorf("%s: lacks condition key %s", a.Name, k)
			}
		}
		for _, n := range a.Notes {
			if !strings.Contains(md, n) {
				t.Errorf("%s: lacks note %q", a.Name, n)
			}
		}
		if a.Source != "" && !strings.Contains(md, a.Source) {
			t.Errorf("%s: newer than the table but its source is not shown", a.Name)
		}
	}
	if Action(nil) != "" {
		t.Error("nil action gives markdown")
	}
}

func TestKeyEveryKey(t *testing.T) {
	for _, k := range catalog.ConditionKeys() {
		md := Key(k)
		if !strings.Contains(md, k.Name) || !strings.Contains(md, k.TypeName()) {
			t.Errorf("%s: lacks its name or type", k.Name)
		}
		if k.Multi != strings.Contains(md, "multi-valued") {
			t.Errorf("%s: multi-valued is %v but markdown disagrees", k.Name, k.Multi)
		}
		for _, v := range k.Values {
			if !strings.Contains(md, "`"+v+"`") {
				t.Errorf("%s: lacks value %s", k.Name, v)
			}
		}
		if k.HasRange && !strings.Contains(md, fmt.Sprintf("%d to %d", k.Min, k.Max)) {
			t.Errorf("%s: lacks its range", k.Name)
		}
		if k.Deprecated != "" && !strings.Contains(md, k.Deprecated) {
			t.Errorf("%s: lacks its replacement", k.Name)
		}
		if k.IAMOnly && !strings.Contains(md, "IAM policies only") {
			t.Errorf("%s: lacks the IAM-only restriction", k.Name)
		}
		if acts := catalog.ActionsSupporting(k); len(acts) > 0 && !strings.Contains(md, acts[0].Name) {
			t.Errorf("%s: lacks supporting action %s", k.Name, acts[0].Name)
		}
	}
}

func TestOperator(t *testing.T) {
	for _, op := range catalog.Operators() {
		for _, w := range []string{op.Name, op.Name + "IfExists", "ForAnyValue:" + op.Name, "ForAllValues:" + op.Name} {
			md := Operator(w)
			if !strings.Contains(md, w) {
				t.Errorf("%s: no markdown", w)
			}
			if strings.HasSuffix(w, "IfExists") != strings.Contains(md, "`IfExists`") {
				t.Errorf("%s: IfExists explanation wrong", w)
			}
		}
	}
	if Operator("StringEqualz") != "" {
		t.Error("unknown operator explained")
	}
}

// wantIff reports an error unless md contains s exactly when want is true:
// each optional part of the documentation shows when its fact is set and
// only then.
func wantIff(t *testing.T, name, md, s string, want bool) {
	t.Helper()
	if got := strings.Contains(md, s); got != want {
		t.Errorf("%s: contains %q is %v, want %v", name, s, got, want)
	}
}

// Each optional part of an action's documentation appears exactly when the
// action has the fact it shows.
func TestActionOptionalParts(t *testing.T) {
	for _, a := range catalog.Actions() {
		md := Action(a)
		wantIff(t, a.Name, md, "none: this permission has no API operation", a.Operation == "")
		wantIff(t, a.Name, md, "| API operation | `"+a.Operation+"` |", a.Operation != "")
		wantIff(t, a.Name, md, "[the "+a.Operation+" API]("+kmsAPIReference+a.Operation+".html)", a.Operation != "")
		if a.Doc != "" && !strings.Contains(md, a.Doc) {
			t.Errorf("%s: lacks its description", a.Name)
		}
		wantIff(t, a.Name, md, "| Dependent actions |", len(a.DependentActions) > 0)
		wantIff(t, a.Name, md, "**Notes**", len(a.Notes) > 0)
		wantIff(t, a.Name, md, "**Since the permissions table**", len(a.Changes) > 0)
		for _, c := range a.Changes {
			wantIff(t, a.Name, md, c.Text+" _("+c.Source+")_", c.Source != "")
		}
		wantIff(t, a.Name, md, "_()_", false)
		wantIff(t, a.Name, md, "Newer than the KMS permissions table; source: "+a.Source, a.Source != "")
		sa := services.LookupAction(a.Name)
		wantIff(t, a.Name, md, " in the Service Authorization Reference](", sa != nil)
		if sa != nil && !strings.Contains(md, "("+sa.URL()+")") {
			t.Errorf("%s: lacks its link %s", a.Name, sa.URL())
		}
		wantIff(t, a.Name, md, "| Policy type | none (no policy type is documented) |", len(a.Uses) == 0)
		wantIff(t, a.Name, md, "| Resources | none |", len(a.Resources()) == 0)
		checkUses(t, a, md)
	}
}

// checkUses checks the policy types and the condition key groups of each
// use: a qualified policy type shows its qualifier, and a group's title
// names the use's policy type when the action has several uses.
func checkUses(t *testing.T, a *catalog.Action, md string) {
	t.Helper()
	withKeys := false
	for _, u := range a.Uses {
		pt := u.PolicyType.String()
		if u.For != "" && !strings.Contains(md, pt+" (for "+strings.TrimPrefix(u.For, "for ")+")") {
			t.Errorf("%s: lacks the qualifier %q of its %s", a.Name, u.For, pt)
		}
		for _, g := range u.Groups {
			if len(g.Keys) == 0 {
				continue
			}
			withKeys = true
			title := g.Title
			if title == "" {
				title = "Keys"
			}
			wantIff(t, a.Name, md, "- _"+title+" ("+pt+")_: ", len(a.Uses) > 1)
			wantIff(t, a.Name, md, "- _"+title+"_: ", len(a.Uses) == 1)
		}
	}
	if n := strings.Count(md, "(for "); n != qualified(a) {
		t.Errorf("%s: %d qualified policy types shown, want %d", a.Name, n, qualified(a))
	}
	wantIff(t, a.Name, md, "- _Keys_: ", hasUntitledGroup(a) && len(a.Uses) == 1)
	wantIff(t, a.Name, md, "No KMS condition keys.", !withKeys)
}

func qualified(a *catalog.Action) int {
	n := 0
	for _, u := range a.Uses {
		if u.For != "" {
			n++
		}
	}
	return n
}

func hasUntitledGroup(a *catalog.Action) bool {
	for _, u := range a.Uses {
		for _, g := range u.Groups {
			if g.Title == "" && len(g.Keys) > 0 {
				return true
			}
		}
	}
	return false
}

// Each optional part of a key's documentation appears exactly when the key
// has the fact it shows.
func TestKeyOptionalParts(t *testing.T) {
	for _, k := range catalog.ConditionKeys() {
		md := Key(k)
		wantIff(t, k.Name, md, "**Deprecated**: use `"+k.Deprecated+"` instead.", k.Deprecated != "")
		if k.Doc != "" && !strings.Contains(md, k.Doc) {
			t.Errorf("%s: lacks its description", k.Name)
		}
		wantIff(t, k.Name, md, "| Pattern | `"+k.Prefix+"` followed by ", k.Prefix != "")
		wantIff(t, k.Name, md, "followed by a number from 0 to ", k.Prefix != "" && k.ParamMax > 0)
		wantIff(t, k.Name, md, "followed by the "+k.Param+" |", k.Prefix != "" && k.ParamMax == 0)
		wantIff(t, k.Name, md, "| Valid values |", len(k.Values) > 0)
		wantIff(t, k.Name, md, "| Format | "+k.Format+" |", k.Format != "")
		wantIff(t, k.Name, md, "\nSource: "+k.Source, k.Source != "")
		if k.Restriction != "" && !strings.Contains(md, k.Restriction) {
			t.Errorf("%s: lacks its restriction", k.Name)
		}
		restricted := k.IAMOnly || k.Restriction != "" || k.NoForAllValues || k.Sensitive
		wantIff(t, k.Name, md, "| Restrictions |", restricted)
		checkSupporting(t, k, md)
	}
}

// checkSupporting checks the supporting actions: counted with the noun's
// number, the first maxListed named, the rest counted.
func checkSupporting(t *testing.T, k *catalog.ConditionKey, md string) {
	t.Helper()
	acts := catalog.ActionsSupporting(k)
	if len(acts) == 0 {
		return
	}
	noun := "actions"
	if len(acts) == 1 {
		noun = "action"
	}
	wantIff(t, k.Name, md, fmt.Sprintf("**Supported by** %d %s: ", len(acts), noun), true)
	for i, a := range acts {
		wantIff(t, k.Name, md, "`"+a.Name+"`", i < maxListed)
	}
	more := fmt.Sprintf(" and %d more", len(acts)-maxListed)
	wantIff(t, k.Name, md, more, len(acts) > maxListed)
	wantIff(t, k.Name, md, fmt.Sprintf("`%s` and ", acts[min(len(acts), maxListed)-1].Name), len(acts) > maxListed)
}

// An operator's own description shows, and only Null with IfExists is
// told that IAM rejects it.
func TestOperatorParts(t *testing.T) {
	for _, op := range catalog.Operators() {
		if op.Doc != "" && !strings.Contains(Operator(op.Name), op.Doc) {
			t.Errorf("%s: lacks its description", op.Name)
		}
		wantIff(t, op.Name, Operator(op.Name+"IfExists"), "cannot take `IfExists`", op.Name == "Null")
		wantIff(t, op.Name, Operator(op.Name), "cannot take `IfExists`", false)
	}
}
