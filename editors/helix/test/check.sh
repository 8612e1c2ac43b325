#!/usr/bin/env bash
# Checks editors/helix/languages.toml: valid TOML, the entries Helix needs, and
# the server started with its command, args and config answers like it should.
# Usage: editors/helix/test/check.sh /path/to/kms-policy-ls
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
editors=$(cd "$here/../.." && pwd)
server=$(realpath "${1:?usage: check.sh /path/to/kms-policy-ls}")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# tomllib is in Python 3.11+; it is the parser that decides validity here.
python3 - "$editors/helix/languages.toml" "$tmp" <<'PY'
import json, shlex, sys, tomllib
with open(sys.argv[1], "rb") as f:
    cfg = tomllib.load(f)
ls = cfg["language-server"]["kms-policy-ls"]
assert ls["command"] == "kms-policy-ls", ls
settings = ls["config"]["kmsPolicy"]
assert settings["policyKind"] in ("auto", "key", "iam"), settings
assert all(isinstance(g, str) for g in settings["fileGlobs"]), settings
langs = {l["name"]: l for l in cfg["language"]}
for name in ("json", "jsonc", "yaml", "hcl"):
    assert "kms-policy-ls" in langs[name]["language-servers"], langs.get(name)
open(sys.argv[2] + "/cmd", "w").write(shlex.join([ls["command"]] + ls.get("args", [])))
json.dump(ls["config"], open(sys.argv[2] + "/init.json", "w"))
print("ok   languages.toml parses and declares kms-policy-ls for json, jsonc, yaml and hcl")
PY
python3 "$editors/testdata/lsp_smoke.py" --server "$server" --cmd "$(cat "$tmp/cmd")" \
  --init-options "$tmp/init.json" "$editors/testdata/app-key-policy.json"
