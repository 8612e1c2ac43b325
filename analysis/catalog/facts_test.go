package catalog

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The facts test checks the catalog against the machine-readable facts
// (testdata/facts), compiled from the Service Authorization Reference, the
// KMS API model and the KMS guides.

type factAction struct {
	Action          string   `json:"action"`
	AccessLevel     string   `json:"access_level_sar_2026_06"`
	ResourceTypes   []string `json:"resource_types"`
	PolicyType      string   `json:"policy_type"`
	CrossAccount    string   `json:"cross_account"`
	SARKeys         []string `json:"sar_action_condition_keys"`
	EffectiveKeys   []string `json:"effective_condition_keys"`
	DependentAction []string `json:"dependent_actions"`
	PermissionOnly  bool     `json:"permission_only"`
	NewSinceSeed    bool     `json:"new_since_seed"`
}

type factKey struct {
	Key         string   `json:"key"`
	SARType     string   `json:"sar_type"`
	Multi       bool     `json:"multivalued"`
	ValidValues []string `json:"valid_values"`
	Deprecated  *string  `json:"deprecated_replacement"`
	Restriction string   `json:"policy_type_restriction"`
	Actions     []string `json:"actions"`
}

func loadJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func factActions(t *testing.T) []factAction {
	var fa []factAction
	loadJSON(t, "../../testdata/facts/kms-actions.json", &fa)
	return fa
}

func factKeys(t *testing.T) []factKey {
	var fk []factKey
	loadJSON(t, "../../testdata/facts/kms-condition-keys.json", &fk)
	return fk
}

func TestActionsMatchFacts(t *testing.T) {
	fa := factActions(t)
	if len(Actions()) != len(fa) {
		t.Errorf("catalog has %d actions, facts %d", len(Actions()), len(fa))
	}
	for _, f := range fa {
		t.Run(f.Action, func(t *testing.T) {
			a := LookupAction(f.Action)
			if a == nil || a.Name != f.Action {
				t.Fatalf("missing or misspelt: %v", a)
			}
			checkFactAction(t, a, f)
		})
	}
}

func checkFactAction(t *testing.T, a *Action, f factAction) {
	if a.AccessLevel != f.AccessLevel {
		t.Errorf("access level %q, facts %q", a.AccessLevel, f.AccessLevel)
	}
	if got, want := a.PolicyTypes(), factPolicyType(f.PolicyType); got != want {
		t.Errorf("policy types %v, facts %q", got, f.PolicyType)
	}
	if got, want := a.CrossAccountUse(), factCrossAccount(f.CrossAccount); got != want {
		t.Errorf("cross-account %v, facts %q", got, f.CrossAccount)
	}
	if got, want := coarseResources(a.Resources()), sorted(f.ResourceTypes); !slices.Equal(got, want) {
		t.Errorf("resources %v, facts %v", got, want)
	}
	if got, want := sorted(a.DependentActions), sorted(f.DependentAction); !slices.Equal(got, want) {
		t.Errorf("dependent actions %v, facts %v", got, want)
	}
	if a.PermissionOnly != f.PermissionOnly {
		t.Errorf("permission-only %v, facts %v", a.PermissionOnly, f.PermissionOnly)
	}
	if a.PermissionOnly != (a.Operation == "") {
		t.Errorf("operation %q does not fit permission-only %v", a.Operation, a.PermissionOnly)
	}
	if a.IsNew() != f.NewSinceSeed {
		t.Errorf("new since the table: catalog %v (Source %q), facts %v", a.IsNew(), a.Source, f.NewSinceSeed)
	}
	for _, n := range append(append([]string(nil), f.EffectiveKeys...), f.SARKeys...) {
		if !a.SupportsName(n) {
			t.Errorf("does not support %s", n)
		}
	}
}

// factPolicyType reads the facts' policy-type text: "Key policy" anywhere
// means a key-policy permission; a leading "IAM policy" an IAM one;
// "n/a" (permission-only) neither.
func factPolicyType(s string) PolicyType {
	var p PolicyType
	if strings.Contains(s, "Key policy") {
		p |= KeyPolicy
	}
	if strings.HasPrefix(s, "IAM policy") {
		p |= IAMPolicy
	}
	return p
}

// factCrossAccount reads the facts' cross-account text. ListRetirableGrants'
// "Special: principal must be in local account…" is read as No, as the
// catalog documents.
func factCrossAccount(s string) CrossAccount {
	switch {
	case s == "Yes":
		return CrossAccountYes
	case s == "No", strings.HasPrefix(s, "Special: principal must be in local account"):
		return CrossAccountNo
	}
	return CrossAccountNA
}

