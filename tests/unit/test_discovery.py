"""How a build finds its pages (bibfolio.sphinx.discovery): exactly as Sphinx's own project
does, whatever the folder holds and whatever the patterns say."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from sphinx.project import Project

from bibfolio.sphinx.discovery import QuickProject

NAMES = (
    "index.md",
    "notes.rst",
    "image.png",
    "twice.md",
    "twice.rst",  # one document in two files: the first by name is the one built
    "research/a.md",
    "research/b.md",
    "research/old-c.md",
    "research/private/p.md",
    "research/deep/er/d.md",
    "papers/k1/index.md",
    "papers/k2/index.md",
    "releases/v1/index.md",
    "_build/html/x.md",
    ".hidden/h.md",
    "drafts/.draft.md",
    "cafe\u0301/n.md",  # decomposed: Sphinx names documents in the composed form
    "caf\u00e9.md",
)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    for name in NAMES:
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "l.md").write_text("# l\n", encoding="utf-8")
    (docs / "research" / "linked").symlink_to(tmp_path / "elsewhere")
    (docs / "alias.md").symlink_to(docs / "index.md")
    (docs / "broken.md").symlink_to(tmp_path / "nowhere.md")
    return docs


@pytest.mark.parametrize(
    ("include", "exclude"),
    [
        (["**"], []),
        (["**"], ["_build", "**/_build", ".*", "**/.*", "releases", "_static", "_templates"]),
        (["**"], ["drafts", "**/old*", "r*/b.md", "research/linked", "broken.md"]),
        (["research/**", "index.md"], ["research/private"]),
        (["**/*.md"], ["**/café*", "papers/k1"]),
        (["*"], []),
    ],
)
def test_a_build_finds_the_documents_sphinx_finds(
    docs: Path, include: list[str], exclude: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    sphinx_s, quick = Project(docs, (".rst", ".md")), QuickProject(docs, (".rst", ".md"))
    found = quick.discover(exclude, include)
    ours = [record.getMessage() for record in caplog.records]
    caplog.clear()
    assert found == sphinx_s.discover(exclude, include)
    assert found, "the case finds documents"
    assert ours == [record.getMessage() for record in caplog.records], "the same warnings"
    assert {d: quick.doc2path(d, absolute=False) for d in found} == {
        d: sphinx_s.doc2path(d, absolute=False) for d in found
    }, "each document read from the same file (twice.md, not twice.rst)"
    assert quick.path2doc("research/a.md") == sphinx_s.path2doc("research/a.md")


def test_the_environment_keeps_sphinx_s_own_project(docs: Path) -> None:
    """What a build pickles loads without bibfolio: Sphinx's class, the same documents."""
    quick = QuickProject(docs, (".md",))
    quick.discover(["_build"])
    kept = pickle.loads(pickle.dumps(quick))  # noqa: S301 - bytes this test made
    assert type(kept) is Project
    assert kept.docnames == quick.docnames
    assert kept.doc2path("index", absolute=True) == quick.doc2path("index", absolute=True)
