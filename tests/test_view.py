"""The view's decisions, on the real refs.bib: labels, groups and order."""

from __future__ import annotations

from pathlib import Path

from bibfolio.load.files import read_bibtex
from bibfolio.model.names import Owner
from bibfolio.model.publication import Publication, Rules, read_publication
from bibfolio.view.papers import DEFAULT_GROUPS, Group, build_portfolio
from conftest import ROOT


def publications(path: Path) -> list[Publication]:
    bib = read_bibtex(path)
    return [read_publication(bib, e, n, Rules())[0] for n, e in enumerate(bib.entries)]


def labels(groups: tuple[Group, ...]) -> dict[str, list[tuple[str, str]]]:
    pubs = publications(ROOT / "refs.bib")
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


def test_links_for_every_kind_and_never_an_unsafe_scheme(tmp_path: Path) -> None:
    from bibfolio.view.papers import links  # noqa: PLC0415

    (tmp_path / "refs.bib").write_text(
        "@misc{k, title = {T}, author = {Lu, Miao}, eprint = {2401.01234}, "
        "archiveprefix = {arXiv}, pdf = {https://a.example/p.pdf}, code = {https://c.example}, "
        "slides = {https://s.example}, video = {https://v.example}, poster = {https://p.example}, "
        "project = {https://proj.example}, doi = {10.1000/xyz}, url = {javascript:alert(1)}}",
        encoding="utf-8",
    )
    found = links(publications(tmp_path / "refs.bib")[0])
    assert [(link.label, link.url) for link in found] == [
        ("arXiv", "https://arxiv.org/abs/2401.01234"),
        ("PDF", "https://a.example/p.pdf"),
        ("Code", "https://c.example"),
        ("Slides", "https://s.example"),
        ("Video", "https://v.example"),
        ("Poster", "https://p.example"),
        ("Project page", "https://proj.example"),
        ("DOI", "https://doi.org/10.1000/xyz"),
    ]
