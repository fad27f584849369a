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
from pathlib import Path
from typing import NoReturn
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bibfolio.diagnostics import Problem, Severity
from bibfolio.diagnostics.report import summary
from bibfolio.load.files import InputError
from bibfolio.load.settings import Settings
from bibfolio.load.signature import signature
from bibfolio.pipeline import Project, load_project
from bibfolio.site.artifacts import Memo, write_if_changed
from bibfolio.view.papers import Portfolio

logger = logging.getLogger(__name__)

_PROJECTS: WeakKeyDictionary[Sphinx, Project] = WeakKeyDictionary()
_APPS: WeakKeyDictionary[BuildEnvironment, Sphinx] = WeakKeyDictionary()
_SIGNATURES: WeakKeyDictionary[Sphinx, str] = WeakKeyDictionary()
SIGNATURE = "bibfolio-files"  # the signature of the files the pages were last read from


def stop(message: str) -> NoReturn:
    """End the build with a message and exit status 1, without a traceback.

    Sphinx prints any exception raised from an event handler with its traceback
    and an invitation to report a Sphinx bug; leaving through SystemExit after
    logging the located problems gives the user only the problems.
    """
    logger.error(message)
    raise SystemExit(1)


def report(problem: Problem) -> None:
    message = f"{problem.code} {problem.message}"
    if problem.hint:
        message += f"\n    hint: {problem.hint}"
    log = logger.error if problem.severity is Severity.ERROR else logger.warning
    log(
        message,
        location=f"{problem.path}:{problem.line}:{problem.col}",
        type="bibfolio",
        subtype=problem.code,
    )


def load(app: Sphinx, config: Config, settings: Settings) -> Project:
    """Run the pipeline over the build's inputs; report; stop on what would fail the build.

    The project is kept (pickled, in the build's private folder) under the
    signature of the project's files: a rebuild with no file changed reads none.
    """
    docs, exclude = Path(app.srcdir), list(config.exclude_patterns)
    key = signature(settings, str(docs), repr(exclude))
    kept = memo(app)
    found = kept.find("project", key)
    try:
        project = pickle.loads(found) if found is not None else None  # noqa: S301 - our own
    except Exception:  # noqa: BLE001 - a memo that does not load is made again
        project = None
    if not isinstance(project, Project):
        try:
            project = load_project(settings, docs=docs, portfolio=True, exclude=exclude)
        except InputError as error:
            stop(f"bibfolio: {error}")
        if not project.problems:  # a project with problems stops the build: nothing to reuse
            kept.keep("project", key, pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL))
    for problem in project.problems:
        report(problem)
    if project.errors or (project.problems and app.warningiserror):
        stop(
            f"bibfolio: {summary(project.problems)}; the build stops here, before any page "
            "is read, and leaves the output folder as it was"
        )
    _PROJECTS[app] = project
    _SIGNATURES[app] = key
    return project


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
