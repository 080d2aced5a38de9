"""The real autograders for the end-to-end tests: nbgrader 0.9.6 and otter-grader 7.0.0.

Each lives in its own virtual environment, ``.venv/graders/<name>``, made from the pinned
``requirements-graders-<name>.txt`` and reused while that file is unchanged; the course's own
``.venv`` is never touched. The first test that needs a grader creates every missing one, the
installs running side by side (about 5 minutes on the project's machine with a cold pip cache).
bpcourse reaches the graders' kernels through PYTHONPATH. The Jupyter config and data folders
are redirected into the test's temporary folder, so no user-level kernel or nbgrader setting
takes part. ``BPCOURSE_GRADERS_HOME`` moves the environments elsewhere (to time a cold start).
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
HOME = Path(os.environ.get("BPCOURSE_GRADERS_HOME", ROOT / ".venv" / "graders"))
NAMES = ("nbgrader", "otter")


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


def _digest(name: str) -> str:
    return hashlib.sha256((ROOT / f"requirements-graders-{name}.txt").read_bytes()).hexdigest()


def _stamp(name: str) -> Path:
    return HOME / name / "requirements.sha256"


def environment(name: str, scratch: Path) -> Grader:
    """The environment of grader ``name``; every missing or stale one is (re)created first."""
    HOME.mkdir(parents=True, exist_ok=True)
    with open(HOME / ".lock", "w") as lock:                   # one creator at a time
        fcntl.flock(lock, fcntl.LOCK_EX)
        stale = [n for n in NAMES if not (_stamp(n).exists() and _stamp(n).read_text() == _digest(n))]
        if stale:
            start = time.monotonic()
            print(f"\ncreating {', '.join(str(HOME / n) for n in stale)} (once)", file=sys.stderr)
            installs = {}
            for n in stale:
                venv.EnvBuilder(with_pip=True, clear=True).create(HOME / n)
                grader = Grader(n, HOME / n, scratch)
                installs[n] = subprocess.Popen(
                    [str(grader.bin / "python"), "-m", "pip", "install", "--quiet",
                     "--disable-pip-version-check", "-r", str(ROOT / f"requirements-graders-{n}.txt")],
                    env=grader.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n, process in installs.items():
                _, err = process.communicate()
                if process.returncode:
                    raise RuntimeError(f"pip could not install requirements-graders-{n}.txt:\n"
                                       f"{err[-3000:]}")
                _stamp(n).write_text(_digest(n))
            print(f"ready in {time.monotonic() - start:.0f} s", file=sys.stderr)
    return Grader(name, HOME / name, scratch)


if __name__ == "__main__":
    # `python3 make.py test` runs this first, as set-up: the graders' environments are made
    # (or found up to date) before the suite starts, so the suite's time is the tests' own.
    import tempfile
    if sys.version_info >= (3, 11):                           # the pins are for 3.11+
        with tempfile.TemporaryDirectory() as scratch:
            environment(NAMES[0], Path(scratch))
