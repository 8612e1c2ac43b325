;;; kms-policy-ls.el --- Eglot setup for kms-policy-ls  -*- lexical-binding: t; -*-

;; Keywords: languages, tools, aws
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))

;;; Commentary:

;; Connects Eglot to kms-policy-ls, the language server for AWS KMS key
;; policies and IAM policies.  The server is registered for the JSON major
;; modes (json-mode, js-json-mode, json-ts-mode) and for
;; `kms-policy-json-mode', a small mode derived from `js-mode' that this file
;; binds to policy file names, so Emacs 28 (which has no JSON mode of its own
;; and opens .json files in js-mode) gets the server as well.
;;
;; The server stays quiet on JSON that is not a policy, but Eglot runs one
;; server per major mode: with this file loaded, kms-policy-ls (and not
;; another JSON server) manages the JSON modes listed above.  Set
;; `kms-policy-ls-json-modes' to nil before loading to register it only for
;; `kms-policy-json-mode'.
;;
;; Policies in CloudFormation templates and Terraform files are checked too:
;; the server is registered for the YAML and Terraform modes in
;; `kms-policy-ls-template-modes'.  As with JSON, Eglot then runs
;; kms-policy-ls and not a YAML or Terraform server in those modes; set the
;; variable to nil before loading to keep those servers.
;;
;; Usage:
;;   (add-to-list 'load-path "/path/to/editors/emacs")
;;   (require 'kms-policy-ls)

;;; Code:

(require 'eglot)

(defgroup kms-policy-ls nil
  "Eglot client settings for kms-policy-ls."
  :group 'eglot
  :prefix "kms-policy-ls-")

(defcustom kms-policy-ls-program "kms-policy-ls"
  "Name or absolute path of the kms-policy-ls executable."
  :type 'string)

(defcustom kms-policy-ls-settings '(:policyKind "auto")
  "The `kmsPolicy' settings section, as a plist.
Keys: :policyKind (\"auto\", \"key\" or \"iam\"), :account (a 12-digit
account id), :disabledRules (a vector of rule codes), :severity (a plist
from rule code to \"error\", \"warning\", \"information\" or \"hint\") and
:fileGlobs (a vector of glob patterns).  Sent as initializationOptions
when the server starts and on every workspace/didChangeConfiguration."
  :type 'plist)

(defcustom kms-policy-ls-json-modes '(json-mode js-json-mode json-ts-mode)
  "JSON major modes, besides `kms-policy-json-mode', that kms-policy-ls manages."
  :type '(repeat symbol))

(defcustom kms-policy-ls-template-modes
  '((yaml-mode . "yaml") (yaml-ts-mode . "yaml")
    (terraform-mode . "terraform") (hcl-mode . "terraform"))
  "Major modes of templates that hold policies, with the language id sent.
CloudFormation templates are YAML (or JSON); Terraform files are HCL."
  :type '(alist :key-type symbol :value-type string))

(defcustom kms-policy-ls-file-regexps
  '("key-policy[^/]*\\.json\\'" "\\.policy\\.json\\'")
  "File names opened in `kms-policy-json-mode'."
  :type '(repeat regexp))

;;;###autoload
(define-derived-mode kms-policy-json-mode js-mode "KMS-Policy"
  "Major mode for AWS KMS key policy and IAM policy JSON files.
It is `js-mode' with kms-policy-ls started through Eglot.")

(defun kms-policy-ls--contact (_interactive)
  "Command line and initializationOptions for Eglot, read at each start."
  (list kms-policy-ls-program "serve"
        :initializationOptions (list :kmsPolicy kms-policy-ls-settings)))

(defun kms-policy-ls--server-p (server)
  "Non-nil when SERVER is an Eglot connection to kms-policy-ls."
  (let ((modes (eglot--major-modes server)))
    (memq 'kms-policy-json-mode (if (listp modes) modes (list modes)))))

(defun kms-policy-ls--live-servers ()
  "Every live Eglot server running kms-policy-ls, across projects."
  (let (found)
    (maphash (lambda (_project servers)
               (dolist (s servers)
                 (when (kms-policy-ls--server-p s) (push s found))))
             eglot--servers-by-project)
    found))

(defun kms-policy-ls-workspace-configuration (server)
  "The workspace configuration Eglot sends to SERVER.
Eglot sends it right after the handshake; without this it would send an
empty object and the server would fall back to its defaults."
  (when (kms-policy-ls--server-p server)
    (list :kmsPolicy kms-policy-ls-settings)))

(defun kms-policy-ls-apply-settings ()
  "Send the current `kms-policy-ls-settings' to the running servers.
Call it after changing the settings; no restart is needed."
  (interactive)
  (dolist (server (kms-policy-ls--live-servers))
    (jsonrpc-notify server :workspace/didChangeConfiguration
                    (list :settings (list :kmsPolicy kms-policy-ls-settings)))))

;; Only take over the global default when nobody set one: a project that sets
;; `eglot-workspace-configuration' (e.g. in .dir-locals.el) should add its own
;; :kmsPolicy section there.
(unless (default-value 'eglot-workspace-configuration)
  (setq-default eglot-workspace-configuration
                #'kms-policy-ls-workspace-configuration))

(let ((modes (append (mapcar (lambda (m) (list m :language-id "json"))
                             (cons 'kms-policy-json-mode kms-policy-ls-json-modes))
                     (mapcar (lambda (m) (list (car m) :language-id (cdr m)))
                             kms-policy-ls-template-modes))))
  (add-to-list 'eglot-server-programs (cons modes #'kms-policy-ls--contact)))

(dolist (re kms-policy-ls-file-regexps)
  (add-to-list 'auto-mode-alist (cons re 'kms-policy-json-mode)))

(add-hook 'kms-policy-json-mode-hook #'eglot-ensure)

(provide 'kms-policy-ls)
;;; kms-policy-ls.el ends here
