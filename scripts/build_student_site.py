"""Build the site without solutions into _build/student/html.

    .venv/bin/python scripts/build_student_site.py       (or: python3 make.py book-student)

1. Staging: a temporary folder laid out like the repository root, with
   - ``book/``: the student version of book/ made by ``instructor.assign`` (solution regions
     replaced by ``raise NotImplementedError()``, ``{solution}`` blocks removed, outputs of
     solution cells and of their check cells cleared);
   - ``_config.yml``: a copy with ``execute_notebooks: "off"``. The student notebooks stop at
     their first exercise, so nothing is executed: the pages show the outputs stored in the
     source notebooks, and solution and check cells show none;
   - ``_toc.yml``: a copy, and every other file the configuration needs outside ``book/``: the
     folders of its local Sphinx extensions (``sphinx.local_extensions``, e.g. ``_ext/``), its
     bibliography, logo and favicon;
   - pages marked ``bpcourse: instructors-only`` in their front matter (``book/instructors.md``)
     are replaced by ``instructor.assign`` with a short page saying this is the student
     edition (the chapters may link to it, so it stays, but its examples of solutions do not).
2. ``jupyter-book build`` of the staging folder, warnings as errors.
3. The HTML is moved to ``_build/student/html`` (replacing an older one).

The source tree is only read. Options: ``--root DIR`` (a book root holding _config.yml,
_toc.yml and book/; default: this repository), ``--out DIR`` (default ROOT/_build/student/html),
``--keep-staging`` (print and keep the staging folder, to look at what was built).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))       # instructor/ is run from the checkout (not in bpcourse)
from instructor import assign  # noqa: E402


def stage(root: Path, staging: Path) -> None:
    """Write the student version of ``root`` (config, toc, book/) into ``staging``."""
    assign.assign(root / "book", staging / "book")
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    config["title"] = f"{config.get('title', 'Course')} (student edition)"
    (staging / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False,
                                                        allow_unicode=True), encoding="utf-8")
    shutil.copyfile(root / "_toc.yml", staging / "_toc.yml")
    extra = list(config.get("bibtex_bibfiles", [])) + [config.get("logo"),
                                                       config.get("html", {}).get("favicon")]
    for name in filter(None, extra):          # files the config names outside book/
        if (root / name).is_file() and not (staging / name).exists():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / name, staging / name)
    local = (config.get("sphinx") or {}).get("local_extensions") or {}
    for folder in local.values():             # e.g. bpcourse_site_fixes: _ext
        if (root / folder).is_dir() and not (staging / folder).exists():
            shutil.copytree(root / folder, staging / folder,
                            ignore=shutil.ignore_patterns("__pycache__", ".*"))


def build(root: Path = ROOT, out: Path | None = None, keep_staging: bool = False) -> int:
    """Stage and build the student site into ``out``; return the build's exit code."""
    root = Path(root).resolve()
    out = Path(out) if out else root / "_build" / "student" / "html"
    staging = Path(tempfile.mkdtemp(prefix="bpcourse-student-"))
    try:
        stage(root, staging)
        exe = Path(sys.executable).with_name("jupyter-book")
        cmd = [str(exe) if exe.exists() else "jupyter-book", "build", str(staging),
               "--warningiserror", "--keep-going"]
        print("+", " ".join(cmd), flush=True)
        code = subprocess.run(cmd).returncode
        if code == 0:
            if out.exists():
                shutil.rmtree(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(staging / "_build" / "html"), str(out))
            print(f"\nThe student site (no solutions) is in {out}; open index.html in a browser.")
        return code
    finally:
        if keep_staging:
            print(f"staging folder kept: {staging}")
        else:
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="book root (default: the repo)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the HTML goes (default: ROOT/_build/student/html)")
    parser.add_argument("--keep-staging", action="store_true", help="keep the staging folder")
    args = parser.parse_args(argv)
    try:
        return build(args.root, args.out, args.keep_staging)
    except (assign.Malformed, assign.Refused) as e:
        print(f"build_student_site: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
