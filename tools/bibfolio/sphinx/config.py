"""Configuration values of the extension, and the defaults it gives its dependencies."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config


def setup(app: Sphinx) -> None:
    app.add_config_value("bibfolio_themes_dir", "research", "env", types=frozenset({str}))
    # Run before sphinxcontrib-bibtex reads its values (priority < 500).
    app.connect("config-inited", apply_defaults, priority=400)


def apply_defaults(app: Sphinx, config: Config) -> None:
    # Stable anchors: a paper's entry on any page is #cite-<key>, whatever the
    # order of the bibliography.
    if not config.bibtex_cite_id:
        config.bibtex_cite_id = "cite-{key}"
    # Every theme page has its own bibliography, so a paper in two themes is
    # listed on two pages, and sphinxcontrib-bibtex (>= 2.7) reports that as
    # bibtex.duplicate_citation, the cross-page subtype only. That is this
    # site's design, so only that subtype is silenced; a paper listed twice on
    # one page still warns (bibtex.duplicate_local_citation), and citations
    # resolve to the entry on their own page first.
    suppress = list(config.suppress_warnings)
    if "bibtex.duplicate_citation" not in suppress:
        config.suppress_warnings = [*suppress, "bibtex.duplicate_citation"]
