"""Research themes: one page per theme under ``bibfolio_themes_dir``.

* ``{research-themes}`` lists the theme pages of the current page's toctree,
  each with its title, the ``description`` of its front matter and its papers.
* After reading, each theme page must list exactly the papers whose
  ``themes`` field in refs.bib names it; any difference is a located warning
  (type ``bibfolio``, subtype ``theme``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from bibfolio.sphinx.state import portfolio_of, project_of

logger = logging.getLogger(__name__)


class research_themes(nodes.General, nodes.Element):
    """Placeholder, replaced once every theme page has been read."""


class ResearchThemes(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = research_themes()
        self.set_source_info(node)
        return [node]


def theme_pages(env: BuildEnvironment) -> dict[str, str]:
    """Theme name -> docname, in the order of the overview's toctree."""
    folder = env.config.bibfolio_themes_dir.strip("/")
    overview = f"{folder}/index"
    found = sorted(
        doc for doc in env.found_docs if doc.startswith(f"{folder}/") and doc != overview
    )
    ordered = [doc for doc in env.toctree_includes.get(overview, []) if doc in found]
    ordered += [doc for doc in found if doc not in ordered]
    return {doc.removeprefix(f"{folder}/"): doc for doc in ordered}


def listed_papers(env: BuildEnvironment) -> dict[str, list[str]]:
    """Docname -> keys of the papers its bibliographies list, in their order."""
    listed: dict[str, list[str]] = defaultdict(list)
    for citation in env.get_domain("cite").citations:  # type: ignore[attr-defined]
        listed[citation.bibliography_key.docname].append(citation.key)
    return listed


def check_themes(app: Sphinx, env: BuildEnvironment) -> None:
    project = project_of(env)
    portfolio = portfolio_of(env)
    pages = theme_pages(env)
    listed = {doc: {key.lower() for key in keys} for doc, keys in listed_papers(env).items()}
    entries = {e.key.lower(): (bib, e) for bib in project.bibs for e in bib.entries}

    for paper in portfolio.papers:
        for theme in paper.pub.themes:
            page = pages.get(theme)
            if page is not None and paper.key.lower() not in listed.get(page, set()):
                bib, entry = entries[paper.key.lower()]
                line, col = bib.locate(entry.at)
                _warn(
                    f'"{paper.key}" is in theme "{theme}", but {env.doc2path(page, False)} '
                    f'does not list it: cite it there, or remove "{theme}" from its themes field',
                    f"{bib.path}:{line}:{col}",
                )

    for theme, page in pages.items():
        for key in sorted(listed.get(page, set())):
            listed_paper = portfolio.get(key)
            if listed_paper is not None and theme not in listed_paper.pub.themes:
                _warn(
                    f'this theme page lists "{listed_paper.key}", whose themes field does not '
                    f'name "{theme}": add "{theme}" to it in the .bib file, or drop the citation',
                    (page, _bibliography_line(env.get_domain("cite"), page)),
                )


def _bibliography_line(domain: Any, docname: str) -> int | None:
    lines = [b.line for k, b in domain.bibliographies.items() if k.docname == docname]
    return min(lines) if lines else None


def _warn(message: str, location: str | tuple[str, int | None]) -> None:
    logger.warning(message, location=location, type="bibfolio", subtype="theme")


def resolve_overviews(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(research_themes))
    if not placeholders:
        return
    env = app.env
    listed = listed_papers(env)
    included = set(env.toctree_includes.get(docname, []))
    overview = nodes.definition_list(classes=["bibfolio-themes"])
    for theme, page in theme_pages(env).items():
        if page not in included:
            continue
        description = env.metadata[page].get("description")
        if not description:
            logger.warning(
                f'theme page has no one-line "description" in its front matter (theme "{theme}")',
                location=page,
                type="bibfolio",
                subtype="theme",
            )
        link = nodes.reference(
            "", "", internal=True, refuri=app.builder.get_relative_uri(docname, page)
        )
        link += nodes.Text(env.titles[page].astext())
        count = len(listed.get(page, []))
        summary = nodes.paragraph()
        summary += nodes.Text(f"{description or ''} ")
        summary += nodes.inline(
            "", f"{count} paper{'s' if count != 1 else ''}", classes=["bibfolio-count"]
        )
        overview += nodes.definition_list_item(
            "", nodes.term("", "", link), nodes.definition("", summary)
        )
    for placeholder in placeholders:
        placeholder.replace_self(overview.deepcopy())


def setup(app: Sphinx) -> None:
    app.add_node(research_themes)
    app.add_directive("research-themes", ResearchThemes)
    app.connect("env-check-consistency", check_themes)
    app.connect("doctree-resolved", resolve_overviews)
