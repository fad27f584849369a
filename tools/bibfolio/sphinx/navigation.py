"""The sidebar's navigation, drawn once for the pages no table of contents includes.

sphinx-book-theme draws the whole site's navigation on every page: Sphinx resolves
the toctree, renders it, and pydata-sphinx-theme rewrites it with BeautifulSoup. That
is most of the cost of writing a small page, and a portfolio has one small page per
paper. None of those pages is in a toctree, so none is marked in the navigation:
their drawings differ only by the links, which are relative to the page. Pages
whose links to every page of the toctree read the same get the same drawing, so it
is drawn once per build for each such set of links (for the paper pages, one).

A page in a toctree is marked in its drawing (current, open): it is drawn for itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


@dataclass
class _Drawings:
    members: tuple[str, ...]  # the root document and every document a toctree includes
    drawn: dict[tuple[object, ...], str] = field(default_factory=dict)


_BUILD: WeakKeyDictionary[Sphinx, _Drawings] = WeakKeyDictionary()  # the build under way


def start(app: Sphinx, env: BuildEnvironment) -> None:
    """Before the pages are written (every build): the toctree is read and final."""
    members = {env.config.root_doc}.union(*env.toctree_includes.values())
    _BUILD[app] = _Drawings(tuple(sorted(members)))


def sidebar_navigation(app: Sphinx, pagename: str, context: dict[str, Any]) -> Callable[..., Any]:
    """The template's call: the theme's ``generate_toctree_html``, toggles named."""

    def draw(**kwargs: Any) -> Any:
        generate = context["generate_toctree_html"]
        state = _BUILD.get(app)
        if (
            state is None
            or kwargs.get("kind") != "sidebar"
            or pagename in state.members
            or pagename not in app.env.all_docs  # search, genindex, 404: drawn their own way
        ):
            return named_toggles(generate(**kwargs))
        uri = app.builder.get_relative_uri
        key = (
            tuple(sorted(kwargs.items())),
            *(uri(pagename, doc) for doc in state.members),
        )
        if key not in state.drawn:
            state.drawn[key] = str(named_toggles(generate(**kwargs)))
        return state.drawn[key]

    return draw


def page_functions(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["bibfolio_sidebar_navigation"] = sidebar_navigation(app, pagename, context)


def named_toggles(soup: Any) -> Any:
    """Give each expand toggle of the sidebar a name (pydata-sphinx-theme leaves it empty)."""
    for summary in soup.select("li > details > summary"):
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item is not None else None
        if link is None or summary.get("aria-label"):
            continue
        summary["aria-label"] = f"Show or hide the pages under {link.get_text(' ', strip=True)}"
    return soup


def setup(app: Sphinx) -> None:
    app.connect("env-updated", start)
    # Before the theme renders its templates (it does to drop empty ones).
    app.connect("html-page-context", page_functions, priority=400)
