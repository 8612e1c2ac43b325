package services

import (
	"strings"
	"sync"
)

// ARNShape says how a service's own ARNs are written, from the ARN formats
// of its resource types whose service part is its prefix: whether they
// always or never carry a Region, and an account. A service whose formats
// differ (S3's buckets have neither, its access points both) is Mixed on
// that part.
type ARNShape struct {
	Region, Account Presence
	Formats         int // how many formats it was read from; 0: nothing is known
}

// Presence is whether a part of a service's ARNs is filled in.
type Presence uint8

const (
	Mixed  Presence = iota
	Always          // every format has it (${Region}, ${Account}, aws)
	Never           // every format leaves it empty
)

// ARNShape reads the service's ARN formats.
func (s *Service) ARNShape() ARNShape {
	var sh ARNShape
	var region, account [2]int // [empty, filled]
	for _, r := range s.ResourceTypes() {
		for _, f := range r.Formats() {
			parts := strings.SplitN(f, ":", 6)
			if len(parts) != 6 || parts[2] != s.Prefix {
				continue
			}
			sh.Formats++
			region[filled(parts[3])]++
			account[filled(parts[4])]++
		}
	}
	sh.Region, sh.Account = presence(region), presence(account)
	return sh
}

func filled(part string) int {
	if part == "" {
		return 0
	}
	return 1
}

func presence(n [2]int) Presence {
	switch {
	case n[0] > 0 && n[1] == 0:
		return Never
	case n[1] > 0 && n[0] == 0:
		return Always
	}
	return Mixed
}

var (
	arnServicesOnce sync.Once
	arnServices     map[string]bool
)

// IsARNService reports whether ARNs of some resource type begin
// arn:PARTITION:name: a service prefix, or one of the few names only ARNs
// use (route53-recovery-control). It reads the formats from the embedded
// file without parsing the services. ARNs are case-sensitive: "S3" is none.
func IsARNService(name string) bool {
	switch name {
	case "kms", "iam", "sts":
		// The services of a key policy's own ARNs (its key, its
		// principals): answered without reading the embedded file, so
		// that a server holding only key policies never loads it.
		return true
	}
	if theDirectory().byPrefix[name] != nil {
		return true
	}
	arnServicesOnce.Do(func() {
		arnServices = map[string]bool{}
		for rest := data; rest != ""; {
			var line string
			line, rest, _ = strings.Cut(rest, "\n")
			if !strings.HasPrefix(line, "R\t") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) < 3 {
				continue
			}
			for _, format := range strings.Split(f[2], ", ") {
				if parts := strings.SplitN(format, ":", 4); len(parts) == 4 && !strings.Contains(parts[2], "$") {
					arnServices[parts[2]] = true
				}
			}
		}
	})
	return arnServices[name]
}
