package completion

import (
	"github.com/kms-policy-ls/kms-policy-ls/internal/marker"
	"slices"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// at completes doc at the '|' it contains (removed before parsing).
func at(t testing.TB, doc string, kind policy.Kind) ([]Item, string, int) {
	t.Helper()
	off := strings.Index(doc, "|")
	if off < 0 {
		t.Fatalf("no cursor in %q", doc)
	}
	src := doc[:off] + doc[off+1:]
	f := jsonast.Parse([]byte(src))
	return Complete(f, policy.Build(f, kind), off), src, off
}

func find(items []Item, label string) *Item {
	for i := range items {
		if items[i].Label == label {
			return &items[i]
		}
	}
	return nil
}

// TestEditSpans pins the replaced span, the inserted text and the filter
// text for each way a value or key can be half-typed.
func TestEditSpans(t *testing.T) {
	tests := []struct {
		name, doc, label string
		span             string // the source text the edit replaces
		newText, filter  string
		snippet          bool
	}{
		{"value without quote", `{"Statement":[{"Effect": |}]}`, "Allow", ``, `"Allow"`, "Allow", false},
		{"value unclosed", `{"Statement":[{"Effect": "Al|`, "Allow", `"Al`, `"Allow"`, `"Allow"`, false},
		{"value unclosed, text after on the line", `{"Statement":[{"Effect": "Al|  ` + "\n}]}", "Allow", `"Al`, `"Allow"`, `"Allow"`, false},
		{"value closed", `{"Statement":[{"Effect": "Al|"}]}`, "Allow", `"Al"`, `"Allow"`, `"Allow"`, false},
		{"value bare word", `{"Statement":[{"Effect": Al|}]}`, "Allow", `Al`, `"Allow"`, "Allow", false},
		{"value single-quoted", `{"Statement":[{"Effect": 'Al|'}]}`, "Allow", `'Al'`, `"Allow"`, `'Allow'`, false},
		{"key unclosed, no colon", `{"Statement":[{"Eff|`, "Effect", `"Eff`, `"Effect": "${1|Allow,Deny|}"`, `"Effect"`, true},
		{"key closed with colon", `{"Statement":[{"Eff|": "Allow"}]}`, "Effect", `"Eff"`, `"Effect"`, `"Effect"`, false},
		{"key without quote", `{"Statement":[{"Effect":"Allow", |}]}`, "Action", ``, `"Action": ["$1"]`, "Action", true},
		{"bare key", `{"Statement":[{Eff|}]}`, "Effect", `Eff`, `"Effect": "${1|Allow,Deny|}"`, "Effect", true},
		{"action in array, unclosed", `{"Statement":[{"Action":["kms:Dec|`, "kms:Decrypt", `"kms:Dec`, `"kms:Decrypt"`, `"kms:Decrypt"`, false},
		{"action rest of word replaced", `{"Statement":[{"Action":"kms:Dec|ryp`, "kms:Decrypt", `"kms:Decryp`, `"kms:Decrypt"`, `"kms:Decrypt"`, false},
		{"parameterised key as snippet", `{"Statement":[{"Condition":{"StringEquals":{"|`, "kms:EncryptionContext:context-key",
			`"`, `"kms:EncryptionContext:${1:context-key}": "$2"`, `"kms:EncryptionContext:context-key"`, true},
		{"tag key as snippet", `{"Statement":[{"Condition":{"StringEquals":{"|": "x"}}}]}`, "aws:ResourceTag/tag-key",
			`""`, `"aws:ResourceTag/${1:tag-key}"`, `"aws:ResourceTag/tag-key"`, true},
		{"request tag as snippet", `{"Statement":[{"Condition":{"StringEquals":{"|": "x"}}}]}`, "aws:RequestTag/tag-key",
			`""`, `"aws:RequestTag/${1:tag-key}"`, `"aws:RequestTag/tag-key"`, true},
		{"PCR key as snippet", `{"Statement":[{"Condition":{"StringEquals":{"|": "x"}}}]}`, "kms:RecipientAttestation:PCR<n>",
			`""`, `"kms:RecipientAttestation:PCR${1:0}"`, `"kms:RecipientAttestation:PCR<n>"`, true},
		{"parameter being typed is kept", `{"Statement":[{"Condition":{"StringEquals":{"kms:EncryptionContext:Dep|": "x"}}}]}`,
			"kms:EncryptionContext:context-key", `"kms:EncryptionContext:Dep"`, `"kms:EncryptionContext:Dep"`, `"kms:EncryptionContext:Dep"`, false},
		{"multi-valued key gets an array", `{"Statement":[{"Condition":{"ForAnyValue:StringEquals":{"kms:EncryptionContextK|`,
			"kms:EncryptionContextKeys", `"kms:EncryptionContextK`, `"kms:EncryptionContextKeys": ["$1"]`, `"kms:EncryptionContextKeys"`, true},
		{"operator with block", `{"Statement":[{"Condition":{"Bo|`, "Bool", `"Bo`, `"Bool": {"$0"}`, `"Bool"`, true},
		{"resource template", `{"Statement":[{"Resource": "|"}]}`, "arn:aws:kms:region:account:key/key-id", `""`,
			`"arn:aws:kms:${1:us-east-1}:${2:111122223333}:key/${3:key-id}"`, `"arn:aws:kms:region:account:key/key-id"`, true},
		{"non-ASCII before the cursor", `{"Statement":[{"Sid":"😀 ключ","Effect":"De|`, "Deny", `"De`, `"Deny"`, `"Deny"`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, src, off := at(t, tt.doc, policy.KindAuto)
			it := find(items, tt.label)
			if it == nil {
				t.Fatalf("%q not proposed; got %v", tt.label, ranked(items))
			}
			e := it.Edit
			if e.Start < 0 || e.End > len(src) || e.Start > off || e.End < off {
				t.Fatalf("edit %v does not cover the cursor %d", e.Span, off)
			}
			if got := src[e.Start:e.End]; got != tt.span {
				t.Errorf("edit replaces %q, want %q", got, tt.span)
			}
			if e.NewText != tt.newText {
				t.Errorf("NewText %q, want %q", e.NewText, tt.newText)
			}
			if it.FilterText != tt.filter {
				t.Errorf("FilterText %q, want %q", it.FilterText, tt.filter)
			}
			if it.Snippet != tt.snippet {
				t.Errorf("Snippet %v, want %v", it.Snippet, tt.snippet)
			}
			// The filter must match what the user typed up to the cursor.
			if typed := src[e.Start:off]; !strings.HasPrefix(strings.ToLower(it.FilterText), strings.ToLower(typed)) {
				t.Errorf("FilterText %q does not start with the typed %q", it.FilterText, typed)
			}
		})
	}
}

