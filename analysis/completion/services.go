package completion

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/jsonast"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/policy"
)

// Completion of the other services than KMS: their prefixes, actions,
// wildcards and condition keys, from the Service Authorization Reference
// data. A service's proposals are built the first time it is completed
// and kept, so that the next request only copies them.

// serviceTable is the proposals of one service.
type serviceTable struct {
	actions   []proto
	wildcards []proto
	keys      []proto // parallel to the service's Keys()
}

var (
	serviceTables sync.Map // *services.Service → *serviceTable
	prefixOnce    sync.Once
	prefixProtos  []proto
)

func tableOf(s *services.Service) *serviceTable {
	if t, ok := serviceTables.Load(s); ok {
		return t.(*serviceTable)
	}
	t := buildServiceTable(s)
	actual, _ := serviceTables.LoadOrStore(s, t)
	return actual.(*serviceTable)
}

func buildServiceTable(s *services.Service) *serviceTable {
	t := &serviceTable{}
	acts := s.Actions()
	names := make([]string, len(acts))
	for i := range acts {
		a := &acts[i]
		names[i] = a.Name
		full := a.FullName()
		t.actions = append(t.actions, newProto(KindAction, full, a.Level.String()+" · "+s.Name,
			actionDoc(a), `"`+full+`"`, false))
	}
	all := "every " + s.Name + " action"
	t.wildcards = append(t.wildcards, newProto(KindAction, s.Prefix+":*", "wildcard · "+all,
		fmt.Sprintf("**`%s:*`**: %s (%d).", s.Prefix, all, len(acts)), `"`+s.Prefix+`:*"`, false))
	for _, v := range verbs(names) {
		pat := s.Prefix + ":" + v + "*"
		n := len(s.Match(v + "*"))
		t.wildcards = append(t.wildcards, newProto(KindAction, pat, fmt.Sprintf("wildcard · %d actions", n),
			fmt.Sprintf("**`%s`**: the %d %s actions whose names begin with %s.", pat, n, s.Name, v), `"`+pat+`"`, false))
	}
	for _, k := range s.Keys() {
		t.keys = append(t.keys, serviceKeyProto(&k))
	}
	// The lists are final: Resolve may point into them now.
	register(t.actions)
	register(t.wildcards)
	register(t.keys)
	return t
}

// actionDoc is a short description for the completion list: what the
// action acts on and where the reference documents it. Hover gives the
// whole of it.
func actionDoc(a *services.Action) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**`%s`** · %s\n\n", a.FullName(), a.Level)
	if len(a.Resources) == 0 {
		b.WriteString("Resource: `\"*\"`")
	} else {
		b.WriteString("Resource types:")
		for i, r := range a.Resources {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(" `" + r.Type.Name + "`")
			if r.Required {
				b.WriteString(" (required)")
			}
		}
	}
	fmt.Fprintf(&b, "\n\n[Service Authorization Reference](%s)", a.URL())
	return b.String()
}

