#!/usr/bin/env python3
"""Drive kms-policy-ls the way a config file tells an editor to start it.

Used by the Helix and JetBrains checks, whose editors cannot run headless
here: the command line and the initializationOptions come from the shipped
config, so a wrong argument or an options shape the server rejects fails.

usage: lsp_smoke.py --server BIN --cmd 'kms-policy-ls serve' \
                    [--init-options FILE.json] FIXTURE.json
The word kms-policy-ls in --cmd is replaced by BIN.
"""
import argparse
import json
import os
import pathlib
import queue
import shlex
import subprocess
import sys
import threading
import time

WAIT = float(os.environ.get("WAIT_SECONDS", "20"))


class Client:
    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode("ascii").partition(":")
                headers[k.strip().lower()] = v.strip()
            self.inbox.put(json.loads(out.read(int(headers["content-length"]))))

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def wait_for(self, pred, what):
        """Next message satisfying pred; answers server requests meanwhile."""
        deadline = time.time() + WAIT
        while time.time() < deadline:
            try:
                msg = self.inbox.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            if msg is None:
                raise RuntimeError("server closed its output while waiting for " + what)
            if "method" in msg and "id" in msg:  # a request from the server
                result = [{}] * len(msg.get("params", {}).get("items", [])) \
                    if msg["method"] == "workspace/configuration" else None
                self.send({"id": msg["id"], "result": result})
                continue
            if pred(msg):
                return msg
        raise RuntimeError("timed out after %ss waiting for %s" % (WAIT, what))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m, method)

    def notify(self, method, params):
        self.send({"method": method, "params": params})


def find(text, needle):
    """0-based (line, character) of needle; ASCII fixture so bytes == UTF-16."""
    for i, line in enumerate(text.split("\n")):
        j = line.find(needle)
        if j >= 0:
            return i, j
    raise SystemExit("fixture lacks " + needle)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--cmd", required=True)
    ap.add_argument("--init-options")
    ap.add_argument("--language-id", default="json")
    ap.add_argument("fixture")
    a = ap.parse_args()

    argv = [a.server if w == "kms-policy-ls" else w for w in shlex.split(a.cmd)]
    init_options = json.loads(pathlib.Path(a.init_options).read_text()) if a.init_options else None
    path = pathlib.Path(a.fixture).resolve()
    text = path.read_text()
    uri = path.as_uri()

    passed, failed = 0, 0

    def check(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print("ok   " + what)
        else:
            failed += 1
            print("FAIL %s%s" % (what, (": " + str(detail)[:400]) if detail else ""))

    c = Client(argv)
    try:
        init = c.request("initialize", {
            "processId": os.getpid(), "rootUri": path.parent.as_uri(),
            "capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}}},
            "initializationOptions": init_options,
            "workspaceFolders": [{"uri": path.parent.as_uri(), "name": "ws"}]})
        caps = init.get("result", {}).get("capabilities", {})
        check("error" not in init, "initialize accepted the options", init.get("error"))
        check(bool(caps.get("hoverProvider")), "hover announced")
        check(bool(caps.get("completionProvider")), "completion announced")
        c.notify("initialized", {})
        c.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": a.language_id, "version": 1, "text": text}})
        diags = c.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and m["params"]["diagnostics"], "diagnostics")
        codes = [d.get("code") for d in diags["params"]["diagnostics"]]
        check("unknown-action" in codes, "unknown-action reported", codes)

        line, col = find(text, '"kms:Decrypt"')
        hover = c.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": {"line": line, "character": col + 5}})
        contents = (hover.get("result") or {}).get("contents")
        value = contents.get("value", "") if isinstance(contents, dict) else json.dumps(contents)
        check("key policy" in value.lower(), "hover on kms:Decrypt mentions Key policy", value)

        line, col = find(text, '"kms:Decrpyt"')
        comp = c.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                     "position": {"line": line, "character": col + 5}})
        result = comp.get("result") or []
        items = result.get("items", []) if isinstance(result, dict) else result
        labels = [i.get("label") for i in items]
        inserted = [(i.get("textEdit") or {}).get("newText") or i.get("insertText") or i.get("label")
                    for i in items]
        check(any("kms:Encrypt" in (x or "") for x in labels + inserted),
              "completion offers kms:Encrypt", labels[:20])

        shut = c.request("shutdown", None)
        check("error" not in shut, "shutdown answered", shut.get("error"))
        c.notify("exit", None)
        try:
            code = c.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            code = "still running"
        check(code == 0, "server exits 0 after exit", code)
    except (RuntimeError, OSError) as e:
        check(False, "protocol exchange", repr(e))
    finally:
        if c.proc.poll() is None:
            c.proc.kill()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
