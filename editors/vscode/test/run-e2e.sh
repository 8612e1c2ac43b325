#!/usr/bin/env bash
# End-to-end test of the packaged extension in a real VS Code (code-server).
# usage: test/run-e2e.sh EXTENSION.vsix [SCREENSHOT.png]
# env:   CODE_SERVER   code-server launcher (default: the one .ci/editors.sh installs)
#        CHROMIUM      browser binary (default /usr/bin/chromium)
#        E2E_KEEP=1    keep the run folder (logs, settings, screenshots)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ext=$(cd "$here/.." && pwd)
editors=$(cd "$ext/.." && pwd)
vsix=$(realpath "${1:?usage: run-e2e.sh EXTENSION.vsix [SCREENSHOT.png]}")
shot=$(realpath -m "${2:-$ext/screenshot.png}")
cache=${KMS_EDITORS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kms-policy-ls-editors}
cs=${CODE_SERVER:-$cache/code-server/node_modules/.bin/code-server}
[ -x "$cs" ] || { echo "code-server not found at $cs (run .ci/editors.sh or set CODE_SERVER)"; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "chromium not found"; exit 1; }

run=$(mktemp -d "${TMPDIR:-/tmp}/kms-vscode-e2e.XXXXXX")
cs_pid=
cleanup() {
  if [ -n "$cs_pid" ]; then kill "$cs_pid" 2>/dev/null || true; wait "$cs_pid" 2>/dev/null || true; fi
  if [ "${E2E_KEEP:-}" = 1 ]; then echo "run folder kept: $run"; else rm -rf "$run"; fi
}
trap cleanup EXIT

# Everything code-server writes stays in the run folder.
export XDG_CONFIG_HOME=$run/xdg-config XDG_DATA_HOME=$run/xdg-data XDG_CACHE_HOME=$run/xdg-cache
mkdir -p "$run/user-data/User" "$run/extensions" "$run/ws"
cp "$editors/testdata/app-key-policy.json" "$run/ws/"
# Quiet, offline, deterministic: no telemetry/update/marketplace traffic, no
# auto-closing quotes and no suggestions while typing (the test asks for them).
cat > "$run/user-data/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.enableExperiments": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.colorTheme": "Default Light Modern",
  "security.workspace.trust.enabled": false,
  "json.schemaDownload.enable": false,
  "npm.fetchOnlinePackageInfo": false,
  "git.enabled": false,
  "kmsPolicy.trace.server": "messages",
  "editor.minimap.enabled": false,
  "editor.wordBasedSuggestions": "off",
  "editor.autoClosingQuotes": "never",
  "editor.autoClosingBrackets": "never",
  "[json]": {
    "editor.quickSuggestions": { "strings": "off", "other": "off", "comments": "off" },
    "editor.suggestOnTriggerCharacters": false
  }
}
JSON
args=(--user-data-dir "$run/user-data" --extensions-dir "$run/extensions" --config "$run/config.yaml")

echo "installing $(basename "$vsix")"
"$cs" "${args[@]}" --install-extension "$vsix" >"$run/install.log" 2>&1 ||
  { echo "FAIL installing the extension:"; cat "$run/install.log"; exit 1; }
bundled=$(find "$run/extensions" -path '*/server/linux-x64/kms-policy-ls' -type f | head -1)
[ -n "$bundled" ] && [ -x "$bundled" ] || { echo "FAIL the installed extension carries no server/linux-x64/kms-policy-ls"; exit 1; }
echo "ok   installed extension carries ${bundled#$run/}"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$cs" "${args[@]}" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$run/ws" >"$run/code-server.log" 2>&1 &
cs_pid=$!
# Up to 3 minutes: on a loaded 2-core machine the first start can be slow.
for _ in $(seq 360); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$cs_pid" 2>/dev/null || { echo "FAIL code-server exited:"; tail -20 "$run/code-server.log"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null ||
  { echo "FAIL code-server did not answer on 127.0.0.1:$port"; tail -20 "$run/code-server.log"; exit 1; }
echo "ok   code-server answers on 127.0.0.1:$port"

rc=0
timeout 300 node "$here/e2e.mjs" --port "$port" --folder "$run/ws" \
  --file app-key-policy.json --settings "$run/user-data/User/settings.json" \
  --screenshot "$shot" --artifacts "$run/artifacts" || rc=$?
if [ "$rc" != 0 ]; then
  echo "--- code-server log (tail)"; tail -20 "$run/code-server.log"
  log=$(find "$run/user-data/logs" -name '*KMS Policy*' 2>/dev/null | head -1)
  [ -n "$log" ] && { echo "--- language client output (tail)"; tail -40 "$log"; }
  E2E_KEEP=1
fi
exit "$rc"
