"""The sidebar's navigation on every page: its links lead to the pages they name, and only
a page in the table of contents is marked in it.

Pages outside every toctree (a paper's page, an orphan) share one drawing when their
links read the same (tools/bibfolio/sphinx/navigation.py); these pages sit at several
depths and in the folders of toctree pages, where the links read differently.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import copy_root, sphinx_build

ORPHANS = {
    "aside.md": "Aside at the top",
    "notes/aside.md": "Aside beside a listed page",
    "notes/deeper/aside.md": "Aside below a listed page",
    "elsewhere/deeper/aside.md": "Aside two folders down elsewhere",
}
LISTED = ("notes/index.md", "# Notes\n\nA page the home page's toctree lists.\n")


def orphan(title: str) -> str:
    return f"---\norphan: true\n---\n# {title}\n\nA page no table of contents lists.\n"


def title_of(html: Path, page: str) -> str:
    soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("article h1")
    assert heading is not None, page
    return heading.get_text(" ", strip=True).removesuffix("#").strip()


def navigation(html: Path, page: str) -> Tag:
    soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.bd-docs-nav")
    assert nav is not None, page
    return nav


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/roots/minimal with the orphans above, built."""
    folder = tmp_path_factory.mktemp("navigation")
    docs = copy_root("minimal", folder / "project") / "docs"
    index = docs / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("\ncv\n", "\ncv\nnotes/index\n"))
    for name, title in ORPHANS.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(orphan(title), encoding="utf-8")
    (docs / LISTED[0]).write_text(LISTED[1], encoding="utf-8")
    build = sphinx_build(docs, folder / "out")
    assert build.returncode == 0, build.output
    return build.html


def pages(html: Path) -> list[str]:
    """The site's pages, by path from the top (the search and index pages aside)."""
    return sorted(
        path.relative_to(html).as_posix()
        for path in html.rglob("*.html")
        if path.relative_to(html).parts[0] not in {"_static", "_sources"}
        and path.name not in {"search.html", "genindex.html", "404.html"}
    )


def destination(page: str, href: str) -> str:
    """The page a link on ``page`` leads to ("#": the page itself)."""
    return (
        page if href == "#" else posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    )


def test_every_sidebar_link_leads_to_the_page_it_names(html: Path) -> None:
    found = pages(html)
    assert {name.replace(".md", ".html") for name in [*ORPHANS, LISTED[0]]} <= set(found)
    assert any(page.startswith("papers/") for page in found)
    for page in found:
        links = navigation(html, page).select("a[href]")
        assert links, page
        for link in links:
            target = destination(page, str(link["href"]))
            assert (html / target).is_file(), f"{page}: {link['href']} leads nowhere"
            assert title_of(html, target) == link.get_text(" ", strip=True), (page, target)


def test_a_page_is_marked_in_the_sidebar_only_when_the_sidebar_lists_it(html: Path) -> None:
    listed = {
        destination("index.html", str(a["href"]))
        for a in navigation(html, "index.html").select("a[href]")
    }
    assert {"research/learning.html", "notes/index.html"} <= listed
    for page in pages(html):
        marked = [
            a.get_text(" ", strip=True) for a in navigation(html, page).select("li.current > a")
        ]
        if page in listed:
            assert marked[-1:] == [title_of(html, page)], page
        else:
            assert marked == [], page
    links = navigation(html, "research/learning.html").select("li.current > a")
    assert [a.get_text(" ", strip=True) for a in links] == [
        title_of(html, "research/index.html"),
        title_of(html, "research/learning.html"),
    ]
