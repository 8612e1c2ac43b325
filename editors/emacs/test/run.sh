#!/usr/bin/env bash
# Batch Emacs + Eglot test of editors/emacs/kms-policy-ls.el against a server binary.
# Usage: editors/emacs/test/run.sh /path/to/kms-policy-ls
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
editors=$(cd "$here/../.." && pwd)
server=$(realpath "${1:?usage: run.sh /path/to/kms-policy-ls}")
command -v emacs >/dev/null || { echo "emacs not installed"; exit 1; }
emacs --version | head -1
# Debian's elpa-eglot lives outside the default load-path of `emacs -Q`;
# package-initialize finds it (and an eglot installed from ELPA, or the
# one built into Emacs 29+).
KMS_POLICY_LS=$server EDITORS_DIR=$editors timeout 120 \
  emacs --batch -Q --eval '(progn (require (quote package)) (add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa") (package-initialize))' \
  -l "$here/eglot-test.el" </dev/null
