"""The bibfolio Sphinx extension: ``extensions = ["bibfolio.sphinx"]``.

``setup`` only wires things together; each module owns one Sphinx concern.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from bibfolio import __version__
from bibfolio.sphinx import (
    a11y,
    assets,
    bibliography,
    compiled,
    config,
    datapages,
    dependencies,
    discovery,
    environment,
    escaping,
    guard,
    indexes,
    listings,
    messages,
    navigation,
    paperpages,
    papers,
    rebuild,
    scholar,
    seo,
    themes,
)


def setup(app: Sphinx) -> ExtensionMetadata:
    messages.setup(app)  # first: every warning after this one is located and coded
    app.setup_extension("myst_parser")
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_copybutton")
    config.setup(app)
    environment.setup(app)
    discovery.setup(app)
    dependencies.setup(app)
    bibliography.setup(app)
    paperpages.setup(app)
    papers.setup(app)
    listings.setup(app)
    themes.setup(app)
    datapages.setup(app)
    scholar.setup(app)
    escaping.setup(app)
    guard.setup(app)
    rebuild.setup(app)
    assets.setup(app)
    indexes.setup(app)
    navigation.setup(app)
    compiled.setup(app)
    a11y.setup(app)
    seo.setup(app)
    return {
        "version": __version__,
        # 11: every page written again once, so that no paper page's source stays published
        # (sphinx/paperpages.py::no_source)
        "env_version": 11,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
