#!/usr/bin/env bash
# Editor integration checks for kms-policy-ls: installs what they need (once),
# builds the server, then runs the Neovim, Emacs, Helix, JetBrains and VS Code
# tests against it. Each step is reported; the script exits non-zero when any
# step fails, naming it. Safe to rerun: installs already present are skipped.
#
#   bash .ci/editors.sh            # everything
#   SKIP_VSCODE=1 bash .ci/editors.sh
#   UPDATE_SCREENSHOT=1 ...        # also refresh editors/vscode/screenshot.png
#
# Installs and caches live in $KMS_EDITORS_CACHE
# (default ~/.cache/kms-policy-ls-editors): code-server and its build logs.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
editors=$repo/editors
cache=${KMS_EDITORS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kms-policy-ls-editors}
code_server_version=4.100.3
export KMS_EDITORS_CACHE=$cache
export DEBIAN_FRONTEND=noninteractive
export PATH=$PATH:/usr/local/go/bin
mkdir -p "$cache"
work=$(mktemp -d "${TMPDIR:-/tmp}/kms-editors-ci.XXXXXX")
trap 'rm -rf "$work"' EXIT
server=$work/bin/kms-policy-ls

passed=()
failed=()
skipped=()
say() { echo "=== [editors $(date +%T)] $*"; }

# step NAME COMMAND...: runs one check, records and reports its outcome and time.
step() {
  local name=$1 start=$SECONDS
  shift
  say "$name"
  if "$@" </dev/null; then
    passed+=("$name")
    say "$name: ok ($((SECONDS - start))s)"
    return 0
  fi
  failed+=("$name")
  say "$name: FAILED ($((SECONDS - start))s)"
  return 1
}

skip() {
  skipped+=("$1")
  say "$1: skipped ($2)"
}

apt_packages() {
  local want=(neovim emacs-nox elpa-eglot python3 curl)
  [ "${SKIP_VSCODE:-}" = 1 ] || want+=(chromium build-essential libkrb5-dev ripgrep)
  local missing=()
  for p in "${want[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "all present: ${want[*]}"
    return 0
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >"$cache/apt.log" 2>&1 \
    || { tail -20 "$cache/apt.log"; return 1; }
}

build_server() {
  (cd "$repo" && go build -o "$server" ./cmd/kms-policy-ls) && [ -x "$server" ]
}

# code-server from npm with the fixes this offline machine needs (see
# editors/vscode/test/README.md): Debian's ripgrep in place of a GitHub
# download, install scripts allowed to run as root and without a TTY.
install_code_server() {
  local dir=$cache/code-server
  if [ -x "$dir/node_modules/.bin/code-server" ] &&
    grep -q "\"version\": \"$code_server_version\"" "$dir/node_modules/code-server/package.json" 2>/dev/null; then
    echo "code-server $code_server_version already in $dir"
    return 0
  fi
  command -v node >/dev/null && command -v npm >/dev/null || { echo "node/npm missing"; return 1; }
  local node_major
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" -ge 20 ] || { echo "code-server $code_server_version needs Node 20, found $(node --version)"; return 1; }
  local tmp=$cache/tmp rg_cache=$cache/tmp/vscode-ripgrep-cache-1.15.11
  mkdir -p "$dir" "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  (
    cd "$dir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
      TMPDIR=$tmp npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
        npm install --no-audit --no-fund --foreground-scripts "code-server@$code_server_version" \
        >"$cache/install-code-server.log" 2>&1
  ) || { tail -30 "$cache/install-code-server.log"; return 1; }
}

vscode_build_and_package() (
  cd "$editors/vscode" || return 1
  # --ignore-scripts: nothing here needs an install script, and vsce's
  # optional keytar would otherwise be compiled.
  npm ci --ignore-scripts --no-audit --no-fund >"$work/npm-ci.log" 2>&1 || { tail -20 "$work/npm-ci.log"; return 1; }
  rm -rf dist server
  npm run --silent package || return 1
  ls dist/*.vsix
)

vscode_e2e() {
  local vsix shot=$work/screenshot.png
  vsix=$(ls "$editors"/vscode/dist/kms-policy-ls-linux-x64-*.vsix 2>/dev/null | head -1)
  [ -n "$vsix" ] || { echo "no linux-x64 .vsix was built"; return 1; }
  [ "${UPDATE_SCREENSHOT:-}" = 1 ] && shot=$editors/vscode/screenshot.png
  bash "$editors/vscode/test/run-e2e.sh" "$vsix" "$shot"
}

total_start=$SECONDS
step "apt packages" apt_packages
if step "build server" build_server; then
  step "neovim (headless, vim.lsp config)" bash "$editors/nvim/test/run.sh" "$server"
  step "emacs (batch, eglot)" bash "$editors/emacs/test/run.sh" "$server"
  step "helix (languages.toml)" bash "$editors/helix/test/check.sh" "$server"
  step "jetbrains (LSP4IJ template)" bash "$editors/jetbrains/test/check.sh" "$server"
  if [ "${SKIP_VSCODE:-}" = 1 ]; then
    skip "vscode" "SKIP_VSCODE=1"
  else
    vs_ok=1
    step "vscode build + package" vscode_build_and_package || vs_ok=0
    step "code-server $code_server_version install" install_code_server || vs_ok=0
    if [ $vs_ok = 1 ]; then
      step "vscode end-to-end (code-server + chromium)" vscode_e2e
    else
      failed+=("vscode end-to-end (not run: build or install failed)")
    fi
  fi
else
  failed+=("editor tests (not run: the server did not build)")
fi

say "summary ($((SECONDS - total_start))s)"
for s in "${passed[@]}"; do echo "  ok      $s"; done
for s in "${skipped[@]+"${skipped[@]}"}"; do echo "  skipped $s"; done
for s in "${failed[@]+"${failed[@]}"}"; do echo "  FAILED  $s"; done
echo "editors: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
