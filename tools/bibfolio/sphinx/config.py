"""Configuration values of the extension, and the defaults it gives its dependencies."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from bibfolio.project import SettingsError, read_settings

STATIC = Path(__file__).parent / "static"


def setup(app: Sphinx) -> None:
    app.add_config_value("bibfolio_data", "", "env", types=frozenset({str}))
    app.add_config_value("bibfolio_themes_dir", "", "env", types=frozenset({str}))
    # Before sphinxcontrib-bibtex reads its own values (its handlers run at 500).
    app.connect("config-inited", apply_defaults, priority=400)


def apply_defaults(app: Sphinx, config: Config) -> None:
    try:
        settings = read_settings(Path(app.confdir))
    except SettingsError as error:
        from bibfolio.sphinx.inputs import stop  # noqa: PLC0415 - avoids an import cycle

        stop(str(error))
    # The bibliography: conf.py's bibtex_bibfiles, else [tool.bibfolio] in pyproject.toml.
    if not config.bibtex_bibfiles:
        srcdir = Path(app.srcdir)
        config.bibtex_bibfiles = [_relative(path, srcdir) for path in settings.bibliography]
    if not config.bibfolio_data and settings.data is not None:
        config.bibfolio_data = _relative(settings.data, Path(app.confdir))
    if not config.bibfolio_themes_dir:
        config.bibfolio_themes_dir = settings.themes
    # Papers are formatted and labelled by bibfolio's pybtex style (bibfolio.sphinx.style).
    config.bibtex_default_style = "bibfolio"
    # Stable anchors: a paper's entry on any page is #cite-<key>.
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
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.html_css_files = [*config.html_css_files, "bibfolio.css"]


def _relative(path: Path, start: Path) -> str:
    try:
        return str(path.resolve().relative_to(start.resolve()))
    except ValueError:
        import os  # noqa: PLC0415

        return os.path.relpath(path.resolve(), start.resolve())
