"""Theme pages and refs.bib must agree; a broken citation stops the build.

Each test breaks a copy of tests/roots/minimal (themes ``learning`` and
``structure``) and builds it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bibfolio.load.bibtex import parse
from conftest import copy_root, sphinx_build


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return copy_root("minimal", tmp_path / "project") / "docs"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def insert_before_bibliography(page: Path, text: str) -> int:
    """Add a paragraph before the page's bibliography; return its line number."""
    source = page.read_text(encoding="utf-8")
    head, tail = source.split("```{bibliography}", 1)
    page.write_text(f"{head}{text}\n\n```{{bibliography}}{tail}", encoding="utf-8")
    return head.count("\n") + 1


def set_themes(bib: Path, key: str, themes: str) -> tuple[int, int]:
    """Give the entry ``key`` these themes; the line and column of the new value."""
    text = bib.read_text(encoding="utf-8")
    entry = next(e for e in parse(text).entries if e.key == key)
    field = entry.by_name["themes"]
    text = text[: field.value_at] + "{" + themes + "}" + text[field.value_end :]
    bib.write_text(text, encoding="utf-8")
    return text.count("\n", 0, field.value_at) + 1, field.value_at - text.rfind(
        "\n", 0, field.value_at
    )


def test_missing_citation_key_fails_naming_key_and_page(docs: Path, tmp_path: Path) -> None:
    line = insert_before_bibliography(docs / "research" / "learning.md", "See {cite}`nosuch2099`.")
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode != 0
    assert (
        f"research/learning.md:{line}:12: ERROR: BIB210 cites 'nosuch2099', "
        "which is not in the bibliography" in build.warnings
    ), build.warnings
    assert "the build stops here, before any page is read" in build.output
    assert not list(build.html.glob("*.html")), "nothing is written"


def test_a_theme_page_lists_every_paper_of_its_theme(docs: Path, tmp_path: Path) -> None:
    """The themes field decides: a paper given a theme is listed on its page, cited or not."""
    set_themes(docs.parent / "refs.bib", "sample2025graphs", "structure, learning")
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode == 0, build.warnings
    listed = build.page("research/learning.html").select("div.citation")
    assert any("Graphs that Explain Themselves" in entry.get_text() for entry in listed)


def test_citing_a_paper_of_another_theme_links_to_it(docs: Path, tmp_path: Path) -> None:
    """Prose may mention any paper; it is not added to this page's list."""
    insert_before_bibliography(
        docs / "research" / "learning.md", "Compare {cite}`sample2025graphs`."
    )
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode == 0, build.warnings
    page = build.page("research/learning.html")
    listed = " ".join(entry.get_text() for entry in page.select("div.citation"))
    assert "Graphs that Explain Themselves" not in listed
    link = page.find("a", string=re.compile(r"P1"))
    assert link is not None
    assert str(link["href"]) == "../papers/sample2025graphs/index.html#paper-sample2025graphs"


def test_unknown_theme_fails_and_lists_known_ones(docs: Path, tmp_path: Path) -> None:
    line, col = set_themes(docs.parent / "refs.bib", "example2024bandits", "learning, quantum")
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode != 0
    assert (
        f"refs.bib:{line}:{col}: ERROR: BIB135 'example2024bandits' names theme 'quantum', "
        f"which has no page ({docs}/research/quantum.md); known themes: learning, structure"
        in build.warnings
    ), build.warnings


def test_theme_page_without_description_fails_at_its_front_matter(
    docs: Path, tmp_path: Path
) -> None:
    page = docs / "research" / "learning.md"
    page.write_text(page.read_text(encoding="utf-8").split("---\n", 2)[2], encoding="utf-8")
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode != 0
    assert (
        'research/learning.md:1:1: WARNING: PAGE211 this theme page has no one-line "description"'
        in build.warnings
    ), build.warnings


def test_same_paper_twice_on_one_page_still_warns(docs: Path, tmp_path: Path) -> None:
    """Only the cross-page duplicate warning is silenced, not the same-page one."""
    append(
        docs / "research" / "learning.md",
        "\n## Again\n\n```{bibliography}\n:filter: docname in docnames\n```\n",
    )
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode != 0
    assert 'duplicate local citation for key "example2024bandits"' in build.warnings
    assert "PAGE090 duplicate local citation" in build.warnings
    assert "(bibtex.duplicate_local_citation)" in build.warnings


def test_a_theme_page_lists_the_papers_it_cites_when_asked(docs: Path, tmp_path: Path) -> None:
    """``:list-cited:`` adds the page's citations of other themes to its list."""
    page = docs / "research" / "learning.md"
    insert_before_bibliography(page, "Compare {cite:p}`sample2025graphs`.")
    source = page.read_text(encoding="utf-8")
    page.write_text(
        source.replace(
            "```{bibliography}\n:filter: docname in docnames\n", "```{bibliography}\n:list-cited:\n"
        ),
        encoding="utf-8",
    )
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode == 0, build.warnings
    listed = " ".join(
        e.get_text() for e in build.page("research/learning.html").select("div.citation")
    )
    assert "Graphs that Explain Themselves" in listed
    assert "Bandits with Delayed Feedback" in listed, "the theme's own papers stay"
    other = build.page("research/structure.html").select("div.citation")
    assert "Bandits with Delayed Feedback" not in " ".join(e.get_text() for e in other)


def test_a_message_about_a_citation_points_at_the_citation(docs: Path, tmp_path: Path) -> None:
    """On a theme page, an unknown key among others of another theme: at that key, not at the
    page's bibliography."""
    line = insert_before_bibliography(
        docs / "research" / "learning.md", "Compare {cite:p}`sample2025graphs,nosuch2099`."
    )
    build = sphinx_build(docs, tmp_path / "out")
    assert build.returncode != 0
    col = len("Compare {cite:p}`sample2025graphs,") + 1
    assert (
        f"research/learning.md:{line}:{col}: ERROR: BIB210 cites 'nosuch2099'" in build.warnings
    ), build.warnings
    assert "sample2025graphs" not in build.warnings
