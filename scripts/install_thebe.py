#!/usr/bin/env python3
"""Install thebe (the live code of the site) from the npm registry into tools/thebe/node_modules.

    python3 scripts/install_thebe.py            install it unless it is there (exit 1 on failure)
    python3 scripts/install_thebe.py --if-possible   the same, but only a note when npm is missing
                                                 or the registry does not answer (exit 0)

Only thebe's own, already bundled ``lib/`` is needed (111 chunks, 3.4 MB without source maps):
``npm pack thebe@<version>`` fetches that one tarball (3.9 MB, about 1 s) through npm (its
cache, registry and proxy settings), its sha512 is checked against the integrity pinned in
``tools/thebe/package.json``, and ``package/lib`` is unpacked to
``tools/thebe/node_modules/thebe/lib`` (git-ignored). A full ``npm install thebe`` would also
fetch its 959 build dependencies (580 MB, nearly 2 minutes) that the bundle does not use.
``_ext/bpcourse_live_code.py`` copies the lib into each built site (``_static/thebe/``).
Standard library only: ``make.py`` runs it before building the site.
"""
from __future__ import annotations

import base64
import hashlib
import json
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools" / "thebe"
PACKAGE = json.loads((TOOLS / "package.json").read_text(encoding="utf-8"))
VERSION: str = PACKAGE["dependencies"]["thebe"]
INTEGRITY: str = PACKAGE["bpcourse"]["thebe-integrity"]
TARGET = TOOLS / "node_modules" / "thebe"
LIB = TARGET / "lib"
STAMP = TARGET / ".bpcourse-integrity"


def installed() -> bool:
    """True when thebe's lib of the pinned version and integrity is unpacked."""
    return (LIB / "index.js").exists() and STAMP.exists() and STAMP.read_text() == INTEGRITY


def integrity(path: pathlib.Path) -> str:
    """npm's integrity string of a file: 'sha512-' + base64 of its SHA-512."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch(workdir: pathlib.Path) -> pathlib.Path:
    """``npm pack thebe@VERSION`` into workdir; the tarball, its integrity checked."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed (e.g. apt-get install npm)")
    r = subprocess.run([npm, "pack", f"thebe@{VERSION}", "--pack-destination", str(workdir),
                        "--silent"], capture_output=True, text=True)
    tarballs = list(workdir.glob("thebe-*.tgz"))
    if r.returncode or len(tarballs) != 1:
        raise RuntimeError(f"npm pack thebe@{VERSION} failed: {r.stderr.strip()[-400:]}")
    got = integrity(tarballs[0])
    if got != INTEGRITY:
        raise RuntimeError(f"thebe@{VERSION}: integrity {got} != pinned {INTEGRITY}")
    return tarballs[0]


def unpack(tarball: pathlib.Path) -> None:
    """package/lib and package.json of the tarball -> tools/thebe/node_modules/thebe."""
    if TARGET.exists():
        shutil.rmtree(TARGET)
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers()
                   if m.name == "package/package.json" or m.name.startswith("package/lib/")]
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}   # 3.10.12+
        tar.extractall(tmp, members=members, **safe)
        shutil.copytree(pathlib.Path(tmp) / "package", TARGET)
    STAMP.write_text(INTEGRITY)


def install() -> None:
    """Install thebe unless it is there (RuntimeError when it cannot be fetched)."""
    if installed():
        return
    print(f"installing thebe {VERSION} (npm pack) into {TARGET.relative_to(ROOT)}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        unpack(fetch(pathlib.Path(tmp)))


def main(argv: list[str]) -> int:
    try:
        install()
    except RuntimeError as err:
        if "--if-possible" in argv:
            print(f"note: {err}; the site is built without live code (its 'Live code' "
                  "button says how to get a kernel)", flush=True)
            return 0
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
