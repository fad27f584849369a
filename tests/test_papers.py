"""How papers render: CV labels, marks, awards, lines; paper pages and their Scholar tags."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import Build, one, seed, text_of

SEED_LEGEND = "Authors with * contributed equally to the work, and † represents alphabetical order."
KEYS_BY_LABEL = {
    "P5": "sun2025contextfolding",
    "P4": "lu2025summarization",
    "P3": "lu2025momentum",
    "P2": "lu2025robustassortment",
    "P1": "han2025assortment",
    "C11": "chen2025testtime",
    "C10": "chen2025singleindex",
    "C9": "liu2024rlhf",
    "C8": "lu2024drrl",
    "C7": "lu2024benign",
    "C6": "blanchet2023doublepessimism",
    "C5": "liu2023maximize",
    "C4": "lu2023pessimism",
    "C3": "liu2022welfare",
    "C2": "lu2022pruning",
    "C1": "kuang2022robust",
}


def seed_entries() -> dict[str, str]:
    """The September 2025 CV's publication entries by label, as plain text.

    The seed is a text extraction of the CV: '**' marks bold and '[†]' a
    superscript dagger; both are normalised away before comparing.
    """
    body = seed("000").split(SEED_LEGEND, 1)[1]
    parts = re.split(r"(?:^|\s)(?:-\s+)?\[([PC]\d+)\]\s*", body)
    entries = {}
    for label, text in zip(parts[1::2], parts[2::2], strict=True):
        entries[label] = " ".join(text.replace("**", "").replace("[†]", "†").split())
    return entries


def shown_entries(page: BeautifulSoup) -> dict[str, Any]:
    return {
        text_of(one(entry, ".bibfolio-label")).strip("[]"): entry
        for entry in page.select(".bibfolio-entry")
    }


def entry_text(entry: Any) -> str:
    """Title, authors and the lines after them, as the CV writes an entry."""
    parts = [
        one(entry, ".bibfolio-title"),
        one(entry, ".bibfolio-authors"),
        *entry.select(".bibfolio-line"),
    ]
    return " ".join(text_of(part) for part in parts if part is not None)


def test_publications_page_matches_the_cv_entry_for_entry(site: Build) -> None:
    expected = seed_entries()
    shown = shown_entries(site.page("publications.html"))
    assert list(shown) == list(expected), "same labels, same order (newest first per group)"
    for label, text in expected.items():
        assert entry_text(shown[label]) == text, label


def test_owner_is_bold_and_only_the_owner(site: Build) -> None:
    for label, entry in shown_entries(site.page("publications.html")).items():
        bold = [text_of(b) for b in entry.select(".bibfolio-authors strong")]
        assert bold == ["Miao Lu"], label


def test_awards_are_bold(site: Build) -> None:
    shown = shown_entries(site.page("publications.html"))
    awards = {
        label: [text_of(a) for a in e.select(".bibfolio-award")] for label, e in shown.items()
    }
    assert awards["C10"] == ["Oral presentation", "Oral presentation"]
    assert awards["C5"] == ["Spotlight"]
    assert awards["C2"] == ["Spotlight"]
    assert sum(map(len, awards.values())) == 4


def test_groups_have_titles_and_counts(site: Build) -> None:
    headings = [text_of(h) for h in site.page("publications.html").select(".bibfolio-group")]
    assert headings == ["Preprints (5)", "Conference papers (11)"]


def test_legend_on_every_page_with_a_mark_and_only_there(site: Build) -> None:
    for path in site.html.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        marks = {text_of(m) for m in page.select("article .bibfolio-mark")}
        legends = page.select("article .bibfolio-legend")
        if not marks:
            assert legends == [], path
            continue
        assert len(legends) == 1, path
        legend = legends[0]
        # "* equal contribution" on the site's pages; the CV page keeps the CV's sentence.
        for mark, meaning in (("*", "equal"), ("†", "alphabetical order")):
            if any(mark in m for m in marks):
                said = text_of(legend)
                assert mark in said, path
                assert meaning in said, path


def test_same_label_on_every_page(site: Build) -> None:
    """Theme pages (citations and bibliographies), publications and paper pages agree."""
    for label, key in KEYS_BY_LABEL.items():
        paper_page = site.page(f"papers/{key}/index.html")
        assert text_of(one(paper_page, ".bibfolio-paper-page .bibfolio-label")) == f"[{label}]"
    seen = 0
    for path in (site.html / "research").glob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for entry in page.select("div.citation[id]"):
            key = str(entry["id"]).removeprefix("cite-")
            label = text_of(one(entry, ".label")).strip("[]")
            assert KEYS_BY_LABEL[label] == key
            seen += 1
        for ref in page.select("span.bibtex-citation a"):
            key = str(ref["href"]).removeprefix("#cite-")
            assert KEYS_BY_LABEL[text_of(ref)] == key
    assert seen == 18, "16 papers, two of them on two theme pages"


def test_theme_page_entries_have_the_same_body_as_the_publications_page(site: Build) -> None:
    shown = shown_entries(site.page("publications.html"))
    page = site.page("research/robust-rl.html")
    for entry in page.select("div.citation[id]"):
        label = text_of(one(entry, ".label")).strip("[]")
        assert entry_text(entry) == entry_text(shown[label])


def scholar(page: BeautifulSoup, name: str) -> list[str]:
    return [str(m["content"]) for m in page.select(f'head meta[name="{name}"]')]


@pytest.mark.parametrize(("label", "key"), KEYS_BY_LABEL.items())
def test_every_paper_has_a_page_with_google_scholar_tags(site: Build, label: str, key: str) -> None:
    page = site.page(f"papers/{key}/index.html")
    entry = shown_entries(site.page("publications.html"))[label]
    title = text_of(one(entry, ".bibfolio-title"))
    assert text_of(one(page, "article h1")).rstrip("#") == title
    assert scholar(page, "citation_title") == [title]
    authors = [a.strip().rstrip("*†") for a in text_of(one(entry, ".bibfolio-authors")).split(",")]
    inverted = scholar(page, "citation_author")
    assert len(inverted) == len(authors) >= 1
    for shown_name, tag in zip(authors, inverted, strict=True):
        last, first = tag.split(", ", 1)
        assert shown_name == f"{first} {last}", "one tag per author, in order, 'Last, First'"
    assert scholar(page, "citation_publication_date") == [
        "2025/02" if label == "P1" else re.findall(r"20\d\d", key)[0]
    ]
    if label.startswith("C"):
        venue = text_of(one(entry, ".bibfolio-venue"))
        assert scholar(page, "citation_conference_title") == [venue.rsplit(" 20", 1)[0]]
    assert scholar(page, "citation_pdf_url") == [], "no PDF is served from the paper's folder"
    data = json.loads(one(page, 'script[type="application/ld+json"]').string)
    assert data["@type"] == "ScholarlyArticle"
    assert data["headline"] == title
    assert [a["name"] for a in data["author"]] == authors


def test_paper_page_shows_citation_bibtex_and_themes(site: Build) -> None:
    page = site.page("papers/liu2024rlhf/index.html")
    article = one(page, "article")
    assert text_of(one(article, ".bibfolio-paper-page .bibfolio-label")) == "[C9]"
    bibtex = one(article, ".bibfolio-bibtex").get_text()
    assert bibtex.startswith("@inproceedings{liu2024rlhf,")
    assert "author" in bibtex
    assert "booktitle" in bibtex
    for own in ("themes", "equalcontrib", "presented", "award"):
        assert own not in bibtex, "the portfolio's own fields are left out"
    themes = [text_of(a) for a in article.select(".bibfolio-themes-of-paper a")]
    assert themes == [
        "Reinforcement learning for LLM agents and training",
        "Reinforcement learning from human feedback for LLMs",
    ]
    assert page.select('script[src*="copybutton.js"]'), "copy button"


def test_publications_theme_filter_works_without_javascript(site: Build) -> None:
    page = site.page("publications.html")
    box = one(page, ".bibfolio-publications")
    radios = box.find_all("input", recursive=False)
    assert radios[0]["id"] == "bibfolio-all"
    assert len(radios) == 7
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