// verbs finds the first words that begin two or more of the names ("Get",
// "List", "Put"), which make useful wildcards.
func verbs(names []string) []string {
	count := map[string]int{}
	for _, n := range names {
		if v := verb(n); v != "" && v != n {
			count[v]++
		}
	}
	var out []string
	for v, n := range count {
		if n >= 2 {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

func serviceKeyProto(k *services.Key) proto {
	detail := k.Type + " · " + k.Service.Name
	doc := fmt.Sprintf("**`%s`** · %s\n\n[Service Authorization Reference](%s)", k.Name, detail, k.URL())
	if !k.Parameterised() {
		return newProto(KindKey, k.Name, detail, doc, `"`+k.Name+`"`, false)
	}
	return newProto(KindKey, k.Name, detail, doc, `"`+placeholderSnippet(k.Name)+`"`, true)
}

// placeholderSnippet turns the placeholder of a parameterised key
// (${TagKey}, <key>, a trailing tag-key or /) into a snippet tab stop.
func placeholderSnippet(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		end := ""
		switch {
		case strings.HasPrefix(name[i:], "${"):
			end = "}"
		case name[i] == '<':
			end = ">"
		}
		if j := strings.Index(name[i:], end); end != "" && j > 0 {
			start := 2
			if end == ">" {
				start = 1
			}
			b.WriteString("${1:" + escapeSnippet(name[i+start:i+j]) + "}")
			i += j
			continue
		}
		b.WriteString(escapeSnippet(name[i : i+1]))
	}
	s := b.String()
	switch {
	case strings.HasSuffix(name, "/tag-key"):
		return strings.TrimSuffix(s, "tag-key") + "${1:tag-key}"
	case strings.HasSuffix(name, "/"):
		return s + "${1:tag-key}"
	}
	return s
}

// servicePrefixes are "s3:", "ec2:", … for every service, KMS's included.
func servicePrefixes() []proto {
	prefixOnce.Do(func() {
		for _, s := range services.All() {
			label := s.Prefix + ":"
			prefixProtos = append(prefixProtos, newProto(KindAction, label, s.Name,
				fmt.Sprintf("**%s**: the actions of %s.\n\n[Service Authorization Reference](%s)", label, s.Name, s.URL()),
				`"`+escapeSnippet(label)+`$0"`, true))
		}
		register(prefixProtos)
	})
	return prefixProtos
}

// serviceActions proposes the actions and wildcards of the service whose
// prefix is typed; in a key policy, which cannot grant them, they come
// after anything else.
func (b *builder) serviceActions(s *services.Service) {
	t := tableOf(s)
	have := presentValues(b.p.array, b.p.word)
	group := 0
	if b.kind == policy.KindKey {
		group = 2
	}
	for i := range t.actions {
		if !have[t.actions[i].label] {
			b.addValue(&t.actions[i], group, i)
		}
	}
	for i := range t.wildcards {
		if !have[t.wildcards[i].label] {
			b.addValue(&t.wildcards[i], group+1, i)
		}
	}
}

// typedService is the service whose prefix begins the typed text ("s3:Get"),
// other than KMS; nil when none or when no colon is typed yet.
func (b *builder) typedService() *services.Service {
	prefix, _, ok := strings.Cut(b.p.typed(), ":")
	if !ok || strings.EqualFold(prefix, "kms") {
		return nil
	}
	return services.Lookup(prefix)
}

// addServicePrefixes proposes every service's prefix, after the KMS actions.
func (b *builder) addServicePrefixes() {
	group := 1
	if b.kind == policy.KindKey {
		group = 3
	}
	for i, pr := range servicePrefixes() {
		b.addValue(&pr, group, i)
	}
}

// statementServiceActions resolves the statement's Action values of other
// services than KMS, or gives up (nil) when they stand for too many
// actions to rank keys by (a "*"). kms counts the KMS ones.
func statementServiceActions(stmt *jsonast.Node) []*services.Action {
	m := stmt.Lookup("Action")
	if m == nil || m.Value == nil {
		return nil
	}
	var out []*services.Action
	add := func(n *jsonast.Node) {
		if n.Kind != jsonast.String || strings.HasPrefix(strings.ToLower(n.Value), "kms:") {
			return
		}
		out = append(out, services.MatchActions(n.Value)...)
	}
	if m.Value.Kind == jsonast.Array {
		for _, e := range m.Value.Elems() {
			add(e)
		}
	} else {
		add(m.Value)
	}
	const most = 2000
	if len(out) > most {
		return nil
	}
	return out
}

// serviceKeys proposes the condition keys of the statement's other
// services' actions, in the tiers the KMS keys use (supported by all, by
// some), and every key of the service whose prefix is typed. n is the
// number of the statement's KMS actions, which support none of these.
func (b *builder) serviceKeys(present map[string]bool, kms int) {
	acts := statementServiceActions(b.p.stmt)
	total := kms + len(acts)
	support := map[*services.Key]int{}
	for _, a := range acts {
		seen := map[*services.Key]bool{}
		for k := range a.Keys() {
			if !seen[k] && !strings.HasPrefix(k.Name, "aws:") {
				seen[k] = true
				support[k]++
			}
		}
	}
	var typed *services.Service
	if prefix, _, ok := strings.Cut(b.p.typed(), ":"); ok && !strings.EqualFold(prefix, "kms") && !strings.EqualFold(prefix, "aws") {
		typed = services.Lookup(prefix)
	}
	idx := 0
	for _, s := range keyServices(acts, typed) {
		t := tableOf(s)
		keys := s.Keys()
		for i := range keys {
			k := &keys[i]
			idx++
			n := support[k]
			if present[k.Name] || strings.HasPrefix(k.Name, "aws:") || n == 0 && s != typed {
				continue
			}
			group := 2
			switch {
			case n > 0 && n == total:
				group = 0
			case n > 0:
				group = 1
			}
			value := `"$1"`
			if k.Multi() {
				value = `["$1"]`
			}
			if t.keys[i].snippet {
				value = strings.ReplaceAll(value, "$1", "$2")
			}
			b.addKey(&t.keys[i], value, group, idx)
		}
	}
}

// keyServices are the services whose keys are offered: those of the
// statement's actions and the one typed.
func keyServices(acts []*services.Action, typed *services.Service) []*services.Service {
	var out []*services.Service
	seen := map[*services.Service]bool{}
	add := func(s *services.Service) {
		if s != nil && !seen[s] && s.Prefix != "kms" {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, a := range acts {
		add(a.Service)
	}
	add(typed)
	return out
}
