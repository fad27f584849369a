"""No file from outside the project reaches the site through a page.

A page (or a pull request that changes one) can name any file: an image, a
download, an included or literally-included file, a raw HTML file. After every
page has been read, each file a page depends on must lie inside the project
(links followed); one that does not is a located error, and is taken out of
the images and downloads Sphinx would copy, so it is never published even by a
build that does not stop on errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from bibfolio.diagnostics import REGISTRY
from bibfolio.project import publish_root
from bibfolio.sphinx.state import project_of

logger = logging.getLogger(__name__)


def _outside(path: Path, root: Path) -> bool:
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a link loop
        return True


def check_files(app: Sphinx, env: BuildEnvironment) -> list[str]:
    root = publish_root(Path(env.srcdir), project_of(env).settings)
    srcdir = Path(env.srcdir)
    found: list[tuple[str, str]] = []
    for docname, files in env.dependencies.items():
        found += [(docname, str(name)) for name in files if _outside(srcdir / name, root)]
    tables: tuple[dict[Any, tuple[set[str], Any]], ...] = (env.images, env.dlfiles)
    for table in tables:
        for name, (docnames, _) in list(table.items()):
            if _outside(srcdir / str(name), root):
                found += [(docname, str(name)) for docname in sorted(docnames)]
                del table[name]  # never copied into the site
    for docname, name in sorted(set(found)):
        logger.error(
            f"PAGE210 this page uses {name}, which is outside the project\n"
            f"    hint: {REGISTRY['PAGE210'].hint}",
            location=docname,
            type="bibfolio",
            subtype="PAGE210",
        )
    return []


def setup(app: Sphinx) -> None:
    app.connect("env-updated", check_files)
