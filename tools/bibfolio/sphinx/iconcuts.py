"""The theme's icon fonts cut in advance, to every icon bibfolio and the theme draw.

Cutting the theme's three icon fonts with fontTools takes 0.4 s (a tenth of a first
build of a small site), each time the site's icons change. A site's icons are nearly
always among those the theme's templates, buttons and script and bibfolio's profile
links draw, so cuts of the fonts to all of those ship with bibfolio (``fontcuts/``,
with the fonts' licence; made by ``nox -s icons``, see sphinx/iconmaker.py).

A build writes a shipped cut only when ``cuts.json`` says it was cut from the very font
the installed theme has (its digest), to a set of code points holding every one the
site shows, and the cut is the file recorded there (its digest); any other site (an
icon of its own on a page, another version of the theme) has the theme's font cut to
its icons, as before. A shipped cut holds at most some thirty icons a site does not
show: a few kilobytes, once per visitor.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

CUTS = Path(__file__).parent / "fontcuts"
MANIFEST = CUTS / "cuts.json"


def shipped_cut(name: str, original: bytes, wanted: set[int]) -> bytes | None:
    """The shipped cut of the font ``name``, if it was cut from ``original`` to code points
    including all those ``wanted``, and is as it was made; else None."""
    fonts, icons = _manifest()
    made = fonts.get(name)
    if made is None or made[0] != content_digest(original) or not wanted <= icons:
        return None
    try:
        cut = (CUTS / name).read_bytes()
    except OSError:  # a package installed without it: the font is cut as before
        return None
    return cut if content_digest(cut) == made[1] else None


@functools.cache
def _manifest() -> tuple[Mapping[str, tuple[str, str]], frozenset[int]]:
    """For each cut: the digest of the font it was cut from and its own; the code points
    the fonts were cut to."""
    try:
        found = json.loads(MANIFEST.read_text(encoding="utf-8"))
        fonts = {str(k): (str(v["from"]), str(v["cut"])) for k, v in found["fonts"].items()}
        icons = frozenset(int(point) for point in found["icons"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, frozenset()
    return fonts, icons


def content_digest(data: bytes) -> str:
    """The sha256 of ``data``, as ``cuts.json`` records a font (of no version of bibfolio)."""
    return hashlib.sha256(data).hexdigest()
