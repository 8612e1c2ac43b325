package source

import "testing"

// FuzzClassify: any bytes classify without a panic, every unit lies in the
// file, and a unit's map is monotonic and stays inside the unit's span.
func FuzzClassify(f *testing.F) {
	f.Add([]byte(getKeyPolicy))
	f.Add([]byte(`{"a": [{"KeyPolicy": "{\"Statement\": [\"\u00e9\ud83d\"]}"}]}`))
	f.Add([]byte(`{"Policy": "{\"Version\": \"2012-10-17\"`))
	f.Add([]byte(`{"Version": "2012-10-17", "Statement": [`))
	f.Add([]byte(`{"Statement": [{"Principal": "${a}", "Action": %{ if x }"kms:*"%{ else }"kms:Sign"%{ endif }}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		// A template a Terraform configuration reads, besides.
		tmpl := &Reference{Path: "key.tftpl", Template: true}
		for i, explicit := range []bool{false, true, false} {
			f := File{Src: src, Explicit: explicit}
			if i == 2 {
				f.Referenced = tmpl
			}
			c := Classify(f)
			for _, u := range c.Units {
				if u.Span.Start < 0 || u.Span.End > len(src) || u.Span.Start > u.Span.End {
					t.Fatalf("unit span %v outside the file of %d bytes", u.Span, len(src))
				}
				last := u.Span.Start
				for off := 0; off <= len(u.Src); off++ {
					s, e := u.Map.Start(off), u.Map.End(off)
					if s < last || e < s || e > u.Span.End {
						t.Fatalf("unit offset %d maps to [%d,%d), after %d, in %v", off, s, e, last, u.Span)
					}
					last = s
				}
			}
		}
	})
}
