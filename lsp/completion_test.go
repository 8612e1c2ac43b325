package lsp

import "testing"

func TestStripSnippet(t *testing.T) {
	for in, want := range map[string]string{
		`{"Sid": "${1:Name}", "Effect": "${2|Allow,Deny|}"}$0`: `{"Sid": "Name", "Effect": "Allow"}`,
		`"kms:${1}Decrypt"`:     `"kms:Decrypt"`,
		`\$1 costs \}`:          `$1 costs }`,
		`${1:outer ${2:inner}}`: `outer inner`,
		`{}`:                    `{}`,
		`$`:                     `$`,
		`${1|a,b`:               `${1|a,b`,
		// Each kills a mutant that survived (TESTING.md): several digits
		// after a letter, the digit 9, digits up to the end,
		// placeholders numbered 0 and 9.
		`a$12b`:   `ab`,
		`x$9y`:    `xy`,
		`${12`:    `${12`,
		`${0:a}b`: `ab`,
		`${9}x`:   `x`,
	} {
		if got := stripSnippet(in); got != want {
			t.Errorf("stripSnippet(%q) = %q, want %q", in, got, want)
		}
	}
}
