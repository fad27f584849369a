"""Rules on the pages as a site: every page in a table of contents, every toctree entry a
page, and no file from outside the project read into the site."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Sequence
from pathlib import Path

from bibfolio.diagnostics import Place, Problem
from bibfolio.load.pages import Page, resolve


def check_toctrees(
    pages: Sequence[Page], other_docs: frozenset[str], root_doc: str
) -> list[Problem]:
    """Every page is in some toctree (or is the root, or says ``orphan: true``), and every
    toctree entry names a page: what Sphinx checks, found before it reads anything.

    ``other_docs`` are the documents that are not MyST pages read here (generated pages,
    reStructuredText files): they may be named by a toctree.
    """
    names = {page.docname for page in pages} | other_docs
    included: set[str] = set()
    problems = []
    for page in pages:
        folder = posixpath.dirname(page.docname)
        for toctree in page.uses("toctree"):
            glob = "glob" in toctree.options
            for number, raw in enumerate(toctree.body, start=toctree.body_line):
                entry = _entry_target(raw)
                if not entry or entry == "self" or "://" in entry:
                    continue
                target = posixpath.normpath(
                    entry.lstrip("/") if entry.startswith("/") else posixpath.join(folder, entry)
                ).removesuffix(".md")
                if glob and any(c in target for c in "*?["):
                    included |= {n for n in names if fnmatch.fnmatch(n, target)}
                elif target in names:
                    included.add(target)
                else:
                    col = len(raw) - len(raw.lstrip()) + 1
                    problems.append(
                        Place(page.shown, number, col).problem(
                            "PAGE202",
                            f"the toctree names '{entry}', which is not a page of the site",
                        )
                    )
    for page in pages:
        if page.docname in included or page.docname == root_doc:
            continue
        if page.front_matter.get("orphan") is True:
            continue
        problems.append(
            Place(page.shown, 1, 1).problem(
                "PAGE201",
                "this page is in no toctree, so no menu leads to it",
            )
        )
    return problems


def _entry_target(line: str) -> str:
    """A toctree line: ``doc``, ``Title <doc>``; "" for a blank line or an option."""
    text = line.strip()
    if not text or text.startswith(":"):
        return ""
    if text.endswith(">") and "<" in text:
        return text[text.rindex("<") + 1 : -1].strip()
    return text


def check_files(pages: Sequence[Page], srcdir: Path, root: Path) -> list[Problem]:
    """A file a page makes the build read must lie inside the project, links followed."""
    problems = []
    for page in pages:
        for use in page.files:
            target = resolve(use, page, srcdir)
            try:
                inside = target.resolve().is_relative_to(root)
            except (OSError, RuntimeError):  # a link loop
                inside = False
            if not inside:
                problems.append(
                    use.place.problem(
                        "PAGE210",
                        f"{use.kind} {use.target!r} is outside the project, so it is not read "
                        "into the site",
                    )
                )
    return problems


def check_data_pages(
    pages: Sequence[Page], directives: Sequence[str], has_data: bool
) -> list[Problem]:
    """A page that shows the data file ({cv}, {talks}, ...) needs one."""
    if has_data:
        return []
    return [
        directive.place.problem(
            "PAGE213",
            f"{{{directive.name}}} shows the data file, and the project has none "
            "(docs/cv.yaml, or [tool.bibfolio] data)",
        )
        for page in pages
        for directive in page.directives
        if directive.name in directives
    ]