// TestAppliedEditIsValidJSONValue applies value proposals and checks the
// result reads back as the proposed value.
func TestAppliedEditIsValidJSONValue(t *testing.T) {
	for _, doc := range []string{
		`{"Statement":[{"Effect": |}]}`,
		`{"Statement":[{"Effect": "|"}]}`,
		`{"Statement":[{"Effect": "D|"}]}`,
		`{"Statement":[{"Effect": D|}]}`,
	} {
		items, src, _ := at(t, doc, policy.KindAuto)
		it := find(items, "Deny")
		if it == nil {
			t.Fatalf("%s: Deny not proposed", doc)
		}
		out := src[:it.Edit.Start] + it.Edit.NewText + src[it.Edit.End:]
		f := jsonast.Parse([]byte(out))
		if len(f.Errors) > 0 {
			t.Fatalf("%s: applying gives %s with errors %v", doc, out, f.Errors)
		}
		pol := policy.Build(f, policy.KindAuto)
		if len(pol.Statements) != 1 || pol.Statements[0].Effect == nil || pol.Statements[0].Effect.Text != "Deny" {
			t.Errorf("%s: applying gives %s", doc, out)
		}
	}
}

func TestPositionsWithoutProposals(t *testing.T) {
	for _, doc := range []string{
		`{"Statement":[{"Effect": "Allow"|}]}`,                  // right after a value
		`{"Statement":[{"Effect": | "Allow"}]}`,                 // a value is already there
		`{"Statement":[{"Sid": "|"}]}`,                          // free text
		`{"Statement":[{"Effect": "Allow" /* | */}]}`,           // in a comment
		`|{"Statement":[]}`,                                     // before the document
		`{"Statement":[]}|`,                                     // after it
		`{"Statement":[[|]]}`,                                   // nested array
		"{\"Statement\":[{\"Effect\": \"Allow\", // note|\n}]}", // at the end of a line comment
		`{"Statement":[{"Effect": "Allow", /* note|`,            // at the end of an unclosed one
		`{"Statement":[{"Effect": "Allow" |}]}`,                 // after a value, on its line
		`{"Statement":[{"Effect": "Allow" |, "Sid": "x"}]}`,     // before the comma
		"{\"Statement\":[{\"Effect\": \"Allow\" |\n}]}",         // before the line break
		`{"Statement":[{/* a */ "Effect": "Allow", /* | */}]}`,  // in a comment after another
	} {
		if items, _, _ := at(t, doc, policy.KindAuto); len(items) > 0 {
			t.Errorf("%s: got %d proposals, want none: %v", doc, len(items), short(ranked(items)))
		}
	}
}

