package catalog

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The seed test reads the AWS KMS permissions table as text and checks the
// catalog against every row and column. The parser knows the table's layout
// only (line shapes), never the catalog's data, so a fact changed in either
// one makes the test fail.

const seedPath = "../../testdata/kms-permissions-table.txt"

type seedGroup struct {
	title string
	keys  []string
}

type seedUse struct {
	policy    string // "Key policy" / "IAM policy"
	forWhat   string // "the alias", … from "(for …)"
	cross     string // Yes / No / N/A; "" when the cell holds a sentence
	crossText string // the sentence, when the cell holds one
	resource  string
	groups    []seedGroup
	notes     []string // parenthetical remarks under the policy type
}

type seedRow struct {
	operation string
	perms     []string
	notes     []string
	uses      []*seedUse
}

var (
	seedPolicyRe   = regexp.MustCompile(`^(Key policy|IAM policy)(?: \(for (.+?)\))?(?: (Yes|No|N/A))?$`)
	seedCrossRe    = regexp.MustCompile(`^(Yes|No|N/A)$`)
	seedResourceRe = regexp.MustCompile(`^(CMK|CMK \(symmetric only\)|CMK \(asymmetric only\)|Alias|\*)$`)
	seedHeadingRe  = regexp.MustCompile(`^((?:Conditions for [A-Za-z ]+)|(?:[A-Z][a-z]+(?: [a-z]+)* conditions)):?$`)
	seedKeyRe      = regexp.MustCompile(`^((?:kms|aws):\S+)(?: \(AWS global condition key\))?$`)
	seedNoneRe     = regexp.MustCompile(`^None(?: \(.*\))?$`)
	seedOpRe       = regexp.MustCompile(`^[A-Z][A-Za-z]+$`)
)

func readSeedLines(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(seedPath)
	if err != nil {
		t.Fatalf("seed table: %v", err)
	}
	defer f.Close()
	var lines []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "Actions and permissions Policy type"):
			in = true
			continue
		case strings.HasPrefix(line, "The columns in this table"):
			in = false
		}
		if in && line != "" {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// parseSeed turns the table's lines into rows. A line is an operation name
// when it is one CamelCase word and the next line is its kms: permission.
func parseSeed(t *testing.T) []*seedRow {
	t.Helper()
	lines := readSeedLines(t)
	const (
		stPerm = iota
		stPre
		stCross
		stResource
		stKeys
	)
	var rows []*seedRow
	var row *seedRow
	var use *seedUse
	state := stPre
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if seedOpRe.MatchString(line) && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "kms:"+line) {
			row = &seedRow{operation: line}
			rows = append(rows, row)
			use, state = nil, stPerm
			continue
		}
		if row == nil {
			t.Fatalf("line %q before the first operation", line)
		}
		if state == stPerm {
			if strings.HasPrefix(line, "kms:") {
				row.perms = append(row.perms, line)
				continue
			}
			state = stPre
		}
		if m := seedPolicyRe.FindStringSubmatch(line); m != nil && state != stCross && state != stResource {
			use = &seedUse{policy: m[1], forWhat: m[2], cross: m[3]}
			row.uses = append(row.uses, use)
			state = stCross
			if use.cross != "" {
				state = stResource
			}
			continue
		}
		switch state {
		case stPre:
			row.notes = append(row.notes, line)
		case stCross:
			switch {
			case seedCrossRe.MatchString(line):
				use.cross, state = line, stResource
			case strings.HasPrefix(line, "("):
				use.notes = append(use.notes, line)
			default: // a sentence in the cross-account column
				use.crossText, state = line, stResource
			}
		case stResource:
			if !seedResourceRe.MatchString(line) {
				t.Fatalf("%s: expected a resource type, got %q", row.operation, line)
			}
			use.resource, state = line, stKeys
		case stKeys:
			switch {
			case seedNoneRe.MatchString(line):
			case seedHeadingRe.MatchString(line):
				use.groups = append(use.groups, seedGroup{title: seedHeadingRe.FindStringSubmatch(line)[1]})
			case seedKeyRe.MatchString(line):
				if len(use.groups) == 0 {
					use.groups = append(use.groups, seedGroup{})
				}
				g := &use.groups[len(use.groups)-1]
				g.keys = append(g.keys, seedKeyRe.FindStringSubmatch(line)[1])
			default:
				row.notes = append(row.notes, line)
			}
		}
	}
	return rows
}

func TestSeedTableParses(t *testing.T) {
	rows := parseSeed(t)
	perms := 0
	for _, r := range rows {
		perms += len(r.perms)
		if len(r.uses) == 0 {
			t.Errorf("%s: no policy type parsed", r.operation)
		}
		for _, u := range r.uses {
			if u.resource == "" {
				t.Errorf("%s: no resource parsed", r.operation)
			}
		}
	}
	// The table's own size, as its introduction in the brief states it; a
	// parser that drifts off the layout changes these counts.
	if len(rows) != 48 || perms != 49 {
		t.Fatalf("parsed %d operations and %d permissions, want 48 and 49", len(rows), perms)
	}
}

func TestCatalogMatchesSeedTable(t *testing.T) {
	for _, row := range parseSeed(t) {
		for _, perm := range row.perms {
			t.Run(perm, func(t *testing.T) {
				a := LookupAction(perm)
				if a == nil {
					t.Fatalf("missing from the catalog")
				}
				checkSeedRow(t, a, perm, row)
			})
		}
	}
}

