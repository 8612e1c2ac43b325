package catalog

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// The memo of expansions stays bounded whatever patterns arrive, and what
// it returns is what a fresh expansion gives.
func TestMatchActionsMemoBounded(t *testing.T) {
	for i := 0; i < 3*memoMax; i++ {
		p := fmt.Sprintf("kms:Get%d*", i)
		MatchActions(p)
		n := matchMemo.Len()
		if n > memoMax {
			t.Fatalf("memo holds %d patterns after %d, limit %d", n, i+1, memoMax)
		}
	}
	for _, p := range []string{"kms:Get*", "KMS:gEt*", "kms:*", "*", "kms:ReEncrypt?*", "kms:Generate*Pair*"} {
		want := expand(strings.ToLower(p))
		for range 2 { // the second answer comes from the memo
			if got := MatchActions(p); !sameActions(got, want) {
				t.Errorf("MatchActions(%q) = %d actions, want %d", p, len(got), len(want))
			}
		}
	}
}

// Appending to a shared answer must not change the next caller's answer.
func TestMatchActionsAnswerIsNotClobbered(t *testing.T) {
	for _, p := range []string{"kms:Get*", "kms:Decrypt"} {
		first := MatchActions(p)
		want := append([]*Action(nil), first...)
		_ = append(first, actionList[0], actionList[1])
		if got := MatchActions(p); !sameActions(got, want) || cap(got) != len(got) {
			t.Errorf("MatchActions(%q) changed after an append to an earlier answer", p)
		}
	}
}

func TestMatchActionsConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2 * memoMax {
				p := fmt.Sprintf("kms:%c*%d", 'A'+rune(g), i%700)
				if got := MatchActions(p); len(got) != 0 {
					t.Errorf("%s matched %d actions", p, len(got))
					return
				}
				if len(MatchActions("kms:Describe*")) == 0 {
					t.Error("kms:Describe* matched nothing")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func sameActions(a, b []*Action) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// lookupKeySlow is LookupKey as it was before its allocation-free paths:
// lower-case everything, then probe.
func lookupKeySlow(name string) *ConditionKey {
	return lookupKeyLower(strings.ToLower(name))
}

// The fast lookups answer exactly as lower-casing and probing does, for
// names as spelt, in other cases, with parameters, and non-ASCII ones.
func TestLookupsAgreeWithLowerCasing(t *testing.T) {
	var names []string
	for _, a := range actionList {
		names = append(names, a.Name)
	}
	for _, k := range keyList {
		names = append(names, k.Name)
		if k.Prefix != "" {
			names = append(names, k.Prefix+"Dept", k.Prefix+"7", k.Prefix+"017", k.Prefix)
		}
	}
	names = append(names, "", "kms:", "\u212Ams:Decrypt", "kms:Décrypt", "aws:SourceIp", strings.Repeat("kms:x", 40)+"Decrypt")
	for _, n := range names {
		for _, v := range []string{n, strings.ToLower(n), strings.ToUpper(n), n + "x"} {
			if got, want := LookupAction(v), actionByLower[strings.ToLower(v)]; got != want {
				t.Errorf("LookupAction(%q) = %v, want %v", v, got, want)
			}
			if got, want := LookupKey(v), lookupKeySlow(v); got != want {
				t.Errorf("LookupKey(%q) = %v, want %v", v, got, want)
			}
		}
	}
}

func TestActionIndex(t *testing.T) {
	for i, a := range Actions() {
		if a.Index() != i {
			t.Fatalf("%s.Index() = %d, want %d", a.Name, a.Index(), i)
		}
	}
	if (&Action{Name: "kms:Made"}).Index() != -1 {
		t.Error("an action outside the catalog has an index")
	}
}

func TestHasWildcard(t *testing.T) {
	for _, s := range []string{"", "kms:Decrypt", "kms:*", "kms:Get?", "*", "?"} {
		if got, want := HasWildcard(s), strings.ContainsAny(s, "*?"); got != want {
			t.Errorf("HasWildcard(%q) = %v", s, got)
		}
	}
}

// ConditionKeys lists the KMS keys, then the global ones, each sorted by
// name regardless of case.
func TestConditionKeysOrder(t *testing.T) {
	keys := ConditionKeys()
	for i := 1; i < len(keys); i++ {
		prev, k := keys[i-1], keys[i]
		if prev.Global && !k.Global {
			t.Errorf("KMS key %s follows global key %s", k.Name, prev.Name)
		}
		if prev.Global == k.Global && strings.ToLower(prev.Name) >= strings.ToLower(k.Name) {
			t.Errorf("%s follows %s", k.Name, prev.Name)
		}
	}
}

// Lookups of names in any case allocate nothing, up to the longest name the
// buffer holds: they run for every action and key of a policy on every
// keystroke.
func TestLookupsDoNotAllocate(t *testing.T) {
	longest := "KMS:" + strings.Repeat("X", lowerBuf-len("KMS:"))
	allocs := testing.AllocsPerRun(100, func() {
		LookupAction("KMS:decrypt")
		LookupAction(longest)
		LookupKey("KMS:EncryptionContext:Department")
		LookupKey("Kms:ViaService")
	})
	if allocs != 0 {
		t.Errorf("lookups allocate %v times", allocs)
	}
}