// coarseResources maps resource types to the facts' vocabulary.
func coarseResources(rs []ResourceType) []string {
	var out []string
	for _, r := range rs {
		var s string
		switch r {
		case ResourceKey, ResourceKeySymmetric, ResourceKeyAsymmetric:
			s = "key*"
		case ResourceAlias:
			s = "alias*"
		case ResourceAny:
			s = "*"
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// The keys the catalog adds to a table row, and the keys of a new action,
// must all be backed by the facts: no invented key support.
func TestAddedKeysAreInTheFacts(t *testing.T) {
	effective := map[string]map[string]bool{}
	for _, f := range factActions(t) {
		effective[f.Action] = map[string]bool{}
		for _, n := range f.EffectiveKeys {
			if k := LookupKey(n); k != nil {
				effective[f.Action][k.Name] = true
			}
		}
	}
	for _, a := range Actions() {
		for _, u := range a.Uses {
			for _, g := range u.Groups {
				if g.Source == "" {
					continue // a table group: the seed test checks it
				}
				for _, n := range g.Keys {
					if !effective[a.Name][n] {
						t.Errorf("%s: %s (group %q) is not among the facts' keys for the action", a.Name, n, g.Title)
					}
				}
			}
		}
	}
}

var factRangeRe = regexp.MustCompile(`^integer (\d+)\.\.(\d+)`)

func TestConditionKeysMatchFacts(t *testing.T) {
	fk := factKeys(t)
	if len(fk) != 98 {
		t.Fatalf("facts list %d keys; the test expects the 98 of the SAR", len(fk))
	}
	for _, f := range fk {
		t.Run(f.Key, func(t *testing.T) {
			k := LookupKey(f.Key)
			if k == nil {
				t.Fatalf("not in the catalog")
			}
			if k.TypeName() != f.SARType {
				t.Errorf("type %s, facts %s", k.TypeName(), f.SARType)
			}
			if k.Multi != f.Multi {
				t.Errorf("multi %v, facts %v", k.Multi, f.Multi)
			}
			want := ""
			if f.Deprecated != nil {
				want = *f.Deprecated
			}
			if k.Deprecated != want {
				t.Errorf("deprecated %q, facts %q", k.Deprecated, want)
			}
			if got := strings.Contains(f.Restriction, "IAM policies only") && !strings.Contains(f.Restriction, ":"); got != k.IAMOnly {
				t.Errorf("IAM-only %v, facts %q", k.IAMOnly, f.Restriction)
			}
			if strings.Contains(f.Restriction, ":") && k.Restriction == "" {
				t.Errorf("facts restrict it (%q); the catalog says nothing", f.Restriction)
			}
			checkFactValues(t, k, f.ValidValues)
			checkFactKeyActions(t, k, f)
		})
	}
}

// checkFactValues compares enumerations, ranges, and the annotated entries:
// "X (deprecated…)" is a deprecated value, "(uncertain: X …)" a maybe value.
func checkFactValues(t *testing.T, k *ConditionKey, values []string) {
	var plain, deprecated, maybe []string
	for _, v := range values {
		switch {
		case factRangeRe.MatchString(v):
			m := factRangeRe.FindStringSubmatch(v)
			lo, _ := strconv.Atoi(m[1])
			hi, _ := strconv.Atoi(m[2])
			if !k.HasRange || k.Min != lo || k.Max != hi {
				t.Errorf("range %v %d..%d, facts %q", k.HasRange, k.Min, k.Max, v)
			}
		case strings.HasPrefix(v, "(uncertain: "):
			maybe = append(maybe, strings.Fields(strings.TrimPrefix(v, "(uncertain: "))[0])
		case strings.Contains(v, "(deprecated"):
			deprecated = append(deprecated, strings.Fields(v)[0])
		default:
			plain = append(plain, v)
		}
	}
	if !slices.Equal(sorted(k.Values), sorted(plain)) {
		t.Errorf("values %v, facts %v", k.Values, plain)
	}
	if !slices.Equal(sorted(k.DeprecatedValues), sorted(deprecated)) {
		t.Errorf("deprecated values %v, facts %v", k.DeprecatedValues, deprecated)
	}
	if !slices.Equal(sorted(k.MaybeValues), sorted(maybe)) {
		t.Errorf("uncertain values %v, facts %v", k.MaybeValues, maybe)
	}
}

// checkFactKeyActions: every action the facts list for the key supports it.
// "(same as kms:KeySpec)" stands for every action of the replacement.
func checkFactKeyActions(t *testing.T, k *ConditionKey, f factKey) {
	for _, name := range f.Actions {
		if strings.HasPrefix(name, "(same as ") {
			repl := LookupKey(strings.TrimSuffix(strings.TrimPrefix(name, "(same as "), ")"))
			for _, a := range ActionsSupporting(repl) {
				if !a.Supports(k) || !slices.Contains(ActionsSupporting(k), a) {
					t.Errorf("%s supports %s but not %s", a.Name, repl.Name, k.Name)
				}
			}
			continue
		}
		a := LookupAction(name)
		if a == nil {
			t.Errorf("facts name unknown action %s", name)
			continue
		}
		if !a.Supports(k) || !slices.Contains(ActionsSupporting(k), a) {
			t.Errorf("%s should support it", name)
		}
	}
}

func TestEveryKeyIsDescribed(t *testing.T) {
	for _, k := range ConditionKeys() {
		if k.Doc == "" {
			t.Errorf("%s has no Doc", k.Name)
		}
		if k.Deprecated != "" && LookupKey(k.Deprecated) == nil {
			t.Errorf("%s is replaced by unknown %s", k.Name, k.Deprecated)
		}
		if k.HasRange && (k.Type != TypeNumeric || k.Min > k.Max) {
			t.Errorf("%s: range %d..%d on a %v key", k.Name, k.Min, k.Max, k.Type)
		}
	}
	for _, a := range Actions() {
		if a.Doc == "" || a.AccessLevel == "" {
			t.Errorf("%s lacks Doc or access level", a.Name)
		}
	}
}
