"""This portfolio's earlier release against the owner's CV of February 2025 (seed 001), and
what the current release says changed since.

The release is found from the seed's "Last update", never named here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from seeds import labels, last_update, lines, squash

from conftest import Build, changes_on, one, release_versions, seed, sphinx_build, text_of


@pytest.fixture(scope="module")
def february(portfolio: Path) -> Build:
    """The release seed 001 is, built on its own as `bibfolio versions` builds it."""
    folder = portfolio / "docs" / "releases" / last_update(seed("001"))
    assert (folder / "conf.py").is_file(), f"the release of seed 001 is kept in {folder}"
    return sphinx_build(folder, portfolio.parent / "february")


def test_the_release_builds_without_warnings(february: Build) -> None:
    assert february.returncode == 0, february.output
    assert february.warnings == ""


def test_cv_page_holds_every_line_of_the_february_cv(february: Build, portfolio: Path) -> None:
    import yaml  # noqa: PLC0415

    folder = portfolio / "docs" / "releases" / last_update(seed("001"))
    phone = yaml.safe_load((folder / "cv.yaml").read_text("utf-8"))["contact"].get("phone")
    shown = squash(one(february.page("cv.html"), "article").get_text(" ").replace(" [at] ", "@"))
    for line in lines(seed("001")):
        # The phone number is kept off web pages (privacy).
        assert squash(line.replace(f"Tel: {phone} | ", "")) in shown, line


def test_cv_page_sections_and_labels_follow_the_february_cv(february: Build) -> None:
    page = february.page("cv.html")
    titles = [text_of(h).rstrip("#") for h in page.select("article section h2")]
    written = [line.casefold() for line in lines(seed("001"))]
    where = [written.index(title.casefold()) for title in titles]
    assert where == sorted(where), "the February CV's headings, in its order"
    shown = [text_of(one(e, ".bibfolio-label")) for e in page.select(".bibfolio-entry")]
    assert shown == [f"[{label}]" for label in labels(seed("001"))]


def papers_missing_from(site: Build, cv: str) -> list[str]:
    """ "[label] title" of the papers of a site's publications page that a CV does not list."""
    return [
        f"{text_of(one(e, '.bibfolio-label'))} {text_of(one(e, '.bibfolio-title'))}"
        for e in site.page("publications.html").select(".bibfolio-entry")
        if squash(text_of(one(e, ".bibfolio-title"))) not in squash(cv)
    ]


def test_what_changed_since_february_is_what_the_two_cvs_differ_by(
    portfolio_site: Build, february: Build
) -> None:
    found = changes_on(portfolio_site.page("changes.html"))
    added = papers_missing_from(portfolio_site, seed("001"))
    removed = papers_missing_from(february, seed("000"))
    assert found.get("Papers added", []) == added
    assert found.get("Papers removed", []) == removed
    assert added or removed, "the two CVs differ by some paper"


def test_the_earliest_release_says_it_is_the_first(portfolio: Path, february: Build) -> None:
    versions = release_versions(portfolio / "docs")
    if versions[-1] != last_update(seed("001")):
        pytest.skip("the February release is not the earliest")
    text = text_of(one(february.page("changes.html"), "article"))
    assert f"Release {versions[-1]} is the first release of this portfolio." in text
