"""A headless Chromium driven through the Chrome DevTools Protocol, for the
browser tests: Debian's chromium and python3-websocket, nothing else.

Browser.start() returns None with the reason when Chromium cannot start (the
test then skips); the browser process and its profile directory belong to
the Browser and go with close()."""
import base64
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request

CHROMIUM = os.environ.get("ENTENTE_CHROMIUM", "/usr/bin/chromium")


class Browser:
    def __init__(self, proc, profile, ws):
        self.proc, self.profile, self.ws = proc, profile, ws
        self.next_id = 0

    @staticmethod
    def start(width=1280, height=900, timeout=30):
        """(Browser, None), or (None, why) when Chromium cannot start here."""
        if not os.access(CHROMIUM, os.X_OK):
            return None, "%s is not installed" % CHROMIUM
        try:
            import websocket  # python3-websocket
        except ImportError:
            return None, "python3-websocket is not installed"
        profile = tempfile.mkdtemp(prefix="entente-chromium.")
        argv = [CHROMIUM, "--headless=new", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-extensions",
                "--hide-scrollbars", "--window-size=%d,%d" % (width, height), "about:blank"]
        if os.geteuid() == 0:
            argv.insert(1, "--no-sandbox")  # the sandbox refuses root
        # its own process group: close() ends the renderers and helpers too
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
        port, seen, until = None, [], time.monotonic() + timeout
        while port is None and time.monotonic() < until:
            line = proc.stderr.readline()
            if not line:
                break
            seen.append(line)
            m = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if m:
                port = int(m.group(1))
        if port is None:
            Browser(proc, profile, None).close()
            return None, "chromium did not start: " + "".join(seen[-5:]).strip()
        # keep reading its stderr so it never blocks on a full pipe
        import threading
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
        with urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=10) as r:
            pages = [t for t in json.load(r) if t["type"] == "page"]
        ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60,
                                         suppress_origin=True)
        b = Browser(proc, profile, ws)
        b.call("Page.enable")
        b.call("Runtime.enable")
        return b, None

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})

    def eval(self, expr):
        """The value of a JavaScript expression (awaited when a promise)."""
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError("%s: %s" % (expr[:80], r["exceptionDetails"].get("exception", {})
                                           .get("description", r["exceptionDetails"])))
        return r["result"].get("value")

    def wait(self, expr, timeout=20):
        """Polls expr until it is truthy; its value, or None after timeout.
        An exception counts as not yet (the page may be loading)."""
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            try:
                v = self.eval(expr)
            except RuntimeError:
                v = None
            if v:
                return v
            time.sleep(0.1)
        return None

    def goto(self, url, timeout=20):
        """Navigates and waits until the new document has loaded."""
        self.call("Page.navigate", url=url)
        return self.wait("location.href === %s && document.readyState === 'complete'" %
                         json.dumps(url), timeout)

    def key(self, key, code=None):
        """One key pressed and released (as a keyboard user would)."""
        vk = {"Enter": 13, "Escape": 27, "Tab": 9, " ": 32}.get(key, 0)
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code or key,
                      windowsVirtualKeyCode=vk, text="\r" if key == "Enter" and kind == "keyDown"
                      else "")

    def type_text(self, text):
        self.call("Input.insertText", text=text)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        if self.ws is not None:
            try:
                self.ws.close()
            except Exception:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=30)
        # a dying helper process may still write into the profile
        for _ in range(20):
            shutil.rmtree(self.profile, ignore_errors=True)
            if not os.path.exists(self.profile):
                break
            time.sleep(0.1)
