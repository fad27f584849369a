"""The project loaded for a build, kept beside the build environment.

Kept outside the pickled environment so that each build starts from the files
as they are now; forked parallel readers inherit it.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from bibfolio.project import Project
from bibfolio.view import Portfolio

_PROJECTS: WeakKeyDictionary[BuildEnvironment, Project] = WeakKeyDictionary()
_APPS: WeakKeyDictionary[BuildEnvironment, Sphinx] = WeakKeyDictionary()


def store(app: Sphinx, project: Project) -> None:
    _PROJECTS[app.env] = project
    _APPS[app.env] = app


def app_of(env: BuildEnvironment) -> Sphinx:
    """The application (BuildEnvironment.app is deprecated since Sphinx 9)."""
    return _APPS[env]


def project_of(env: BuildEnvironment) -> Project:
    return _PROJECTS[env]


def portfolio_of(env: BuildEnvironment) -> Portfolio:
    portfolio = _PROJECTS[env].portfolio
    if portfolio is None:  # the build stops before any page is read when loading failed
        raise RuntimeError("bibfolio: the portfolio was not built")
    return portfolio