// Next to a comment, outside it, the place offers what it would without.
func TestProposalsNextToComments(t *testing.T) {
	for _, doc := range []string{
		"{\"Statement\":[{\"Effect\": \"Allow\", |// note\n}]}",
		"{\"Statement\":[{\"Effect\": \"Allow\", /* note */|\n}]}",
	} {
		if items, _, _ := at(t, doc, policy.KindAuto); find(items, "Action") == nil {
			t.Errorf("%q: no Action among %v", doc, short(ranked(items)))
		}
	}
}

func TestEmptyDocumentOffersSkeleton(t *testing.T) {
	for _, doc := range []string{"  |", "|"} { // offset 0 of an empty document too
		items, _, _ := at(t, doc, policy.KindAuto)
		if len(items) != 1 || items[0].Kind != KindSnippet || !strings.Contains(items[0].Edit.NewText, `"Statement"`) {
			t.Fatalf("%q: got %+v", doc, items)
		}
	}
}

// TestActionRanking: in a key policy the IAM-only permissions rank after
// everything else; in an IAM policy they do not.
func TestActionRanking(t *testing.T) {
	doc := `{"Statement":[{"Principal":"*","Action":["|"]}]}`
	keyItems, _, _ := at(t, doc, policy.KindKey)
	iamItems, _, _ := at(t, doc, policy.KindIAM)
	if len(keyItems) < len(catalog.Actions()) {
		t.Fatalf("%d proposals for %d actions", len(keyItems), len(catalog.Actions()))
	}
	sort := func(items []Item, l string) string { return find(items, l).SortText }
	for _, a := range catalog.Actions() {
		if a.PolicyTypes()&catalog.KeyPolicy != 0 {
			continue
		}
		if !(sort(keyItems, a.Name) > sort(keyItems, "kms:Decrypt") && sort(keyItems, a.Name) > sort(keyItems, "kms:*")) {
			t.Errorf("key policy: IAM-only %s does not sink", a.Name)
		}
		if sort(iamItems, a.Name)[:1] != sort(iamItems, "kms:Decrypt")[:1] { // the group
			t.Errorf("IAM policy: %s ranked apart from kms:Decrypt", a.Name)
		}
	}
	for _, it := range keyItems {
		if a := catalog.LookupAction(it.Label); a != nil {
			if !strings.Contains(it.Detail, "cross-account") || !strings.Contains(it.Doc, a.Name) {
				t.Errorf("%s: detail %q / doc lacks the action", a.Name, it.Detail)
			}
		}
	}
}

