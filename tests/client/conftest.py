"""Fixtures of the real-client tests: a Jupyter server from .venv, and Chromium driving it.

- ``jupyter``: one Jupyter server (it serves both JupyterLab at /lab and Notebook 7 at
  /notebooks) started from the project's environment on 127.0.0.1 with a random free port, a
  random token and a temporary copy of ``book/`` as its root, no browser. User config, data,
  settings and workspaces live in a temporary folder too (the kernel is .venv's own): default settings, except that the notebook draws
  every cell (``windowingMode: none``, so the test can read every rendered cell) and the news
  pop-up stays away (it would cover the page; it also fetches from the network).
- ``page``: a headless Chromium page (Debian's /usr/bin/chromium, or $BPCOURSE_CHROMIUM);
  the tests skip with a message where there is none.
"""
from __future__ import annotations

import json
import os
import pathlib
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def chromium() -> str | None:
    given = os.environ.get("BPCOURSE_CHROMIUM")
    if given:
        return given if os.access(given, os.X_OK) else None
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, url: str, token: str, root: pathlib.Path, log: pathlib.Path):
        self.url, self.token, self.root, self.log = url, token, root, log

    def page_url(self, path: str) -> str:
        return f"{self.url}/{path}?token={self.token}"


# Module scope: the browser and the server close when tests/client's module ends; Playwright
# itself is the worker's one instance (tests/conftest.py), shared with the site tests.
@pytest.fixture(scope="module")
def page(request):
    exe = chromium()
    if exe is None:
        pytest.skip("no Chromium at /usr/bin/chromium ($BPCOURSE_CHROMIUM unset): "
                    "apt-get install -y chromium; real-client tests skipped")
    p = request.getfixturevalue("playwright_session")
    browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.set_default_timeout(120_000)
    yield pg
    browser.close()


@pytest.fixture(scope="module")
def jupyter(page, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("jupyter")
    root = tmp / "book"
    shutil.copytree(REPO / "book", root, ignore=shutil.ignore_patterns(".*", "_build"))
    for name, values in SETTINGS.items():
        f = tmp / "settings" / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}   # inline figures
    env.update(JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), PYTHONHASHSEED="0",
               # no user config or kernelspec (a user's "python3" could be another Python)
               JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"))
    log = tmp / "server.log"
    bin_dir = pathlib.Path(sys.executable).parent
    cmd = [str(bin_dir / "jupyter"), "lab", "--no-browser", "--ServerApp.open_browser=False",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.allow_root=True", "--LabApp.expose_app_in_browser=True",
           "--JupyterNotebookApp.expose_app_in_browser=True"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the Jupyter server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the Jupyter server did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.3)
        yield Server(url, token, root, log)
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
