"""The project a build shows: loaded once, by the pipeline, before Sphinx reads any page.

At ``config-inited`` the pipeline reads and checks every input (the same checks
as ``bibfolio check``, with the same messages); its problems are reported, and
any error (or, in a strict build, any problem) ends the build there, before the
output folder is touched. The project is kept beside the application, outside
the pickled environment, so each build starts from the files as they are now;
forked parallel readers inherit it.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import NoReturn
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bibfolio.diagnostics import Problem
from bibfolio.diagnostics.report import in_order, summary, with_hints
from bibfolio.load.bibtex import Entry
from bibfolio.load.pages import site_pages
from bibfolio.load.settings import Settings
from bibfolio.load.signature import digest, signatures
from bibfolio.pipeline import PAPERS, Project, SiteRules, load_project, theme_names
from bibfolio.site.artifacts import Memo, write_if_changed
from bibfolio.sphinx.messages import choose, chosen, report
from bibfolio.sphinx.paperpages import known_pages
from bibfolio.view.papers import Portfolio

logger = logging.getLogger(__name__)

_PROJECTS: WeakKeyDictionary[Sphinx, Project] = WeakKeyDictionary()
_APPS: WeakKeyDictionary[BuildEnvironment, Sphinx] = WeakKeyDictionary()
_SIGNATURES: WeakKeyDictionary[Sphinx, str] = WeakKeyDictionary()
_SOURCE_SIGNATURES: WeakKeyDictionary[Sphinx, str] = WeakKeyDictionary()
_INPUTS: WeakKeyDictionary[Sphinx, tuple[Settings, SiteRules]] = WeakKeyDictionary()
SIGNATURE = "bibfolio-files"  # the signature of the files the pages were last read from
PROJECT = "project"  # in the memo: the project, under the signature of its files
SOURCES = "sources"  # the project, under the signature of its files but the pages
_AS_SOURCES = b"bibfolio: as the sources kept under "  # what PROJECT holds when it is those
_WITH_PAGES = b"bibfolio: the sources kept under "  # then a line end, and what differs
_PROJECT_FIELDS = tuple(field.name for field in fields(Project))


def stop(problems: Sequence[Problem]) -> NoReturn:
    """End the build after reporting ``problems``, with exit status 1 and no traceback.

    Sphinx prints any exception raised from an event handler with its traceback
    and an invitation to report a Sphinx bug; leaving through SystemExit after
    logging the located problems gives the user only the problems.
    """
    for problem, hint in with_hints(in_order(problems)):
        report(problem, hint)
    logger.info(
        f"bibfolio: {summary(problems)}; the build stops here, before any page is read, "
        "and leaves the output folder as it was"
    )
    raise SystemExit(1)


def strict(app: Sphinx) -> bool:
    """Whether warnings fail this build (-W; Sphinx 8.1 keeps the flag private)."""
    return bool(getattr(app, "_fail_on_warnings", False) or app.warningiserror)


def load(app: Sphinx, config: Config, settings: Settings) -> Project:
    """Run the pipeline over the build's inputs; report; stop on what would fail the build.

    The project is kept (pickled, in the build's private folder) under the
    signature of the project's files (every page the build reads among them, in
    hidden folders too), of the codes it reports and of the working folder its
    messages are relative to: a rebuild with no file changed reads none. It is also
    kept under the signature of its files but the pages: a rebuild after an edit of
    pages alone reads the pages, and takes the bibliography, the data and what is
    built from them as they were.
    """
    select, ignore = chosen(settings.select, settings.ignore)
    settings = replace(settings, select=select, ignore=ignore)
    choose(app, select, ignore)
    docs = Path(app.srcdir)
    site = SiteRules(
        exclude=tuple(config.exclude_patterns),
        include=tuple(config.include_patterns),
        myst_extensions=tuple(sorted(config.myst_enable_extensions)),
    )
    listing = site_pages(docs, site.exclude, (".md", ".rst"), site.include)
    key, sources_key = _files_keys(app, settings, site, listing[0])
    kept = memo(app)
    project = _kept_project(kept, PROJECT, key)
    if project is None:
        sources = _kept_project(kept, SOURCES, sources_key)
        project = load_project(
            settings,
            docs=docs,
            portfolio=True,
            site=site,
            keeper=kept,
            generated=known_pages(app),
            sources=sources,
            listing=listing,
        )
        if not project.problems:  # a project with problems stops the build: nothing to reuse
            kept.keep(PROJECT, key, _kept_record(kept, project, sources, sources_key))
    _INPUTS[app] = (settings, site)
    if project.errors or (project.problems and strict(app)):
        stop(project.problems)
    for problem, hint in with_hints(in_order(project.problems)):
        report(problem, hint)
    _PROJECTS[app] = project
    _SIGNATURES[app] = key
    _SOURCE_SIGNATURES[app] = sources_key
    return project


def _kept_record(kept: Memo, project: Project, sources: Project | None, sources_key: str) -> bytes:
    """What PROJECT keeps of ``project``, loaded from ``sources`` or (None) whole.

    A project loaded whole is kept once, as the sources, and PROJECT names them. One
    loaded from the sources after an edit of pages holds the sources' own values but
    for what reading the pages gave: PROJECT names the sources and holds that part
    alone (at 2,000 papers, a few kilobytes instead of pickling 4 MB again)."""
    if sources is None:
        kept.keep(SOURCES, sources_key, _pickled(_kept_form(project)))
        return _AS_SOURCES + sources_key.encode("utf-8")
    own = {
        name: value
        for name in _PROJECT_FIELDS
        if (value := getattr(project, name)) is not getattr(sources, name)
    }
    return _WITH_PAGES + sources_key.encode("utf-8") + b"\n" + _pickled(own)


def _kept_project(kept: Memo, name: str, key: str) -> Project | None:
    """The project kept as ``name`` under ``key``; made from the sources PROJECT names,
    when it names them (``_kept_record``)."""
    found = kept.find(name, key)
    if found is None:
        return None
    try:
        if name == PROJECT and found.startswith(_AS_SOURCES):
            named, own = found.removeprefix(_AS_SOURCES), None
        elif name == PROJECT and found.startswith(_WITH_PAGES):
            named, _, own = found.removeprefix(_WITH_PAGES).partition(b"\n")
        else:
            project = pickle.loads(found)  # noqa: S301 - our own
            return project if isinstance(project, Project) else None
        sources = _kept_project(kept, SOURCES, named.decode("utf-8", "replace"))
        if sources is None or own is None:
            return sources
        return replace(sources, **pickle.loads(own))  # noqa: S301 - our own
    except Exception:  # noqa: BLE001 - a memo that does not load is made again
        return None


def _pickled(value: object) -> bytes:
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _kept_form(project: Project) -> Project:
    """The project as a later build needs it: its bibliography files without their parsed
    fields, which only loading reads (the publications hold what the pages show; the
    fields are 2.5 MB of the 5.9 MB kept at 2,000 papers, a sixth of a no-op's loading).
    Each entry keeps its key and place, for the pages' citations to be checked against."""
    bibs = [
        replace(
            bib,
            entries=[
                Entry(e.type, e.key, e.at, e.key_at, e.end, complete=e.complete)
                for e in bib.entries
            ],
            strings=[],
            problems=[],
            _index=None,
        )
        for bib in project.bibs
    ]
    return replace(project, bibs=bibs)


def _files_keys(
    app: Sphinx, settings: Settings, site: SiteRules, pages: list[Path] | None = None
) -> tuple[str, str]:
    """The signature of every file the project is loaded from, pages found as Sphinx finds
    them (the paper pages bibfolio writes among them); and that of the files but the
    pages, with the names of the themes (the publications are read against them): a
    project kept under it gives its bibliography, data and portfolio to a build after an
    edit of a page (``load_project``'s ``sources``). ``pages``: those found just now."""
    docs = Path(app.srcdir)
    if pages is None:
        pages = site_pages(docs, site.exclude, (".md", ".rst"), site.include)[0]
    # Apart from the sources: the pages, and the list of paper pages bibfolio writes beside
    # them (no build reads it), so that writing paper pages leaves this signature as it was.
    apart = frozenset((*map(str, pages), str(docs / PAPERS / ".gitignore")))
    every, sources = signatures(settings, (str(docs), repr(site), str(Path.cwd())), apart)
    themes = theme_names(replace(settings, docs=docs))
    return (
        digest([every, *map(_stamp, pages)]),
        digest([sources, "\x1f".join(sorted(themes)) if themes is not None else "\x00"]),
    )


def pages_written(app: Sphinx) -> None:
    """After bibfolio wrote or removed paper pages: the project is kept under the signature
    of the files as they now are, which the next build finds, so that it reads nothing (the
    pages the kept project lacks are generated ones, which every check passes). The
    signature of the sources leaves the paper pages out: it did not change."""
    inputs = _INPUTS.get(app)
    project = _PROJECTS.get(app)
    if inputs is None or project is None or project.problems or app not in _SIGNATURES:
        return
    key, before = _files_keys(app, *inputs)[0], _SIGNATURES[app]
    if key != before:
        memo(app).rekey(PROJECT, before, key)
        _SIGNATURES[app] = key


def sources_signature(app: Sphinx) -> str | None:
    """The signature of the files this build's project was loaded from but its pages (and
    of bibfolio's own, and of the themes' names): what is made from the bibliography and
    the data alone may be kept under it."""
    return _SOURCE_SIGNATURES.get(app)


def _stamp(path: Path) -> str:
    try:
        found = path.stat()
    except OSError:
        return f"{path}:-"
    return f"{path}:{found.st_size}:{found.st_mtime_ns}"


def unchanged(env: BuildEnvironment) -> bool:
    """Whether no file of the project changed since the last build that read the pages.

    The record is a file beside the environment, not in it: Sphinx saves the
    environment only when it read a page.
    """
    app = _APPS[env]
    try:
        recorded = (Path(app.doctreedir) / SIGNATURE).read_text(encoding="utf-8")
    except OSError:
        return False
    return recorded == _SIGNATURES.get(app)


def remember_files(env: BuildEnvironment) -> None:
    """Once the pages are read: the project's files are those this build loaded."""
    app = _APPS[env]
    key = _SIGNATURES.get(app)
    if key is not None and not unchanged(env):
        write_if_changed(Path(app.doctreedir) / SIGNATURE, key.encode("utf-8"))


def attach(app: Sphinx) -> None:
    """Tie the environment to the application (BuildEnvironment.app is deprecated)."""
    _APPS[app.env] = app


def app_of(env: BuildEnvironment) -> Sphinx:
    return _APPS[env]


def project_of(env: BuildEnvironment) -> Project:
    return _PROJECTS[_APPS[env]]


def portfolio_of(env: BuildEnvironment) -> Portfolio:
    portfolio = project_of(env).portfolio
    if portfolio is None:  # the build stops before any page is read when loading failed
        raise RuntimeError("bibfolio: the portfolio was not built")
    return portfolio


def memo(app: Sphinx) -> Memo:
    """Slow results kept from build to build, in the doctree folder (private to the build)."""
    return Memo(Path(app.doctreedir) / "bibfolio-memo")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", attach, priority=50)