func TestWildcardPrefixesFromCatalog(t *testing.T) {
	items, _, _ := at(t, `{"Statement":[{"Action":"|"}]}`, policy.KindIAM)
	for _, w := range []string{"kms:*", "kms:Generate*", "kms:Describe*", "kms:List*", "kms:Get*", "kms:ReEncrypt*", "kms:Create*"} {
		it := find(items, w)
		if it == nil {
			t.Errorf("%s not proposed", w)
			continue
		}
		if n := len(catalog.MatchActions(w)); n < 2 || !strings.Contains(it.Detail, "wildcard") {
			t.Errorf("%s matches %d actions, detail %q", w, n, it.Detail)
		}
	}
	if find(items, "kms:Sign*") != nil {
		t.Error("kms:Sign* proposed, but only one action starts with Sign")
	}
}

// TestNoUnsupportedKey is the property: for every action, completing a key
// under a statement with that action proposes no kms: key the action does
// not support, and proposes every key it does support.
func TestNoUnsupportedKey(t *testing.T) {
	for _, a := range catalog.Actions() {
		doc := `{"Statement":[{"Effect":"Allow","Action":"` + a.Name + `","Condition":{"StringEquals":{"|`
		items, _, _ := at(t, doc, policy.KindIAM)
		offered := map[string]bool{}
		for _, it := range items {
			k := catalog.LookupKey(it.Label)
			if k == nil {
				t.Fatalf("%s: proposal %q is not a catalog key", a.Name, it.Label)
			}
			offered[k.Name] = true
			if !k.Global && !a.Supports(k) {
				t.Errorf("%s: proposes %s, which it does not support", a.Name, k.Name)
			}
		}
		for _, k := range catalog.ConditionKeys() {
			if a.Supports(k) && !offered[k.Name] {
				t.Errorf("%s: supported key %s not proposed", a.Name, k.Name)
			}
		}
	}
}

// TestKeyTiers: keys every action supports, then some, then global, then deprecated.
func TestKeyTiers(t *testing.T) {
	items, _, _ := at(t, `{"Statement":[{"Action":["kms:Decrypt","kms:CreateGrant"],"Condition":{"StringEquals":{"|`, policy.KindIAM)
	d, g := catalog.LookupAction("kms:Decrypt"), catalog.LookupAction("kms:CreateGrant")
	tier := func(k *catalog.ConditionKey) string {
		switch {
		case k.Deprecated != "":
			return "3"
		case k.Global:
			return "2"
		case d.Supports(k) && g.Supports(k):
			return "0"
		}
		return "1"
	}
	var last string
	for _, l := range ranked(items) {
		k := catalog.LookupKey(l)
		got := tier(k)
		if got < last {
			t.Errorf("%s (tier %s) ranked after tier %s", l, got, last)
		}
		last = got
		if it := find(items, l); (k.Deprecated != "") != it.Deprecated {
			t.Errorf("%s: Deprecated flag %v", l, it.Deprecated)
		}
	}
}

func TestStatementElementsExclusive(t *testing.T) {
	items, _, _ := at(t, `{"Statement":[{"NotAction":"kms:Decrypt","Principal":"*", |}]}`, policy.KindKey)
	for _, l := range []string{"Action", "NotAction", "Principal", "NotPrincipal"} {
		if find(items, l) != nil {
			t.Errorf("%s proposed although it or its opposite is present", l)
		}
	}
	for _, l := range []string{"Effect", "Resource", "Condition"} {
		if find(items, l) == nil {
			t.Errorf("%s not proposed", l)
		}
	}
}

func TestEmptyStatementOffersBodies(t *testing.T) {
	items, _, _ := at(t, `{"Statement":[{|}]}`, policy.KindKey)
	it := find(items, "allow use of the key")
	if it == nil {
		t.Fatal("statement body not proposed in an empty statement")
	}
	if strings.HasPrefix(it.Edit.NewText, "{") || !strings.Contains(it.Edit.NewText, `"kms:Decrypt"`) {
		t.Errorf("body %q", it.Edit.NewText)
	}
	if items, _, _ := at(t, `{"Statement":[{"Effect":"Allow", |}]}`, policy.KindKey); find(items, "allow use of the key") != nil {
		t.Error("statement body proposed in a statement that has members")
	}
}

// ranked returns the labels in the order an editor shows them (see
// marker.Ranked).
func ranked(items []Item) []string {
	cs := make([]marker.Completion, len(items))
	for i, it := range items {
		cs[i] = marker.Completion{Label: it.Label, SortText: it.SortText}
	}
	return marker.Ranked(cs)
}

