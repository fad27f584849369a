"""The page reader (bibfolio.load.pages): what the checks see of a MyST page before Sphinx
reads it, found where myst-parser finds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bibfolio.load.pages import (
    GENERATED_MARK,
    GENERATED_PAGE,
    Page,
    is_generated,
    matching_files,
    read_page,
    resolve,
    site_pages,
)

PAGE = """\
---
description: A theme.
tags: [a, b]
---

# Learning *fast*

Delayed bandits {cite}`k1` and {cite:p}`k2, k3`.

```{note}
Inside a note {cite}`k4`.
```

```{code}
Not a {cite}`k5` here.
```

```{bibliography}
:filter: docname in docnames

k6
```

![a figure](img/fig.png) and {download}`the data <files/data.csv>`.

```{image} /static/logo.png
```

```{raw} html
:file: ../outside.html
```
"""


@pytest.fixture
def page(tmp_path: Path) -> Page:
    (tmp_path / "research").mkdir()
    return read_page(tmp_path / "research" / "learning.md", tmp_path, PAGE)


def test_name_front_matter_and_title(page: Page, tmp_path: Path) -> None:
    assert page.docname == "research/learning"
    assert page.shown == str(tmp_path / "research" / "learning.md")
    assert page.front_matter == {"description": "A theme.", "tags": ["a", "b"]}
    assert page.front_matter_line == 1
    assert page.title == "Learning *fast*"
    assert page.problems == []


def test_citations_are_found_at_each_key_also_inside_directives_that_hold_myst(
    page: Page,
) -> None:
    assert [(c.key, c.place.line, c.place.col) for c in page.citations] == [
        ("k1", 8, 24),
        ("k2", 8, 41),
        ("k3", 8, 45),  # the second key of one role, at its own column
        ("k4", 11, 22),  # in a note: MyST
    ], "not in a code block: its body is text"


def test_directives_with_options_body_and_where_the_body_starts(page: Page) -> None:
    found = {d.name: d for d in page.directives}
    assert list(found) == ["note", "code", "bibliography", "image", "raw"]
    bibliography = found["bibliography"]
    assert bibliography.options == {"filter": "docname in docnames"}
    assert bibliography.body == ("k6",)
    assert bibliography.body_line == 21, "the line of the page its body starts on"
    assert (bibliography.place.line, bibliography.place.col) == (18, 4)
    assert found["raw"].argument == "html"
    assert found["raw"].options == {"file": "../outside.html"}
    assert page.uses("bibliography") == [bibliography]
    assert page.uses("toctree") == []


def test_every_file_the_build_would_read_is_found(page: Page, tmp_path: Path) -> None:
    assert [(f.kind, f.target, f.from_source_folder, f.place.line) for f in page.files] == [
        ("image", "img/fig.png", True, 24),
        ("download", "files/data.csv", True, 24),  # the target of "text <target>"
        ("image", "/static/logo.png", True, 26),
        ("raw :file:", "../outside.html", False, 29),
    ]
    image, download, logo, raw = page.files
    assert resolve(image, page, tmp_path) == tmp_path / "research" / "img" / "fig.png"
    assert resolve(logo, page, tmp_path) == tmp_path / "static" / "logo.png", "/ is the source"
    assert resolve(raw, page, tmp_path) == tmp_path / "research" / ".." / "outside.html"
    assert download.place.col == 30


@pytest.mark.parametrize(
    ("source", "code", "where", "kept"),
    [
        ("---\na: [1\n---\n# T\n", "PAGE001", (2, 6), {}),
        ("---\na: 1\na: 2\n---\n# T\n", "PAGE002", (3, 1), {"a": 2}),
        ("---\na: &a [*a]\n---\n# T\n", "PAGE003", (2, 8), {}),
        ("---\n- a\n- b\n---\n# T\n", "PAGE004", (2, 1), {}),
    ],
)
def test_bad_front_matter_is_located_in_the_page(
    source: str, code: str, where: tuple[int, int], kept: dict[str, int], tmp_path: Path
) -> None:
    found = read_page(tmp_path / "x.md", tmp_path, source)
    assert [(p.code, p.line, p.col) for p in found.problems] == [(code, *where)]
    assert found.front_matter == kept


def test_only_the_exact_generated_source_is_a_generated_page() -> None:
    """A paper's page is generated only when it holds exactly what bibfolio writes; any
    other page is the user's, read and checked as such."""
    assert is_generated(GENERATED_PAGE)
    assert not is_generated(GENERATED_PAGE + "\nMore text.\n")
    assert not is_generated(f"# A page\n\n{GENERATED_MARK}\n")


def test_site_pages_are_those_sphinx_finds_in_order_with_their_linked_folders(
    tmp_path: Path,
) -> None:
    """Sphinx's own rule: MyST pages (no other file), less the excluded patterns; folders
    that are links are named (Sphinx reads the pages in them too)."""
    for name in ("index.md", "research/a.md", "research/b.md", "drafts/z.md", "notes.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n", encoding="utf-8")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-linked"
    elsewhere.mkdir()
    (elsewhere / "l.md").write_text("# l\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(elsewhere)

    def found(exclude: list[str]) -> list[str]:
        pages, links = site_pages(tmp_path, exclude)
        assert links == [tmp_path / "linked"]
        return [page.relative_to(tmp_path).as_posix() for page in pages]

    everything = ["drafts/z.md", "index.md", "linked/l.md", "research/a.md", "research/b.md"]
    assert found([]) == everything, "sorted by folder, then name"
    assert found(["drafts"]) == everything[1:]


@pytest.mark.parametrize(
    ("include", "exclude"),
    [
        (["**"], []),
        (["**"], ["drafts", "**/old*", "_build", "Thumbs.db", ".*", "r*/b.md"]),
        (["research/**", "index.md"], ["research/private"]),
        (["**/*.md"], ["**/café*"]),
        (["*"], []),
        (["**"], ["research/linked", "research/loop", "broken.md"]),
    ],
)
def test_pages_are_found_by_sphinx_s_own_rule(
    tmp_path: Path, include: list[str], exclude: list[str]
) -> None:
    """The pages found are those Sphinx's get_matching_files gives, whatever the patterns:
    folders left out, patterns with * and **, names with accents (in either Unicode form),
    hidden folders, folders that are links."""
    from sphinx.util.matching import get_matching_files  # noqa: PLC0415

    names = [
        "index.md",
        "notes.rst",
        "image.png",
        "research/a.md",
        "research/b.md",
        "research/old-c.md",
        "research/private/p.md",
        "research/deep/er/d.md",
        "drafts/z.md",
        "_build/html/x.md",
        ".hidden/h.md",
        "cafe\u0301/n.md",  # decomposed: Sphinx compares the composed form
        "caf\u00e9.md",
    ]
    for name in names:
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "l.md").write_text("# l\n", encoding="utf-8")
    (tmp_path / "docs" / "research" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "docs" / "alias.md").symlink_to(tmp_path / "docs" / "index.md")
    (tmp_path / "docs" / "broken.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "docs" / "research" / "loop").symlink_to(tmp_path / "docs" / "research")
    docs = tmp_path / "docs"
    suffixes = (".md", ".rst")
    sphinx_s = sorted(
        name for name in get_matching_files(docs, include, exclude) if name.endswith(suffixes)
    )
    assert sphinx_s, "the case finds pages"
    assert sorted(matching_files(docs, include, exclude, suffixes)[0]) == sphinx_s
