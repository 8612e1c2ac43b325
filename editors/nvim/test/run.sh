#!/usr/bin/env bash
# Headless Neovim test of editors/nvim/lua/kms_policy_ls.lua against a server binary.
# Usage: editors/nvim/test/run.sh /path/to/kms-policy-ls
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
editors=$(cd "$here/../.." && pwd)
server=$(realpath "${1:?usage: run.sh /path/to/kms-policy-ls}")
command -v nvim >/dev/null || { echo "nvim not installed"; exit 1; }
nvim --version | head -1
# -u NONE: no user config or plugins; the test enables filetype detection itself.
# timeout is a last resort only: every wait inside the test is bounded.
KMS_POLICY_LS=$server EDITORS_DIR=$editors timeout 120 \
  nvim --headless -u NONE -i NONE -n -c "luafile $here/lsp_test.lua" </dev/null