func short(labels []string) string { return marker.Short(labels) }

// TestSortTextOrder: sort texts compare as their group, then index, do.
func TestSortTextOrder(t *testing.T) {
	var prev string
	for group := range 4 {
		for _, idx := range []int{0, 1, 9, 10, 35, 36, 61, 62, 63, 1023, 1024, 3843, 3844, 9999, 123456} {
			s := sortText(group, idx)
			if s != formatSortText(group, idx) {
				t.Errorf("sortText(%d, %d) = %q, formatSortText gives %q", group, idx, s, formatSortText(group, idx))
			}
			if prev != "" && s <= prev {
				t.Errorf("sortText(%d, %d) = %q sorts before or as the previous %q", group, idx, s, prev)
			}
			prev = s
		}
	}
}

// TestResolve: a proposal with documentation names an entry, and Resolve
// gives back its label, kind, detail, summary, documentation and
// deprecation; one without names none.
func TestResolve(t *testing.T) {
	docs := []string{
		`{"Statement":[{"Principal":"*","Action":["|"]}]}`,
		`{"Statement":[{"Condition":{"|`,
		`{"Statement":[{"Action":"kms:Decrypt","Condition":{"StringEquals":{"|`,
		`{"Statement":[{"Condition":{"StringEquals":{"kms:EncryptionContext:Dep|": "x"}}}]}`,
		`{"Statement":[{"Condition":{"StringEquals":{"kms:KeySpec": "|"}}}]}`,
		`{"Statement":[{"Effect": "|"}]}`,
		`{"Version": "|"}`,
		`{"|`,
		`{"Statement":[{|}]}`,
		`{"Statement":[|]}`,
		`{"Statement":[{"Principal": {"|`,
		`{"Statement":[{"Principal": {"AWS": "|"}}]}`,
		`{"Statement":[{"Principal": "|"}]}`,
		`{"Statement":[{"Resource": "|"}]}`,
		`|`,
	}
	kinds := map[ItemKind]bool{}
	for _, doc := range docs {
		items, _, _ := at(t, doc, policy.KindKey)
		for _, it := range items {
			if (it.Doc != "") != (it.Entry > 0) {
				t.Errorf("%s: %q has doc %v and entry %d", doc, it.Label, it.Doc != "", it.Entry)
			}
			if it.Entry == 0 {
				continue
			}
			got, ok := Resolve(it.Entry)
			if !ok || got.Label != it.Label || got.Kind != it.Kind || got.Detail != it.Detail || got.Summary != it.Summary ||
				got.Doc != it.Doc || got.Deprecated != it.Deprecated {
				t.Errorf("%s: Resolve(%d) = %+v for %q", doc, it.Entry, got, it.Label)
			}
			kinds[it.Kind] = true
		}
	}
	if len(kinds) != 6 {
		t.Errorf("kinds resolved: %v, want all six", kinds)
	}
	if _, ok := Resolve(0); ok {
		t.Error("Resolve(0) found an entry")
	}
	if _, ok := Resolve(1 << 20); ok {
		t.Error("Resolve past the last entry found one")
	}
}

// The verb of an operation is its first capitalised word, with the next
// one when that word has two letters or fewer.
func TestVerb(t *testing.T) {
	for op, want := range map[string]string{
		"Decrypt":      "Decrypt",
		"CreateAlias":  "Create",
		"GetZone":      "Get",
		"ReEncrypt":    "ReEncrypt",
		"ReEncryptAll": "ReEncrypt",
		"ReDoZone":     "ReDo",
		"Re":           "Re",
	} {
		if got := verb(op); got != want {
			t.Errorf("verb(%q) = %q, want %q", op, got, want)
		}
	}
}

