#!/usr/bin/env bash
# Checks the LSP4IJ template in editors/jetbrains/lsp4ij-template: every file is
# valid JSON, template.json has what LSP4IJ reads (id, name, programArgs,
# fileTypeMappings to languageId json), the settings fit the schema's enums,
# and the server started with the template's command and options works.
# Usage: editors/jetbrains/test/check.sh /path/to/kms-policy-ls
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
editors=$(cd "$here/../.." && pwd)
server=$(realpath "${1:?usage: check.sh /path/to/kms-policy-ls}")
tpl=$editors/jetbrains/lsp4ij-template
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tpl" "$tmp" <<'PY'
import json, pathlib, sys
tpl = pathlib.Path(sys.argv[1])
docs = {p.name: json.loads(p.read_text()) for p in sorted(tpl.glob("*.json"))}
print("ok   valid JSON:", ", ".join(docs))
t = docs["template.json"]
assert t["id"] and t["name"], t
for os_name, cmd in t["programArgs"].items():
    assert cmd.split()[0] in ("kms-policy-ls", "kms-policy-ls.exe"), (os_name, cmd)
maps = t["fileTypeMappings"]
assert maps and all(m["languageId"] == "json" and m["fileType"] for m in maps), maps
patterns = [p for m in maps for p in m["fileType"].get("patterns", [])]
assert "*.policy.json" in patterns, patterns
schema = docs["settings.schema.json"]["properties"]["kmsPolicy"]["properties"]
for name in ("initializationOptions.json", "settings.json"):
    s = docs[name]["kmsPolicy"]
    assert set(s) <= set(schema), (name, set(s) - set(schema))
    assert s["policyKind"] in schema["policyKind"]["enum"], s
    for level in s.get("severity", {}).values():
        assert level in schema["severity"]["additionalProperties"]["enum"], level
print("ok   template.json, settings and initializationOptions have the expected shape")
open(sys.argv[2] + "/cmd", "w").write(t["programArgs"]["default"])
PY
python3 "$editors/testdata/lsp_smoke.py" --server "$server" --cmd "$(cat "$tmp/cmd")" \
  --init-options "$tpl/initializationOptions.json" "$editors/testdata/app-key-policy.json"
