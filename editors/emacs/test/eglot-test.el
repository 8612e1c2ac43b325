;;; eglot-test.el --- batch test of kms-policy-ls.el  -*- lexical-binding: t; -*-
;; Run by run.sh: emacs --batch -l eglot-test.el with KMS_POLICY_LS and
;; EDITORS_DIR set.  Every wait is bounded; exits 1 on any failed check.

(require 'cl-lib)
(require 'flymake)

(defvar kt-passed 0)
(defvar kt-failed 0)
(defvar kt-wait (string-to-number (or (getenv "WAIT_SECONDS") "20")))

(defun kt-check (ok what &optional detail)
  (if ok
      (progn (setq kt-passed (1+ kt-passed)) (princ (format "ok   %s\n" what)))
    (setq kt-failed (1+ kt-failed))
    (princ (format "FAIL %s%s\n" what (if detail (format ": %s" detail) "")))))

(defun kt-wait-for (pred)
  "Run the event loop until PRED is non-nil or `kt-wait' seconds pass."
  (let ((deadline (+ (float-time) kt-wait)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    v))

(defun kt-ours ()
  "The flymake diagnostics of kms-policy-ls in the current buffer."
  (cl-remove-if-not (lambda (d) (string-match-p "\\`kms-policy-ls" (flymake-diagnostic-text d)))
                    (flymake-diagnostics)))

(defun kt-run ()
  (let* ((server (or (getenv "KMS_POLICY_LS") (error "KMS_POLICY_LS not set")))
         (editors (or (getenv "EDITORS_DIR") (error "EDITORS_DIR not set")))
         (ws (make-temp-file "kms-eglot-" t))
         (file (expand-file-name "app-key-policy.json" ws)))
    (make-directory (expand-file-name ".git" ws))
    (copy-file (expand-file-name "testdata/app-key-policy.json" editors) file)
    (add-to-list 'load-path (expand-file-name "emacs" editors))
    (setq kms-policy-ls-program server)
    (require 'kms-policy-ls)
    (setq eglot-sync-connect kt-wait
          eglot-connect-timeout (* 2 kt-wait))
    ;; the config maps the policy file name to the derived mode
    (find-file file)
    (kt-check (eq major-mode 'kms-policy-json-mode) "file opens in kms-policy-json-mode" major-mode)
    ;; eglot-ensure (from the mode hook) waits for a command loop that batch
    ;; Emacs does not run; start the same way it would.
    (unless (eglot-current-server)
      (apply #'eglot (eglot--guess-contact)))
    (let ((server-obj (kt-wait-for #'eglot-current-server)))
      (kt-check server-obj "eglot connected to kms-policy-ls")
      (when server-obj
        (kt-check (equal (eglot--language-id server-obj) "json") "languageId sent is json"
                  (eglot--language-id server-obj))
        (kt-check (eglot--server-capable :hoverProvider) "server announces hover")
        (kt-check (eglot--server-capable :completionProvider) "server announces completion")
        (flymake-mode 1)
        (flymake-start)
        (let ((diag (kt-wait-for
                     (lambda ()
                       (cl-find-if (lambda (d) (string-match-p "\\[unknown-action\\]"
                                                               (flymake-diagnostic-text d)))
                                   (kt-ours))))))
          (kt-check diag "flymake shows kms-policy-ls [unknown-action]"
                    (mapcar #'flymake-diagnostic-text (flymake-diagnostics)))
          (when diag
            (kt-check (string-match-p "Decrpyt" (flymake-diagnostic-text diag))
                      "message names kms:Decrpyt" (flymake-diagnostic-text diag))
            (kt-check (memq (flymake-diagnostic-type diag) '(eglot-error eglot-warning))
                      "diagnostic is an error or a warning" (flymake-diagnostic-type diag))
            ;; the range may or may not include the string's quotes
            (kt-check (member (buffer-substring (flymake-diagnostic-beg diag)
                                                (flymake-diagnostic-end diag))
                              '("kms:Decrpyt" "\"kms:Decrpyt\""))
                      "diagnostic covers the text kms:Decrpyt"
                      (buffer-substring (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag)))))
        ;; settings changes reach the running server without a restart
        (setq kms-policy-ls-settings '(:policyKind "auto" :disabledRules ["unknown-action"]))
        (kms-policy-ls-apply-settings)
        (kt-check (kt-wait-for
                   (lambda ()
                     (not (cl-find-if (lambda (d) (string-match-p "\\[unknown-action\\]"
                                                                  (flymake-diagnostic-text d)))
                                      (kt-ours)))))
                  "disabledRules sent by kms-policy-ls-apply-settings removes the finding")
        ;; the shutdown handshake as eglot does it ({} params on shutdown and
        ;; exit): the server must answer and then exit by itself with status 0
        (let ((proc (jsonrpc--process server-obj)))
          (setf (eglot--shutdown-requested server-obj) t)
          (kt-check (condition-case e
                        (progn (jsonrpc-request server-obj :shutdown nil :timeout kt-wait) t)
                      (error (princ (format "shutdown error: %S\n" e)) nil))
                    "server answers shutdown")
          (jsonrpc-notify server-obj :exit nil)
          (kt-wait-for (lambda () (not (process-live-p proc))))
          (kt-check (and (not (process-live-p proc)) (eq (process-status proc) 'exit)
                         (= (process-exit-status proc) 0))
                    "server exits with status 0 after exit"
                    (list (process-status proc) (process-exit-status proc)))
          (when (process-live-p proc) (jsonrpc-shutdown server-obj)))))
    (delete-directory ws t)))

(defun kt-byte-compile ()
  "The shipped file byte-compiles without warnings."
  (let* ((dir (make-temp-file "kms-elc-" t))
         (src (expand-file-name "kms-policy-ls.el" dir))
         (byte-compile-error-on-warn t))
    (copy-file (expand-file-name "emacs/kms-policy-ls.el" (getenv "EDITORS_DIR")) src)
    (kt-check (ignore-errors (byte-compile-file src)) "kms-policy-ls.el byte-compiles without warnings")
    (delete-directory dir t)))

(condition-case err
    (progn (kt-byte-compile) (kt-run))
  (error (kt-check nil "test raised an error" (error-message-string err))))
(princ (format "%d passed, %d failed\n" kt-passed kt-failed))
(kill-emacs (if (and (= kt-failed 0) (> kt-passed 0)) 0 1))
