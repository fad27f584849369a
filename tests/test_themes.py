"""Theme pages and refs.bib must agree; a broken citation stops the build."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import sphinx_build


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def insert_before_papers(page: Path, text: str) -> int:
    """Add a paragraph before the page's "## Papers"; return its line number."""
    source = page.read_text(encoding="utf-8")
    head, tail = source.split("## Papers", 1)
    page.write_text(f"{head}{text}\n\n## Papers{tail}", encoding="utf-8")
    return head.count("\n") + 1


def test_missing_citation_key_fails_naming_key_and_page(project: Path, tmp_path: Path) -> None:
    line = insert_before_papers(project / "research" / "rlhf.md", "See {cite}`nosuchpaper2099`.")
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert (
        f"research/rlhf.md:{line}:12: ERROR: BIB210 cites 'nosuchpaper2099', "
        "which is not in the bibliography" in build.warnings
    ), build.warnings
    assert "the build stops here, before any page is read" in build.output
    assert not list(build.html.glob("*.html")), "nothing is written"


def test_a_theme_page_lists_every_paper_of_its_theme(project: Path, tmp_path: Path) -> None:
    """The themes field decides: a paper given a theme is listed on its page, cited or not."""
    bib = project.parent / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "themes       = {sample-efficient-rl},\n}\n\n@inproceedings{lu2023pessimism",
            "themes       = {sample-efficient-rl, rlhf},\n}\n\n@inproceedings{lu2023pessimism",
        ),
        encoding="utf-8",
    )
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode == 0, build.warnings
    listed = build.page("research/rlhf.html").select("div.citation")
    assert any("Maximize to Explore" in entry.get_text() for entry in listed)


def test_citing_a_paper_of_another_theme_links_to_it(project: Path, tmp_path: Path) -> None:
    """Prose may mention any paper; it is not added to this page's list."""
    insert_before_papers(project / "research" / "rlhf.md", "Compare {cite}`lu2024benign`.")
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode == 0, build.warnings
    page = build.page("research/rlhf.html")
    listed = " ".join(entry.get_text() for entry in page.select("div.citation"))
    assert "Benign Oscillation" not in listed
    link = page.find("a", string=re.compile(r"C7"))
    assert link is not None
    assert str(link["href"]) == "../papers/lu2024benign/index.html#paper-lu2024benign"


def test_unknown_theme_fails_and_lists_known_ones(project: Path, tmp_path: Path) -> None:
    bib = project.parent / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(
            "themes       = {robust-rl},\n}\n", "themes       = {robust-rl, quantum},\n}\n", 1
        ),
        encoding="utf-8",
    )
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert (
        "refs.bib:97:18: ERROR: BIB135 'lu2024drrl' names theme 'quantum', which has no page "
        f"({project}/research/quantum.md); known themes: llm-agents, operations-economics, rlhf, "
        "robust-rl, sample-efficient-rl, training-dynamics" in build.warnings
    ), build.warnings


def test_theme_page_without_description_fails_at_its_front_matter(
    project: Path, tmp_path: Path
) -> None:
    page = project / "research" / "rlhf.md"
    source = page.read_text(encoding="utf-8")
    page.write_text(source.split("---\n", 2)[2], encoding="utf-8")
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert (
        'research/rlhf.md:1:1: WARNING: PAGE211 this theme page has no one-line "description"'
        in build.warnings
    ), build.warnings


def test_same_paper_twice_on_one_page_still_warns(project: Path, tmp_path: Path) -> None:
    """Only the cross-page duplicate warning is silenced, not the same-page one."""
    append(
        project / "research" / "rlhf.md",
        "\n## Again\n\n```{bibliography}\n:filter: docname in docnames\n```\n",
    )
    build = sphinx_build(project, tmp_path / "out")
    assert build.returncode != 0
    assert 'duplicate local citation for key "liu2024rlhf"' in build.warnings
    assert "PAGE090 duplicate local citation" in build.warnings
    assert "(bibtex.duplicate_local_citation)" in build.warnings
