"""``bibfolio init``: the example portfolio replaced by a blank one of the owner's.

The example's files (its bibliography, data, pages and releases) are known by the
digests of their content, kept in ``example.json`` beside this module: a file
whose content is still exactly the example's is removed, and nothing else is
ever removed or written over. Any other file in the way (an edited page, a page
of the owner's) stops the command before it changes anything, unless ``force``:
such files are then moved into a backup folder, never deleted. The site built
from the example (a build folder bibfolio made) is removed, so that none of its
pages survives into the owner's site.

The blank portfolio is minimal, so that it stays valid as the data file grows:
the owner's name, one theme page, no paper and no release.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bibfolio.load.settings import Settings

DIGESTS = Path(__file__).with_name("example.json")
PLACEHOLDER = "Your Name"
THEME = "first-theme"
SKIPPED = ("_build", "papers")  # build output, and the paper pages the build generates
KEPT = ("cv.schema.json",)  # the data file's schema, for editors: bibfolio's, not the example's


class InitError(ValueError):
    """A name init cannot use."""


@dataclass
class Plan:
    """What init does: files to remove (the example's), files in the way (the owner's),
    build folders to remove, files to write."""

    example: list[Path] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)
    builds: list[Path] = field(default_factory=list)
    written: dict[Path, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Done:
    """What init did, each path relative to the project."""

    removed: list[str]
    moved: list[str]
    written: list[str]
    backup: str | None


def digest(path: Path) -> str:
    """The digest of a file's content, line endings made LF (a checkout on Windows)."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def known_digests() -> dict[str, list[str]]:
    """Every content the example's files have had, by path from the project root."""
    found: dict[str, list[str]] = json.loads(DIGESTS.read_text(encoding="utf-8"))["files"]
    return found


def content_files(settings: Settings) -> Iterator[Path]:
    """The portfolio's content, as init sees it: the bibliography, the data file, every file
    of the pages' folder (but build output, generated paper pages and the schema) and of the
    files folder. Links are files here: never followed."""
    yield from (path for path in settings.bibliography if os.path.lexists(path))
    docs = settings.docs
    data = settings.data
    if data is not None and os.path.lexists(data) and docs not in data.parents:
        yield data
    for folder in (docs, settings.files_dir):
        if not folder.is_dir() or folder.is_symlink():
            continue
        for top, folders, names in os.walk(folder):
            here = Path(top)
            if here == docs:
                folders[:] = [f for f in folders if f not in SKIPPED]
            folders.sort()
            yield from (here / n for n in sorted(names) if here != docs or n not in KEPT)


def example_digests(settings: Settings) -> dict[str, list[str]]:
    """The digest of each content file of a project, by its path (for example.json)."""
    root = settings.root
    return {
        path.relative_to(root).as_posix(): [digest(path)]
        for path in content_files(settings)
        if not path.is_symlink()
    }


def checked_name(name: str | None) -> str:
    """The owner's name as given (the placeholder when none), or ``InitError``."""
    if name is None:
        return PLACEHOLDER
    lines = name.strip().splitlines()
    name = " ".join(name.split())
    if len(lines) != 1 or len(name) > 100 or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise InitError("the name is one line of 1 to 100 characters: --name 'Ada Lovelace'")
    return name


