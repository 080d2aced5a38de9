#!/usr/bin/env python3
"""The course's two commands. Each creates (or reuses) the virtual environment .venv first.

    python3 make.py book     build the site into _build/html (warnings are errors)
    python3 make.py test     run every test: package tests, nbval over each chapter, the book build
    python3 make.py test --quick   the quick subset (about 40 s): the package and chapter logic;
                                   no kernel, browser, nbval or site build (see CONTRIBUTING.md)

Other tasks (they also set up .venv):

    python3 make.py lab          open the chapters in JupyterLab (MyST rendered by jupyterlab-myst)
    python3 make.py notebook     open the chapters in Notebook 7
    python3 make.py execute      re-run every chapter notebook and store its outputs
    python3 make.py bench        the speed benchmark (benchmarks/bench.py)
    python3 make.py student OUT  the student version of the chapters (no solutions) in OUT
    python3 make.py book-student the site without solutions, in _build/student/html
    python3 make.py pdf          the whole book as one PDF, _build/pdf/book.pdf (builds the site
                                 first if _build/html is missing; also copied to _build/html/)
    python3 make.py pdf --student   the same without solutions, _build/pdf/book-student.pdf
    python3 make.py serve [--port PORT]   the built site at http://127.0.0.1:PORT/ (8000) with a
                                 local Jupyter server as the kernel of its "Live code"; Ctrl-C
                                 stops both (builds the site first if _build/html is missing)

The site's live code runs thebe, served with the site: `book`, `book-student`, `test` and
`serve` first unpack it from the npm registry (scripts/install_thebe.py, 4 s, once);
without npm the site is built without it and its "Live code" says how to get a kernel.

Only the Python standard library is used here, so this runs on a fresh machine with Python 3.
"""
from __future__ import annotations

import hashlib
import os
import pathlib
import subprocess
import sys
import venv

ROOT = pathlib.Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
STAMP = VENV / "requirements.sha256"
# the quick subset: tests/ (or the paths given), nbval off, without the tests marked (see
# tests/conftest.py) as needing the site, a browser or a kernel, or as slow
QUICK_TESTS = ["-p", "no:nbval", "-o", "addopts=-p no:cacheprovider",
               "-m", "not site and not browser and not kernel and not slow"]
# the whole suite: 3 worker processes (pytest-xdist; 2 cores: while one waits on a kernel or a
# browser the others compute; 2, 4 and 6 measured no faster), each group of tests on one
# worker, longest groups first (see conftest.py); `make.py test -n 0` runs it in one process
PARALLEL = ["-n", "3", "--no-loadscope-reorder"]


def run(*cmd, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    if kw.pop("through_ctrl_c", False):   # Ctrl-C reaches the child too: let it stop itself
        child = subprocess.Popen([str(c) for c in cmd], cwd=kw.pop("cwd", ROOT), **kw)
        while True:
            try:
                code = child.wait()
                break
            except KeyboardInterrupt:
                continue
        if code:
            sys.exit(code)
        return
    r = subprocess.run([str(c) for c in cmd], cwd=kw.pop("cwd", ROOT), **kw)
    if r.returncode:
        sys.exit(r.returncode)


def ensure_venv() -> None:
    """Create .venv and install requirements.txt (and the instructors' tools, instructor/, which
    students' installs never get) into it, unless it is already up to date."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes()
                            + (ROOT / "pyproject.toml").read_bytes()
                            + (ROOT / "instructor" / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return
    if not PY.exists():
        print(f"creating the virtual environment {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-r", "requirements.txt")
    run(PY, "-m", "pip", "install", "--quiet", "--no-deps", "-e", "instructor")   # bpcourse-assign
    STAMP.write_text(digest)


def ensure_thebe() -> None:
    """thebe (the site's live code) in tools/thebe, from the npm registry, unless it is there;
    without npm only a note (the site is then built without live code)."""
    run(PY, "scripts/install_thebe.py", "--if-possible")


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return
    task, rest = argv[0], argv[1:]
    tasks = ("book", "test", "lab", "notebook", "execute", "bench", "student", "book-student",
             "pdf", "serve")
    if task not in tasks:
        sys.exit(f"unknown task {task!r}; expected one of {', '.join(tasks)}")
    ensure_venv()
    env = dict(os.environ, PYTHONHASHSEED="0")
    if task in ("book", "book-student", "serve") or (task == "test" and "--quick" not in rest):
        ensure_thebe()
    if task == "book":
        run(BIN / "jupyter-book", "build", ".", "--warningiserror", "--keep-going", *rest)
        print(f"\nThe site is in {ROOT / '_build' / 'html'}; open index.html in a browser.")
    elif task == "test":
        if "--quick" in rest:
            rest = [a for a in rest if a != "--quick"]
            given_paths = [a for a in rest if (ROOT / a.split("::")[0]).exists()]
            rest = QUICK_TESTS + ([] if given_paths else ["tests"]) + rest
        else:   # set-up: the real autograders' own environments (tests/tools/graders.py)
            run(PY, "tests/tools/graders.py", env=env)
            if not any(a == "-n" or a.startswith(("-n", "--numprocesses")) for a in rest):
                rest = PARALLEL + rest
        run(PY, "-m", "pytest", *rest, env=env)
    elif task == "lab":
        run(BIN / "jupyter", "lab", "book", *rest)
    elif task == "notebook":
        run(BIN / "jupyter", "notebook", "--ServerApp.root_dir=book", *rest)
    elif task == "execute":
        run(PY, "scripts/execute_notebooks.py", *(rest or ["--all"]), env=env)
    elif task == "bench":
        run(PY, "benchmarks/bench.py", *rest)
    elif task == "student":
        run(PY, "-m", "instructor.assign", "book", *rest)
    elif task == "book-student":
        run(PY, "scripts/build_student_site.py", *rest)
    elif task == "pdf":   # printed from the built site (built first if there is none)
        run(PY, "scripts/build_pdf.py", "--build-site", "--copy-to-site", *rest, env=env)
    elif task == "serve":   # the site (built first if there is none) and a Jupyter server
        # serve.py stops its Jupyter server on Ctrl-C: wait for it, never kill it from here
        run(PY, "scripts/serve.py", "--build-site", *rest, through_ctrl_c=True)


if __name__ == "__main__":
    main(sys.argv[1:])
