"""What a page loads: the templates over sphinx-book-theme's, per-page scripts, the icon font.

* ``templates/`` overrides a few of the theme's templates (see each file): no
  fontawesome.js, search scripts on the search page only, one working menu button,
  the sidebar's navigation (sphinx/navigation.py).
* The copy-button scripts and style, and the code's colours (pygments.css), load
  only on pages with a code block.
* The icon fonts written to the output hold only the icons the site shows: the
  ``fa-*`` classes in its pages, those the theme's script draws (a banner's close
  button) and the icons the theme's CSS draws by itself (admonitions, external
  links). The theme's solid font is 115 KB; cut, a few KB.
  Cuts to every icon bibfolio and the theme draw ship with bibfolio (sphinx/iconcuts.py):
  a site that shows no other icon gets those, without the 0.4 s of cutting.
* The colour mode follows the system unless the visitor picks one.
"""

from __future__ import annotations

import functools
import json
import logging as std_logging
import os
import re
import time
from collections.abc import Iterable, Mapping
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from bibfolio.load.signature import digest
from bibfolio.site.artifacts import write_if_changed
from bibfolio.sphinx.environment import memo
from bibfolio.sphinx.iconcuts import shipped_cut

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
FAVICON = HERE / "static" / "favicon.svg"
# What only a page with a code block needs: the copy button, the code's colours.
CODE_ONLY = ("clipboard.min.js", "copybutton.js", "copybutton.css", "pygments.css")
FONTS = "_static/vendor/fontawesome/webfonts"
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
# The theme's own scripts, which draw icons too (the close button of a banner: fa-xmark);
# not its fontawesome.js, which names every icon and which no page loads.
THEME_SCRIPTS = ("_static/scripts/pydata-sphinx-theme.js", "_static/scripts/sphinx-book-theme.js")


