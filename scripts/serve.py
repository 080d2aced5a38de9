#!/usr/bin/env python3
"""Serve the built site with a local kernel for its live code; Ctrl-C stops both.

    .venv/bin/python scripts/serve.py [--port 8000] [--site _build/html] [--root book]
    (or: python3 make.py serve [--port PORT])

- The site: http://127.0.0.1:PORT/ (a thread of this process, bound to 127.0.0.1 only).
- The kernel: ``jupyter server`` from this Python's environment on another free port of
  127.0.0.1, a random token (passed in its environment), CORS allowed for the site's origin
  only (``allow_origin_pat``: 127.0.0.1 or localhost on PORT), started in ``--root``
  (default ``book/``, so a chapter's cells run where the notebook lives).
- The page learns the server's URL and token from ``/live-config.json``, which only this
  script answers (from memory: nothing is written next to the site, so the plain static site
  has none and its "Live code" says how to get a kernel).

Ctrl-C (SIGINT) or SIGTERM: the Jupyter server is asked to stop (it shuts its kernels down),
killed if it has not within 10 s, and the site stops.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONFIG_PATH = "/live-config.json"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The built site, plus ``/live-config.json`` (the kernel's settings) from memory."""
    live_config: bytes = b"{}"

    def do_GET(self):
        if self.path.split("?")[0] == CONFIG_PATH:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(self.live_config)))
            self.end_headers()
            self.wfile.write(self.live_config)
        else:
            super().do_GET()

    def log_message(self, *args):
        pass


def start_jupyter(root: pathlib.Path, port: int, token: str, origin: str,
                  log) -> subprocess.Popen:
    """``jupyter server`` on 127.0.0.1:port in its own process group (the terminal's Ctrl-C
    reaches this script, which stops it); its log goes to the file ``log``. ``origin`` is a
    regular expression of the site's origins allowed to use it (CORS)."""
    cmd = [sys.executable, "-m", "jupyter_server", "--no-browser",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--ServerApp.allow_origin_pat={origin}",
           f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:   # e.g. in a container
        cmd.append("--allow-root")
    env = dict(os.environ, JUPYTER_TOKEN=token)   # not on the command line (ps shows that)
    return subprocess.Popen(cmd, start_new_session=True, stdout=log, stderr=log, env=env)


def wait_for(url: str, proc: subprocess.Popen, log, seconds: float = 60) -> None:
    """Wait until ``url`` answers (RuntimeError if the process dies or time runs out)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"jupyter server exited ({proc.returncode}): "
                               f"{log.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"jupyter server did not answer {url} within {seconds} s")


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM (the server shuts its kernels down), SIGKILL after 10 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def interrupt(signum, frame) -> None:
    """SIGINT (Ctrl-C) and SIGTERM stop the script."""
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8000, help="the site's port (0: any free one)")
    ap.add_argument("--site", type=pathlib.Path, default=ROOT / "_build" / "html")
    ap.add_argument("--root", type=pathlib.Path, default=ROOT / "book",
                    help="the Jupyter server's root folder (the kernel's working directory)")
    ap.add_argument("--build-site", action="store_true",
                    help="build the site first (make.py book's command) if it is missing")
    args = ap.parse_args(argv)
    if args.build_site and not (args.site / "index.html").exists():
        subprocess.run([str(pathlib.Path(sys.executable).parent / "jupyter-book"), "build", ".",
                        "--warningiserror", "--keep-going"], cwd=ROOT, check=True)
    if not (args.site / "index.html").exists():
        print(f"no built site in {args.site}: run python3 make.py book first", file=sys.stderr)
        return 1
    if not (args.site / "_static" / "thebe" / "index.js").exists():
        print("note: this site was built without thebe (python3 scripts/install_thebe.py, "
              "needs npm): its 'Live code' will only say how to get a kernel", flush=True)
    handler = functools.partial(SiteHandler, directory=str(args.site.resolve()))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    site = f"http://127.0.0.1:{httpd.server_address[1]}"
    jport, token = free_port(), secrets.token_hex(24)
    base = f"http://127.0.0.1:{jport}/"
    SiteHandler.live_config = json.dumps(
        {"baseUrl": base, "wsUrl": f"ws://127.0.0.1:{jport}/", "token": token,
         "kernelName": "python3"}).encode()
    log = tempfile.TemporaryFile()
    port = httpd.server_address[1]   # the page may be opened as 127.0.0.1 or localhost
    origins = rf"^http://(127\.0\.0\.1|localhost):{port}$"
    jupyter = start_jupyter(args.root.resolve(), jport, token, origins, log)
    signal.signal(signal.SIGINT, interrupt)    # even where a shell started us with it ignored
    signal.signal(signal.SIGTERM, interrupt)
    serving = threading.Thread(target=httpd.serve_forever, daemon=True)
    try:
        wait_for(base + "api", jupyter, log)
        serving.start()
        print(f"The site with live code: {site}/  (kernel: jupyter server at {base}, "
              f"root {args.root}); Ctrl-C stops both.", flush=True)
        while jupyter.poll() is None:
            time.sleep(0.5)
        print(f"jupyter server exited ({jupyter.returncode}); stopping the site",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopping the site and the jupyter server", flush=True)
        return 0
    except RuntimeError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    finally:
        stop(jupyter)
        if serving.is_alive():
            httpd.shutdown()
        httpd.server_close()
        log.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
