"""Papers on pages: ``{publications}`` and ``{paper-page}``.

* ``{publications}`` lists every paper, grouped (P, J, C, ...) newest first,
  with counts, the legend of the marks, and a theme filter that works without
  JavaScript (radio buttons and CSS).
* ``{paper-page}`` is the whole of a paper's own page (see bibfolio.sphinx.paperpages).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from bibfolio.diagnostics import problem
from bibfolio.load.files import display_path
from bibfolio.render import docutils as web
from bibfolio.render.docutils import NodeLayout, legend, page_paper
from bibfolio.sphinx.dependencies import ALL, paper_token, title_token, uses
from bibfolio.sphinx.environment import app_of, portfolio_of, project_of
from bibfolio.sphinx.links import link_resolver
from bibfolio.sphinx.listings import deferred_layout
from bibfolio.sphinx.messages import report
from bibfolio.sphinx.themes import theme_pages
from bibfolio.view.papers import Paper, css_name
from bibfolio.view.talks import talks_about
from bibfolio.view.wording import legend as legend_text
from bibfolio.view.wording import month


class theme_filter(nodes.General, nodes.Element):
    """Radio buttons for the themes; filled in once every theme page's title is known."""


class Publications(SphinxDirective):
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "groups": directives.unchanged,  # label prefixes to show, comma-separated
        "no-filter": directives.flag,
        "selected": directives.flag,  # only the papers marked selected = {true}, ungrouped
    }

    def run(self) -> list[nodes.Node]:
        uses(self.env, ALL)
        portfolio = portfolio_of(self.env)
        wanted = self.options.get("groups")
        prefixes = {p.strip() for p in wanted.split(",")} if wanted else None
        layout = deferred_layout(app_of(self.env), self.env.docname, portfolio)
        selected = "selected" in self.options
        shown = [
            (group, tuple(p for p in papers if p.pub.selected or not selected))
            for group, papers in portfolio.groups
            if prefixes is None or group.prefix in prefixes
        ]
        box = nodes.container(classes=["bibfolio-publications"])
        note = legend(legend_text(m for _, papers in shown for p in papers for m in p.marks))
        if note is not None:
            box += note
        themes = sorted({t for _, papers in shown for p in papers for t in p.pub.themes})
        if themes and "no-filter" not in self.options and not selected:
            box += theme_filter(themes=themes)
            folder = self.config.bibfolio_themes_dir.strip("/")
            uses(self.env, *(title_token(f"{folder}/{theme}") for theme in themes))
        papers_box = nodes.container(classes=["bibfolio-papers"])
        for group, papers in shown:
            heading = f"{group.title} ({len(papers)})"
            if not selected:
                papers_box += nodes.rubric(heading, heading, classes=["bibfolio-group"])
            for paper in papers:
                papers_box += layout.paper(paper)
        box += papers_box
        return [box]


