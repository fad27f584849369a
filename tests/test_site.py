"""The built portfolio: pages, theme papers, citations, warnings, requests."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from conftest import ROOT, Build

# The research themes of the CV (September 2025, "Research Interests"), with
# the papers it assigns to each, by key. P2 also belongs to the robust theme:
# the CV's research experience and invited talk put it under distributionally
# robust decision-making.
CV_THEMES = {
    "llm-agents": {"liu2024rlhf", "lu2025summarization", "sun2025contextfolding"},
    "sample-efficient-rl": {"lu2023pessimism", "liu2023maximize"},
    "rlhf": {"liu2024rlhf"},
    "robust-rl": {
        "kuang2022robust",
        "blanchet2023doublepessimism",
        "lu2024drrl",
        "lu2025robustassortment",
    },
    "training-dynamics": {
        "lu2022pruning",
        "lu2024benign",
        "chen2025singleindex",
        "chen2025testtime",
        "lu2025momentum",
    },
    "operations-economics": {"liu2022welfare", "han2025assortment", "lu2025robustassortment"},
}
THEME_TITLES = [
    "Reinforcement learning for LLM agents and training",
    "Provably sample-efficient reinforcement learning",
    "Reinforcement learning from human feedback for LLMs",
    "Robust RL and distributionally robust decision-making",
    "Training dynamics and generalization in deep learning",
    "Reinforcement learning for operations and economics",
]


def listed_keys(page: BeautifulSoup) -> set[str]:
    """Keys of the bibliography entries shown on a page (their anchors are cite-<key>)."""
    return {str(entry["id"]).removeprefix("cite-") for entry in page.select("div.citation[id]")}


def test_build_succeeds_with_zero_warnings(site: Build) -> None:
    assert site.returncode == 0, site.output
    assert site.warnings == ""
    assert "WARNING" not in site.output


def test_home_page_shows_owner_position_and_contact(site: Build) -> None:
    home = site.page("index.html")
    text = " ".join(home.get_text(" ").split())
    assert home.h1 is not None
    assert home.h1.get_text(strip=True).rstrip("#") == "Miao Lu"
    assert "Ph.D. Candidate in Operations Research, Stanford University" in text
    assert "reinforcement learning for large language model (LLM) agents" in text
    hrefs = {a["href"] for a in home.select("article a[href]")}
    assert "https://miaolu3.github.io" in hrefs
    assert "research/index.html" in hrefs


def test_overview_lists_the_six_themes_in_order_with_descriptions(site: Build) -> None:
    overview = site.page("research/index.html")
    terms = overview.select("dl.bibfolio-themes > dt > a")
    assert [a.get_text(strip=True) for a in terms] == THEME_TITLES
    assert [a["href"] for a in terms] == [f"{theme}.html" for theme in CV_THEMES]
    for description, theme in zip(
        overview.select("dl.bibfolio-themes > dd"), CV_THEMES, strict=True
    ):
        count = len(CV_THEMES[theme])
        assert description.get_text(" ", strip=True).endswith(
            f"{count} paper{'s' if count > 1 else ''}"
        )
        assert len(description.get_text(strip=True)) > 40  # a real one-line description


@pytest.mark.parametrize("theme", CV_THEMES)
def test_theme_page_lists_exactly_its_papers(site: Build, theme: str) -> None:
    assert listed_keys(site.page(f"research/{theme}.html")) == CV_THEMES[theme]


def test_refs_bib_holds_the_16_papers_of_the_cv_each_on_a_theme_page(site: Build) -> None:
    keys = set(parse_file(ROOT / "refs.bib").entries.keys())
    assert len(keys) == 16
    on_pages = set().union(
        *(listed_keys(site.page(f"research/{theme}.html")) for theme in CV_THEMES)
    )
    assert on_pages == keys


@pytest.mark.parametrize("theme", CV_THEMES)
def test_every_citation_links_to_an_entry_on_the_same_page(site: Build, theme: str) -> None:
    page = site.page(f"research/{theme}.html")
    links = page.select("span.bibtex-citation a")
    assert links, "the theme's prose cites its papers"
    entries = {str(entry["id"]) for entry in page.select("div.citation[id]")}
    cited = set()
    for link in links:
        href = str(link["href"])
        assert href.startswith("#"), f"{link.get_text()} leaves the page: {href}"
        assert href[1:] in entries
        cited.add(href[1:].removeprefix("cite-"))
    assert cited == CV_THEMES[theme], "the prose cites every paper of the theme"


def test_pages_make_no_third_party_requests(site: Build) -> None:
    external = re.compile(r"^(https?:)?//", re.IGNORECASE)
    for path in site.html.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in page.select("script[src], link[href], img[src], iframe[src]"):
            address = tag.get("src") or tag.get("href")
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not external.match(str(address)), f"{path.name} loads {address}"
