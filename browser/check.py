#!/usr/bin/env python3
"""Browser check for the exported static page (DIR/index.html).

Usage: python3 browser/check.py PAGE.html SCREENSHOT.png

Opens PAGE.html from disk (file:// URL) in headless Chromium, driven through
the DevTools protocol over --remote-debugging-pipe (JSON messages separated by
NUL bytes on fds 3/4: no websocket, no port, standard library only), and:

  * collects console errors, uncaught exceptions and failed resource loads;
  * checks the page's structure in the live DOM (see PAGE_CHECKS_JS);
  * records every request the page makes (a self-contained page makes none);
  * writes a full-page PNG screenshot to SCREENSHOT.png and a printed PDF
    next to it (same name, .pdf).

Prints one PASS/FAIL line per check, then exactly `N passed, M failed`.
Exit status: 0 if every check passed, 1 otherwise, 2 on bad usage.
Chromium always ends (its whole process group) and its temporary profile is
removed, also on error, timeout, Ctrl-C or SIGTERM. Total time is bounded
(CHECK_TIMEOUT seconds, default 60).

Environment: CHROMIUM (browser binary, default `chromium` on PATH, see
browser/install.sh), CHECK_TIMEOUT (s, default 60), LOAD_TIMEOUT (s, default
20), SHOT_MAX_HEIGHT (px, default 32000), CHECK_KEEP_PROFILE=1 (keep the temp dir with chromium.log, for debugging).
"""

import base64
import ctypes
import json
import os
import pathlib
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

TOTAL_TIMEOUT = float(os.environ.get("CHECK_TIMEOUT", "60"))
LOAD_TIMEOUT = float(os.environ.get("LOAD_TIMEOUT", "20"))
VIEWPORT = (1280, 800)
# px; taller pages are cut there (28000 px was seen to render whole)
MAX_SHOT_HEIGHT = int(os.environ.get("SHOT_MAX_HEIGHT", "32000"))

# The flags this machine needs: without the background-networking ones
# Chromium keeps trying (and failing) to reach Google's hosts.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # extra quietness / determinism
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-dev-shm-usage",
    "--no-pings",
    "--mute-audio",
    "--hide-scrollbars",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
    # Chromium still resolves Google's hosts at start (sign-in, extension and
    # component updaters) despite the flags above: answer every host name
    # "not found" locally, so no DNS query leaves and an http(s) resource in
    # the page fails at once (and is reported) instead of waiting.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--window-size=%d,%d" % VIEWPORT,
    "--remote-debugging-pipe",
]


class HarnessTimeout(Exception):
    pass


class Interrupted(Exception):
    pass


class CDPError(Exception):
    pass


# --------------------------------------------------------------------------
# DevTools protocol over the pipe
# --------------------------------------------------------------------------
class CDP:
    """Minimal DevTools client: requests by id, events kept in a list."""

    def __init__(self, rfd, wfd, deadline):
        self.rfd, self.wfd, self.deadline = rfd, wfd, deadline
        self.cond = threading.Condition()
        self.responses = {}
        self.events = []
        self.closed = False
        self.next_id = 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buf = bytearray()
        try:
            while True:
                chunk = os.read(self.rfd, 1 << 20)
                if not chunk:
                    break
                start = len(buf)
                buf += chunk
                pos = buf.find(b"\0", start)
                while pos != -1:
                    raw = bytes(buf[:pos])
                    del buf[: pos + 1]
                    self._dispatch(raw)
                    pos = buf.find(b"\0")
        except OSError:
            pass
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def _dispatch(self, raw):
        try:
            msg = json.loads(raw.decode("utf-8", "replace"))
        except ValueError:
            return
        with self.cond:
            if "id" in msg:
                self.responses[msg["id"]] = msg
            else:
                self.events.append(msg)
            self.cond.notify_all()

    def _remaining(self, timeout):
        return max(0.0, min(timeout, self.deadline - time.monotonic()))

    def send(self, method, params=None, session=None, timeout=15):
        with self.cond:
            self.next_id += 1
            mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self.wfd, data)
            data = data[n:]
        global_limit = self.deadline < time.monotonic() + timeout
        end = time.monotonic() + self._remaining(timeout)
        with self.cond:
            while mid not in self.responses:
                left = end - time.monotonic()
                if self.closed:
                    raise CDPError("browser closed the pipe during %s" % method)
                if left <= 0:
                    raise HarnessTimeout("no answer to %s %s" % (
                        method, "before the total time limit (CHECK_TIMEOUT=%.0fs)" % TOTAL_TIMEOUT
                        if global_limit else "within %.0fs" % timeout))
                self.cond.wait(left)
            resp = self.responses.pop(mid)
        if "error" in resp:
            raise CDPError("%s: %s" % (method, resp["error"].get("message", resp["error"])))
        return resp.get("result", {})

    def wait_event(self, method, timeout, session=None):
        """Return the first event named `method` (seen already or arriving
        within `timeout` s), or None."""
        end = time.monotonic() + self._remaining(timeout)
        with self.cond:
            i = 0
            while True:
                while i < len(self.events):
                    ev = self.events[i]
                    i += 1
                    if ev.get("method") == method and (session is None or ev.get("sessionId") == session):
                        return ev
                left = end - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(left)

    def snapshot(self):
        with self.cond:
            return list(self.events)