def fill_theme_filters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Radio buttons (one per theme, plus All) and the CSS rules that filter by them."""
    filters = list(doctree.findall(theme_filter))
    if not filters:  # every page but the publications page: no look at all the pages
        return
    folder = app.config.bibfolio_themes_dir.strip("/")
    order = list(theme_pages(app.env))
    for node in filters:
        rules = []
        buttons = [
            (
                '<p class="bibfolio-filter-label" id="bibfolio-filter-label">'
                "Show the papers of one theme:</p>"
            ),
            (
                '<input type="radio" name="bibfolio-theme" id="bibfolio-all" checked '
                'aria-describedby="bibfolio-filter-label"><label for="bibfolio-all">All</label>'
            ),
        ]
        themes = sorted(node["themes"], key=lambda t: (order.index(t) if t in order else 99, t))
        for theme in themes:
            name = css_name(theme)
            title = app.env.titles.get(f"{folder}/{theme}")
            text = title.astext() if title is not None else theme
            buttons.append(
                f'<input type="radio" name="bibfolio-theme" id="bibfolio-{name}" '
                f'aria-describedby="bibfolio-filter-label">'
                f'<label for="bibfolio-{name}">{html.escape(text)}</label>'
            )
            rules.append(
                f"#bibfolio-{name}:checked ~ .bibfolio-papers "
                f".bibfolio-entry:not(.bibfolio-theme-{name}) {{ display: none; }}"
            )
        # The inputs must be siblings of .bibfolio-papers for the CSS rules to reach it.
        markup = "".join(buttons) + f"<style>{''.join(rules)}</style>"
        node.replace_self(nodes.raw("", markup, format="html"))


class PaperPage(SphinxDirective):
    """The whole page of one paper, found from the page's folder (papers/<slug>/index).

    Its title is the paper's, then the full citation, the abstract, the BibTeX,
    the themes and the talks: every text comes from the portfolio as a node,
    never as markup.
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        paper = page_paper(portfolio_of(self.env), self.env.docname)
        if paper is None:
            path, line = self.get_source_info()
            report(
                problem(
                    display_path(Path(path)),
                    line or 1,
                    1,
                    "PAGE215",
                    "{paper-page} belongs on a generated paper page (papers/<paper>/index.md)",
                )
            )
            return []
        uses(self.env, paper_token(paper.key))
        page = web.titled_section(paper.pub.title, f"paper-{paper.slug}", ["bibfolio-paper-page"])
        page.extend(self._citation(paper))
        if paper.pub.abstract:
            page += self._part("Abstract", web.abstract(paper.pub.abstract, collapsed=False))
        page += self._part("BibTeX", self._bibtex(paper))
        if paper.pub.themes:
            page += self._part("Research themes", self._themes(paper))
        talks = self._talks(paper)
        if talks is not None:
            page += self._part("Talks", talks)
        return [page]

    def _part(self, title: str, content: nodes.Node) -> nodes.section:
        section = web.titled_section(title, title, ["bibfolio-paper-part"])
        section += content
        return section

    def _citation(self, paper: Paper) -> list[nodes.Node]:
        box = web.as_written(nodes.container(classes=["bibfolio-entry", "bibfolio-paper-page"]))
        box += web.label(paper, link=False)
        layout = NodeLayout(
            portfolio_of(self.env), link_resolver(app_of(self.env), self.env.docname)
        )
        box += layout.body(paper, details_link=False, collapsed_abstract=False, title=False)
        result: list[nodes.Node] = [box]
        note = legend(legend_text(paper.marks))
        if note is not None:
            result.append(note)
        return result

    def _bibtex(self, paper: Paper) -> nodes.literal_block:
        block = nodes.literal_block(paper.pub.bibtex, paper.pub.bibtex, language="bibtex")
        block["linenos"] = False
        block["classes"].append("bibfolio-bibtex")
        return block

    def _themes(self, paper: Paper) -> nodes.bullet_list:
        folder = self.config.bibfolio_themes_dir.strip("/")
        uses(self.env, *(title_token(f"{folder}/{theme}") for theme in paper.pub.themes))
        items = nodes.bullet_list(classes=["bibfolio-themes-of-paper"])
        for theme in paper.pub.themes:
            ref = web.doc_link(f"{folder}/{theme}", theme)
            ref["refexplicit"] = False  # the link shows the theme page's title
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        return items

    def _talks(self, paper: Paper) -> nodes.bullet_list | None:
        cv = project_of(self.env).cv
        found = talks_about(cv, paper.key) if cv is not None else []
        if not found:
            return None
        items = nodes.bullet_list(classes=["bibfolio-talks-of-paper"])
        for talk in found:
            para = web.as_written(nodes.paragraph())
            para += web.doc_link("talks", talk.title, ["bibfolio-talk-title"])
            places = "; ".join(f"{e.place}, {month(e.date)}" for e in talk.events)
            para += nodes.Text(f" ({places})")
            items += nodes.list_item("", para)
        return items


def setup(app: Sphinx) -> None:
    app.add_node(theme_filter)
    app.add_node(web.details, **web.NODE_VISITORS[web.details])  # type: ignore[arg-type]
    app.add_node(web.summary, **web.NODE_VISITORS[web.summary])  # type: ignore[arg-type]
    app.add_directive("publications", Publications)
    app.add_directive("paper-page", PaperPage)
    app.connect("doctree-resolved", fill_theme_filters)
