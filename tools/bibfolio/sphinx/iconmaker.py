"""Make the icon font cuts that ship with bibfolio (``nox -s icons``; see sphinx/iconcuts.py).

Not used by a build: run again when the theme's fonts, or the icons bibfolio or the
theme draw, change (a test compares the shipped cuts with the installed theme's).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bibfolio.render.docutils import DEFAULT_ICON, SERVICE_ICONS
from bibfolio.sphinx.assets import (
    TEMPLATES,
    THEME_SCRIPTS,
    icon_classes,
    icon_codepoints,
    subset_woff2,
)
from bibfolio.sphinx.iconcuts import CUTS, MANIFEST, content_digest


def drawn_icons(theme_packages: Iterable[Path]) -> set[str]:
    """Every ``fa-*`` name in the theme's templates, code and own scripts (those a build
    reads for icons, ``THEME_SCRIPTS``), and in bibfolio's templates and profile links:
    more than any one site shows."""
    names = {word for icon in (*SERVICE_ICONS.values(), DEFAULT_ICON) for word in icon.split()}
    scripts = {Path(script).name for script in THEME_SCRIPTS}
    for folder in (*theme_packages, TEMPLATES):
        for path in sorted(Path(folder).rglob("*")):
            drawing = path.suffix in {".html", ".py"} or path.name in scripts
            if drawing and path.is_file():
                names.update(icon_classes(path.read_text(encoding="utf-8", errors="replace")))
    return names


def make(theme_fonts: Path, css: str, theme_packages: Iterable[Path], out: Path) -> dict[str, Any]:
    """Cut each font of ``theme_fonts`` to the icons of ``drawn_icons`` into ``out``, and
    write the manifest there; the manifest."""
    icons = sorted(icon_codepoints(css, drawn_icons(theme_packages)))
    fonts = {}
    out.mkdir(parents=True, exist_ok=True)
    for font in sorted(theme_fonts.glob("*.woff2")):
        original = font.read_bytes()
        cut = subset_woff2(original, set(icons))
        (out / font.name).write_bytes(cut)
        fonts[font.name] = {"from": content_digest(original), "cut": content_digest(cut)}
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


if __name__ == "__main__":
    made = make(*installed_theme(), CUTS)
    sys.stdout.write(f"{len(made['fonts'])} fonts cut to {len(made['icons'])} icons in {CUTS}\n")
