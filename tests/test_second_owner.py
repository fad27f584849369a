"""A second portfolio with another owner: nothing about the first owner is hard-wired."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bibfolio.load.bibtex import parse
from conftest import (
    ROOT,
    Build,
    bold_authors,
    copy_project,
    entries_by_label,
    one,
    put_in_place,
    run_cli,
    sphinx_build,
    text_of,
)


def test_builds_without_warnings(second_owner: Build) -> None:
    assert second_owner.returncode == 0, second_owner.output
    assert second_owner.warnings == ""


def test_nothing_of_the_first_owner_appears(second_owner: Build) -> None:
    """Nothing of the repository's own portfolio (read from its data) leaks into another's."""
    first = yaml.safe_load((ROOT / "docs" / "cv.yaml").read_text(encoding="utf-8"))
    contact = first.get("contact", {})
    own = [
        first["name"],
        first.get("affiliation", ""),
        contact.get("email", ""),
        contact.get("phone", ""),
        contact.get("homepage", "").split("://")[-1],
    ]
    own = [text for text in own if len(text) > 2]
    assert own
    for path in second_owner.html.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for piece in own:
            assert piece not in text, (path, piece)


def test_owner_is_bold_however_the_entry_spells_the_name(second_owner: Build) -> None:
    bold = bold_authors(second_owner.page("publications.html"))
    assert bold == {
        "W1": ["Jane Q. Researcher"],
        "J1": ["Jane Researcher"],
        "K2": ["Jane Q. Researcher"],
        "K1": ["J. Researcher"],  # written {R}esearcher, J. in the .bib file
    }


def test_labels_follow_the_configured_groups_oldest_first(second_owner: Build) -> None:
    page = second_owner.page("publications.html")
    assert [text_of(h) for h in page.select(".bibfolio-group")] == [
        "Working papers (1)",
        "Journal articles (1)",
        "Conference papers (2)",
    ]
    shown = entries_by_label(second_owner.page("publications.html"))
    assert list(shown) == ["W1", "J1", "K2", "K1"]
    assert "Discrete Diffusion Policies" in text_of(one(shown["K2"], ".bibfolio-title"))


def test_marks_and_legend(second_owner: Build) -> None:
    shown = entries_by_label(second_owner.page("publications.html"))
    assert text_of(one(shown["K2"], ".bibfolio-authors")) == (
        "Jane Q. Researcher*, Alex Kim*, Chandra Bose"
    )
    assert text_of(one(shown["J1"], ".bibfolio-authors")) == (
        "Bea Ada†, Chandra Bose†, Jane Researcher†"
    )
    legend = one(second_owner.page("publications.html"), ".bibfolio-legend")
    assert text_of(legend) == (
        "Authors with * contributed equally to the work, and † represents alphabetical order."
    )


def test_abstract_previews_are_collapsed_and_full_on_the_paper_page(second_owner: Build) -> None:
    for page in ("publications.html", "research/rl.html", "research/structure.html"):
        previews = second_owner.page(page).select("details.bibfolio-abstract")
        assert previews, page
        for preview in previews:
            assert not preview.has_attr("open"), "closed unless opened"
            assert text_of(one(preview, "summary")) == "Abstract"
    paper = second_owner.page("papers/kim2026control/index.html")
    assert paper.select("article details") == []
    assert text_of(one(paper, "article .bibfolio-abstract-text")).startswith(
        "Controllable generation with diffusion models"
    )


def test_links_and_status_line(second_owner: Build) -> None:
    shown = entries_by_label(second_owner.page("publications.html"))
    links = {text_of(a): a["href"] for a in shown["K1"].select(".bibfolio-links a")}
    assert links["PDF"] == "https://example.org/control.pdf"
    assert links["Code"] == "https://example.org/control-code"
    details = one(shown["K1"], ".bibfolio-links .bibfolio-details").find_parent("a")
    assert details["href"] == "papers/kim2026control/index.html"
    assert text_of(one(shown["W1"], ".bibfolio-status")) == (
        "Preprint under review at Journal of Test Fixtures"
    )


def test_local_pdf_is_served_from_the_paper_folder_and_tagged(second_owner: Build) -> None:
    assert (second_owner.html / "papers" / "sun2020retro" / "retro.pdf").is_file()
    page = second_owner.page("papers/sun2020retro/index.html")
    assert [m["content"] for m in page.select('meta[name="citation_pdf_url"]')] == ["retro.pdf"]
    publications = entries_by_label(second_owner.page("publications.html"))
    pdf = [a["href"] for a in publications["W1"].select(".bibfolio-links a") if text_of(a) == "PDF"]
    assert pdf == ["papers/sun2020retro/retro.pdf"]
    # An external PDF is linked, but not given to Scholar as the paper's own PDF.
    other = second_owner.page("papers/kim2026control/index.html")
    assert other.select('meta[name="citation_pdf_url"]') == []


def test_scholar_tags_of_a_journal_article(second_owner: Build) -> None:
    page = second_owner.page("papers/ada2021batch/index.html")
    tags = [(m["name"], m["content"]) for m in page.select('head meta[name^="citation_"]')]
    assert tags[:6] == [
        ("citation_title", "On the Limits of Batch Policy Optimization"),
        ("citation_author", "Ada, Bea"),
        ("citation_author", "Bose, Chandra"),
        ("citation_author", "Researcher, Jane"),
        ("citation_publication_date", "2021"),
        ("citation_journal_title", "Journal of Test Fixtures"),
    ]
    data = json.loads(one(page, 'script[type="application/ld+json"]').string)
    assert data["isPartOf"]["name"] == "Journal of Test Fixtures"
    assert data["abstract"].startswith("Batch policy optimization")


OWNERS = Path(__file__).parent / "owners"


@pytest.fixture(scope="module")
def real_second_owner(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    """This repository with a second real researcher's portfolio (tests/owners/geiger, from
    a public academicpages site) in place of its own content, built once."""
    base = tmp_path_factory.mktemp("geiger")
    project = base / "project"
    project.mkdir()
    copy_project(project)
    put_in_place(OWNERS / "geiger", project)
    return project, sphinx_build(project / "docs", base / "out")


def test_a_real_second_portfolio_in_place_checks_and_builds_clean(
    real_second_owner: tuple[Path, Build],
) -> None:
    """The swap that tests/owners/trial.py runs the whole suite on: the content is valid."""
    project, build = real_second_owner
    assert build.returncode == 0, build.output
    assert build.warnings == ""
    checked = run_cli(["check"], project)
    assert checked.status == 0, checked.output
    owner = yaml.safe_load((project / "docs" / "cv.yaml").read_text(encoding="utf-8"))["name"]
    entries = parse((project / "refs.bib").read_text(encoding="utf-8")).entries
    bold = bold_authors(build.page("publications.html"))
    assert len(bold) == len(entries)
    # Every paper is the owner's, whatever initials refs.bib gives: one bold name in each.
    assert all(len(names) == 1 for names in bold.values()), bold
    assert owner in text_of(one(build.page("cv.html"), "article"))
