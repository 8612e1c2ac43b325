package catalogdoc

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
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
