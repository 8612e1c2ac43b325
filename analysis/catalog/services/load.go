package services

import (
	"strconv"
	"strings"
)

// load parses the service's records the first time they are needed. Names
// are substrings of the embedded file, so they cost no copy; the key
// indexes of all its actions share one array.
func (s *Service) load() {
	s.once.Do(s.parse)
}

func (s *Service) parse() {
	var nk, nr int
	for rest := s.body; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		switch {
		case strings.HasPrefix(line, "K\t"):
			nk++
		case strings.HasPrefix(line, "R\t"):
			nr++
		}
	}
	s.keys = make([]Key, 0, nk)
	s.resources = make([]ResourceType, 0, nr)
	s.actions = make([]Action, 0, s.nActions)
	var refs refArena
	for rest := s.body; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if len(line) < 2 {
			continue
		}
		f := strings.Split(line[2:], "\t")
		switch line[0] {
		case 'K':
			s.addKey(f)
		case 'R':
			s.resources = append(s.resources, ResourceType{Name: f[0], ARN: f[1], Service: s, keys: refs.parse(f[2])})
		case 'A':
			s.addAction(f, &refs)
		}
	}
	s.ptrs = make([]*Action, len(s.actions))
	for i := range s.actions {
		s.ptrs[i] = &s.actions[i]
	}
}

func (s *Service) addKey(f []string) {
	k := Key{Name: f[0], Type: f[1], Service: s}
	if g := placeholderGlob(strings.ToLower(k.Name)); g != "" {
		k.glob = g
		s.templates = append(s.templates, len(s.keys))
	}
	s.keys = append(s.keys, k)
}

// addAction reads an A record: name, level, resources, keys, dependent actions.
func (s *Service) addAction(f []string, refs *refArena) {
	for len(f) < 5 {
		f = append(f, "")
	}
	a := Action{Name: f[0], Service: s, Level: parseLevel(f[1]), keys: refs.parse(f[3]),
		index: int32(s.first + len(s.actions))}
	if f[4] != "" {
		a.Dependent = strings.Split(f[4], ",")
	}
	if f[2] != "" {
		entries := strings.Split(f[2], " ")
		a.Resources = make([]ActionResource, 0, len(entries))
		for _, e := range entries {
			a.Resources = append(a.Resources, s.parseActionResource(e, refs))
		}
	}
	s.actions = append(s.actions, a)
}

// parseActionResource reads INDEX[*][:keys][;deps].
func (s *Service) parseActionResource(e string, refs *refArena) ActionResource {
	var r ActionResource
	e, deps, _ := strings.Cut(e, ";")
	if deps != "" {
		r.Dependent = strings.Split(deps, ",")
	}
	e, keys, _ := strings.Cut(e, ":")
	r.keys = refs.parse(keys)
	if strings.HasSuffix(e, "*") {
		r.Required = true
		e = e[:len(e)-1]
	}
	if i, err := strconv.Atoi(e); err == nil && i >= 0 && i < len(s.resources) {
		r.Type = &s.resources[i]
	}
	return r
}

func parseLevel(s string) AccessLevel {
	switch s {
	case "L":
		return List
	case "R":
		return Read
	case "P":
		return PermissionsManagement
	case "T":
		return Tagging
	}
	return Write
}

// refArena hands out key index lists from shared chunks.
type refArena struct{ buf []uint16 }

func (r *refArena) parse(list string) []uint16 {
	if list == "" {
		return nil
	}
	n := strings.Count(list, ",") + 1
	if cap(r.buf)-len(r.buf) < n {
		r.buf = make([]uint16, 0, max(n, 1024))
	}
	start := len(r.buf)
	for list != "" {
		var item string
		item, list, _ = strings.Cut(list, ",")
		i, _ := strconv.Atoi(item)
		r.buf = append(r.buf, uint16(i))
	}
	return r.buf[start:len(r.buf):len(r.buf)]
}

// placeholderGlob turns a name holding placeholders into a pattern where
// each is ?* (a placeholder stands for at least one character:
// "aws:ResourceTag/" names no tag); "" when it holds none. The reference
// writes placeholders as ${TagKey} or <key>, a few keys as
// "secretsmanager:ResourceTag/tag-key", and a few as a bare
// "sagemaker:ResourceTag/".
func placeholderGlob(name string) string {
	switch {
	case strings.HasSuffix(name, "/"):
		return name + "?*"
	case strings.HasSuffix(name, "/tag-key"):
		return strings.TrimSuffix(name, "tag-key") + "?*"
	case !strings.Contains(name, "${") && !strings.Contains(name, "<"):
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		open := ""
		switch {
		case strings.HasPrefix(name[i:], "${"):
			open = "}"
		case name[i] == '<':
			open = ">"
		}
		if open == "" {
			b.WriteByte(name[i])
			continue
		}
		j := strings.Index(name[i:], open)
		if j < 0 {
			b.WriteString(name[i:])
			break
		}
		b.WriteString("?*")
		i += j
	}
	return b.String()
}
