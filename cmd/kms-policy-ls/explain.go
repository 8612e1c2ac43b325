package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/catalogdoc"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/catalog/services"
	"github.com/kms-policy-ls/kms-policy-ls/analysis/checks"
)

var explainCommand = &command{
	name:     "explain",
	synopsis: "NAME",
	summary:  "document an action, wildcard, condition key or rule",
	details: `NAME is an action (kms:Decrypt, s3:GetObject), a wildcard (kms:Describe*, s3:Get*),
a condition key (kms:EncryptionContext:Department, s3:prefix) or a rule code
(unknown-action). KMS comes from the KMS catalog, other services from the
Service Authorization Reference data.
`,
	flags: noFlags("explain"),
}

func init() { explainCommand.run = explain }

// explain prints the documentation of an action, a wildcard, a condition key
// or a rule (by its code).
func explain(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	args, code, ok := explainCommand.parseArgs(explainCommand.flags(), args, stdout, stderr)
	if !ok {
		return code
	}
	if len(args) != 1 {
		fmt.Fprintf(stderr, "kms-policy-ls explain: give one action, condition key or rule code, e.g. kms:Decrypt, kms:EncryptionContext:Department or unknown-action\n")
		return 2
	}
	name := args[0]
	if a := catalog.LookupAction(name); a != nil {
		fmt.Fprint(stdout, catalogdoc.Action(a))
		return 0
	}
	if k := lookupKeyOrPattern(name); k != nil {
		fmt.Fprint(stdout, catalogdoc.Key(k))
		return 0
	}
	if r := checks.LookupRule(name); r != nil {
		fmt.Fprintf(stdout, "%s\n%s\n", r.Markdown(), checks.DocURL(r.Code))
		return 0
	}
	if strings.ContainsAny(name, "*?") {
		if acts := catalog.MatchActions(name); len(acts) > 0 && strings.HasPrefix(strings.ToLower(name), "kms:") {
			fmt.Fprintf(stdout, "%s matches %d actions:\n", name, len(acts))
			for _, a := range acts {
				fmt.Fprintf(stdout, "  %s\n", a.Name)
			}
			return 0
		}
	}
	if md := explainService(name); md != "" {
		fmt.Fprintln(stdout, md)
		return 0
	}
	msg := fmt.Sprintf("kms-policy-ls explain: %q is not a KMS action, a condition key or a rule code known to kms-policy-ls", name)
	if s := catalog.NearestAction(name); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	} else if s := catalog.NearestKey(name); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	fmt.Fprintln(stderr, msg)
	return 2
}

// explainService documents another service's action, wildcard or
// condition key from the Service Authorization Reference data.
func explainService(name string) string {
	if strings.ContainsAny(name, "*?") {
		if acts := services.MatchActions(name); len(acts) > 0 {
			return catalogdoc.ServiceWildcard(name, acts)
		}
		return ""
	}
	if a := services.LookupAction(name); a != nil {
		return catalogdoc.ServiceAction(a)
	}
	if k := services.LookupKey(name); k != nil {
		return catalogdoc.ServiceKey(k)
	}
	return ""
}

var catalogCommand = &command{
	name:     "catalog",
	synopsis: "[--format text|json]",
	summary:  "print every KMS action and condition key",
	flags:    func() *flag.FlagSet { return catalogFlags(new(string)) },
}

func init() { catalogCommand.run = catalogCmd }

func catalogFlags(format *string) *flag.FlagSet {
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	fs.Func("format", "`text|json` the output: a list for people or JSON for other tools (default text)", func(s string) error {
		if s != "text" && s != "json" {
			return errors.New("must be text or json")
		}
		*format = s
		return nil
	})
	return fs
}

// catalogCmd prints the whole catalog: JSON for tooling, a list for people.
func catalogCmd(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	format := "text"
	args, code, ok := catalogCommand.parseArgs(catalogFlags(&format), args, stdout, stderr)
	if !ok {
		return code
	}
	if len(args) > 0 {
		fmt.Fprintf(stderr, "kms-policy-ls catalog: unexpected argument %q\n\n%s", args[0], catalogCommand.usage())
		return 2
	}
	switch format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(catalog.Export()); err != nil {
			fmt.Fprintf(stderr, "kms-policy-ls catalog: %v\n", err)
			return 2
		}
	case "text":
		for _, a := range catalog.Actions() {
			fmt.Fprintf(stdout, "%-45s %-28s cross-account: %s\n", a.Name, a.PolicyTypes(), a.CrossAccountUse())
		}
		for _, k := range catalog.ConditionKeys() {
			multi := ""
			if k.Multi {
				multi = " (multi-valued)"
			}
			fmt.Fprintf(stdout, "%-45s %s%s\n", k.Name, k.Type, multi)
		}
	}
	return 0
}

// lookupKeyOrPattern finds a key by a name used in a policy
// (kms:EncryptionContext:Department) or by the catalog's own spelling of a
// parameterised key (kms:RecipientAttestation:PCR<n>).
func lookupKeyOrPattern(name string) *catalog.ConditionKey {
	if k := catalog.LookupKey(name); k != nil {
		return k
	}
	for _, k := range catalog.ConditionKeys() {
		if strings.EqualFold(k.Name, name) {
			return k
		}
	}
	return nil
}