def configure(app: Sphinx, config: Config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    # pydata-sphinx-theme reads the default colour mode from the page context; without
    # one its script logs "Got invalid theme mode" on every page.
    config.html_context = {"default_mode": "auto", **config.html_context}
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


def page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    has_code = doctree is not None and any(doctree.findall(nodes.literal_block))
    if not has_code:
        # In place: these are the builder's lists, which the theme extends for this page
        # and Sphinx restores after it.
        for key in ("script_files", "css_files"):
            if key in context:
                context[key][:] = [
                    asset for asset in context[key] if _file_name(asset) not in CODE_ONLY
                ]


def _file_name(asset: Any) -> str:
    return Path(str(getattr(asset, "filename", asset)).split("?")[0]).name


# -- the icon font ------------------------------------------------------------------

_ICON_RULE = re.compile(r"((?:\.fa-[a-z0-9-]+,?)+)\{--fa:\"((?:\\[0-9a-fA-F]+|[^\"\\])+)\"")
_PST_ICON = re.compile(r"--pst-icon-[a-z-]+:\"((?:\\[0-9a-fA-F]+|[^\"\\])+)\"")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
# Not r"\bfa-...": a pattern that starts with a literal is searched for as one, 15
# times faster over a page; the word boundary before it is checked on each match.
_CLASS = re.compile(r"fa-[a-z0-9-]+")
_WORD = re.compile(r"\w")


def _css_text(value: str) -> str:
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def icon_codepoints(css: str, icon_names: Iterable[str]) -> set[int]:
    """The code points of the named icons and of those the CSS draws itself."""
    glyphs, drawn = _glyph_table(css)
    text = "".join(glyphs[name] for name in set(icon_names) if name in glyphs) + drawn
    return {ord(char) for char in text}


@functools.lru_cache(maxsize=4)
def _glyph_table(css: str) -> tuple[Mapping[str, str], str]:
    """The theme's icons (class -> text) and the text its CSS draws itself, read once per
    process: 25 ms of every build, a no-op one included, for a CSS that never changes."""
    glyphs: dict[str, str] = {}
    for match in _ICON_RULE.finditer(css):
        for name in match.group(1).split(","):
            if name:
                glyphs[name.removeprefix(".")] = _css_text(match.group(2))
    drawn = "".join(_css_text(m.group(1)) for m in _PST_ICON.finditer(css))
    return MappingProxyType(glyphs), drawn


ICONS_RECORD = "bibfolio-icons.json"  # in the doctree folder: page -> the icons it names
SOURCES = "_sources"  # Sphinx's copies of the pages' sources, in the output: no page there


def note_start(app: Sphinx) -> None:
    """Remember when this build started: the pages it writes are newer (see ``page_icons``)."""
    _STARTED[id(app)] = time.time_ns() - _CLOCK_SLACK


# Pages are known as written by their time, not by an event: in a parallel build (-j) the
# pages are written, and their events run, in other processes. A file system that keeps
# times to the second or two counts a page written just before the build as written: it is
# read again, which costs little and loses nothing.
_STARTED: dict[int, int] = {}
_CLOCK_SLACK = 2_000_000_000  # ns


def page_icons(app: Sphinx) -> dict[str, list[str]]:
    """The icons (``fa-*`` classes) of every page of the output, reading only new pages.

    The record of the earlier builds is kept in the doctree folder; a page this
    build wrote is read again, a page that is gone is dropped.
    """
    out = Path(app.outdir)
    record_path = Path(app.doctreedir) / ICONS_RECORD
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("outdir") != str(out):
            record = {}
    except (OSError, ValueError):
        record = {}
    pages: dict[str, list[str]] = record.get("pages", {}) if record else {}
    started = _STARTED.pop(id(app), 0)
    found = _html_files(out)
    for name, written in found.items():
        if written < started and name in pages:
            continue  # not written by this build: its icons are known
        try:
            html = (out / name).read_text(encoding="utf-8")
        except OSError:
            continue
        pages[name] = icon_classes(html)
    pages = {name: icons for name, icons in pages.items() if name in found}
    write_if_changed(
        record_path, json.dumps({"outdir": str(out), "pages": pages}, sort_keys=True).encode()
    )
    return pages


def icon_classes(html: str) -> list[str]:
    """The ``fa-*`` words of ``html`` (not ``sofa-x``), each once, sorted."""
    found = {
        match.group()
        for match in _CLASS.finditer(html)
        if match.start() == 0 or not _WORD.match(html, match.start() - 1)
    }
    return sorted(found)


def _html_files(out: Path) -> dict[str, int]:
    """Every page of ``out`` (relative, with /) and when it was last written (ns); links
    not followed, and not in the copies of the sources (``_sources``, no page there).
    One listing per folder: a site of 2,000 papers has 2,000 folders of pages."""
    found: dict[str, int] = {}
    pending = [""]
    while pending:
        relative = pending.pop()
        try:
            entries = list(os.scandir(out / relative if relative else out))
        except OSError:
            continue
        for entry in entries:
            name = f"{relative}/{entry.name}" if relative else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if name != SOURCES:
                        pending.append(name)
                elif entry.name.endswith(".html") and entry.is_file(follow_symlinks=False):
                    found[name] = entry.stat(follow_symlinks=False).st_mtime_ns
            except OSError:
                continue  # gone meanwhile
    return found


def subset_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Cut the theme's icon fonts in the output to the icons the site uses."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    css_path = out / THEME_CSS
    fonts = sorted((out / FONTS).glob("*.woff2"))
    if not css_path.is_file() or not fonts:
        return
    names = {icon for icons in page_icons(app).values() for icon in icons}
    names.update(script_icons(out))
    wanted = icon_codepoints(css_path.read_text(encoding="utf-8"), names)
    # Cut from the theme's own files: the output's may be cut already (an earlier build).
    originals = {
        path.name: path
        for folder in app.builder.theme.get_theme_dirs()  # type: ignore[attr-defined]
        for path in (Path(folder) / "static" / FONTS.removeprefix("_static/")).glob("*.woff2")
    }
    kept = memo(app)
    for font in fonts:
        original = originals.get(font.name, font).read_bytes()
        cut = shipped_cut(font.name, original, wanted)
        if cut is None:
            key = digest([original, ",".join(map(str, sorted(wanted)))])
            make = functools.partial(subset_woff2, original, wanted)
            cut = kept.get(f"font-{font.name}", key, make)
        write_if_changed(font, cut)


def script_icons(out: Path) -> list[str]:
    """The icons the theme's scripts in ``out`` draw."""
    found: set[str] = set()
    for script in THEME_SCRIPTS:
        path = out / script
        if path.is_file():
            found.update(icon_classes(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(found)


def subset_woff2(data: bytes, codepoints: set[int]) -> bytes:
    """A WOFF2 font holding only the glyphs of ``codepoints`` it has (maybe none)."""
    from fontTools import subset  # noqa: PLC0415 - loaded once per build, at its end
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    # fontTools reports each step at INFO, which a theme's module (a11y_pygments) prints by
    # configuring Python's root logger: its warnings are all a build needs to show.
    std_logging.getLogger("fontTools").setLevel(std_logging.WARNING)
    font = TTFont(BytesIO(data), recalcTimestamp=False)  # the same bytes from build to build
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    _rename(font)
    out = BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


# Font Awesome's fonts are under the SIL Open Font License 1.1, with the Reserved Font Name
# "Font Awesome": a cut is a modified version, which may not go by that name. The theme's
# CSS names each font face itself, so pages show the same icons.
_RESERVED = (("Font Awesome", "Bibfolio Icons"), ("FontAwesome", "BibfolioIcons"))
_NAME_IDS = frozenset({1, 3, 4, 6, 16})  # family, unique, full, PostScript, typographic family
_LICENCE = (
    (13, "This Font Software is licensed under the SIL Open Font License, Version 1.1."),
    (14, "https://openfontlicense.org"),
)


def _rename(font: Any) -> None:
    """Name the cut ``font`` as a modified version, and say its licence."""
    table = font["name"]
    for record in table.names:
        if record.nameID in _NAME_IDS:
            text = record.toUnicode()
            for reserved, ours in _RESERVED:
                text = text.replace(reserved, ours)
            record.string = text
    for name_id, text in _LICENCE:
        table.setName(text, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English


def setup(app: Sphinx) -> None:
    app.connect("config-inited", configure, priority=450)
    app.connect("html-page-context", page_assets, priority=900)
    app.connect("builder-inited", note_start)
    app.connect("build-finished", subset_fonts)
