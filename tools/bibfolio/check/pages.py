"""Rules on the pages as a site: every page in a table of contents, every toctree entry a
page, no file from outside the project read into the site, no page of the owner's where a
generated one goes."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path

from bibfolio.diagnostics import Place, Problem
from bibfolio.load.files import inside
from bibfolio.load.pages import Page, resolve
from bibfolio.load.yaml import KEY

# The MyST settings a page may change for itself (front matter ``myst:``): how it is shown.
# Every other one decides what is parsed, run, linked or put in the page's head
# (enable_extensions turns on substitutions, Jinja templates run at build time; url_schemes,
# html_meta, fence_as_directive, ...): a setting of the site, in conf.py, where check and
# build both see it.
PAGE_SETTINGS = frozenset(
    {
        "heading_anchors",
        "heading_anchors_html_ids",
        "number_code_blocks",
        "footnote_sort",
        "footnote_transition",
        "words_per_minute",
        "highlight_code_blocks",
        "links_external_new_tab",
    }
)
# Keys myst-parser also takes from the top of the front matter (0.x's way to write them).
TOP_LEVEL_SETTINGS = ("substitutions", "html_meta")


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


def check_files(
    pages: Sequence[Page], srcdir: Path, root: Path, private: Sequence[Path] = ()
) -> list[Problem]:
    """A file a page makes the build read must lie inside the project, links followed, and
    be none of its private files (``private``: the data file; anything hidden)."""
    problems = []
    for page in pages:
        for use in page.files:
            if use.kind.endswith(":url:"):
                problems.append(
                    use.place.problem(
                        "PAGE210",
                        f"{use.kind} {use.target!r} is fetched while the site builds, from "
                        "outside the project: save the file in the project and name it with "
                        ":file:",
                    )
                )
                continue
            refused = refused_file(resolve(use, page, srcdir), root, private)
            if refused is not None:
                code, why = refused
                problems.append(use.place.problem(code, f"{use.kind} {use.target!r} {why}"))
    return problems


def refused_file(path: Path, root: Path, private: Sequence[Path] = ()) -> tuple[str, str] | None:
    """Why a page may not make the build read ``path``: the code and the reason; None when
    it may. Outside the project (links followed), in a hidden folder of it (.git/, where CI
    keeps its token; .env, ...) or one of its ``private`` files."""
    if not inside(path, root):
        return "PAGE210", "is outside the project, so it is not read into the site"
    real = path.resolve()
    hidden = next((p for p in real.relative_to(root.resolve()).parts if p.startswith(".")), "")
    if hidden:
        return "PAGE214", f"is private ({hidden} is hidden), so it is not read into the site"
    if any(real == file.resolve() for file in private):
        return "PAGE214", (
            "is the data file, which holds what the site leaves out (the phone number), so it "
            "is not read into the site"
        )
    return None


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


def check_page_settings(pages: Sequence[Page]) -> list[Problem]:
    """A page's front matter changes only the MyST settings of how it is shown."""
    problems = []
    for page in pages:
        settings = page.front_matter.get("myst")
        named = [name for name in TOP_LEVEL_SETTINGS if name in page.front_matter]
        if "myst" in page.front_matter and not isinstance(settings, dict):
            problems.append(_at(page, ("myst",), "myst: should be a mapping of MyST settings"))
        elif isinstance(settings, dict):
            named += [f"myst: {n}" for n in settings if str(n) not in PAGE_SETTINGS]
        for name in named:
            key = tuple(name.split(": "))
            problems.append(
                _at(
                    page,
                    key,
                    f"'{key[-1]}' is a setting of the whole site: a page may not change it "
                    "(set it in conf.py, myst_" + key[-1].removeprefix("myst_") + ")",
                )
            )
    return problems


def _at(page: Page, key: tuple[str, ...], message: str) -> Problem:
    line, col = page.front_matter_marks.get((*key, KEY), (page.front_matter_line or 1, 1))
    return Place(page.shown, line, col).problem("PAGE005", message)


def check_paper_pages(
    pages: Sequence[Page], slugs: Mapping[str, str], folder: str
) -> list[Problem]:
    """No page of the owner's own stands where a paper's generated page goes
    (``<folder>/<slug>/index.md``): the build leaves it alone, so the paper has no page.
    ``slugs``: each key's folder name."""
    papers = {f"{folder}/{slug}/index": key for key, slug in slugs.items()}
    return [
        Place(page.shown, 1, 1).problem(
            "PAGE216",
            f"this page is where bibfolio writes the page of '{papers[page.docname]}', "
            "so that paper has none",
        )
        for page in pages
        if page.docname in papers
    ]
