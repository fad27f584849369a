"""User text that looks like markup prints as written on every page (HTML, MyST, JSON-LD)."""

from __future__ import annotations

import json

import pytest

from conftest import Build, build_root, one, text_of

TITLE = (
    '<script>alert("t")</script> <b>bold</b> *stars* _under_ [link](http://evil.example) '
    "`code` #hash @at | $5 & 50% &amp; $x$"
)
VENUE = "Workshop on <img src=x onerror=alert(1)> (WX) 2024"
ABSTRACT = "</details><script>alert(2)</script> ends </p> here"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root("escaping", tmp_path_factory.mktemp("escaping"))


def test_builds_without_warnings(built: Build) -> None:
    assert built.returncode == 0, built.output
    assert built.warnings == ""


@pytest.mark.parametrize("page", ["publications.html", "research/topic.html"])
def test_title_authors_venue_and_abstract_print_as_written(built: Build, page: str) -> None:
    soup = built.page(page)
    paper = one(soup, "article .bibfolio-paper")
    assert text_of(one(paper, ".bibfolio-title")) == TITLE
    assert text_of(one(paper, ".bibfolio-authors")) == "Ada Lovelace, <i>Eve</i> O'Neil"
    assert text_of(one(paper, ".bibfolio-venue")) == VENUE
    assert text_of(one(paper, ".bibfolio-abstract-text")) == ABSTRACT
    article = one(soup, "article")
    assert article.select("script, img, b, i") == [], "no element came from the data"
    assert article.select('a[href="http://evil.example"]') == []


def test_paper_page_title_tags_and_json_ld(built: Build) -> None:
    page = built.page("papers/evil2024/index.html")
    assert text_of(one(page, "article h1")).rstrip("#") == TITLE
    assert [m["content"] for m in page.select('meta[name="citation_title"]')] == [TITLE]
    assert [m["content"] for m in page.select('meta[name="citation_author"]')] == [
        "Lovelace, Ada",
        "O'Neil, <i>Eve</i>",
    ]
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    raw = str(scripts[0].string)
    assert "</" not in raw, "nothing in the data can close the script element"
    assert json.loads(raw)["headline"] == TITLE
    article = one(page, "article")
    assert article.select("script, img, b, i") == []


def test_generated_page_source_holds_no_text_from_the_bibliography(built: Build) -> None:
    """The paper's page is made from the data at build time; its MyST source is fixed text."""
    source = built.html.parent.parent / "escaping" / "papers" / "evil2024" / "index.md"
    text = source.read_text(encoding="utf-8")
    assert "```{paper-page}\n```" in text
    for piece in ("evil2024", "script", "Lovelace", "Workshop", "alert"):
        assert piece not in text


SUMMARY = "\"><script>alert(1)</script> 'single' & </script> ends here"
POSITION = 'Chair of "Quotes" & </script><script>alert(3)</script>'
THEME = '"><script>alert(4)</script> a theme & its </script> paper'


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("index.html", SUMMARY),
        ("research/topic.html", THEME),
        ("papers/evil2024/index.html", ABSTRACT),
    ],
)
def test_descriptions_and_cards_from_the_data_are_inert(
    built: Build, page: str, expected: str
) -> None:
    source = (built.html / page).read_text(encoding="utf-8")
    assert "<script>alert" not in source, "no element came from the data"
    soup = built.page(page)
    assert one(soup, 'meta[name="description"]')["content"] == expected
    assert one(soup, 'meta[property="og:description"]')["content"] == expected
    assert one(soup, 'meta[name="twitter:description"]')["content"] == expected
    assert "Ada Lovelace" in one(soup, 'meta[property="og:image:alt"]')["content"]


def test_person_json_ld_holds_hostile_text_as_data(built: Build) -> None:
    scripts = built.page("index.html").select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    raw = str(scripts[0].string)
    assert "</" not in raw, "nothing in the data can close the script element"
    person = json.loads(raw)
    assert person["@type"] == "Person"
    assert person["jobTitle"] == POSITION
    assert person["description"] == SUMMARY
