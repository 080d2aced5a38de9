"""Live code on the page (_ext/bpcourse_live_code.py, scripts/serve.py), in headless Chromium.

- With ``scripts/serve.py`` (what ``python3 make.py serve`` runs) on free ports: a chapter's
  "Live code" connects to the local Jupyter server, every code cell gets a run button, running
  the first cells redraws their outputs from the kernel (the text the notebook stored, which
  nbval checks a fresh run reproduces), an edited cell prints what the kernel computes, and no
  request leaves 127.0.0.1; a widget's callback runs in the kernel and updates its view. SIGINT
  then stops the script, its Jupyter server and the kernel.
- On the plain static site (no serve script): "Live code" says in one line how to get a kernel.
"""
from __future__ import annotations

import os
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time

import nbformat
import pytest

from browser_session import Visit

pytestmark = [pytest.mark.site, pytest.mark.browser, pytest.mark.kernel]

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import install_thebe  # noqa: E402

CHAPTER = "book/01_introduction"
#: a slider (at 3) whose callback writes twice its value into a label
WIDGET_CELL = """import ipywidgets as w
s, label = w.IntSlider(value=3), w.Label()
s.observe(lambda change: setattr(label, "value", f"twice {change.new * 2}"), "value")
display(w.VBox([s, label]))"""
READY = re.compile(r"The site with live code: (http://127\.0\.0\.1:\d+/)")


