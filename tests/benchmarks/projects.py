"""The projects a build benchmark runs: a portfolio built by bibfolio and its two peers.

Each is a ``Subject``: the command that builds it (always the same, cold or
not), what a cold build removes first, and its edits. An edit changes one file
by a word that is new each round (so every rebuild has something to do) and
names the built page that must show that word afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import synthetic
from process import script

Step = Literal["cold", "noop", "page", "entry", "cv"]
STEPS: tuple[Step, ...] = ("cold", "noop", "page", "entry", "cv")
STEP_NAMES: dict[Step, str] = {
    "cold": "cold build",
    "noop": "no-op rebuild",
    "page": "theme page edited",
    "entry": "refs.bib entry edited",
    "cv": "cv.yaml item edited",
}

PEER_PAGE = Path("n2.md")  # in the peers: a navigation page (citing, in bibtex_alone)
SITE = Path("docs/_build/html")  # every subject's output folder, inside its project


# What is timed, run in the project's folder: `bibfolio build` as a user runs it (its
# defaults: docs/ into docs/_build/html, -W --keep-going -n), and sphinx-build for the
# peers with the same strictness.
BIBFOLIO = (*script("bibfolio", "bibfolio"), "build")
STRICT = ("-W", "--keep-going", "-n")
SPHINX = (*script("sphinx-build", "sphinx"), "-b", "html", *STRICT, "docs", str(SITE))


@dataclass(frozen=True)
class Edit:
    file: Path  # the source file changed
    change: Callable[[str, str], str]  # (its original text, the round's word) -> new text
    shown_in: Path  # the built page that shows the word once rebuilt


@dataclass
class Subject:
    name: str
    project: Path  # the folder the command runs in
    command: tuple[str, ...]
    cold_removes: tuple[Path, ...]  # removed before a cold build
    edits: dict[Step, Edit]
    originals: dict[Path, str] = field(default_factory=dict)  # the edited files as made

    @property
    def site(self) -> Path:
        return self.project / SITE

    @property
    def docs(self) -> Path:
        return self.project / "docs"

    def prepare_cold(self) -> None:
        """Edited files back as they were made, and every output and cache removed."""
        for path, text in self.originals.items():
            path.write_text(text, encoding="utf-8")
        for path in self.cold_removes:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def apply(self, step: Step, word: str) -> Path:
        """Make the step's edit with ``word``; the built page that must then show it."""
        edit = self.edits[step]
        path = self.project / edit.file
        original = self.originals.setdefault(path, path.read_text(encoding="utf-8"))
        path.write_text(edit.change(original, word), encoding="utf-8")
        return self.site / edit.shown_in


# -- the edits, as text changes -------------------------------------------------------


def theme_page(docs: Path) -> Path:
    """A theme page of the portfolio in ``docs`` (relative to it): the first, by name, whose
    title is followed by a paragraph of prose, which the page edit appends to."""
    for page in sorted((docs / "research").glob("*.md")):
        lines = page.read_text(encoding="utf-8").split("\n")
        title = next((n for n, line in enumerate(lines) if line.startswith("# ")), None)
        first = next((line for line in lines[(title or 0) + 1 :] if line.strip()), "")
        if page.name != "index.md" and title is not None and first[:1] not in "`:{<":
            return page.relative_to(docs)
    raise LookupError(f"no theme page with a paragraph in {docs / 'research'}")


def append_to_paragraph(text: str, word: str) -> str:
    """``word`` appended to the first paragraph after the page's title."""
    lines = text.split("\n")
    title = next(number for number, line in enumerate(lines) if line.startswith("# "))
    start = next(n for n in range(title + 1, len(lines)) if lines[n].strip())
    end = next((n for n in range(start, len(lines)) if not lines[n].strip()), len(lines))
    lines[end - 1] += f" {word}"
    return "\n".join(lines)


_TITLE = re.compile(r"^(\s*title\s*=\s*\{.*)(\},?)$", re.MULTILINE)
# A one-line plain value the CV page shows: an item's detail, or any item's text field.
_CV_ITEM = re.compile(r"^(\s+detail: [^\"'&*!|>\[{\s#].*\S)$", re.MULTILINE)
_CV_TEXT = re.compile(
    r"^(\s+(?:- )?(?:description|degree|role|title): [^\"'&*!|>\[{\s#][^#\n]*\S)$", re.MULTILINE
)


def retitle(key: str) -> Callable[[str, str], str]:
    """The edit that appends a word to the title of entry ``key``."""

    def change(bib: str, word: str) -> str:
        start = bib.index(f"{{{key},")
        title = _TITLE.search(bib, start)
        if title is None:
            raise ValueError(f"entry {key} has no title line")
        return f"{bib[: title.end(1)]} {word}{bib[title.end(1) :]}"

    return change


