"""The view's decisions, on the real refs.bib: labels, groups and order."""

from __future__ import annotations

from bibfolio.load import read_bibtex
from bibfolio.model import publications
from bibfolio.names import Owner
from bibfolio.view import DEFAULT_GROUPS, Group, build_portfolio
from conftest import ROOT


def labels(groups: tuple[Group, ...]) -> dict[str, list[tuple[str, str]]]:
    pubs = publications(read_bibtex(ROOT / "refs.bib"))
    portfolio = build_portfolio(pubs, Owner("Miao Lu"), groups)
    return {group.title: [(p.label, p.key) for p in papers] for group, papers in portfolio.groups}


def test_default_groups_label_like_the_september_2025_cv() -> None:
    shown = labels(DEFAULT_GROUPS)
    assert list(shown) == ["Preprints", "Conference papers"]
    assert [label for label, _ in shown["Preprints"]] == ["P5", "P4", "P3", "P2", "P1"]
    assert shown["Conference papers"][0] == ("C11", "chen2025testtime")
    assert shown["Conference papers"][-1] == ("C1", "kuang2022robust")


def test_february_2025_scheme_numbers_publications_and_preprints_separately() -> None:
    """Seed 001 lists publications [1]...[n] in one sequence, then preprints from [1]."""
    scheme = (
        Group("", "Publications", frozenset({"inproceedings", "article"})),
        Group("", "Preprints", frozenset({"preprint"})),
    )
    shown = labels(scheme)
    assert list(shown) == ["Publications", "Preprints"]
    assert [label for label, _ in shown["Publications"]] == [str(n) for n in range(11, 0, -1)]
    assert shown["Publications"][-1] == ("1", "kuang2022robust")
    assert shown["Publications"][1] == ("10", "chen2025singleindex")
    assert shown["Preprints"][-1] == ("1", "han2025assortment")
