"""Each input is read once per build, and not at all when nothing changed: refs.bib, the data
file, an earlier release's files.

The build runs in this process with every ``open`` counted; sphinxcontrib-bibtex
is handed the parsed bibliography, the data file's text serves every later need,
and the earlier release the what-changed page compares with is read once.
"""

from __future__ import annotations

import builtins
import io
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOTS, changes_on, page_at, run_bibfolio

RELEASE_CONF = """\
project = "Ada Example"
extensions = ["bibfolio.sphinx"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
"""


@pytest.fixture
def with_release(tmp_path: Path) -> Path:
    """The minimal portfolio, with a what-changed page and an earlier release."""
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "minimal", project)
    docs = project / "docs"
    (docs / "changes.md").write_text("# What changed\n\n```{changes}\n```\n", encoding="utf-8")
    home = docs / "index.md"
    home.write_text(home.read_text("utf-8").replace("cv\n```", "cv\nchanges\n```"), "utf-8")
    old = docs / "releases" / "2024.06"
    old.mkdir(parents=True)
    (old / "conf.py").write_text(RELEASE_CONF, encoding="utf-8")
    (old / "refs.bib").write_text(
        "@article{example2023survey,\n  title = {A Survey of Small Things},\n"
        "  author = {Case, Dana and Example, Ada},\n  journal = {Journal of Fixtures},\n"
        "  year = {2023},\n}\n",
        encoding="utf-8",
    )
    (old / "cv.yaml").write_text(
        "name: Ada Example\nupdated: 2024-06\nsections:\n"
        "  - type: text\n    title: Research\n    text: A survey [@example2023survey].\n",
        encoding="utf-8",
    )
    (old / "index.md").write_text(
        "# Ada Example\n\n```{toctree}\n:hidden:\n\npublications\n```\n", encoding="utf-8"
    )
    (old / "publications.md").write_text("# Publications\n\n```{publications}\n```\n", "utf-8")
    return project


def counting_opens(monkeypatch: pytest.MonkeyPatch) -> Counter[Path]:
    opened: Counter[Path] = Counter()
    original: Callable[..., Any] = io.open

    def counted(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path):
            opened[Path(file).resolve()] += 1
        return original(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", counted)
    monkeypatch.setattr(builtins, "open", counted)
    return opened


def test_every_input_is_read_once_per_build(
    with_release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = [
        with_release / "refs.bib",
        with_release / "docs" / "cv.yaml",
        with_release / "docs" / "releases" / "2024.06" / "cv.yaml",
        with_release / "docs" / "releases" / "2024.06" / "refs.bib",
    ]
    # A first build reads each input once; the next, with nothing changed, none (the project
    # is kept under the signature of its files, the paper pages the first build wrote among
    # them); after an edit, each once again.
    for build, reads in (("first", 1), ("unchanged", 0), ("edited", 1)):
        if build == "edited":
            with (with_release / "refs.bib").open("a", encoding="utf-8") as bib:
                bib.write("\n% a comment\n")
        opened = counting_opens(monkeypatch)
        status, output = run_bibfolio(["build"], with_release)
        monkeypatch.undo()
        assert status == 0, output
        assert {path: opened[path.resolve()] for path in inputs} == dict.fromkeys(inputs, reads), (
            build
        )


def test_a_page_edit_reads_again_the_page_and_no_other_input(
    with_release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bibliography, the data and the earlier release are kept from the last build
    (under the signature of every file but the pages): an edit of pages reads those pages,
    and the what-changed page read again compares with the earlier release as before."""
    status, output = run_bibfolio(["build"], with_release)
    assert status == 0, output
    site = with_release / "docs" / "_build" / "html"
    changes_before = changes_on(page_at(site, "changes.html"))
    assert changes_before, "the fixture's release differs from the current one"
    edited = [
        with_release / "docs" / "research" / "learning.md",
        with_release / "docs" / "changes.md",
    ]
    for page in edited:
        page.write_text(page.read_text("utf-8") + "\nA sentence added later.\n", "utf-8")
    opened = counting_opens(monkeypatch)
    status, output = run_bibfolio(["build"], with_release)
    monkeypatch.undo()
    assert status == 0, output
    inputs = [
        with_release / "refs.bib",
        with_release / "docs" / "cv.yaml",
        with_release / "docs" / "releases" / "2024.06" / "cv.yaml",
        with_release / "docs" / "releases" / "2024.06" / "refs.bib",
    ]
    assert {path: opened[path.resolve()] for path in inputs} == dict.fromkeys(inputs, 0)
    assert all(opened[page.resolve()] >= 1 for page in edited)
    for name in ("research/learning.html", "changes.html"):
        assert "A sentence added later." in (site / name).read_text("utf-8"), name
    assert changes_on(page_at(site, "changes.html")) == changes_before
    # The project after the edit is kept as the sources and what reading the pages gave, not
    # pickled whole again; the next build, with nothing changed, reads neither the inputs
    # nor the edited pages.
    kept = with_release / "docs" / "_build" / ".html.bibfolio" / "doctrees" / "bibfolio-memo"
    assert (kept / "project.data").stat().st_size < (kept / "sources.data").stat().st_size / 2
    opened = counting_opens(monkeypatch)
    status, output = run_bibfolio(["build"], with_release)
    monkeypatch.undo()
    assert status == 0, output
    assert {path: opened[path.resolve()] for path in [*inputs, *edited]} == dict.fromkeys(
        [*inputs, *edited], 0
    )