// A parameterised key's placeholder, ${…} or <…>, becomes the snippet's tab
// stop; the rest is escaped text.
func TestPlaceholderSnippet(t *testing.T) {
	for name, want := range map[string]string{
		"aws:RequestTag/${TagKey}":     "aws:RequestTag/${1:TagKey}",
		"aws:RequestTag/${TagKey}/end": "aws:RequestTag/${1:TagKey}/end",
		"kms:EncryptionContext:<key>":  "kms:EncryptionContext:${1:key}",
		"a${b":                         `a\${b`,
	} {
		if got := placeholderSnippet(name); got != want {
			t.Errorf("placeholderSnippet(%q) = %q, want %q", name, got, want)
		}
	}
}

// The kind of policy ranks proposals: an identity policy names no principal
// and carries no Id, and names keys by ARN; a key policy's Resource is "*".
func TestRankingByPolicyKind(t *testing.T) {
	sortOf := func(items []Item, label string) string {
		if it := find(items, label); it != nil {
			return it.SortText
		}
		t.Fatalf("no %s among %v", label, short(ranked(items)))
		return ""
	}
	iam, _, _ := at(t, `{"Statement":[{"Effect":"Allow", |}]}`, policy.KindIAM)
	for _, late := range []string{"Principal", "NotPrincipal"} {
		if sortOf(iam, "Action") >= sortOf(iam, late) {
			t.Errorf("identity policy: Action ranks after %s", late)
		}
	}
	const arn = "arn:aws:kms:region:account:key/key-id"
	iam, _, _ = at(t, `{"Statement":[{"Resource":|}]}`, policy.KindIAM)
	if sortOf(iam, arn) >= sortOf(iam, "*") {
		t.Errorf("identity policy: the key ARN ranks after \"*\"")
	}
	key, _, _ := at(t, `{"Statement":[{"Resource":|}]}`, policy.KindKey)
	if sortOf(key, "*") >= sortOf(key, arn) {
		t.Errorf("key policy: \"*\" ranks after the key ARN")
	}
}

// A member may start on a new line after the previous one, its comma still
// to be typed.
func TestNewMemberOnANewLine(t *testing.T) {
	items, _, _ := at(t, "{\"Statement\":[{\"Effect\": \"Allow\"\n  |}]}", policy.KindAuto)
	if find(items, "Action") == nil {
		t.Errorf("no Action among %v", short(ranked(items)))
	}
}

// Verbs that begin two names or more make wildcards; a verb alone does not.
func TestVerbs(t *testing.T) {
	got := verbs([]string{"GetObject", "GetBucketPolicy", "PutObject", "ListBuckets", "ListObjects", "Decrypt"})
	if want := []string{"Get", "List"}; !slices.Equal(got, want) {
		t.Errorf("verbs = %v, want %v", got, want)
	}
}

// An action's summary lists its resource types, or "*" when it has none
// (Service Authorization Reference: s3:ListAllMyBuckets has no resource
// type; ec2:RunInstances has several).
func TestActionDoc(t *testing.T) {
	for name, want := range map[string]string{
		"s3:ListAllMyBuckets": "Resource: `\"*\"`",
		"ec2:RunInstances":    "Resource types: `",
	} {
		acts := services.MatchActions(name)
		if len(acts) != 1 {
			t.Fatalf("%s: %d actions", name, len(acts))
		}
		doc := actionDoc(acts[0])
		if !strings.Contains(doc, want) || strings.Count(doc, ", `")+1 != len(acts[0].Resources) && len(acts[0].Resources) > 0 {
			t.Errorf("%s: %q, want %q and one comma between resource types", name, doc, want)
		}
	}
}

// An action's detail ends with its access level; a key in use is not said
// to be deprecated (Service Authorization Reference: kms:Decrypt is a Write
// action).
func TestDetails(t *testing.T) {
	items, _, _ := at(t, `{"Statement":[{"Action":"|"}]}`, policy.KindKey)
	if it := find(items, "kms:Decrypt"); it == nil || !strings.HasSuffix(it.Detail, " · Write") {
		t.Errorf("kms:Decrypt: %+v", it)
	}
	items, _, _ = at(t, `{"Statement":[{"Condition":{"StringEquals":{"|`, policy.KindKey)
	if it := find(items, "kms:CallerAccount"); it == nil || strings.Contains(it.Detail, "deprecated") {
		t.Errorf("kms:CallerAccount: %+v", it)
	}
}