def page_cells_outputs(doc: str) -> list[str]:
    """The stored text (stdout) of each code cell shown on the page, in page order."""
    nb = nbformat.read(REPO / f"{doc}.ipynb", as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "remove-cell" in cell.metadata.get("tags", []):
            continue
        texts.append("".join(o.get("text", "") for o in cell.outputs
                             if o.output_type == "stream" and o.name == "stdout"))
    return texts


def family(pid: int) -> set[int]:
    """pid and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        found.add(p)
        todo.extend(children.get(p, []))
    return found


def alive(pid: int) -> bool:
    try:
        state = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def live_site(site_html):
    """scripts/serve.py on a free port over the session's built site: (process, base URL)."""
    if not install_thebe.installed():
        pytest.skip("thebe is not installed (python3 scripts/install_thebe.py needs npm)")
    assert (site_html / "_static" / "thebe" / "index.js").exists(), \
        "thebe is installed but the built site has no _static/thebe/index.js"
    proc = subprocess.Popen([sys.executable, str(REPO / "scripts" / "serve.py"), "--port", "0",
                             "--site", str(site_html)], stdout=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    end = time.monotonic() + 60
    while not any(READY.search(ln) for ln in lines):
        assert proc.poll() is None and time.monotonic() < end, f"serve.py: {lines}"
        time.sleep(0.1)
    base = next(READY.search(ln).group(1) for ln in lines if READY.search(ln))
    try:
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def press_live_code(visit: Visit) -> str:
    """Open the launch menu, press "Live code", wait for its status line; its text."""
    page = visit.page
    page.locator(".dropdown-launch-buttons button.dropdown-toggle").click()
    page.locator(".btn-live-code").click()
    page.wait_for_selector(".bpcourse-live-ready, .bpcourse-live-none", timeout=30_000)
    return page.inner_text("#bpcourse-live-status .bpcourse-live-text")


def test_live_code_runs_cells_against_the_local_kernel(browser, live_site):
    proc, base = live_site
    stored = page_cells_outputs(CHAPTER)
    visit = Visit(browser, base, CHAPTER + ".html").open()
    page = visit.page
    try:
        status = press_live_code(visit)
        assert page.locator(".bpcourse-live-ready").count(), status
        assert page.locator(".thebe-run-button").count() == len(stored)
        first = min(3, len(stored))
        for i in range(first):          # run the first cells, in order, as a reader would
            page.locator(".thebe-run-button").nth(i).click()
        printed = [i for i in range(first) if stored[i].strip()]
        assert printed, f"none of the first {first} cells of {CHAPTER} prints"
        for i in printed:               # the kernel's stdout (the stored copy is text/html)
            page.wait_for_function(
                """([i, text]) => [...document.querySelectorAll('[data-output]')[i]
                     .querySelectorAll('[data-mime-type="application/vnd.jupyter.stdout"]')]
                     .some(e => e.innerText.includes(text))""",
                arg=[i, stored[i].strip().splitlines()[0]], timeout=30_000)
        errors = page.evaluate("""n => [...document.querySelectorAll('[data-output]')]
            .slice(0, n).map(e => e.querySelector('[data-mime-type*="stderr"], .jp-mod-error'))
            .filter(e => e).map(e => e.innerText)""", first)
        assert errors == [], errors
        # an edited cell runs in the kernel: its output is what Python computes
        page.evaluate("""() => document.querySelectorAll('.thebe-cell .CodeMirror')[1]
                             .CodeMirror.setValue('print(sum(range(7)) * 2, np.pi)')""")
        page.locator(".thebe-run-button").nth(1).click()
        expected = f"{sum(range(7)) * 2} {3.141592653589793}"
        page.wait_for_function(
            """text => [...document.querySelectorAll('[data-output]')[1]
                 .querySelectorAll('[data-mime-type="application/vnd.jupyter.stdout"]')]
                 .some(e => e.innerText.includes(text))""", arg=expected, timeout=30_000)
        # a widget works live: moving the slider runs its callback in the kernel, which
        # updates the label (a Label, as the stepper's, goes through the MathJax 2 shim)
        page.evaluate("""code => document.querySelectorAll('.thebe-cell .CodeMirror')[2]
                             .CodeMirror.setValue(code)""", WIDGET_CELL)
        page.locator(".thebe-run-button").nth(2).click()
        handle = page.locator("[data-output] .widget-slider .noUi-handle").first
        handle.wait_for(timeout=30_000)
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            """text => [...document.querySelectorAll('[data-output] .widget-label')]
                 .some(e => e.innerText.includes(text))""",
            arg=f"twice {(3 + 1) * 2}", timeout=15_000)
        assert visit.blocked == [], f"requests left 127.0.0.1: {visit.blocked}"
    finally:
        visit.close()
    # Ctrl-C (SIGINT) stops the script, its Jupyter server and the kernel it started
    processes = family(proc.pid)
    assert len(processes) >= 3, f"serve.py, jupyter server and a kernel: {processes}"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(30) == 0
    end = time.monotonic() + 15
    while any(alive(p) for p in processes) and time.monotonic() < end:
        time.sleep(0.2)
    assert not [p for p in processes if alive(p)], "processes left after SIGINT"


def test_live_code_without_a_server_says_how_to_get_a_kernel(browser, server):
    visit = Visit(browser, server, CHAPTER + ".html").open()
    try:
        status = press_live_code(visit)
        assert visit.page.locator(".bpcourse-live-none").count(), status
        assert "\n" not in status.strip()
        for way in ("python3 make.py serve", "Binder", "Colab"):
            assert way in status, status
        assert visit.page.locator(".thebe-run-button").count() == 0
        assert visit.blocked == [], f"requests left 127.0.0.1: {visit.blocked}"
    finally:
        visit.close()


def test_make_serve_as_written_starts_both_servers_and_ctrl_c_stops_them(site_html):
    """`python3 make.py serve` (README), with --port/--site for isolation: the site and its
    live-config answer, the Jupyter server behind it answers with the token, and Ctrl-C (SIGINT to
    the process group, as a terminal sends it) ends make.py with 0 and leaves no process."""
    import json
    import urllib.request
    proc = subprocess.Popen([sys.executable, str(REPO / "make.py"), "serve", "--port", "0",
                             "--site", str(site_html)], cwd=REPO, stdout=subprocess.PIPE,
                            text=True, start_new_session=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    try:
        end = time.monotonic() + 90
        while not any(READY.search(ln) for ln in lines):
            assert proc.poll() is None and time.monotonic() < end, f"make.py serve: {lines}"
            time.sleep(0.1)
        base = next(READY.search(ln).group(1) for ln in lines if READY.search(ln))
        with urllib.request.urlopen(base + "book/01_introduction.html", timeout=10) as r:
            assert r.status == 200 and b"Live code" in r.read()
        with urllib.request.urlopen(base + "live-config.json", timeout=10) as r:
            config = json.loads(r.read())
        assert config["baseUrl"].startswith("http://127.0.0.1:") and config["token"]
        request = urllib.request.Request(config["baseUrl"] + "api/status",
                                         headers={"Authorization": f"token {config['token']}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            assert r.status == 200 and "started" in json.loads(r.read())
        processes = family(proc.pid)
        assert len(processes) >= 3, f"make.py, serve.py and the Jupyter server: {processes}"
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(30) == 0
        end = time.monotonic() + 15
        while any(alive(p) for p in processes) and time.monotonic() < end:
            time.sleep(0.2)
        assert not [p for p in processes if alive(p)], "processes left after Ctrl-C"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