def edit_cv_item(text: str, word: str) -> str:
    """``word`` appended to the first one-line ``detail`` of an item of cv.yaml (else to the
    first one-line description, degree, role or title written without quotes)."""
    for pattern in (_CV_ITEM, _CV_TEXT):
        edited, count = pattern.subn(lambda m: f"{m.group(1)} {word}", text, count=1)
        if count == 1:
            return edited
    raise ValueError("cv.yaml has no one-line detail, description, degree, role or title")


# -- the subjects ---------------------------------------------------------------------


def first_key(bib: Path) -> str:
    return synthetic.entries_of(bib.read_text(encoding="utf-8"))[0][1]


def own_pages(docs: Path) -> int:
    """A portfolio's pages that are not paper pages (releases are built on their own)."""
    skipped = {"_build", "papers", "releases"}
    return sum(1 for p in docs.rglob("*.md") if not skipped & set(p.relative_to(docs).parts))


def bibfolio_subject(project: Path) -> Subject:
    """``bibfolio build``; a cold build also removes its private state and the paper pages."""
    key = first_key(project / "refs.bib")
    page = theme_page(project / "docs")
    return Subject(
        name="bibfolio",
        project=project,
        command=BIBFOLIO,
        cold_removes=(
            # The site and all a build keeps beside it (tools/bibfolio/site/output.py):
            # .html.bibfolio/ (Sphinx's work folder, doctrees), .html.incoming/, ...
            (project / SITE).parent,
            project / "docs" / "papers",  # the generated paper pages
        ),
        edits={
            "page": Edit(Path("docs") / page, append_to_paragraph, page.with_suffix(".html")),
            "entry": Edit(Path("refs.bib"), retitle(key), Path("publications.html")),
            "cv": Edit(Path("docs/cv.yaml"), edit_cv_item, Path("cv.html")),
        },
    )


def bare_subject(project: Path) -> Subject:
    """Plain Sphinx: its one edit is a page's."""
    return Subject(
        name="bare Sphinx",
        project=project,
        command=SPHINX,
        cold_removes=(project / SITE,),
        edits={"page": Edit(Path("docs") / PEER_PAGE, append_to_paragraph, Path("n2.html"))},
    )


def bibtex_subject(project: Path) -> Subject:
    """sphinxcontrib-bibtex alone: a page edited (one that cites), and an entry."""
    key = first_key(project / "docs" / "refs.bib")  # cited from n2 (bibtex_alone)
    return Subject(
        name="sphinxcontrib-bibtex",
        project=project,
        command=SPHINX,
        cold_removes=(project / SITE,),
        edits={
            "page": Edit(Path("docs") / PEER_PAGE, append_to_paragraph, Path("n2.html")),
            "entry": Edit(Path("docs/refs.bib"), retitle(key), Path("n2.html")),
        },
    )


def make_subjects(folder: Path, entries: int) -> tuple[list[Subject], int]:
    """The three projects of one size under ``folder``, and their page count."""
    docs = synthetic.portfolio(folder / "bibfolio", entries)
    pages = own_pages(docs) + len(synthetic.entries_of((docs.parent / "refs.bib").read_text()))
    synthetic.bare(folder / "bare", pages)
    synthetic.bibtex_alone(folder / "bibtex", pages, docs.parent / "refs.bib")
    subjects = [
        bibfolio_subject(folder / "bibfolio"),
        bare_subject(folder / "bare"),
        bibtex_subject(folder / "bibtex"),
    ]
    return subjects, pages


# -- what a build wrote -----------------------------------------------------------------

Snapshot = dict[str, tuple[int, int, int]]


SKIPPED = frozenset({"_build", ".doctrees"})  # outputs in sources; Sphinx's cache in sites


def snapshot(folder: Path) -> Snapshot:
    """Every file under ``folder`` (not in ``SKIPPED`` folders): inode, size, mtime."""
    files: Snapshot = {}
    for here, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in SKIPPED]
        for name in filenames:
            path = os.path.join(here, name)  # noqa: PTH118 - thousands of files, per build
            status = os.stat(path, follow_symlinks=False)  # noqa: PTH116
            files[path] = (status.st_ino, status.st_size, status.st_mtime_ns)
    return files


def written(before: Snapshot, after: Snapshot) -> int:
    """Files new or changed (written again counts, even with the same bytes)."""
    return sum(1 for path, status in after.items() if before.get(path) != status)


def doctrees(subject: Subject) -> int:
    """The pages the last build read into its environment."""
    state = subject.site.with_name(f".{subject.site.name}.bibfolio") / "doctrees"
    folder = state if subject.command == BIBFOLIO else subject.site / ".doctrees"
    return sum(1 for _ in folder.rglob("*.doctree"))
