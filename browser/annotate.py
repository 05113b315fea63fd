#!/usr/bin/env python3
"""Drive `sahel-kg annotate` in headless Chromium, as an analyst would.

usage: python3 browser/annotate.py BINARY FIXTURE_SEEDS ONTOLOGY SHOT_DIR

Each scenario copies the fixture corpus to a temporary folder, starts
`BINARY annotate` on it (127.0.0.1, a free port), opens the address it prints
in a fresh headless Chromium (the flags and the DevTools-over-a-pipe client of
check.py) and works the page with the mouse and the keyboard:

1. a fact saved from a mouse selection: the row written to facts.csv, byte for
   byte, and the problem validation finds on that deliberately wrong row shown
   on the page in `sahel-kg validate`'s own words;
2. a not-fact decision recorded: not-facts.csv created with its row, the
   sentence no longer flagged;
3. a save against facts.csv edited behind the server's back: refused with a
   message, the edit kept, nothing else written.

Screenshots go to SHOT_DIR (annotate-form.png, annotate-saved.png, ...), for a
person to look at. Prints PASS/FAIL lines; exit 0 only if every check passed.
"""

import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import base64

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check  # noqa: E402  (the DevTools client and the Chromium launcher)

# check.py's flags, but the server on 127.0.0.1 is reachable: every other host name still
# resolves to "not found" locally, so nothing leaves the machine.
check.CHROMIUM_FLAGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    if f.startswith("--host-resolver-rules=") else f
    for f in check.CHROMIUM_FLAGS
]

TIMEOUT = float(os.environ.get("CHECK_TIMEOUT", "120"))

# The page's sentence to select, its expected fact row and its problem.
SENTENCE = "Le Niger et le Burkina Faso ont signé un pacte de défense mutuelle avec le Mali."
SECOND = "La France et le Niger ont échangé des ambassadeurs en 2019."


