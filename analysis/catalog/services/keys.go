package services

import (
	"iter"
	"sort"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
)

// Key finds a condition key of the service's table by name,
// case-insensitively, a parameterised key by its pattern
// ("s3:ExistingObjectTag/Project" → s3:ExistingObjectTag/<key>); nil when
// the table has none.
func (s *Service) Key(name string) *Key {
	keys := s.Keys()
	i := sort.Search(len(keys), func(i int) bool { return cmpFold(keys[i].Name, name) >= 0 })
	if i < len(keys) && cmpFold(keys[i].Name, name) == 0 && keys[i].matches(name) {
		return &keys[i]
	}
	for _, t := range s.templates {
		if keys[t].matches(name) {
			return &keys[t]
		}
	}
	return nil
}

// matches reports whether a name as written in a policy is this key.
func (k *Key) matches(name string) bool {
	if k.glob == "" {
		return strings.EqualFold(k.Name, name)
	}
	// The display form ("aws:ResourceTag/${TagKey}") names the key too.
	return catalog.MatchWildcard(k.glob, name, true) || strings.ContainsAny(name, "$<") && strings.EqualFold(k.Name, name)
}

// KeyPrefix is the part of a condition key before its first colon, the
// service (or identity provider) it belongs to.
func KeyPrefix(name string) string {
	prefix, _, _ := strings.Cut(name, ":")
	return prefix
}

// KeyTables returns the services whose tables may hold keys with this
// prefix: the service of that prefix, and any other that lists such keys
// (ec2: keys in ssm's table; saml: keys in sts's). Empty for a prefix no
// service knows, and for aws:, the global keys, which package catalog
// holds.
func KeyTables(prefix string) []*Service {
	lower := strings.ToLower(prefix)
	if lower == "aws" {
		return nil
	}
	d := theDirectory()
	var out []*Service
	if s := d.byPrefix[lower]; s != nil {
		out = append(out, s)
	}
	out = append(out, d.owners[lower]...)
	for _, g := range d.ownerGlob {
		if catalog.MatchWildcard(g.glob, lower, false) {
			out = append(out, g.services...)
		}
	}
	return out
}

// LookupKey finds a service condition key by name in every table its
// prefix may be in; nil when none holds it. aws: keys are not looked up
// here (see KeyTables).
func LookupKey(name string) *Key {
	for _, s := range KeyTables(KeyPrefix(name)) {
		if k := s.Key(name); k != nil {
			return k
		}
	}
	return nil
}

// KnownKeyPrefix reports whether some service's table holds keys with this
// prefix.
func KnownKeyPrefix(prefix string) bool { return len(KeyTables(prefix)) > 0 }

// Keys yields the condition keys the action supports: its own, those its
// row lists for each of its resource types, and those of the resource
// types' tables.
func (a *Action) Keys() iter.Seq[*Key] {
	return func(yield func(*Key) bool) {
		keys := a.Service.keys
		for _, i := range a.keys {
			if !yield(&keys[i]) {
				return
			}
		}
		for _, r := range a.Resources {
			for _, i := range r.keys {
				if !yield(&keys[i]) {
					return
				}
			}
			if r.Type == nil {
				continue
			}
			for _, i := range r.Type.keys {
				if !yield(&keys[i]) {
					return
				}
			}
		}
	}
}

// Supports reports whether the action supports a condition key as written
// in a policy ("s3:prefix", "aws:RequestTag/Project").
func (a *Action) Supports(name string) bool {
	for k := range a.Keys() {
		if k.matches(name) {
			return true
		}
	}
	return false
}

// Keys yields the condition keys of the resource type's table.
func (r *ResourceType) Keys() iter.Seq[*Key] {
	return func(yield func(*Key) bool) {
		for _, i := range r.keys {
			if !yield(&r.Service.keys[i]) {
				return
			}
		}
	}
}
