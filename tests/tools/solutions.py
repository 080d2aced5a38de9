"""Where a chapter's solutions are: one scanner for the tests that look for leaked solutions."""
from __future__ import annotations

import re

MARKER = re.compile(r"#+\s*(BEGIN|END) SOLUTION")


def split_lines(nb) -> tuple[set[str], set[str]]:
    """(stripped lines inside solutions - code regions and {solution} blocks -, lines outside)."""
    inside, outside = set(), set()
    for cell in nb.cells:
        state = None
        for line in cell.source.splitlines():
            s = line.strip()
            if cell.cell_type == "code" and MARKER.search(s):
                state = "code" if "BEGIN" in s else None
            elif cell.cell_type == "markdown" and re.match(r"(`{3,}|:{3,})\{solution\}", s):
                state = re.match(r"(`{3,}|:{3,})", s)[1]
            elif state not in (None, "code") and s == state:
                state = None
            else:
                (inside if state else outside).add(s)
    return inside, outside