class Scenario(check.Run):
    """One browser and one server on a fresh copy of the fixture."""

    def __init__(self, binary, fixture, ontology, shots):
        super().__init__("/dev/null", os.path.join(shots, "unused.png"))
        self.binary, self.fixture, self.ontology = binary, fixture, ontology
        self.shots = pathlib.Path(shots)
        self.server = None
        self.work = None

    # -- set-up --------------------------------------------------------------
    def start(self, chromium):
        self.deadline = time.monotonic() + TIMEOUT - 5
        self.work = tempfile.mkdtemp(prefix="sahel-annotate-test-")
        self.seeds = os.path.join(self.work, "seeds")
        shutil.copytree(self.fixture, self.seeds)
        self.server = subprocess.Popen(
            [self.binary, "annotate", "--seeds", self.seeds, "--ontology", self.ontology],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            preexec_fn=check.set_pdeathsig)
        line = self.server.stdout.readline()
        if "http://127.0.0.1:" not in line:
            raise check.CDPError("annotate printed no address: %r %r" % (line, self.server.stderr.read()))
        self.address = line.split("open ", 1)[1].strip()
        self.base = self.address.split("/?", 1)[0]
        self.token = self.address.split("token=", 1)[1]
        self.launch(chromium)
        target = self.cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.sid = self.cdp.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.cdp.send("Page.enable", session=self.sid)
        self.cdp.send("Runtime.enable", session=self.sid)
        self.cdp.send("Emulation.setDeviceMetricsOverride",
                      {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False},
                      session=self.sid)

    def stop(self):
        self.cleanup()
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGINT)  # what Ctrl-C sends
            try:
                self.server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        if self.work:
            shutil.rmtree(self.work, ignore_errors=True)

    # -- driving the page ----------------------------------------------------
    def js(self, expression):
        res = self.cdp.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                 "awaitPromise": True}, session=self.sid)
        if "exceptionDetails" in res:
            raise check.CDPError("page script failed: %s" % check.remote_text(
                res["exceptionDetails"].get("exception")) or res["exceptionDetails"])
        return res["result"].get("value")

    def wait_for(self, expression, what, timeout=15):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                if self.js(expression):
                    return True
            except check.CDPError:
                pass  # the page is being replaced
            time.sleep(0.1)
        raise check.HarnessTimeout("waited %.0fs for %s" % (timeout, what))

    def open_source(self, source):
        self.cdp.send("Page.navigate", {"url": "%s/source/%s?token=%s" % (self.base, source, self.token)},
                      session=self.sid)
        self.wait_for("document.readyState === 'complete' && !!document.getElementById('data')",
                      "the source page")

    def mouse(self, kind, x, y, buttons):
        self.cdp.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "buttons": buttons, "clickCount": 1},
                      session=self.sid)

    def select_by_mouse(self, sentence):
        """Drag the mouse from the first to the last character of `sentence`."""
        box = self.js("""(() => {
          const runs = Array.from(document.querySelectorAll('#text [data-b]'));
          const all = runs.map(r => r.textContent).join('');
          const at = all.indexOf(%s);
          if (at < 0) return null;
          const point = (offset, end) => {
            let seen = 0;
            for (const r of runs) {
              const t = r.firstChild, n = r.textContent.length;
              if (offset < seen + n || (end && offset === seen + n)) {
                const range = document.createRange();
                const i = offset - seen;
                range.setStart(t, end ? i - 1 : i); range.setEnd(t, end ? i : i + 1);
                const b = range.getBoundingClientRect();
                return end ? [b.right - 1, b.top + b.height / 2] : [b.left + 1, b.top + b.height / 2];
              }
              seen += n;
            }
          };
          return [point(at, false), point(at + %d, true)];
        })()""" % (repr_js(sentence), len(sentence)))
        if not box:
            raise check.CDPError("sentence not on the page: %s" % sentence)
        (x0, y0), (x1, y1) = box
        self.mouse("mouseMoved", x0, y0, 0)
        self.mouse("mousePressed", x0, y0, 1)
        for k in range(1, 6):
            self.mouse("mouseMoved", x0 + (x1 - x0) * k / 5, y0 + (y1 - y0) * k / 5, 1)
        self.mouse("mouseReleased", x1, y1, 0)
        return self.js("window.getSelection().toString()")

    def key(self, key, code, vk, text=None):
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk}
        if text:
            down["text"] = text
        self.cdp.send("Input.dispatchKeyEvent", down, session=self.sid)
        self.cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": key, "code": code,
                                                 "windowsVirtualKeyCode": vk}, session=self.sid)

    def type_text(self, text):
        self.cdp.send("Input.insertText", {"text": text}, session=self.sid)

    def tab(self):
        self.key("Tab", "Tab", 9)

    def screenshot(self, name, scale=1.0):
        params = {"format": "png"}
        if scale != 1.0:
            params["clip"] = {"x": 0, "y": 0, "width": 1280, "height": 800, "scale": scale}
        shot = self.cdp.send("Page.captureScreenshot", params, session=self.sid, timeout=30)
        self.shots.mkdir(parents=True, exist_ok=True)
        (self.shots / name).write_bytes(base64.b64decode(shot["data"]))
        print("# screenshot %s" % (self.shots / name))

    def validate_lines(self):
        run = subprocess.run([self.binary, "validate", "--seeds", self.seeds, "--ontology", self.ontology],
                             capture_output=True, text=True, timeout=60)
        return run.stderr.splitlines()

    def read(self, name):
        with open(os.path.join(self.seeds, name), "rb") as f:
            return f.read()


def repr_js(text):
    import json
    return json.dumps(text)


# --------------------------------------------------------------------------
# The scenarios
# --------------------------------------------------------------------------
def fill_wrong_fact(s):
    """subject niger (typed), memberOf mali: wrong, Mali is no organisation."""
    s.type_text("niger")
    s.js("document.getElementById('relation').value = 'memberOf'")
    s.tab()  # to relation
    s.tab()  # to object
    s.type_text("mali")
    s.js("document.getElementById('strength').value = 'stated'")
    s.js("document.getElementById('subject').focus()")


