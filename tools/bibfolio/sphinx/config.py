"""Configuration values of the extension, and the defaults it gives its dependencies."""

from __future__ import annotations

import html
import os
import re
from dataclasses import replace
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from bibfolio.diagnostics import Problem, problem
from bibfolio.load.settings import SettingsError, conf_place, read_settings
from bibfolio.model.urls import safe_base_url
from bibfolio.pipeline import UNREAD
from bibfolio.sphinx.environment import load, stop

STATIC = Path(__file__).parent / "static"
_SUFFIX = (r"\.?[\w.-]*", "a file suffix, such as .html")
_SCRIPT_VALUES = {
    "language": (r"[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*", "a language tag, such as en or pt-BR"),
    "html_file_suffix": _SUFFIX,
    "html_link_suffix": _SUFFIX,
    "html_sourcelink_suffix": _SUFFIX,
}


def setup(app: Sphinx) -> None:
    app.add_config_value("bibfolio_data", "", "env", types=frozenset({str}))
    app.add_config_value("bibfolio_themes_dir", "", "env", types=frozenset({str}))
    # Earlier releases, each a folder with its own conf.py (see bibfolio.releases).
    app.add_config_value("bibfolio_releases_dir", "releases", "env", types=frozenset({str}))
    # Set by `bibfolio versions`: where the version switcher's list of releases is.
    app.add_config_value("bibfolio_switcher_json", "", "html", types=frozenset({str}))
    # Before sphinxcontrib-bibtex reads its own values (its handlers run at 500).
    app.connect("config-inited", apply_defaults, priority=400)


# conf.py values this extension reads, and the type each must have.
STRING = "a string"
STRINGS = "a list of strings"
MAPPING = "a dictionary"
CHECKED: dict[str, str] = {
    "html_baseurl": STRING,
    "bibfolio_switcher_json": STRING,
    "bibfolio_canonical_url": STRING,
    "bibfolio_data": STRING,
    "bibfolio_themes_dir": STRING,
    "bibfolio_releases_dir": STRING,
    "version": STRING,
    "bibtex_bibfiles": STRINGS,
    "suppress_warnings": STRINGS,
    "exclude_patterns": STRINGS,
    "include_patterns": STRINGS,
    "html_static_path": STRINGS,
    "html_css_files": STRINGS,
    "myst_enable_extensions": STRINGS,
    "html_theme_options": MAPPING,
    "html_sidebars": MAPPING,
}


def wrong_type(value: object, kind: str) -> bool:
    if kind == STRING:
        return not isinstance(value, str) or "\x00" in value
    if kind == STRINGS:
        return not isinstance(value, list | tuple | set | frozenset) or not all(
            isinstance(item, str) and "\x00" not in item for item in value
        )
    return not isinstance(value, dict)


def conf_problem(app: Sphinx, name: str, message: str) -> Problem:
    """A problem with conf.py's value ``name`` (CONF102), where conf.py sets it."""
    path, line, col = conf_place(Path(app.confdir), name)
    return problem(path, line, col, "CONF102", message)


def config_problems(app: Sphinx, config: Config) -> list[Problem]:
    """The values of conf.py this extension reads: each of its type, each address safe,
    the data file there when named."""
    problems = [
        conf_problem(app, name, f"{name} should be {kind}, not {config[name]!r}"[:300])
        for name, kind in CHECKED.items()
        if wrong_type(config[name], kind) and config[name] != config.values[name].default
    ]
    if problems:
        return problems
    # Addresses that the theme writes into pages and scripts: checked before any page is.
    for name in ("html_baseurl", "bibfolio_switcher_json", "bibfolio_canonical_url"):
        value = config[name]
        if value and not safe_base_url(value):
            problems.append(
                conf_problem(
                    app,
                    name,
                    f"{name} {value!r} is not a site address: give an http(s) address "
                    "or a path starting with /, without quotes, spaces or < >",
                )
            )
    # Values Sphinx writes as they are into the script every page loads
    # (documentation_options.js): only their plain forms.
    for name, (pattern, form) in _SCRIPT_VALUES.items():
        value = config[name]
        if value and not re.fullmatch(pattern, str(value)):
            problems.append(conf_problem(app, name, f"{name} {value!r} is not {form}"))
    data = config.bibfolio_data
    if data and not os.path.lexists(Path(app.confdir) / data):
        problems.append(
            conf_problem(app, "bibfolio_data", f"bibfolio_data names {data}, which does not exist")
        )
    return problems


def apply_defaults(app: Sphinx, config: Config) -> None:
    """Settings for the extension and its dependencies, then the project, loaded once."""
    try:
        settings = read_settings(Path(app.confdir))
    except SettingsError as error:
        stop(error.problems)
    found = config_problems(app, config)
    if found:
        stop(found)
    confdir = Path(app.confdir)
    # The bibliography: conf.py's bibtex_bibfiles, else [tool.bibfolio] in pyproject.toml.
    if not config.bibtex_bibfiles:
        config.bibtex_bibfiles = [_relative(path, confdir) for path in settings.bibliography]
    if not config.bibfolio_data and settings.data is not None:
        config.bibfolio_data = _relative(settings.data, confdir)
    if not config.bibfolio_themes_dir:
        config.bibfolio_themes_dir = settings.themes
    # Papers are formatted and labelled by bibfolio's pybtex style (bibfolio.sphinx.bibliography).
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
    exclude_releases(app, config)
    data = Path(os.path.normpath(confdir / config.bibfolio_data)) if config.bibfolio_data else None
    project = load(
        app,
        config,
        replace(
            settings,
            bibliography=tuple((confdir / p).absolute() for p in config.bibtex_bibfiles),
            data=data,
            themes=config.bibfolio_themes_dir,
        ),
    )
    apply_release(config, project.cv.updated.version if project.cv is not None else "")


SIDEBAR = [
    "navbar-logo.html",
    "version-switcher.html",
    "search-button-field.html",
    "sbt-sidebar-nav.html",
]


def apply_release(config: Config, version: str) -> None:
    """The release is the data's calendar version; earlier releases are other sites."""
    if not config.version and version:
        config.version = config.release = version
    options = dict(config.html_theme_options)
    if config.version and "extra_footer" not in options:
        options["extra_footer"] = (
            f'<p class="bibfolio-release">Release {html.escape(config.version)}</p>'
        )
    if config.bibfolio_switcher_json:
        options["switcher"] = {
            "json_url": config.bibfolio_switcher_json,
            "version_match": config.version,
        }
        options["check_switcher"] = False  # the list is written by `bibfolio versions`
        options.setdefault("show_version_warning_banner", True)  # earlier releases say so
        if not config.html_sidebars:
            config.html_sidebars = {"**": SIDEBAR}
    config.html_theme_options = options


def exclude_releases(app: Sphinx, config: Config) -> None:
    """Earlier releases kept inside the pages' folder are sites of their own; build outputs
    and hidden folders hold no pages."""
    config.exclude_patterns = [
        *config.exclude_patterns,
        *(pattern for pattern in UNREAD if pattern not in config.exclude_patterns),
    ]
    releases = (Path(app.srcdir) / config.bibfolio_releases_dir).resolve()
    srcdir = Path(app.srcdir).resolve()
    if releases != srcdir and srcdir in releases.parents:
        relative = releases.relative_to(srcdir).as_posix()
        config.exclude_patterns = [*config.exclude_patterns, relative]


def _relative(path: Path, start: Path) -> str:
    """``path`` from ``start``, links not followed: a data file that is a link is named as
    the user wrote it, in the build's messages as in check's."""
    return os.path.relpath(Path(path).absolute(), Path(start).absolute())
