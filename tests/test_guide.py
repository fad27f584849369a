"""The owner's guide (tools/guide/, Markdown read on GitHub, not part of the published site):
its page of codes is made from the registry, and its links, and the README's, lead to files
that exist."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from bibfolio.diagnostics import CODES
from bibfolio.diagnostics.reference import GUIDE_PAGE, codes_markdown
from conftest import ROOT, compare_golden

GUIDE = ROOT / "tools" / "guide"


def test_page_of_codes_is_the_registry_s(update_golden: bool) -> None:
    compare_golden(ROOT / GUIDE_PAGE, codes_markdown(), update_golden)


def test_page_of_codes_has_every_code_with_an_example() -> None:
    tokens = MarkdownIt("commonmark").parse(codes_markdown())
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            current = sections.setdefault(tokens[index + 1].content.split(":")[0], [])
        elif token.type == "fence":
            current.append(token.content)
    assert list(sections) == [code.code for code in CODES]
    assert all(len(examples) == 1 and examples[0].strip() for examples in sections.values())


def local_links(page: Path) -> list[str]:
    """The addresses of a Markdown page's links that lead to a file of the repository."""
    found = []
    for token in MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8")):
        for child in token.children or []:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href and "://" not in href and not href.startswith(("#", "mailto:")):
                found.append(href.split("#")[0])
    return found


def test_links_of_the_guide_and_the_readme_lead_to_files() -> None:
    pages = [ROOT / "README.md", *sorted(GUIDE.glob("*.md"))]
    for page in pages:
        for href in local_links(page):
            assert (page.parent / href).exists(), f"{page.relative_to(ROOT)} links to {href}"
    readme = set(local_links(ROOT / "README.md"))
    assert "tools/guide/index.md" in readme, "the README leads to the guide"
    linked = {Path(href).name for page in pages for href in local_links(page)}
    unlinked = [page.name for page in GUIDE.glob("*.md") if page.name not in linked]
    assert not unlinked, f"pages of the guide that nothing links to: {unlinked}"
