"""Research themes: one page per theme under ``bibfolio_themes_dir``.

``{research-themes}`` lists the theme pages of the current page's toctree, each
with its title, the ``description`` of its front matter and its number of papers
(those whose ``themes`` field names it; bibfolio.sphinx.bibliography lists them
on the page).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from bibfolio.sphinx.dependencies import THEMES, uses
from bibfolio.sphinx.environment import portfolio_of


class research_themes(nodes.General, nodes.Element):
    """Placeholder, replaced once every theme page has been read."""


class ResearchThemes(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        uses(self.env, THEMES)
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


def resolve_overviews(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(research_themes))
    if not placeholders:
        return
    env = app.env
    portfolio = portfolio_of(env)
    counts = {
        theme: sum(theme in paper.pub.themes for paper in portfolio.papers)
        for theme in theme_pages(env)
    }
    included = set(env.toctree_includes.get(docname, []))
    overview = nodes.definition_list(classes=["bibfolio-themes"])
    for theme, page in theme_pages(env).items():
        if page not in included:
            continue
        description = env.metadata[page].get("description")  # checked: PAGE211
        link = nodes.reference(
            "", "", internal=True, refuri=app.builder.get_relative_uri(docname, page)
        )
        link += nodes.Text(env.titles[page].astext())
        count = counts[theme]
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
    app.connect("doctree-resolved", resolve_overviews)
