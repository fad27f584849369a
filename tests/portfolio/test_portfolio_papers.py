"""This portfolio's papers against the owner's CV of September 2025 (seed 000): the
publications page entry for entry, labels and groups as the CV gives them, the theme pages.

Counts come from the seed and from refs.bib, never from literals.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from seeds import entries, labels

from bibfolio.load.bibtex import parse
from bibfolio.model.publication import parse_list, parse_presentations
from conftest import ROOT, Build, bold_authors, entries_by_label, entry_text, one, seed, text_of

ENTRIES = parse((ROOT / "refs.bib").read_text(encoding="utf-8")).entries


def theme_pages(site: Build) -> list[Path]:
    return sorted(p for p in (site.html / "research").glob("*.html") if p.name != "index.html")


def test_refs_bib_holds_the_papers_of_the_cv(portfolio_site: Build) -> None:
    assert len(ENTRIES) == len(labels(seed("000")))


def test_publications_page_matches_the_cv_entry_for_entry(portfolio_site: Build) -> None:
    expected = entries(seed("000"))
    shown = entries_by_label(portfolio_site.page("publications.html"))
    assert list(shown) == list(expected), "same labels, same order (newest first per group)"
    for label, text in expected.items():
        assert entry_text(shown[label]) == text, label


def test_groups_count_the_cvs_labels(portfolio_site: Build) -> None:
    """Each group's heading counts the CV's labels with its letter."""
    letters = Counter(label.rstrip("0123456789") for label in labels(seed("000")))
    page = portfolio_site.page("publications.html")
    groups = page.select(".bibfolio-group")
    assert len(groups) == len(letters)
    for heading in groups:
        entries_after = heading.find_next(class_="bibfolio-entry")
        letter = text_of(one(entries_after, ".bibfolio-label")).strip("[]").rstrip("0123456789")
        assert text_of(heading).endswith(f"({letters[letter]})"), text_of(heading)


def test_owner_is_bold_and_only_the_owner(portfolio_site: Build) -> None:
    """The owner's name, however refs.bib spells it, is the one bold name of every entry."""
    owner = yaml.safe_load((ROOT / "docs" / "cv.yaml").read_text(encoding="utf-8"))["name"]
    bold = bold_authors(portfolio_site.page("publications.html"))
    assert bold == {key: [owner] for key in bold}


def test_awards_are_those_of_refs_bib(portfolio_site: Build) -> None:
    """Every award written in refs.bib (for the paper, or with another presentation) is bold."""
    written = sum(bool(e.value("award")) for e in ENTRIES)
    written += sum(
        bool(presentation.award)
        for e in ENTRIES
        for presentation in parse_presentations(e.value("presented")) or ()
    )
    shown = portfolio_site.page("publications.html").select(".bibfolio-entry .bibfolio-award")
    assert len(shown) == written
    assert all(award.name == "strong" for award in shown)


def test_every_paper_is_on_the_theme_pages_its_themes_name(portfolio_site: Build) -> None:
    on_pages: Counter[str] = Counter()
    for path in theme_pages(portfolio_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        listed = {str(e["id"]).removeprefix("cite-") for e in page.select("div.citation[id]")}
        own = {e.key for e in ENTRIES if path.stem in parse_list(e.value("themes"))}
        assert listed == own, path.name
        on_pages.update(listed)
    assert set(on_pages) == {e.key for e in ENTRIES}, "every paper has a theme"
    assert sum(on_pages.values()) == sum(len(parse_list(e.value("themes"))) for e in ENTRIES)


def test_each_theme_page_cites_every_paper_of_its_theme(portfolio_site: Build) -> None:
    """This portfolio's theme pages are written around their papers: the prose cites each."""
    for path in theme_pages(portfolio_site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cited = {
            str(a["href"]).split("#cite-", 1)[1]
            for a in page.select("span.bibtex-citation a")
            if "#cite-" in str(a["href"])
        }
        own = {e.key for e in ENTRIES if path.stem in parse_list(e.value("themes"))}
        assert own <= cited, path.name
