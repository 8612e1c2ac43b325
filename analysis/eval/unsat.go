package eval

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Conflict is a condition key that a statement tests in ways no request
// can satisfy together: every test of a key must hold (the operators and
// the keys of a block are ANDed), and a single-valued key has one value.
type Conflict struct {
	Key string // as first written
	// Blocks and Entries are the tests, in the order written.
	Blocks  []*policy.ConditionBlock
	Entries []*policy.ConditionEntry
}

// Unsatisfiable lists the keys of a statement whose tests contradict each
// other. It says so only when it is certain: the values it tries are
// every distinct case of the tests (both Bool values; the bounds of
// numbers and dates and a value between and beyond each; the values of a
// case-sensitive StringEquals, which a value must be one of; absence), and
// none satisfies them all. Keys with several values, set qualifiers or
// policy variables are left alone.
func (st *Statement) Unsatisfiable() []Conflict {
	var out []Conflict
	for _, g := range st.keyGroups() {
		if len(g) < 2 {
			continue
		}
		cands, ok := candidates(g)
		if !ok || satisfiable(g, cands) {
			continue
		}
		c := Conflict{Key: g[0].e.key}
		for _, t := range g {
			b := &st.Src.Condition.Blocks[t.b.at]
			c.Blocks = append(c.Blocks, b)
			c.Entries = append(c.Entries, &b.Entries[t.e.at])
		}
		out = append(out, c)
	}
	return out
}

// test is one key of one block.
type test struct {
	b *block
	e *entry
}

// keyGroups groups the tests of each single-valued catalog key, in the
// order the keys are first written.
func (st *Statement) keyGroups() [][]test {
	var order []string
	groups := map[string][]test{}
	skip := map[string]bool{}
	for bi := range st.conds {
		b := &st.conds[bi]
		for ei := range b.entries {
			e := &b.entries[ei]
			k := catalog.LookupKey(e.key)
			if b.op == nil || k == nil || k.Multi || b.set != setNone || hasVariables(e) {
				skip[e.lower] = true
			}
			if _, ok := groups[e.lower]; !ok {
				order = append(order, e.lower)
			}
			groups[e.lower] = append(groups[e.lower], test{b, e})
		}
	}
	var out [][]test
	for _, k := range order {
		if !skip[k] {
			out = append(out, groups[k])
		}
	}
	return out
}

// candidates are request values that cover every case of the tests, nil
// meaning absent; ok is false when no finite set is known to.
func candidates(g []test) ([][]string, bool) {
	cands := [][]string{nil} // absent
	if requiresAbsence(g) {
		return cands, true // no present value passes Null "true"
	}
	key := catalog.LookupKey(g[0].e.key)
	if anchor := equalsAnchor(g); anchor != nil {
		for _, v := range anchor.values {
			cands = append(cands, []string{v.text.raw})
		}
		return cands, true
	}
	fams := map[family]bool{}
	for _, t := range g {
		fams[t.b.op.fam] = true
	}
	delete(fams, famNull)
	only := func(f family) bool { return len(fams) == 0 || len(fams) == 1 && fams[f] }
	switch {
	case key.Type == catalog.TypeBool && only(famBool):
		return append(cands, []string{"true"}, []string{"false"}), true
	case only(famNumeric) && fams[famNumeric]:
		for _, n := range between(numbers(g)) {
			cands = append(cands, []string{strconv.FormatFloat(n, 'f', -1, 64)})
		}
		return cands, true
	case only(famDate) && fams[famDate]:
		for _, n := range between(dates(g)) {
			sec, frac := math.Modf(n)
			cands = append(cands, []string{time.Unix(int64(sec), int64(frac*1e9)).UTC().Format(time.RFC3339Nano)})
		}
		return cands, true
	case len(fams) == 0:
		// Null tests only: absent, or present with any value.
		return append(cands, []string{"x"}), true
	}
	return nil, false
}

// requiresAbsence reports whether a test holds only when the key is
// absent: Null with "true" as its only value.
func requiresAbsence(g []test) bool {
	for _, t := range g {
		if t.b.op.fam != famNull || len(t.e.values) == 0 {
			continue
		}
		all := true
		for _, v := range t.e.values {
			all = all && v.ok && v.null
		}
		if all {
			return true
		}
	}
	return false
}

// equalsAnchor is a test that pins the value to a finite set: a plain,
// case-sensitive StringEquals that does not hold on an absent key.
func equalsAnchor(g []test) *entry {
	for _, t := range g {
		if t.b.op.name == "StringEquals" && !t.b.ifExists {
			return t.e
		}
	}
	return nil
}

func numbers(g []test) []float64 {
	var out []float64
	for _, t := range g {
		for _, v := range t.e.values {
			if v.ok && t.b.op.fam == famNumeric {
				out = append(out, v.num)
			}
		}
	}
	return out
}

// dates are the dates of the tests, in seconds since 1970 (a second
// apart is a different date for every format a policy can write).
func dates(g []test) []float64 {
	var out []float64
	for _, t := range g {
		for _, v := range t.e.values {
			if v.ok && t.b.op.fam == famDate {
				out = append(out, float64(v.date.Unix())+float64(v.date.Nanosecond())/1e9)
			}
		}
	}
	return out
}

// between is the points, a value between each two, and one beyond each
// end: the comparisons with the points are the same all over each gap.
func between(points []float64) []float64 {
	sort.Float64s(points)
	points = slices.Compact(points)
	if len(points) == 0 {
		return []float64{0}
	}
	out := []float64{points[0] - 1, points[len(points)-1] + 1}
	for i, p := range points {
		out = append(out, p)
		if i+1 < len(points) {
			out = append(out, p+(points[i+1]-p)/2)
		}
	}
	return slices.DeleteFunc(out, func(f float64) bool { return math.IsInf(f, 0) || math.IsNaN(f) })
}

func satisfiable(g []test, cands [][]string) bool {
	for _, c := range cands {
		var ctx Context
		if c != nil {
			ctx.set1(g[0].e.lower, g[0].e.key, c)
		}
		ev := evaluator{ctx: &ctx}
		all := true
		for _, t := range g {
			if !ev.entry(t.b, t.e) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