def blank_portfolio(settings: Settings, name: str, today: datetime.date) -> dict[Path, str]:
    """The files of a blank portfolio of ``name``: what each holds."""
    docs, themes = settings.docs, settings.themes_dir
    heading = re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", name)  # MyST: punctuation as text
    toctree = "```{toctree}\n:hidden:\n\n"
    files = {
        docs / "conf.py": (
            '"""Sphinx configuration: metadata and a few settings."""\n\n'
            f"project = {name!r}\nauthor = {name!r}\ncopyright = {f'{today.year}, {name}'!r}\n\n"
            'extensions = ["bibfolio.sphinx"]\n\nhtml_theme = "sphinx_book_theme"\n'
            f'html_title = {name!r}\nexclude_patterns = ["_build"]\n'
            "nitpicky = True  # as -n: the same strictness everywhere\n"
        ),
        docs / "index.md": (
            f"# {heading}\n\n```{{profile}}\n```\n\n{toctree}"
            f"{themes.relative_to(docs).as_posix()}/index\npublications\ncv\n```\n"
        ),
        docs / "publications.md": "# Publications\n\n```{publications}\n```\n",
        docs / "cv.md": "# Curriculum vitae\n\n```{cv}\n```\n",
        themes
        / "index.md": f"# Research\n\n```{{research-themes}}\n```\n\n{toctree}{THEME}\n```\n",
        themes / f"{THEME}.md": (
            "---\ndescription: What this theme is about, in one line.\n---\n\n"
            "# A first theme\n\nWhat this theme studies, citing its papers as "
            f"``{{cite}}`key` ``: a paper belongs to it with `themes = {{{THEME}}}` in "
            "its entry.\n\n```{bibliography}\n:filter: docname in docnames\n```\n"
        ),
    }
    if settings.data is not None:
        files[settings.data] = (
            "# Everything in the CV that is not a publication: see tools/guide/data.md.\n"
            f"name: {json.dumps(name, ensure_ascii=False)}\n"
            f"updated: {today:%Y-%m}\n"
            "sections:\n  - type: publications\n    title: Publications\n"
        )
    for bibliography in settings.bibliography[:1]:
        files[bibliography] = (
            "% Your publications and preprints, in BibTeX (see tools/guide/bibliography.md).\n"
            f"% Give each its themes: themes = {{{THEME}}}.\n"
        )
    return files


def plan_init(settings: Settings, name: str, today: datetime.date) -> Plan:
    """What init would do in the project of ``settings``; nothing is changed."""
    from bibfolio.site.output import is_previous_build  # noqa: PLC0415

    plan = Plan(written=blank_portfolio(settings, name, today))
    known = known_digests()
    for path in content_files(settings):
        relative = path.relative_to(settings.root).as_posix()
        mine = not path.is_symlink() and digest(path) in known.get(relative, ())
        (plan.example if mine else plan.others).append(path)
    seen = {*plan.example, *plan.others}
    plan.others += [p for p in plan.written if os.path.lexists(p) and p not in seen]
    builds = settings.docs / "_build"
    for site in sorted(builds.iterdir()) if builds.is_dir() else []:
        if site.is_dir() and not site.is_symlink() and is_previous_build(site):
            plan.builds.append(site)
    return plan


def apply_init(settings: Settings, plan: Plan, backup: Path | None) -> Done:
    """Do what ``plan`` says; ``backup`` is where the files in the way go (None: there are
    none)."""
    from bibfolio.site.output import Output, remove_tree  # noqa: PLC0415

    root = settings.root
    moved = []
    for path in plan.others:
        if backup is None:
            raise InitError("files in the way and no backup folder")
        target = backup / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        moved.append(path.relative_to(root).as_posix())
    for path in plan.example:
        path.unlink()
    for site in plan.builds:
        output = Output(site)
        for folder in (site, output.state, output.spare):
            if folder.exists():
                remove_tree(folder)
    _remove_empty_folders({p.parent for p in [*plan.example, *plan.others]}, root)
    for path, text in plan.written.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return Done(
        removed=[p.relative_to(root).as_posix() for p in [*plan.example, *plan.builds]],
        moved=moved,
        written=[p.relative_to(root).as_posix() for p in plan.written],
        backup=backup.relative_to(root).as_posix() if backup is not None else None,
    )


def backup_folder(root: Path, now: datetime.datetime) -> Path:
    """A new folder for the files init moves out of the way."""
    base = root / ".bibfolio-backup" / f"{now:%Y%m%d-%H%M%S}"
    folder, number = base, 1
    while folder.exists():
        number += 1
        folder = base.with_name(f"{base.name}-{number}")
    return folder


def _remove_empty_folders(folders: set[Path], root: Path) -> None:
    """The folders that held the files init removed or moved, when they are left empty (and
    their parents, below the project root)."""
    for start in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        folder = start
        while folder != root and root in folder.parents and folder.is_dir():
            if folder.is_symlink() or any(folder.iterdir()):
                break
            folder.rmdir()
            folder = folder.parent
