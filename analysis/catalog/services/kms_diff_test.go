package services

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

// kmsDifferences lists where the package's kms service and our KMS catalog
// disagree, one line each.
func kmsDifferences() []string {
	var out []string
	kms := Lookup("kms")
	for _, a := range catalog.Actions() {
		name := strings.TrimPrefix(a.Name, "kms:")
		p := kms.Action(name)
		if p == nil {
			out = append(out, a.Name+": not in the package")
			continue
		}
		if a.AccessLevel != p.Level.String() {
			out = append(out, fmt.Sprintf("%s: access level %s here, %s in the package", a.Name, a.AccessLevel, p.Level))
		}
		if ours, theirs := catalogResources(a), packageResources(p); ours != theirs {
			out = append(out, fmt.Sprintf("%s: resources %s here, %s in the package", a.Name, ours, theirs))
		}
		for _, k := range keyDiff(a, p) {
			out = append(out, a.Name+": "+k)
		}
	}
	for i := range kms.Actions() {
		if p := &kms.Actions()[i]; catalog.LookupAction(p.FullName()) == nil {
			out = append(out, p.FullName()+": only in the package")
		}
	}
	sort.Strings(out)
	return out
}

func catalogResources(a *catalog.Action) string {
	var rs []string
	for _, r := range a.Resources() {
		switch r {
		case catalog.ResourceAlias:
			rs = append(rs, "alias")
		case catalog.ResourceAny:
			rs = append(rs, "*")
		default:
			rs = append(rs, "key")
		}
	}
	slices.Sort(rs)
	return strings.Join(slices.Compact(rs), ",")
}

func packageResources(p *Action) string {
	var rs []string
	for _, r := range p.Resources {
		rs = append(rs, r.Type.Name)
	}
	if len(rs) == 0 {
		rs = append(rs, "*")
	}
	slices.Sort(rs)
	return strings.Join(rs, ",")
}

// keyDiff compares the keys by their families: the package spells the
// attestation PCR keys one by one, the catalog as one parameterised key.
func keyDiff(a *catalog.Action, p *Action) []string {
	family := func(name string) string {
		if k := catalog.LookupKey(strings.ReplaceAll(name, "${EncryptionContextKey}", "x")); k != nil {
			return k.Name
		}
		return name + " (unknown to the catalog)"
	}
	ours, theirs := map[string]bool{}, map[string]bool{}
	for _, n := range a.KeyNames() {
		ours[n] = true
	}
	for k := range p.Keys() {
		theirs[family(k.Name)] = true
	}
	var out []string
	for n := range ours {
		if !theirs[n] {
			out = append(out, "key "+n+" only here")
		}
	}
	for n := range theirs {
		if !ours[n] {
			out = append(out, "key "+n+" only in the package")
		}
	}
	sort.Strings(out)
	return out
}

// kmsExplained says why each difference between the package and our KMS
// catalog is there. Our catalog, checked against the KMS permissions table
// by package catalog's tests, stays the authority for KMS.
var kmsExplained = []struct{ match, why string }{
	{" key kms:CustomerMasterKeySpec only here",
		"the seed table lists the old names of kms:KeySpec and kms:KeyUsage; KMS still honours them, and the " +
			"Service Authorization Reference dropped them when they were renamed (2024). The catalog keeps them, " +
			"marked deprecated, so that policies using them are read right."},
	{" key kms:CustomerMasterKeyUsage only here", "as kms:CustomerMasterKeySpec."},
	{"kms:UntagResource: key aws:RequestTag/tag-key only here",
		"the seed table's tagging group lists aws:RequestTag for UntagResource; the Service Authorization " +
			"Reference lists only aws:TagKeys there, since an untag request carries tag keys, not values. The " +
			"seed table is kept."},
}

// Every difference between the package and the catalog is explained, and
// every explanation still matches a difference.
func TestKMSDifferencesAreExplained(t *testing.T) {
	used := make([]bool, len(kmsExplained))
	for _, d := range kmsDifferences() {
		explained := false
		for i, e := range kmsExplained {
			if strings.Contains(d, e.match) {
				explained, used[i] = true, true
			}
		}
		if !explained {
			t.Errorf("unexplained difference between the package and the KMS catalog: %s", d)
		}
	}
	for i, e := range kmsExplained {
		if !used[i] {
			t.Errorf("explanation %q matches no difference any more: remove it", e.match)
		}
	}
}
