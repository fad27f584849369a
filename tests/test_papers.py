"""How papers render: labels, marks, awards, groups; paper pages and their Scholar tags.

On tests/roots/minimal, built once; what each page must show is read from its
refs.bib (labels from its publications page, checked against every other page).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from bibfolio.load.bibtex import Entry, parse
from bibfolio.load.pages import read_page
from bibfolio.model.fields import PORTFOLIO_FIELDS
from bibfolio.model.publication import parse_list
from bibfolio.model.text import latex_to_text
from conftest import (
    ROOTS,
    Build,
    bold_authors,
    build_root,
    entries_by_label,
    entry_text,
    one,
    sphinx_build,
    text_of,
)

MINIMAL = ROOTS / "minimal"
ENTRIES = {e.key: e for e in parse((MINIMAL / "refs.bib").read_text(encoding="utf-8")).entries}


def theme_title(theme: str) -> str:
    path = MINIMAL / "docs" / "research" / f"{theme}.md"
    return read_page(path, MINIMAL / "docs", path.read_text(encoding="utf-8")).title


def keys_by_label(site: Build) -> dict[str, str]:
    """Label -> key, as the publications page gives them (each entry links its paper page)."""
    found = {}
    for label, entry in entries_by_label(site.page("publications.html")).items():
        details = [str(a["href"]) for a in entry.select(".bibfolio-links a")]
        page = next(href for href in details if href.endswith("/index.html"))
        found[label] = page.removeprefix("papers/").removesuffix("/index.html")
    return found


def test_every_paper_is_listed_once(minimal_site: Build) -> None:
    assert sorted(keys_by_label(minimal_site).values()) == sorted(ENTRIES)


def test_owner_is_bold_and_only_the_owner(minimal_site: Build) -> None:
    owner = yaml.safe_load((MINIMAL / "docs" / "cv.yaml").read_text(encoding="utf-8"))["name"]
    bold = bold_authors(minimal_site.page("publications.html"))
    assert bold == {key: [owner] for key in bold}


def test_awards_are_bold(minimal_site: Build) -> None:
    by_label = keys_by_label(minimal_site)
    for label, entry in entries_by_label(minimal_site.page("publications.html")).items():
        award = ENTRIES[by_label[label]].value("award")
        assert [text_of(a) for a in entry.select(".bibfolio-award")] == (
            [latex_to_text(award)] if award else []
        ), label
        assert all(a.name == "strong" for a in entry.select(".bibfolio-award")), label


def test_groups_have_titles_and_counts(minimal_site: Build) -> None:
    headings = [
        text_of(h) for h in minimal_site.page("publications.html").select(".bibfolio-group")
    ]
    assert headings == ["Preprints (1)", "Journal articles (1)", "Conference papers (1)"]


def test_marks_follow_the_fields(minimal_site: Build) -> None:
    by_label = keys_by_label(minimal_site)
    for label, entry in entries_by_label(minimal_site.page("publications.html")).items():
        source = ENTRIES[by_label[label]]
        names = text_of(one(entry, ".bibfolio-authors")).split(", ")
        equal = {int(p) for p in parse_list(source.value("equalcontrib"))}
        alphabetical = source.value("alphabetical") == "true"
        assert equal or alphabetical or not any(n.endswith(("*", "†")) for n in names), label
        for position, name in enumerate(names, start=1):
            marks = name[len(name.rstrip("*†")) :]
            assert ("*" in marks) == (position in equal), (label, name)
            assert ("†" in marks) == alphabetical, (label, name)


def test_legend_on_every_page_with_a_mark_and_only_there(minimal_site: Build) -> None:
    with_marks = 0
    for path in minimal_site.html.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        marks = {text_of(m) for m in page.select("article .bibfolio-mark")}
        legends = page.select("article .bibfolio-legend")
        if not marks:
            assert legends == [], path
            continue
        with_marks += 1
        assert len(legends) == 1, path
        legend = legends[0]
        for mark, meaning in (("*", "equal"), ("†", "alphabetical order")):
            if any(mark in m for m in marks):
                said = text_of(legend)
                assert mark in said, path
                assert meaning in said, path
    assert with_marks >= 3, "the publications, CV and theme pages show marks"


def test_same_label_on_every_page(minimal_site: Build) -> None:
    """Theme pages (citations and bibliographies), publications and paper pages agree."""
    by_label = keys_by_label(minimal_site)
    for label, key in by_label.items():
        paper_page = minimal_site.page(f"papers/{key}/index.html")
        assert text_of(one(paper_page, ".bibfolio-paper-page .bibfolio-label")) == f"[{label}]"
    seen = 0
    for path in (minimal_site.html / "research").glob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for entry in page.select("div.citation[id]"):
            key = str(entry["id"]).removeprefix("cite-")
            label = text_of(one(entry, ".label")).strip("[]")
            assert by_label[label] == key
            seen += 1
        for ref in page.select("span.bibtex-citation a"):
            key = str(ref["href"]).removeprefix("#cite-")
            assert by_label[text_of(ref)] == key
    assert seen == sum(len(parse_list(e.value("themes"))) for e in ENTRIES.values())


def test_theme_page_entries_have_the_same_body_as_the_publications_page(
    minimal_site: Build,
) -> None:
    shown = entries_by_label(minimal_site.page("publications.html"))
    for path in (minimal_site.html / "research").glob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for entry in page.select("div.citation[id]"):
            label = text_of(one(entry, ".label")).strip("[]")
            assert entry_text(entry) == entry_text(shown[label])


def scholar(page: BeautifulSoup, name: str) -> list[str]:
    return [str(m["content"]) for m in page.select(f'head meta[name="{name}"]')]


def publication_date(entry: Entry) -> str:
    from bibfolio.model.publication import MONTH_NUMBERS  # noqa: PLC0415

    month = entry.value("month").strip().lower()
    return f"{entry.value('year')}/{MONTH_NUMBERS[month]:02d}" if month else entry.value("year")


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_every_paper_has_a_page_with_google_scholar_tags(minimal_site: Build, key: str) -> None:
    page = minimal_site.page(f"papers/{key}/index.html")
    label = {k: v for v, k in keys_by_label(minimal_site).items()}[key]
    entry = entries_by_label(minimal_site.page("publications.html"))[label]
    source = ENTRIES[key]
    title = text_of(one(entry, ".bibfolio-title"))
    assert title == latex_to_text(source.value("title"))
    assert text_of(one(page, "article h1")).rstrip("#") == title
    assert scholar(page, "citation_title") == [title]
    authors = [a.strip().rstrip("*†") for a in text_of(one(entry, ".bibfolio-authors")).split(",")]
    inverted = scholar(page, "citation_author")
    assert len(inverted) == len(authors) >= 1
    for shown_name, tag in zip(authors, inverted, strict=True):
        last, first = tag.split(", ", 1)
        assert shown_name == f"{first} {last}", "one tag per author, in order, 'Last, First'"
    assert scholar(page, "citation_publication_date") == [publication_date(source)]
    if source.type == "inproceedings":
        assert scholar(page, "citation_conference_title") == [source.value("booktitle")]
    if source.type == "article":
        assert scholar(page, "citation_journal_title") == [source.value("journal")]
    local = source.value("pdf") if "://" not in source.value("pdf") else ""
    assert scholar(page, "citation_pdf_url") == ([Path(local).name] if local else []), (
        "only a PDF published from the paper's folder is given to Scholar"
    )
    data = json.loads(one(page, 'script[type="application/ld+json"]').string)
    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"] == title
    assert [a["name"] for a in data["author"]] == authors


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_paper_page_shows_citation_bibtex_and_themes(minimal_site: Build, key: str) -> None:
    page = minimal_site.page(f"papers/{key}/index.html")
    article = one(page, "article")
    source = ENTRIES[key]
    bibtex = one(article, ".bibfolio-bibtex").get_text()
    assert bibtex.startswith(f"@{source.type}{{{key},")
    assert "author" in bibtex
    own = [f.name for f in source.fields if f.name in PORTFOLIO_FIELDS]
    assert own, "the fixture's entries use bibfolio's own fields"
    for name in own:
        assert f"{name} " not in bibtex, "the portfolio's own fields are left out"
    themes = [text_of(a) for a in article.select(".bibfolio-themes-of-paper a")]
    assert themes == [theme_title(t) for t in parse_list(source.value("themes"))]
    assert page.select('script[src*="copybutton.js"]'), "copy button"


def test_publications_theme_filter_works_without_javascript(minimal_site: Build) -> None:
    page = minimal_site.page("publications.html")
    box = one(page, ".bibfolio-publications")
    radios = box.find_all("input", recursive=False)
    assert radios[0]["id"] == "bibfolio-all"
    themes = sorted({t for e in ENTRIES.values() for t in parse_list(e.value("themes"))})
    assert sorted(str(r["id"]).removeprefix("bibfolio-") for r in radios[1:]) == themes
    rules = box.find("style").string
    papers = one(box, ".bibfolio-papers")
    assert papers.find_previous_sibling("input") is not None, "the inputs precede the list"
    for radio in radios[1:]:
        theme = str(radio["id"]).removeprefix("bibfolio-")
        assert (
            f"#bibfolio-{theme}:checked ~ .bibfolio-papers .bibfolio-entry:not(.bibfolio-theme-{theme})"
            in rules
        )
        assert box.select(f".bibfolio-entry.bibfolio-theme-{theme}"), theme


def _source_links(page: BeautifulSoup) -> list[str]:
    return [str(a["href"]) for a in page.select("a[href]") if "_sources" in str(a["href"])]


def test_a_paper_page_offers_no_source_but_a_theme_page_does(minimal_site: Build) -> None:
    """A paper page's source is bibfolio's directive, the same for every paper: the site
    holds no copy of it and its download menu offers printing only."""
    html = minimal_site.html
    assert not (html / "_sources" / "papers").exists()
    for key in ENTRIES:
        page = minimal_site.page(f"papers/{key}/index.html")
        assert _source_links(page) == [], key
        assert page.select(".dropdown-download-buttons [onclick*='window.print']"), key
    theme = minimal_site.page("research/structure.html")
    assert _source_links(theme) == ["../_sources/research/structure.md"]
    assert (html / "_sources/research/structure.md").is_file()


def test_a_rebuild_takes_away_a_paper_page_source_an_earlier_build_published(
    tmp_path: Path,
) -> None:
    """As after an upgrade from a version that copied them (every page is then written
    again): the copy and the folders it leaves empty go; a theme page's stays."""
    site = build_root("minimal", tmp_path)
    key = min(ENTRIES)
    stale = site.html / "_sources" / "papers" / key / "index.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("an earlier build's copy\n", encoding="utf-8")
    again = sphinx_build(tmp_path / "minimal" / "docs", tmp_path / "out", "-E")
    assert again.returncode == 0, again.warnings
    assert not (site.html / "_sources" / "papers").exists()
    assert (site.html / "_sources/research/structure.md").is_file()
