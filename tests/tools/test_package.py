"""What a student's ``pip install`` gets: the wheel of the repository's pyproject.toml holds the
package ``bpcourse`` only (no instructor tools, no scripts, no ``bpcourse-assign`` command) and
builds without a deprecation or license warning; ``instructor/pyproject.toml`` (installed into a
checkout's .venv by make.py) holds the tools and the command.

Each wheel is built from a copy of the files (nothing is written into the working tree) with the
build backend of .venv (``--no-build-isolation``: offline, the pinned setuptools)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WARNING = re.compile(r"deprecat|license|warning", re.I)
# the backend's own notes of every build (byte-compiling is off in pip's build env)
HARMLESS = re.compile(r"warning: (build_py|install_lib): byte-compiling is disabled")


def build_wheel(project: Path, tmp: Path) -> tuple[zipfile.ZipFile, list[str]]:
    """The wheel of ``project`` built in ``tmp`` and the lines of pip's verbose output that
    mention a warning, a deprecation or the license."""
    out = tmp / "wheel"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps",
                        "--no-build-isolation", "--no-index", "-w", str(out), str(project)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    lines = (r.stdout + r.stderr).splitlines()
    noise = [ln for ln in lines if WARNING.search(ln) and not HARMLESS.search(ln)
             and "Location 'file:" not in ln]     # pip's index configuration, not the build
    [wheel] = out.glob("*.whl")
    return zipfile.ZipFile(wheel), noise


def copy_repository(tmp: Path) -> Path:
    """The files a build of the repository sees (the package, the tools beside it)."""
    src = tmp / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for d in ("bpcourse", "instructor", "scripts"):
        shutil.copytree(ROOT / d, src / d, ignore=ignore)
    for f in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / f, src / f)
    return src


@pytest.fixture(scope="module")
def student_wheel(tmp_path_factory) -> tuple[zipfile.ZipFile, list[str]]:
    tmp = tmp_path_factory.mktemp("student")
    return build_wheel(copy_repository(tmp), tmp)


def test_the_package_builds_without_a_warning_and_declares_its_license(student_wheel):
    wheel, noise = student_wheel
    assert noise == []          # e.g. SetuptoolsDeprecationWarning: project.license as a TOML table
    [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    fields = wheel.read(metadata).decode().split("\n\n")[0].splitlines()
    assert "License-Expression: MIT" in fields
    assert not [f for f in fields if f.startswith("License:")]      # the deprecated field


def test_a_students_install_gets_bpcourse_and_no_instructor_tool(student_wheel):
    wheel, _ = student_wheel
    names = wheel.namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"bpcourse"}
    modules = {n for n in names if n.endswith(".py")}
    assert "bpcourse/scalar.py" in modules and "bpcourse/widgets/stepper.py" in modules
    assert not [n for n in modules if re.search(r"tools|assign|fold|colab|instructor", n)]
    packaged = {p.relative_to(ROOT).as_posix() for p in (ROOT / "bpcourse").rglob("*.py")}
    assert modules == packaged                     # every module of the package, nothing else
    assert not [n for n in names if n.endswith("entry_points.txt")]   # no command installed


def test_the_instructor_tools_build_into_their_own_wheel_with_the_command(tmp_path):
    wheel, noise = build_wheel(copy_repository(tmp_path) / "instructor", tmp_path)
    assert noise == []
    modules = {n for n in wheel.namelist() if n.endswith(".py")}
    assert modules == {f"instructor/{p.name}" for p in (ROOT / "instructor").glob("*.py")}
    [entry] = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    assert "bpcourse-assign = instructor.assign:main" in wheel.read(entry).decode()