# --------------------------------------------------------------------------
# Checks run inside the page
# --------------------------------------------------------------------------
PAGE_CHECKS_JS = r"""
(() => {
  const out = [];
  const add = (name, ok, detail) => out.push({name, ok: !!ok, detail: String(detail || "")});
  const q = (s, root) => (root || document).querySelector(s);
  const qa = (s, root) => Array.from((root || document).querySelectorAll(s));
  const desc = el => {
    let s = el.localName;
    if (el.id) s += "#" + el.id;
    for (const a of ["src", "href", "srcset", "data"]) {
      const v = el.getAttribute(a) || el.getAttributeNS("http://www.w3.org/1999/xlink", a);
      if (v) { s += "[" + a + "=" + v.slice(0, 80) + "]"; break; }
    }
    return s;
  };
  const list = els => els.slice(0, 5).map(desc).join(", ") + (els.length > 5 ? ", ... (" + els.length + ")" : "");

  // html lang, title, h1
  const lang = document.documentElement.getAttribute("lang");
  add("html lang=\"fr\"", lang === "fr", "lang=" + JSON.stringify(lang));
  const title = (q("head > title") || {}).textContent || "";
  add("document has a non-empty <title>", title.trim().length > 0, JSON.stringify(title.trim().slice(0, 80)));
  const h1 = qa("h1");
  add("exactly one <h1>", h1.length === 1,
      h1.length + " found" + (h1.length ? ": " + JSON.stringify(h1[0].textContent.trim().slice(0, 60)) : ""));

  // tables
  const allies = q("table#allies");
  if (!allies) {
    add("table#allies: thead with scoped <th>, >= 1 body row", false, "no <table id=\"allies\">");
  } else {
    const th = qa("thead th", allies);
    const unscoped = th.filter(t => !["col", "colgroup"].includes((t.getAttribute("scope") || "").toLowerCase()));
    const rows = qa(":scope > tbody > tr", allies).filter(r => r.cells.length > 0);
    const problems = [];
    if (!q("thead", allies)) problems.push("no <thead>");
    if (th.length === 0) problems.push("no <th> in <thead>");
    if (unscoped.length) problems.push(unscoped.length + " <th> without scope=\"col\"");
    if (rows.length === 0) problems.push("no <tbody> row");
    add("table#allies: thead with scoped <th>, >= 1 body row", problems.length === 0,
        problems.length ? problems.join("; ") : th.length + " header cells, " + rows.length + " body rows");
  }
  const opp = q("table#opponents");
  add("table#opponents exists", !!opp,
      opp ? qa(":scope > tbody > tr", opp).length + " body rows" : "no <table id=\"opponents\">");

  // figures with inline svg
  for (const id of ["network", "timeline"]) {
    const name = "figure#" + id + ": inline <svg role=img> with <title>, rendered, <figcaption>";
    const fig = q("figure#" + id);
    if (!fig) { add(name, false, "no <figure id=\"" + id + "\">"); continue; }
    const svg = q("svg", fig);
    const problems = [];
    let size = "";
    if (!svg) {
      problems.push("no inline <svg>");
    } else {
      const t = Array.from(svg.children).find(c => c.localName === "title");
      if (!t) problems.push("<svg> has no <title> child");
      else if (!t.textContent.trim()) problems.push("<svg><title> is empty");
      if (svg.getAttribute("role") !== "img") problems.push("<svg> role=" + JSON.stringify(svg.getAttribute("role")));
      const r = svg.getBoundingClientRect();
      size = Math.round(r.width) + "x" + Math.round(r.height) + " px";
      if (!(r.width > 0 && r.height > 0)) problems.push("rendered box is empty (" + size + ")");
    }
    const cap = q("figcaption", fig);
    if (!cap) problems.push("no <figcaption>");
    else if (!cap.textContent.trim()) problems.push("<figcaption> is empty");
    add(name, problems.length === 0, problems.length ? problems.join("; ") : "svg " + size);

    // labels cut off: an outer <svg> clips what lies outside its box
    if (svg) {
      const box = svg.getBoundingClientRect();
      const tol = 2;
      const texts = qa("text", svg).filter(t => t.textContent.trim());
      const cut = texts.filter(t => {
        const r = t.getBoundingClientRect();
        return r.width > 0 && (r.left < box.left - tol || r.right > box.right + tol ||
                               r.top < box.top - tol || r.bottom > box.bottom + tol);
      });
      add("figure#" + id + ": no SVG text cut off at the picture's edge", cut.length === 0,
          cut.length ? cut.length + " of " + texts.length + " labels overflow, e.g. " +
            cut.slice(0, 3).map(t => JSON.stringify(t.textContent.trim().slice(0, 50))).join(", ")
          : texts.length + " labels inside");
    }
  }

  // evidence
  const ev = q("section#evidence");
  add("section#evidence exists", !!ev,
      ev ? qa("blockquote, q", ev).length + " quotes (blockquote/q)" : "no <section id=\"evidence\">");

  // images
  const imgs = qa("img");
  const noAlt = imgs.filter(i => !i.hasAttribute("alt"));
  add("every <img> has alt", noAlt.length === 0,
      noAlt.length ? "missing alt: " + list(noAlt) : imgs.length + " <img>");

  // no network references: only <a> links may point to http(s) or //host
  const net = qa('[src^="http" i],[src^="//"],[srcset*="http" i],[data^="http" i],' +
                 '[*|href^="http" i],[*|href^="//"],[poster^="http" i],[action^="http" i]')
      .filter(el => el.localName !== "a");
  add("no network references (only <a> may link to http)", net.length === 0,
      net.length ? list(net) : "none");

  // self-contained: nothing but links may reference another file
  const local = (v) => v && !/^\s*(data:|#|about:blank)/i.test(v);
  const refs = qa("[src],[srcset],link[href],object[data],embed,iframe,frame,[*|href]")
      .filter(el => el.localName !== "a" && el.localName !== "base")
      .filter(el => ["src", "srcset", "href", "data"].some(a =>
          local(el.getAttribute(a)) || local(el.getAttributeNS("http://www.w3.org/1999/xlink", a))));
  add("self-contained: no external files referenced (src/href/srcset)", refs.length === 0,
      refs.length ? list(refs) : "none");

  // static page: no scripts
  const scripts = qa("script");
  const handlers = qa("*").filter(el => Array.from(el.attributes).some(a => /^on/i.test(a.name)));
  add("no scripts (no <script>, no on* handlers)", scripts.length === 0 && handlers.length === 0,
      scripts.length + " <script>, " + handlers.length + " elements with on* handlers");
  return out;
})()
"""


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------
def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def remote_text(obj):
    if not obj:
        return ""
    if "value" in obj:
        return str(obj["value"])
    return obj.get("description") or obj.get("unserializableValue") or obj.get("type", "")


