#!/usr/bin/env python3
"""Install thebe (the site's live code) from the npm registry into tools/thebe/node_modules.

    python3 scripts/install_thebe.py            install it unless it is there (exit 1 on failure)
    python3 scripts/install_thebe.py --if-possible   the same, but only a note when npm is missing
                                                 or the registry does not answer (exit 0)

Only thebe's own, already bundled ``lib/`` is needed (111 chunks, 3.4 MB without source maps),
and ``require.js``, which thebe's widget manager would otherwise fetch from a CDN. For each
package of ``tools/thebe/package.json``, ``npm pack <name>@<version>`` fetches its one tarball
through npm (its cache, registry and proxy settings; thebe's is 3.9 MB, about 1 s), its sha512
is checked against the integrity pinned there, and the files listed there are unpacked to
``tools/thebe/node_modules/<name>/`` (git-ignored). (``npm install thebe`` would also fetch 959
build dependencies, 580 MB in nearly 2 minutes, that the bundle does not use.)
``_ext/bpcourse_live_code.py`` copies them into each built site (``_static/thebe/``).
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
VERSIONS: dict[str, str] = PACKAGE["dependencies"]
INTEGRITY: dict[str, str] = PACKAGE["bpcourse"]["integrity"]
FILES: dict[str, list[str]] = PACKAGE["bpcourse"]["files"]
MODULES = TOOLS / "node_modules"
THEBE_LIB = MODULES / "thebe" / "lib"
REQUIREJS = MODULES / "requirejs" / "require.js"
STAMP = ".bpcourse-integrity"


def installed(name: str | None = None) -> bool:
    """True when the package (default: every one) of the pinned integrity is unpacked."""
    names = [name] if name else list(VERSIONS)
    stamps = [MODULES / n / STAMP for n in names]
    return all(s.exists() and s.read_text() == INTEGRITY[n] for n, s in zip(names, stamps))


def integrity(path: pathlib.Path) -> str:
    """npm's integrity string of a file: 'sha512-' + base64 of its SHA-512."""
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch(name: str, workdir: pathlib.Path) -> pathlib.Path:
    """``npm pack name@version`` into workdir; the tarball, its integrity checked."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed (e.g. apt-get install npm)")
    spec = f"{name}@{VERSIONS[name]}"
    r = subprocess.run([npm, "pack", spec, "--pack-destination", str(workdir), "--silent"],
                       capture_output=True, text=True)
    tarballs = list(workdir.glob(f"{name}-*.tgz"))
    if r.returncode or len(tarballs) != 1:
        raise RuntimeError(f"npm pack {spec} failed: {r.stderr.strip()[-400:]}")
    got = integrity(tarballs[0])
    if got != INTEGRITY[name]:
        raise RuntimeError(f"{spec}: integrity {got} != pinned {INTEGRITY[name]}")
    return tarballs[0]


def unpack(name: str, tarball: pathlib.Path) -> None:
    """The package's listed files (a name ending in / is a folder) -> node_modules/<name>."""
    target = MODULES / name
    if target.exists():
        shutil.rmtree(target)
    wanted = [f"package/{f}" for f in FILES[name]]
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers()
                   if any(m.name == w or (w.endswith("/") and m.name.startswith(w))
                          for w in wanted)]
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}   # 3.10.12+
        tar.extractall(tmp, members=members, **safe)
        shutil.copytree(pathlib.Path(tmp) / "package", target)
    (target / STAMP).write_text(INTEGRITY[name])


def install() -> None:
    """Install every package that is not there (RuntimeError when one cannot be fetched)."""
    for name in VERSIONS:
        if installed(name):
            continue
        print(f"installing {name} {VERSIONS[name]} (npm pack) into "
              f"{(MODULES / name).relative_to(ROOT)}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            unpack(name, fetch(name, pathlib.Path(tmp)))


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
