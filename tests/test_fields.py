"""Fields of refs.bib as al-folio sites write them: its link fields make links, its display
fields and marks in names stop the strict build at their place, and the BibTeX a paper page
shows holds standard fields only.

Each test edits a copy of tests/roots/minimal and builds it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bibfolio.load.bibtex import parse
from bibfolio.model.fields import PUBLIC_FIELDS
from conftest import copy_root, one, sphinx_build, text_of

LINKS = {  # al-folio's link fields, each with the address given and the link's name
    "website": ("https://example.org/graphs", "Project page"),
    "html": ("https://publisher.example/graphs", "HTML"),
    "supp": ("https://example.org/graphs-supp.pdf", "Supplement"),
    "blog": ("https://example.org/blog/graphs", "Blog"),
    "arxiv": ("2501.01234", "arXiv"),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_root("minimal", tmp_path / "project")


def add_fields(bib: Path, key: str, fields: str) -> tuple[int, int]:
    """Add ``fields`` (lines of ``name = {value},``) after the entry's first line; the line
    of the first added field."""
    text = bib.read_text(encoding="utf-8")
    entry = next(e for e in parse(text).entries if e.key == key)
    head = text.index("\n", entry.at) + 1
    bib.write_text(text[:head] + fields + text[head:], encoding="utf-8")
    return text.count("\n", 0, head) + 1, 3


def test_al_folio_link_fields_are_links_and_stay_out_of_the_bibtex_shown(
    project: Path, tmp_path: Path
) -> None:
    lines = "".join(f"  {name} = {{{url}}},\n" for name, (url, _) in LINKS.items())
    add_fields(project / "refs.bib", "sample2025graphs", lines)
    build = sphinx_build(project / "docs", tmp_path / "out")
    assert build.returncode == 0, build.warnings
    page = build.page("papers/sample2025graphs/index.html")
    shown = {text_of(a): str(a["href"]) for a in page.select("article .bibfolio-links a")}
    for name, (url, label) in LINKS.items():
        expected = f"https://arxiv.org/abs/{url}" if name == "arxiv" else url
        assert shown.get(label) == expected, (name, shown)
    bibtex = one(page, ".bibfolio-bibtex").get_text()
    written = [line.split("=")[0].strip() for line in bibtex.strip().splitlines()[1:-1]]
    assert written, bibtex
    assert set(written) <= PUBLIC_FIELDS, written
    assert "eprint" in written, "al-folio's arxiv is shown as BibTeX's eprint"


def test_display_fields_and_marks_in_names_stop_the_build_at_their_place(
    project: Path, tmp_path: Path
) -> None:
    bib = project / "refs.bib"
    line, col = add_fields(bib, "sample2025graphs", "  abbr = {JF},\n  bibtex_show = {true},\n")
    text = bib.read_text(encoding="utf-8").replace(
        "Sample, Ben and Example, Ada", "Sample*, Ben and Example*, Ada"
    )
    bib.write_text(text, encoding="utf-8")
    build = sphinx_build(project / "docs", tmp_path / "out")
    assert build.returncode != 0
    assert (
        f"refs.bib:{line}:{col}: WARNING: BIB141 'sample2025graphs' has al-folio's display "
        "fields abbr, bibtex_show, which bibfolio ignores" in build.warnings
    ), build.warnings
    assert (
        "BIB142 authors 1, 2 of 'sample2025graphs' carry a mark in the name ('Sample*, Ben', "
        "'Example*, Ada'): write equalcontrib = {1, 2} and remove the marks" in build.warnings
    ), build.warnings
