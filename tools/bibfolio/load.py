"""Reading the project's input files: the one module that opens them."""

from __future__ import annotations

import re
from pathlib import Path

# "@type{key," or "@type(key," at any position; BibTeX ignores text between entries.
_ENTRY_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^\s,{}()\"#%'=]+)\s*,")


def entry_locations(path: Path) -> dict[str, tuple[int, int]]:
    """Map each entry key (lower-cased, as BibTeX compares keys) to its 1-based line and column."""
    text = path.read_text(encoding="utf-8-sig")
    locations: dict[str, tuple[int, int]] = {}
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    line = 0
    for match in _ENTRY_HEAD.finditer(text):
        if match.group(1).lower() in {"string", "preamble", "comment"}:
            continue
        while line + 1 < len(line_starts) and line_starts[line + 1] <= match.start():
            line += 1
        locations.setdefault(
            match.group(2).lower(), (line + 1, match.start() - line_starts[line] + 1)
        )
    return locations
