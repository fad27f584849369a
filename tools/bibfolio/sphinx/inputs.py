"""Read and check the bibliography, the data file and the pages before Sphinx reads any page.

The checks are the ones ``bibfolio check`` runs, with the same messages. An
error stops the build here, before sphinxcontrib-bibtex parses the .bib file
(and so before it can drop entries): the output folder is left as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import NoReturn

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bibfolio.diagnostics import Problem, Severity
from bibfolio.load import InputError
from bibfolio.project import Project, load_project, read_settings
from bibfolio.report import summary
from bibfolio.sphinx import pages, state, style

logger = logging.getLogger(__name__)


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


def load(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    settings = read_settings(Path(app.confdir))
    settings = replace(
        settings,
        bibliography=tuple((srcdir / path).resolve() for path in app.config.bibtex_bibfiles),
        data=(Path(app.confdir) / app.config.bibfolio_data) if app.config.bibfolio_data else None,
        themes=app.config.bibfolio_themes_dir,
    )
    try:
        project = load_project(settings, docs=srcdir, portfolio=True)
    except InputError as error:
        stop(f"bibfolio: {error}")
    for problem in project.problems:
        report(problem)
    if project.errors:
        stop(
            f"bibfolio: {summary(project.problems)}; the build stops here, before any page "
            "is read, and leaves the output folder as it was"
        )
    state.store(app, project)
    style.register(project)
    pages.generate(app, project)


def fingerprint(project: Project) -> str:
    """A digest of the inputs every page may show (the bibliography and the data)."""
    digest = hashlib.sha256()
    for bib in project.bibs:
        digest.update(bib.text.encode("utf-8"))
    if project.data is not None and project.settings.data is not None:
        digest.update(project.settings.data.read_bytes())
    return digest.hexdigest()


def outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Labels, marks and CV items show on many pages: when the bibliography or the data
    changed, every page is read again (the site is small; this keeps no page stale)."""
    current = fingerprint(state.project_of(env))
    previous = getattr(env, "bibfolio_fingerprint", None)
    env.bibfolio_fingerprint = current  # type: ignore[attr-defined]
    if previous is None or previous == current:
        return []
    return sorted(env.found_docs - added - removed)


def setup(app: Sphinx) -> None:
    # Before sphinxcontrib-bibtex parses the bibliography (its handler runs at 500).
    app.connect("builder-inited", load, priority=100)
    app.connect("env-get-outdated", outdated)
