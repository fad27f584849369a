"""The built portfolio: pages, theme papers, citations, warnings, requests.

On tests/roots/minimal, built once; what each page must show is read from that
project's own data (refs.bib, cv.yaml, the theme pages).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from bibfolio.load.bibtex import parse
from bibfolio.load.pages import read_page
from bibfolio.model.publication import parse_list
from conftest import ROOTS, Build

MINIMAL = ROOTS / "minimal"
DOCS = MINIMAL / "docs"


def data() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCS / "cv.yaml").read_text(encoding="utf-8"))
    return loaded


def themes_in_order() -> list[str]:
    """The theme pages in the order of the overview's toctree."""
    text = (DOCS / "research" / "index.md").read_text(encoding="utf-8")
    overview = read_page(DOCS / "research" / "index.md", DOCS, text)
    (toctree,) = overview.uses("toctree")
    return [line.strip() for line in toctree.body if line.strip()]


def papers_by_theme() -> dict[str, set[str]]:
    """Each theme's papers, as the themes field of refs.bib gives them."""
    found: dict[str, set[str]] = {theme: set() for theme in themes_in_order()}
    for entry in parse((MINIMAL / "refs.bib").read_text(encoding="utf-8")).entries:
        for theme in parse_list(entry.value("themes")):
            found[theme].add(entry.key)
    return found


def listed_keys(page: BeautifulSoup) -> set[str]:
    """Keys of the bibliography entries shown on a page (their anchors are cite-<key>)."""
    return {str(entry["id"]).removeprefix("cite-") for entry in page.select("div.citation[id]")}


def test_build_succeeds_with_zero_warnings(minimal_site: Build) -> None:
    assert minimal_site.returncode == 0, minimal_site.output
    assert minimal_site.warnings == ""
    assert "WARNING" not in minimal_site.output


def test_home_page_shows_owner_position_and_contact(minimal_site: Build) -> None:
    cv = data()
    home = minimal_site.page("index.html")
    text = " ".join(home.get_text(" ").split())
    assert home.h1 is not None
    assert home.h1.get_text(strip=True).rstrip("#") == cv["name"]
    assert f"{cv['position']}, {cv['affiliation']}" in text
    hrefs = {a["href"] for a in home.select("article a[href]")}
    assert cv["contact"]["homepage"] in hrefs


def test_overview_lists_the_themes_in_order_with_descriptions(minimal_site: Build) -> None:
    overview = minimal_site.page("research/index.html")
    terms = overview.select("dl.bibfolio-themes > dt > a")
    themes = papers_by_theme()
    titles = []
    for theme in themes:
        source = (DOCS / "research" / f"{theme}.md").read_text(encoding="utf-8")
        titles.append(read_page(DOCS / "research" / f"{theme}.md", DOCS, source).title)
    assert [a.get_text(strip=True) for a in terms] == titles
    assert [a["href"] for a in terms] == [f"{theme}.html" for theme in themes]
    for description, theme in zip(overview.select("dl.bibfolio-themes > dd"), themes, strict=True):
        source = (DOCS / "research" / f"{theme}.md").read_text(encoding="utf-8")
        written = read_page(DOCS / "research" / f"{theme}.md", DOCS, source)
        count = len(themes[theme])
        said = description.get_text(" ", strip=True)
        assert said.startswith(written.front_matter["description"])
        assert said.endswith(f"{count} paper{'s' if count > 1 else ''}")


@pytest.mark.parametrize("theme", list(papers_by_theme()))
def test_theme_page_lists_exactly_its_papers(minimal_site: Build, theme: str) -> None:
    assert listed_keys(minimal_site.page(f"research/{theme}.html")) == papers_by_theme()[theme]


def test_every_paper_with_a_theme_is_on_a_theme_page(minimal_site: Build) -> None:
    keys = {e.key for e in parse((MINIMAL / "refs.bib").read_text(encoding="utf-8")).entries}
    on_pages = set().union(
        *(listed_keys(minimal_site.page(f"research/{theme}.html")) for theme in papers_by_theme())
    )
    assert on_pages == keys


@pytest.mark.parametrize("theme", list(papers_by_theme()))
def test_every_citation_links_to_an_entry_on_the_same_page(minimal_site: Build, theme: str) -> None:
    page = minimal_site.page(f"research/{theme}.html")
    links = page.select("span.bibtex-citation a")
    assert links, "the theme's prose cites its papers"
    entries = {str(entry["id"]) for entry in page.select("div.citation[id]")}
    for link in links:
        href = str(link["href"])
        assert href.startswith("#"), f"{link.get_text()} leaves the page: {href}"
        assert href[1:] in entries


def test_pages_make_no_third_party_requests(minimal_site: Build) -> None:
    external = re.compile(r"^(https?:)?//", re.IGNORECASE)
    for path in minimal_site.html.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("script[src], link[href], img[src], iframe[src]"):
            address = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not external.match(str(address)), f"{path.name} loads {address}"


def test_home_page_links_the_research_overview(minimal_site: Build) -> None:
    """The home page's (hidden) toctree puts the overview in the site's navigation."""
    hrefs = {a["href"] for a in minimal_site.page("index.html").select("nav a[href]")}
    assert "research/index.html" in hrefs
