"""The icon fonts a site publishes: the cuts bibfolio ships when they hold every icon the
site shows, else the theme's fonts cut to the site's own icons."""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools.ttLib import TTFont

from bibfolio.sphinx.assets import icon_codepoints
from bibfolio.sphinx.iconcuts import CUTS, installed_theme, make
from conftest import ROOTS, run_bibfolio

WEBFONTS = Path("docs/_build/html/_static/vendor/fontawesome/webfonts")
CSS = Path("docs/_build/html/_static/styles/pydata-sphinx-theme.css")


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


def test_the_shipped_cuts_are_the_installed_themes_fonts_cut_to_every_icon_drawn(
    tmp_path: Path,
) -> None:
    """Made again from the theme installed now, the cuts are byte for byte those shipped."""
    made = make(*installed_theme(), tmp_path)
    shipped = sorted(p.name for p in CUTS.iterdir() if p.suffix in {".woff2", ".json"})
    assert shipped == sorted(p.name for p in tmp_path.iterdir())
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (CUTS / name).read_bytes(), (
            f"{name} differs: the theme's icon fonts changed; `nox -s icons` cuts them again"
        )
    assert len(made["icons"]) > 30  # the theme's buttons and bibfolio's profile links


def test_a_site_showing_only_the_icons_bibfolio_and_the_theme_draw_gets_the_shipped_cuts(
    tmp_path: Path,
) -> None:
    project = built(tmp_path)
    for font in ("fa-solid-900.woff2", "fa-brands-400.woff2", "fa-regular-400.woff2"):
        assert (project / WEBFONTS / font).read_bytes() == (CUTS / font).read_bytes(), font
    cmap = TTFont(project / WEBFONTS / "fa-solid-900.woff2").getBestCmap()
    assert 0xF0C9 in cmap, "the menu's icon (fa-bars)"


def test_an_icon_of_the_sites_own_is_in_the_font_cut_for_the_site(tmp_path: Path) -> None:
    """An icon no shipped cut holds (one a page names itself) is in the site's font: the
    theme's font is cut to the site's icons, that one among them."""
    project = built(tmp_path, '<span class="fa-solid fa-dragon"></span>')
    css = (project / CSS).read_text(encoding="utf-8")
    dragon = icon_codepoints(css, ["fa-dragon"]) - icon_codepoints(css, [])
    assert dragon
    solid = project / WEBFONTS / "fa-solid-900.woff2"
    assert dragon <= set(TTFont(solid).getBestCmap())
    assert solid.read_bytes() != (CUTS / solid.name).read_bytes()
    assert solid.stat().st_size < 10_000, "cut to the icons used (the theme's is 115 KB)"
