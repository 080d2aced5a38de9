"""The Colab install cell of every chapter, written from the repository URL in ``_config.yml``.

Colab copies only the one notebook it opens, so a chapter that imports ``bpcourse`` installs
it first, on Colab only; anywhere else (JupyterLab, Binder, nbval, the site build) the cell
does nothing and prints nothing. ``scripts/sync_colab_cells.py`` writes or checks the cell.
"""
from __future__ import annotations

import pathlib
import re

MARKER = '"google.colab" in sys.modules'


def repository_url(config_path: str | pathlib.Path) -> str:
    """``repository: url:`` of a Jupyter Book ``_config.yml`` (https://github.com/OWNER/REPO)."""
    text = pathlib.Path(config_path).read_text(encoding="utf-8")
    try:
        import yaml
        url = (yaml.safe_load(text).get("repository") or {}).get("url")
    except ImportError:                                   # plain Colab / package-only installs
        m = re.search(r"^repository:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:\s*(\S+)", text, re.M)
        url = m.group(1) if m else None
    if not url:
        raise ValueError(f"{config_path}: no repository url (expected 'repository: url: "
                         "https://github.com/OWNER/REPO')")
    url = str(url).strip().strip("\"'").rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ValueError(f"{config_path}: repository url {url!r} is not "
                         "https://github.com/OWNER/REPO")
    return url


def install_cell_source(url: str) -> str:
    """The source of the Colab cell (CONTRIBUTING.md) for the repository at ``url``."""
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ValueError(f"url must be https://github.com/OWNER/REPO, got {url!r}")
    return ("import sys\n"
            "# on Colab only this notebook is copied: install bpcourse\n"
            f"if {MARKER}:\n"
            f'    %pip install --quiet "bpcourse @ git+{url}"')


def is_install_cell(cell) -> bool:
    """True for a code cell that looks like a Colab install cell (any URL)."""
    return cell.get("cell_type") == "code" and "google.colab" in "".join(cell.get("source", ""))


def toc_files(root: str | pathlib.Path) -> list[str]:
    """The documents of the book's ``_toc.yml`` in order, without suffix (``book/02_mlp``)."""
    import yaml

    toc = yaml.safe_load((pathlib.Path(root) / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))
            walk(e.get("chapters"))
            for part in e.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return [f.rsplit(".", 1)[0] if f.endswith((".ipynb", ".md")) else f for f in files]