func checkSeedRow(t *testing.T, a *Action, perm string, row *seedRow) {
	if a.Name != perm {
		t.Errorf("name %q, table spells it %q", a.Name, perm)
	}
	if a.Operation != row.operation {
		t.Errorf("operation %q, table says %q", a.Operation, row.operation)
	}
	if a.Source != "" {
		t.Errorf("a table row carries Source %q", a.Source)
	}
	if len(row.notes) > 0 && len(a.Notes) == 0 {
		t.Errorf("the table has notes %q; the catalog has none", row.notes)
	}
	if len(a.Uses) != len(row.uses) {
		t.Fatalf("%d uses, table has %d", len(a.Uses), len(row.uses))
	}
	for i, su := range row.uses {
		u := a.Uses[i]
		if got := u.PolicyType.String(); got != su.policy {
			t.Errorf("use %d: policy type %q, table %q", i, got, su.policy)
		}
		if u.For != su.forWhat {
			t.Errorf("use %d: for %q, table %q", i, u.For, su.forWhat)
		}
		checkSeedCross(t, a, i, u, su)
		if got := u.Resource.String(); got != su.resource {
			t.Errorf("use %d: resource %q, table %q", i, got, su.resource)
		}
		if len(su.notes) > 0 && len(a.Notes) == 0 {
			t.Errorf("use %d: the table remarks %q; the catalog has no note", i, su.notes)
		}
		checkSeedGroups(t, i, u, su)
	}
}

// checkSeedCross compares the cross-account cell. ListRetirableGrants' cell
// holds a sentence (the principal must be local); the catalog reads it as No
// and must say so in a note.
func checkSeedCross(t *testing.T, a *Action, i int, u Use, su *seedUse) {
	if su.cross != "" {
		if got := u.CrossAccount.String(); got != su.cross {
			t.Errorf("use %d: cross-account %q, table %q", i, got, su.cross)
		}
		return
	}
	if u.CrossAccount != CrossAccountNo {
		t.Errorf("use %d: the table's cross-account cell is a sentence (%q); the catalog should read it as No, has %v",
			i, su.crossText, u.CrossAccount)
	}
	if len(a.Notes) == 0 {
		t.Errorf("use %d: cross-account sentence %q has no note in the catalog", i, su.crossText)
	}
}

func checkSeedGroups(t *testing.T, i int, u Use, su *seedUse) {
	var ours []KeyGroup
	for _, g := range u.Groups {
		if g.Source == "" {
			ours = append(ours, g)
		} else if g.Title != addedTitle {
			t.Errorf("use %d: sourced group %q on a table row should be titled %q", i, g.Title, addedTitle)
		}
	}
	if len(ours) != len(su.groups) {
		t.Fatalf("use %d: %d table groups in the catalog, table has %d (%v)", i, len(ours), len(su.groups), su.groups)
	}
	for gi, sg := range su.groups {
		g := ours[gi]
		if g.Title != sg.title {
			t.Errorf("use %d group %d: title %q, table %q", i, gi, g.Title, sg.title)
		}
		if strings.Join(g.Keys, ",") != strings.Join(sg.keys, ",") {
			t.Errorf("use %d group %q: keys\n  %v\ntable\n  %v", i, sg.title, g.Keys, sg.keys)
		}
	}
}

// seedKeyNames are the condition keys the table names anywhere.
func seedKeyNames(t *testing.T) map[string]bool {
	names := map[string]bool{}
	for _, r := range parseSeed(t) {
		for _, u := range r.uses {
			for _, g := range u.groups {
				for _, k := range g.keys {
					names[k] = true
				}
			}
		}
	}
	return names
}

func TestFactsBeyondTheTableHaveASource(t *testing.T) {
	inTable := map[string]bool{}
	for _, r := range parseSeed(t) {
		for _, p := range r.perms {
			inTable[p] = true
		}
	}
	for _, a := range Actions() {
		if !inTable[a.Name] && a.Source == "" {
			t.Errorf("%s is not in the table yet has no Source", a.Name)
		}
		if a.AccessLevel != "" && a.LevelSource == "" {
			t.Errorf("%s: access level without a source", a.Name)
		}
		for _, c := range a.Changes {
			if c.Source == "" {
				t.Errorf("%s: change %q has no source", a.Name, c.Text)
			}
		}
		for _, u := range a.Uses {
			for _, g := range u.Groups {
				if g.Title == addedTitle && g.Source == "" {
					t.Errorf("%s: group %q has no source", a.Name, g.Title)
				}
			}
		}
	}
	seedKeys := seedKeyNames(t)
	for _, k := range ConditionKeys() {
		switch {
		case seedKeys[k.Name] && k.Source != "":
			t.Errorf("%s is in the table but carries Source %q", k.Name, k.Source)
		case !seedKeys[k.Name] && k.Source == "":
			t.Errorf("%s is not in the table yet has no Source", k.Name)
		}
	}
	for k := range seedKeys {
		if LookupKey(k) == nil {
			t.Errorf("table key %s is missing from the catalog", k)
		}
	}
}

func TestEveryGroupKeyResolves(t *testing.T) {
	for _, a := range Actions() {
		for _, n := range a.KeyNames() {
			k := LookupKey(n)
			if k == nil {
				t.Errorf("%s: key %q is not in the catalog", a.Name, n)
				continue
			}
			if k.Name != n {
				t.Errorf("%s: group spells %q, the key is %q", a.Name, n, k.Name)
			}
		}
	}
}

func ExampleConditionKey_TypeName() {
	fmt.Println(LookupKey("kms:EncryptionContextKeys").TypeName(), LookupKey("kms:ValidTo").TypeName())
	// Output: ArrayOfString Date
}