def a_fact_saved_from_a_mouse_selection_is_written_and_its_problem_shown(s):
    before = s.read("facts.csv")
    s.open_source("doc")
    s.screenshot("annotate-page.png")
    got = s.select_by_mouse(SENTENCE)
    s.record("the mouse selects the sentence", got == SENTENCE, repr(got))
    s.key("a", "KeyA", 65, "a")
    s.wait_for("!document.getElementById('form').hidden", "the form to open")
    focused = s.js("document.activeElement.id")
    s.record("'a' opens the form on the selection, the subject focused",
             focused == "subject" and s.js("document.getElementById('quote').textContent") == SENTENCE,
             "focus on #%s" % focused)
    fill_wrong_fact(s)
    s.screenshot("annotate-form.png")
    s.screenshot("annotate-small.png", 0.6)  # the one docs/annotating.md shows
    s.key("Enter", "Enter", 13, "\r")
    s.wait_for("location.search.includes('done=') && !!document.getElementById('status')", "the save")
    row = ("f2,niger,memberOf,mali,doc,doc-body,%s,,stated,,,\n" % SENTENCE).encode()
    after = s.read("facts.csv")
    s.record("the row is appended to facts.csv, the rows before kept byte for byte",
             after == before + row, repr(after[len(before):]))
    expected = [l for l in s.validate_lines() if "facts.csv:3:" in l]
    shown = s.js("Array.from(document.querySelectorAll('#status li')).map(li => li.textContent)")
    s.record("the problem on the row is shown in validate's words",
             bool(expected) and shown == expected, "shown %r, validate %r" % (shown, expected))
    s.screenshot("annotate-saved.png")
    s.js("document.querySelector('#fact-f2').focus()")
    detail = s.js("document.getElementById('detail').textContent")
    s.record("focusing the fact shows its claim", "niger" in detail and "memberOf" in detail, repr(detail))


def a_not_fact_decision_is_recorded(s):
    s.open_source("doc")
    got = s.select_by_mouse(SECOND)
    s.record("the mouse selects the second sentence", got == SECOND, repr(got))
    s.key("a", "KeyA", 65, "a")
    s.wait_for("!document.getElementById('form').hidden", "the form to open")
    s.js("document.getElementById('notfact').click()")
    s.wait_for("document.activeElement.id === 'reason'", "the reason field")
    s.type_text("An exchange of ambassadors is no alliance")
    s.key("Enter", "Enter", 13, "\r")
    s.wait_for("location.search.includes('done=')", "the decision")
    written = s.read("not-facts.csv")
    expected = ("source,excerpt,reason\ndoc,%s,An exchange of ambassadors is no alliance\n" % SECOND).encode()
    s.record("not-facts.csv holds the decision", written == expected, repr(written))
    flagged = s.js("Array.from(document.querySelectorAll('#text .open')).map(e => e.textContent).join('')")
    s.record("the sentence is no longer flagged", SECOND not in flagged, repr(flagged))


def a_save_against_a_file_edited_meanwhile_is_refused(s):
    s.open_source("doc")
    s.select_by_mouse(SENTENCE)
    s.key("a", "KeyA", 65, "a")
    s.wait_for("!document.getElementById('form').hidden", "the form to open")
    fill_wrong_fact(s)
    # An analyst adds a row in a text editor while the page is open.
    edited = s.read("facts.csv") + b"f9,niger,allyOf,mali,doc,doc-body,pacte de d\xc3\xa9fense mutuelle,,stated,,,\n"
    with open(os.path.join(s.seeds, "facts.csv"), "wb") as f:
        f.write(edited)
    s.key("Enter", "Enter", 13, "\r")
    s.wait_for("document.getElementById('message').textContent !== ''", "the refusal")
    message = s.js("document.getElementById('message').textContent")
    s.record("the save is refused with a message", "changed since this page was loaded" in message, message)
    s.record("the edit made meanwhile is kept, nothing else written", s.read("facts.csv") == edited)
    s.screenshot("annotate-refused.png")


SCENARIOS = [
    a_fact_saved_from_a_mouse_selection_is_written_and_its_problem_shown,
    a_not_fact_decision_is_recorded,
    a_save_against_a_file_edited_meanwhile_is_refused,
]


def main(argv):
    if len(argv) != 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    binary, fixture, ontology, shots = argv[1:]
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        print("FAIL chromium available: not on PATH: run `bash browser/install.sh` (as root)")
        return 1
    passed = failed = 0
    for scenario in SCENARIOS:
        print("# %s" % scenario.__name__.replace("_", " "), flush=True)
        s = Scenario(os.path.abspath(binary), os.path.abspath(fixture), os.path.abspath(ontology), shots)
        try:
            s.start(chromium)
            scenario(s)
        except Exception as e:  # HarnessTimeout, CDPError, OSError, ...
            s.record("scenario completed", False, "%s: %s" % (type(e).__name__, e))
        finally:
            s.stop()
        passed += sum(1 for _, ok, _ in s.results if ok)
        failed += sum(1 for _, ok, _ in s.results if not ok)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
