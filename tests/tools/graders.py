"""The real autograders for the end-to-end tests: nbgrader 0.9.6 and otter-grader 7.0.0.

Each lives in its own virtual environment, ``.venv/graders/<name>``, made from the pinned
``requirements-graders-<name>.txt`` the first time a test needs it (about two minutes each
with a warm pip cache) and reused while that file is unchanged; the course's own ``.venv``
is never touched. bpcourse reaches the graders' kernels through PYTHONPATH. The Jupyter
config and data folders are redirected into the test's temporary folder, so no user-level
kernel or nbgrader setting takes part.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / ".venv" / "graders"


class Grader:
    """A grader's environment: run its commands with ``run(...)``."""

    def __init__(self, name: str, prefix: Path, scratch: Path):
        self.name, self.prefix = name, prefix
        self.bin = prefix / ("Scripts" if os.name == "nt" else "bin")
        self.env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="0",
                        PATH=f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
                        JUPYTER_CONFIG_DIR=str(scratch / "jupyter-config"),
                        JUPYTER_DATA_DIR=str(scratch / "jupyter-data"), MPLBACKEND="Agg")
        for key in ("VIRTUAL_ENV", "PYTHONHOME", "JUPYTER_PATH"):
            self.env.pop(key, None)

    def run(self, *cmd: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
        """Run ``cmd`` (its first word a program of this environment) in ``cwd``; fail loudly."""
        exe = self.bin / cmd[0]
        r = subprocess.run([str(exe), *cmd[1:]], cwd=cwd, env=self.env, capture_output=True,
                           text=True, timeout=timeout)
        if r.returncode:
            raise AssertionError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stdout[-3000:]}\n"
                                 f"{r.stderr[-5000:]}")
        return r


def environment(name: str, scratch: Path) -> Grader:
    """The environment of grader ``name`` ("nbgrader" or "otter"), created if missing or stale."""
    requirements = ROOT / f"requirements-graders-{name}.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    prefix = HOME / name
    stamp = prefix / "requirements.sha256"
    HOME.mkdir(parents=True, exist_ok=True)
    with open(HOME / f".{name}.lock", "w") as lock:          # one creator at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stamp.exists() and stamp.read_text() == digest):
            start = time.monotonic()
            print(f"\ncreating {prefix} from {requirements.name} (once)", file=sys.stderr)
            venv.EnvBuilder(with_pip=True, clear=True).create(prefix)
            grader = Grader(name, prefix, scratch)
            r = subprocess.run([str(grader.bin / "python"), "-m", "pip", "install", "--quiet",
                                "--disable-pip-version-check", "-r", str(requirements)],
                               env=grader.env, capture_output=True, text=True)
            if r.returncode:
                raise RuntimeError(f"pip could not install {requirements.name}:\n{r.stderr[-3000:]}")
            stamp.write_text(digest)
            print(f"{prefix} ready in {time.monotonic() - start:.0f} s", file=sys.stderr)
    return Grader(name, prefix, scratch)
