"""A data file that says what real researchers' CVs say, built for real.

On tests/roots/realcv, whose data uses every option for it: label groups by venue
and by key, news written by hand, links in text, sections of dated entries, talks
without a title, selected papers, profiles by service with a photo, several
positions. What the pages and the PDF must show is read from that project's data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bibfolio.load.settings import read_settings
from bibfolio.pipeline import load_project
from bibfolio.site.pdf import cv_source
from bibfolio.sphinx.assets import icon_codepoints
from conftest import ROOTS, Build, build_root, entries_by_label, one, root_data, text_of

REALCV = ROOTS / "realcv"


def data() -> dict[str, Any]:
    return root_data("realcv")


@pytest.fixture(scope="module")
def realcv(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = build_root("realcv", tmp_path_factory.mktemp("realcv"))
    assert build.returncode == 0, build.output
    assert build.warnings == ""
    return build


@pytest.fixture(scope="module")
def typst() -> str:
    project = load_project(read_settings(REALCV), portfolio=True)
    assert project.problems == []
    assert project.cv is not None
    assert project.portfolio is not None
    return cv_source(project.cv, project.portfolio)


def test_label_groups_take_entries_by_venue_and_by_key(realcv: Build) -> None:
    page = realcv.page("publications.html")
    headings = [text_of(h).split(" (")[0] for h in page.select(".bibfolio-group")]
    assert headings == [group["title"] for group in data()["labels"]], "the data's order"
    labels = entries_by_label(page)
    for group in data()["labels"]:
        for key in group.get("papers", []):  # the group named by key takes the entry
            entry = one(page, f"#paper-{key}")
            assert text_of(one(entry, ".bibfolio-label")).startswith(f"[{group['prefix']}")
        for word in group.get("venues", []):  # ... and entries whose venue has the word
            named = [label for label, entry in labels.items() if word in text_of(entry).lower()]
            assert named
            assert all(label.startswith(group["prefix"]) for label in named)


def test_news_written_and_made_each_once_newest_first_nothing_ahead(realcv: Build) -> None:
    page = realcv.page("index.html")
    items = [text_of(li) for li in page.select("ul.bibfolio-news li")]
    updated = str(data()["updated"])
    shown = [item for item in data()["news"] if str(item["date"]) <= updated]
    ahead = [item for item in data()["news"] if str(item["date"]) > updated]
    assert ahead, "the fixture has an item dated after 'updated'"
    for item in ahead:
        assert not any(item["text"].split(" (")[0][:20] in said for said in items)
    for item in shown:  # written items are shown, their links kept
        text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", item["text"]).replace("*", "")
        words = " ".join(text.split("[@")[0].split()[:2])  # the words before a citation
        assert any(words in said for said in items), words
    assert page.select("ul.bibfolio-news a[href='https://example.org/prize']")
    talk = data()["sections"][1]["items"][0]
    assert sum(talk["title"] in said for said in items) == 1, "a talk is news once"
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    def when(said: str) -> tuple[int, int]:
        date = said.split(" · ", maxsplit=1)[0].split()
        return (int(date[-1]), months.index(date[0][:3]) + 1 if len(date) == 2 else 0)

    assert [when(s) for s in items] == sorted((when(s) for s in items), reverse=True)
    # The workshop paper's own item is left out: a written item of its year tells of it.
    workshop = one(page, "ul.bibfolio-news").select("a[href='papers/lcv2024workshop/index.html']")
    assert len(workshop) == 1
    sources = set(data()["news_from"])
    assert "positions" not in sources
    assert not any("Assistant Professor" in said for said in items), "news_from leaves them out"


def test_profile_has_every_position_the_links_with_icons_and_the_photo(realcv: Build) -> None:
    page = realcv.page("index.html")
    positions = [text_of(p) for p in page.select("p.bibfolio-position")]
    assert positions == [f"{r['position']}, {r['affiliation']}" for r in data()["positions"]]
    links = page.select("p.bibfolio-profiles a.bibfolio-profile")
    profiles = data()["contact"]["profiles"]
    with_address = [p for p in profiles if "id" in p or "url" in p]
    assert len(links) == len(with_address), "a profile without an address is not linked"
    for link, profile in zip(links, with_address, strict=True):
        href = str(link["href"])
        assert href.startswith("https://")
        if "id" in profile:
            assert profile["id"].lstrip("@") in href
        icon = one(link, "span.bibfolio-icon")
        assert any(name.startswith("fa-") and name != "fa-brands" for name in icon["class"])
    assert "https://orcid.org/0000-0002-1825-0097" in {a["href"] for a in links}
    photo = one(page, "img.bibfolio-photo")
    assert photo["alt"] == data()["name"]
    assert (realcv.html / photo["src"]).is_file()


def test_home_page_lists_the_selected_papers(realcv: Build) -> None:
    page = realcv.page("index.html")
    shown = {str(e["id"]).removeprefix("paper-") for e in page.select(".bibfolio-entry")}
    bib = (REALCV / "refs.bib").read_text(encoding="utf-8")
    selected = set(re.findall(r"@\w+\{(\w+),[^@]*?selected\s*=\s*\{(?:true|yes)\}", bib))
    assert selected
    assert shown == selected
    assert not page.select(".bibfolio-publications .bibfolio-group"), "no group headings"


def test_entries_sections_and_untitled_talks_on_the_page_and_in_the_pdf(
    realcv: Build, typst: str
) -> None:
    page = realcv.page("cv.html")
    for section in data()["sections"]:
        if section["type"] != "entries":
            continue
        part = one(page, f"section#cv-{section['title'].lower()}")
        rows = [text_of(r) for r in part.select(".bibfolio-cv-entry > .bibfolio-cv-row")]
        assert len(rows) == len(section["items"])
        assert f'#section("{section["title"]}")' in typst
    press = one(page, "section#cv-press")
    assert press.select("a[href='https://news.example.org/rea']")
    assert '#link("https://news.example.org/rea")[#"Interview in Fixture News";]' in typst
    untitled = next(item for item in data()["sections"][1]["items"] if "title" not in item)
    venue = untitled["events"][0]["venue"]
    talks = one(page, "section#cv-talks")
    assert any(venue in text_of(row) for row in talks.select(":scope > .bibfolio-cv-row"))
    assert f'#row[#"{venue}, ' in typst
    assert one(realcv.page("talks.html"), "section.bibfolio-talk h2:-soup-contains('Untitled')")


def test_text_prints_as_written_on_the_page_and_in_the_pdf(realcv: Build, typst: str) -> None:
    hostile = data()["sections"][2]["items"][2]["title"]
    page = realcv.page("cv.html")
    assert any(hostile in text_of(row) for row in page.select("section#cv-press .bibfolio-cv-row"))
    assert not page.select("section#cv-press b")
    escaped = hostile.replace("\\", "\\\\").replace('"', '\\"')
    assert f'#"{escaped}"' in typst
    summary = one(realcv.page("index.html"), "p.bibfolio-summary")
    assert one(summary, "a.reference.external")["href"].endswith("?a=1&b=2")


def test_schema_in_docs_knows_every_new_key() -> None:
    schema = (Path(__file__).parents[1] / "docs" / "cv.schema.json").read_text(encoding="utf-8")
    for key in ("positions", "news", "news_from", "photo", "entries", "venues", "service"):
        assert f'"{key}"' in schema


def test_search_engines_read_every_position_and_profile(realcv: Build) -> None:
    (script,) = realcv.page("index.html").select('script[type="application/ld+json"]')
    person = json.loads(script.get_text())
    roles = data()["positions"]
    assert person["jobTitle"] == roles[0]["position"]
    assert [place["name"] for place in person["affiliation"]] == [r["affiliation"] for r in roles]
    links = realcv.page("index.html").select("p.bibfolio-profiles a.bibfolio-profile")
    assert person["sameAs"] == [str(a["href"]) for a in links]


def test_the_icon_font_keeps_the_icons_of_the_profiles(realcv: Build) -> None:
    from fontTools.ttLib import TTFont  # noqa: PLC0415

    static = realcv.html / "_static"
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    font = TTFont(static / "vendor" / "fontawesome" / "webfonts" / "fa-brands-400.woff2")
    kept = set(font.getBestCmap())
    brands = icon_codepoints(css, ["fa-orcid", "fa-github", "fa-bluesky"])
    assert brands - icon_codepoints(css, [])
    assert brands - icon_codepoints(css, []) <= kept, "the theme's own icons are in other fonts"
