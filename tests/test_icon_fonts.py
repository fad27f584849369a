"""The icon fonts a site publishes: the cuts bibfolio ships when they hold every icon the
site shows, else the theme's fonts cut to the site's own icons."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from bibfolio.sphinx import iconcuts
from bibfolio.sphinx.assets import icon_codepoints
from bibfolio.sphinx.iconcuts import CUTS, content_digest, shipped_cut
from bibfolio.sphinx.iconmaker import drawn_icons, installed_theme
from conftest import ROOTS, run_bibfolio

SITE = Path("docs/_build/html")
WEBFONTS = SITE / "_static/vendor/fontawesome/webfonts"
CSS = SITE / "_static/styles/pydata-sphinx-theme.css"
FONTS = ("fa-solid-900.woff2", "fa-brands-400.woff2", "fa-regular-400.woff2")


def built(tmp_path: Path, page_html: str = "") -> Path:
    """The minimal portfolio, its home page ending with ``page_html``, built."""
    project = tmp_path / "site"
    shutil.copytree(ROOTS / "minimal", project)
    if page_html:
        index = project / "docs" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + f"\n{page_html}\n", "utf-8")
    status, output = run_bibfolio(["build"], project)
    assert status == 0, output
    return project


def codepoints(font: Path) -> set[int]:
    return set(TTFont(font).getBestCmap())


def test_the_shipped_cuts_are_the_installed_themes_fonts_cut_to_every_icon_drawn() -> None:
    """Each cut was made from the installed theme's font, holds exactly that font's icons
    among those the manifest lists, which are all that the theme and bibfolio draw (the
    close button of the theme's banners, drawn by its script, among them), and does not
    go by the name Font Awesome reserves."""
    fonts_folder, css, packages = installed_theme()
    manifest = json.loads((CUTS / "cuts.json").read_text(encoding="utf-8"))
    icons = set(manifest["icons"])
    assert icon_codepoints(css, drawn_icons(packages)) <= icons
    assert icon_codepoints(css, ["fa-xmark", "fa-bars", "fa-orcid", "fa-link"]) <= icons
    assert sorted(manifest["fonts"]) == sorted(FONTS)
    for name, made in manifest["fonts"].items():
        original = fonts_folder / name
        assert made["from"] == content_digest(original.read_bytes()), (
            f"the theme's {name} changed: `nox -s icons` cuts the fonts again"
        )
        assert made["cut"] == content_digest((CUTS / name).read_bytes())
        assert codepoints(CUTS / name) == codepoints(original) & icons
        records = TTFont(CUTS / name)["name"].names
        names = {record.toUnicode() for record in records if record.nameID in {1, 4, 6, 16}}
        assert names
        assert not any("Font Awesome" in text or "FontAwesome" in text for text in names)
        assert any("Font Awesome" in r.toUnicode() for r in records if r.nameID == 0), "©"


def test_a_site_showing_only_the_icons_bibfolio_and_the_theme_draw_gets_the_shipped_cuts(
    tmp_path: Path,
) -> None:
    project = built(tmp_path)
    for font in FONTS:
        assert (project / WEBFONTS / font).read_bytes() == (CUTS / font).read_bytes(), font
    published = {path.name for path in (project / SITE).rglob("*")}
    assert not {"cuts.json", "OFL.txt"} & published, "bibfolio's own files stay out of the site"


def test_an_icon_of_the_sites_own_is_in_the_font_cut_for_the_site(tmp_path: Path) -> None:
    """An icon no shipped cut holds (one a page names itself) is in the site's font: the
    theme's font is cut to the site's icons, that one among them, and the icon the
    theme's script draws (a banner's close button)."""
    project = built(tmp_path, '<span class="fa-solid fa-dragon"></span>')
    css = (project / CSS).read_text(encoding="utf-8")
    theme_own = icon_codepoints(css, [])
    dragon = icon_codepoints(css, ["fa-dragon"]) - theme_own
    close = icon_codepoints(css, ["fa-xmark"]) - theme_own
    solid = project / WEBFONTS / "fa-solid-900.woff2"
    assert dragon
    assert close
    assert dragon | close <= codepoints(solid)
    assert solid.read_bytes() != (CUTS / solid.name).read_bytes()
    assert solid.stat().st_size < 10_000, "cut to the icons used (the theme's is 115 KB)"


@pytest.fixture
def theme_solid() -> bytes:
    fonts_folder, _, _ = installed_theme()
    return (fonts_folder / "fa-solid-900.woff2").read_bytes()


def test_a_shipped_cut_is_used_only_for_the_font_it_was_cut_from(theme_solid: bytes) -> None:
    bars = {0xF0C9}
    assert shipped_cut("fa-solid-900.woff2", theme_solid, bars) is not None
    assert shipped_cut("fa-solid-900.woff2", theme_solid + b"\x00", bars) is None
    assert shipped_cut("fa-solid-900.woff2", theme_solid, bars | {0x10FFFF}) is None
    assert shipped_cut("fa-other.woff2", theme_solid, bars) is None


@pytest.mark.parametrize("damage", ["manifest", "cut"])
def test_a_damaged_manifest_or_cut_is_not_used(
    theme_solid: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    folder = tmp_path / "fontcuts"
    shutil.copytree(CUTS, folder)
    if damage == "manifest":
        (folder / "cuts.json").write_text('{"fonts": [1, 2]', encoding="utf-8")
    else:
        cut = folder / "fa-solid-900.woff2"
        cut.write_bytes(cut.read_bytes()[:-10])
    monkeypatch.setattr(iconcuts, "CUTS", folder)
    monkeypatch.setattr(iconcuts, "MANIFEST", folder / "cuts.json")
    iconcuts._manifest.cache_clear()
    try:
        assert shipped_cut("fa-solid-900.woff2", theme_solid, {0xF0C9}) is None
    finally:
        iconcuts._manifest.cache_clear()
