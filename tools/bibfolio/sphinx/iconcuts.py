"""The theme's icon fonts cut in advance, to every icon bibfolio and the theme draw.

Cutting the theme's three icon fonts with fontTools takes 0.4 s (a tenth of a first
build of a small site), each time the site's icons change. A site's icons are nearly
always among those the theme's templates and buttons and bibfolio's profile links
draw, so cuts of the fonts to all of those ship with bibfolio (``static/fonts``, with
the fonts' licence), made by ``nox -s icons``.

A build writes a shipped cut only when it was cut from the very font the installed
theme has (its digest, in ``cuts.json``) and holds every icon the site shows; any
other site (an icon of its own on a page, another version of the theme) has the
theme's font cut to its icons, as before. A shipped cut holds some forty icons more
than a site shows: a few kilobytes, once per visitor.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CUTS = HERE / "static" / "fonts"
MANIFEST = CUTS / "cuts.json"
_NAME = re.compile(r"(?<![\w-])fa-[a-z0-9-]+")


def shipped_cut(name: str, original: bytes, wanted: set[int]) -> bytes | None:
    """The shipped cut of the font ``name``, if it was cut from ``original`` and holds
    every code point ``wanted``; else None."""
    fonts, icons = _manifest()
    if fonts.get(name) != _digest(original) or not wanted <= icons:
        return None
    try:
        return (CUTS / name).read_bytes()
    except OSError:  # a package installed without it: the font is cut as before
        return None


@functools.cache
def _manifest() -> tuple[Mapping[str, str], frozenset[int]]:
    """The digest of the font each cut was made from, and the code points they hold."""
    try:
        found = json.loads(MANIFEST.read_text(encoding="utf-8"))
        fonts = {str(k): str(v) for k, v in found["fonts"].items()}
        icons = frozenset(int(point) for point in found["icons"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, frozenset()
    return fonts, icons


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def drawn_icons(theme_packages: Iterable[Path]) -> set[str]:
    """Every ``fa-*`` name in the theme's templates and code and in bibfolio's (its
    templates, its profile links): more than any one site shows."""
    from bibfolio.render.docutils import DEFAULT_ICON, SERVICE_ICONS  # noqa: PLC0415

    names = {word for icon in (*SERVICE_ICONS.values(), DEFAULT_ICON) for word in icon.split()}
    for folder in (*theme_packages, HERE / "templates"):
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in {".html", ".py"} and path.is_file():
                names.update(_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def make(theme_fonts: Path, css: str, theme_packages: Iterable[Path], out: Path) -> dict[str, Any]:
    """Cut each font of ``theme_fonts`` to the icons of ``drawn_icons`` into ``out``, and
    write the manifest there; the manifest."""
    from bibfolio.sphinx.assets import icon_codepoints, subset_woff2  # noqa: PLC0415

    icons = sorted(icon_codepoints(css, drawn_icons(theme_packages)))
    fonts = {}
    out.mkdir(parents=True, exist_ok=True)
    for font in sorted(theme_fonts.glob("*.woff2")):
        original = font.read_bytes()
        (out / font.name).write_bytes(subset_woff2(original, set(icons)))
        fonts[font.name] = _digest(original)
    manifest = {"fonts": fonts, "icons": icons}
    (out / MANIFEST.name).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def installed_theme() -> tuple[Path, str, list[Path]]:
    """The installed theme's icon fonts folder, its CSS, and its packages' folders."""
    pydata, book = (_package(name) for name in ("pydata_sphinx_theme", "sphinx_book_theme"))
    static = pydata / "theme" / "pydata_sphinx_theme" / "static"
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    return static / "vendor" / "fontawesome" / "webfonts", css, [pydata, book]


def _package(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"{name} is not installed", name=name)
    return Path(spec.origin).parent


def remake() -> str:
    """Cut the installed theme's fonts again into bibfolio's own folder (``nox -s icons``,
    after the theme's fonts changed); what was made, in a line."""
    fonts_folder, css, packages = installed_theme()
    made = make(fonts_folder, css, packages, CUTS)
    return f"{len(made['fonts'])} fonts cut to {len(made['icons'])} icons in {CUTS}"