TMP_PREFIX = "sahel-browser-check-"


def sweep_stale_tmp():
    """Remove temp dirs left by an earlier run that was SIGKILLed (the only
    way cleanup can be skipped): their name holds the pid of that run."""
    base = tempfile.gettempdir()
    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        if not name.startswith(TMP_PREFIX):
            continue
        pid = name[len(TMP_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # still running
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(os.path.join(base, name), ignore_errors=True)


def set_pdeathsig():
    """In the child: get SIGKILL if check.py itself dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
class Run:
    def __init__(self, page, shot):
        self.page = pathlib.Path(page).resolve()
        self.shot = pathlib.Path(shot).resolve()
        self.pdf = self.shot.with_suffix(".pdf")
        self.url = self.page.as_uri()
        self.results = []
        self.proc = None
        self.cdp = None
        self.fds = []
        self.tmp = None

    def record(self, name, ok, detail=""):
        self.results.append((name, bool(ok), detail))
        print("%s %s%s" % ("PASS" if ok else "FAIL", name, (": " + detail) if detail else ""), flush=True)

    # -- browser lifecycle -------------------------------------------------
    def launch(self, chromium):
        sweep_stale_tmp()
        self.tmp = tempfile.mkdtemp(prefix="%s%d-" % (TMP_PREFIX, os.getpid()))
        profile = os.path.join(self.tmp, "profile")
        os.mkdir(profile)
        # fds 3 (browser reads commands) and 4 (browser writes answers)
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        self.fds = [cmd_r, cmd_w, res_r, res_w]

        def child_setup():
            set_pdeathsig()
            os.dup2(cmd_r, 100)
            os.dup2(res_w, 101)
            os.dup2(100, 3)  # inheritable
            os.dup2(101, 4)
            os.close(100)
            os.close(101)

        env = dict(os.environ)
        # keep every file Chromium writes inside the temp dir
        env["HOME"] = self.tmp
        env["XDG_CONFIG_HOME"] = os.path.join(self.tmp, "config")
        env["XDG_CACHE_HOME"] = os.path.join(self.tmp, "cache")
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        args = [chromium] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile, "about:blank"]
        self.log_path = os.path.join(self.tmp, "chromium.log")
        log = open(self.log_path, "wb")
        try:
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                start_new_session=True,  # own process group: killed as one
                close_fds=False,  # our fds are O_CLOEXEC; only 3/4 pass
                preexec_fn=child_setup,
            )
        finally:
            log.close()
        os.close(cmd_r)
        os.close(res_w)
        self.fds = [cmd_w, res_r]
        self.cdp = CDP(res_r, cmd_w, self.deadline)

    def cleanup(self):
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        signal.alarm(0)
        try:
            if self.proc is not None:
                if self.proc.poll() is None and self.cdp is not None and not self.cdp.closed:
                    try:
                        self.cdp.deadline = time.monotonic() + 3
                        self.cdp.send("Browser.close", timeout=3)
                    except Exception:
                        pass
                try:
                    self.proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    self._killpg(signal.SIGTERM)
                    try:
                        self.proc.wait(timeout=3)
                    except subprocess.TimeoutExpired:
                        pass
                # the group may outlive the leader (renderers, zygote): always
                self._killpg(signal.SIGKILL)
                try:
                    self.proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                self._wait_group_gone(3)
        finally:
            for fd in self.fds:
                try:
                    os.close(fd)
                except OSError:
                    pass
            if self.tmp:
                if os.environ.get("CHECK_KEEP_PROFILE") == "1":
                    print("# kept temp dir %s" % self.tmp)
                else:
                    shutil.rmtree(self.tmp, ignore_errors=True)

    def _killpg(self, sig):
        try:
            os.killpg(self.proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def _wait_group_gone(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                os.killpg(self.proc.pid, 0)
            except (ProcessLookupError, PermissionError):
                return
            time.sleep(0.05)

    # -- the checks ----------------------------------------------------------
    def run(self, chromium):
        self.deadline = time.monotonic() + TOTAL_TIMEOUT - 5  # keep 5 s for cleanup
        self.launch(chromium)
        cdp = self.cdp
        version = cdp.send("Browser.getVersion", timeout=20)
        print("# %s, protocol %s" % (version.get("product"), version.get("protocolVersion")), flush=True)

        target = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.send(domain + ".enable", session=sid)
        cdp.send("Emulation.setDeviceMetricsOverride",
                 {"width": VIEWPORT[0], "height": VIEWPORT[1], "deviceScaleFactor": 1, "mobile": False},
                 session=sid)
        cdp.send("Emulation.setEmulatedMedia", {"media": "screen"}, session=sid)

        # 1. load ----------------------------------------------------------
        start = time.monotonic()
        nav = cdp.send("Page.navigate", {"url": self.url}, session=sid, timeout=LOAD_TIMEOUT)
        if nav.get("errorText"):
            self.record("page loads from disk", False, "%s: %s" % (self.url, nav["errorText"]))
            return
        loaded = cdp.wait_event("Page.loadEventFired", LOAD_TIMEOUT, session=sid)
        if loaded is None:
            self.record("page loads from disk", False, "no load event within %.0fs" % LOAD_TIMEOUT)
            return
        # let fonts settle and late console messages / failed loads arrive
        try:
            cdp.send("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)",
                                          "awaitPromise": True, "returnByValue": True},
                     session=sid, timeout=5)
        except (HarnessTimeout, CDPError):
            pass
        self._settle(0.5)
        self.record("page loads from disk", True, "%s in %.2fs" % (self.url, time.monotonic() - start))

        # 2. DOM checks ----------------------------------------------------
        res = cdp.send("Runtime.evaluate", {"expression": PAGE_CHECKS_JS, "returnByValue": True},
                       session=sid)
        if "exceptionDetails" in res:
            self.record("page checks ran", False, json.dumps(res["exceptionDetails"])[:300])
        else:
            for item in res["result"]["value"]:
                self.record(item["name"], item["ok"], item["detail"])

        # 3. console / exceptions / resources / requests -------------------
        self._event_checks(sid)

        # 4. screenshot ----------------------------------------------------
        self._screenshot(sid)

        # 5. PDF -----------------------------------------------------------
        self._pdf(sid)

    def _settle(self, quiet):
        """Wait until no event arrived for `quiet` s (max 3 s)."""
        end = time.monotonic() + 3
        n = len(self.cdp.snapshot())
        last = time.monotonic()
        while time.monotonic() < end:
            time.sleep(0.1)
            m = len(self.cdp.snapshot())
            if m != n:
                n, last = m, time.monotonic()
            elif time.monotonic() - last >= quiet:
                break

    def _event_checks(self, sid):
        errors, failed, requests, warnings = [], [], [], []
        urls = {}
        for ev in self.cdp.snapshot():
            if ev.get("sessionId") != sid:
                continue
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.consoleAPICalled":
                text = " ".join(remote_text(a) for a in p.get("args", []))
                if p.get("type") in ("error", "assert"):
                    errors.append("console.%s(%s)" % (p.get("type"), text[:200]))
                elif p.get("type") == "warning":
                    warnings.append("console.warn(%s)" % text[:200])
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                text = remote_text(d.get("exception")) or d.get("text", "")
                errors.append("uncaught exception: %s (line %s)" % (text[:200], d.get("lineNumber")))
            elif m == "Log.entryAdded":
                e = p.get("entry", {})
                line = "%s: %s%s" % (e.get("source"), e.get("text", "")[:200],
                                     (" [" + e["url"] + "]") if e.get("url") else "")
                if e.get("level") == "error":
                    (failed if e.get("source") == "network" else errors).append(line)
                elif e.get("level") == "warning":
                    warnings.append(line)
            elif m == "Network.loadingFailed":
                failed.append("load failed: %s %s" % (p.get("errorText"),
                                                      urls.get(p.get("requestId"), p.get("requestId"))))
            elif m == "Network.requestWillBeSent":
                url = p.get("request", {}).get("url", "")
                urls[p.get("requestId")] = url
                if url != self.url and not url.startswith(("data:", "about:")):
                    requests.append(url)
        for w in warnings:
            print("# warning: %s" % w)
        self.record("console: no errors or uncaught exceptions", not errors,
                    "; ".join(errors) if errors else "none")
        self.record("resources: no failed loads", not failed,
                    "; ".join(failed) if failed else "none")
        self.record("requests: the page fetched no other file or network resource", not requests,
                    "; ".join(requests[:5]) if requests else "none")

    def _screenshot(self, sid):
        name = "screenshot: full-page PNG written"
        try:
            lm = self.cdp.send("Page.getLayoutMetrics", session=sid)
            cs = lm.get("cssContentSize") or lm.get("contentSize")
            w = max(VIEWPORT[0], int(cs["width"] + 0.999))
            full_h = max(1, int(cs["height"] + 0.999))
            h = min(MAX_SHOT_HEIGHT, full_h)
            shot = self.cdp.send("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True, "fromSurface": True,
                "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1},
            }, session=sid, timeout=30)
            data = base64.b64decode(shot["data"])
            self.shot.parent.mkdir(parents=True, exist_ok=True)
            self.shot.write_bytes(data)
            dims = png_size(self.shot)
            ok = dims is not None and dims[0] > 0 and dims[1] > 0
            cut = " (page is %d px high: cut at %d)" % (full_h, h) if h < full_h else ""
            self.record(name, ok, "%s, %dx%d px, %d bytes%s" % (self.shot, dims[0], dims[1], len(data), cut)
                        if ok else "%s is not a valid PNG" % self.shot)
        except (CDPError, HarnessTimeout, OSError, KeyError, ValueError) as e:
            self.record(name, False, str(e))

    def _pdf(self, sid):
        name = "print: PDF written and non-empty"
        try:
            pdf = self.cdp.send("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True},
                                session=sid, timeout=30)
            data = base64.b64decode(pdf["data"])
            self.pdf.write_bytes(data)
            pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
            ok = data.startswith(b"%PDF-") and len(data) > 1000
            self.record(name, ok, "%s, %d bytes%s" % (self.pdf, len(data),
                                                     ", %d pages" % pages if pages > 0 else ""))
        except (CDPError, HarnessTimeout, OSError, KeyError, ValueError) as e:
            self.record(name, False, str(e))


def main(argv):
    if len(argv) != 3:
        print("usage: python3 browser/check.py PAGE.html SCREENSHOT.png", file=sys.stderr)
        return 2
    page, shot = argv[1], argv[2]
    started = time.monotonic()
    run = Run(page, shot)
    if not run.page.is_file():
        run.record("page file exists", False, str(run.page))
        print("0 passed, 1 failed")
        return 1

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        run.record("chromium available", False, "not on PATH: run `bash browser/install.sh` (as root)")
        print("0 passed, 1 failed")
        return 1

    def on_signal(signum, _frame):
        raise Interrupted("signal %d" % signum)

    def on_alarm(_signum, _frame):
        raise HarnessTimeout("total time limit of %.0fs reached" % TOTAL_TIMEOUT)

    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, on_signal)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(max(1, int(TOTAL_TIMEOUT)))

    interrupted = False
    try:
        try:
            run.run(chromium)
        except Interrupted as e:
            interrupted = True
            run.record("harness completed", False, "interrupted by %s" % e)
        except Exception as e:  # HarnessTimeout, CDPError, OSError, ...
            run.record("harness completed", False, "%s: %s" % (type(e).__name__, e))
            tail = ""
            try:
                with open(run.log_path, "rb") as f:
                    tail = f.read()[-2000:].decode("utf-8", "replace")
            except (OSError, AttributeError):
                pass
            if tail:
                print("# chromium log tail:\n" + "\n".join("#   " + l for l in tail.splitlines()))
    finally:
        run.cleanup()

    passed = sum(1 for _, ok, _ in run.results if ok)
    failed = len(run.results) - passed
    print("# total %.1fs" % (time.monotonic() - started))
    print("%d passed, %d failed" % (passed, failed))
    if interrupted:
        return 130
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
