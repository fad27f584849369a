"""Papers on pages: ``{publications}``, ``{paper}``, and the entries of theme bibliographies.

* ``{publications}`` lists every paper, grouped (P, J, C, ...) newest first,
  with counts, the legend of the marks, and a theme filter that works without
  JavaScript (radio buttons and CSS).
* ``{paper} key`` with ``:part:`` citation, abstract, bibtex, themes or talks:
  the pieces of a paper's own page (see bibfolio.sphinx.pages).
* A post-transform gives the entries of sphinxcontrib-bibtex's bibliographies
  (the theme pages) the same body as everywhere else.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from bibfolio.render import web
from bibfolio.sphinx.state import app_of, portfolio_of, project_of
from bibfolio.sphinx.themes import theme_pages
from bibfolio.view import Link, Paper, css_name, paper_slug

logger = logging.getLogger(__name__)


def link_resolver(app: Sphinx, docname: str) -> web.LinkResolver:
    """Addresses for a paper's links as seen from ``docname``.

    A local PDF is published in the paper's own folder (papers/<key>/), where
    Google Scholar expects it; it is shown only in HTML builds.
    """

    def resolve(paper: Paper, link: Link) -> str | None:
        if not link.local:
            return link.url
        if app.builder.format != "html":
            return None
        target = f"papers/{paper_slug(paper.key)}/{Path(link.url).name}"
        here = posixpath.dirname(app.builder.get_target_uri(docname))
        return posixpath.relpath(target, here or ".")

    return resolve


def _note_inputs(directive: SphinxDirective) -> None:
    project = project_of(directive.env)
    for bib in project.settings.bibliography:
        directive.env.note_dependency(str(bib))
    if project.settings.data is not None and project.settings.data.is_file():
        directive.env.note_dependency(str(project.settings.data))


class theme_filter(nodes.General, nodes.Element):
    """Radio buttons for the themes; filled in once every theme page's title is known."""


class Publications(SphinxDirective):
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "groups": directives.unchanged,  # label prefixes to show, comma-separated
        "no-filter": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        _note_inputs(self)
        portfolio = portfolio_of(self.env)
        wanted = self.options.get("groups")
        prefixes = {p.strip() for p in wanted.split(",")} if wanted else None
        resolve = link_resolver(app_of(self.env), self.env.docname)
        shown = [
            (group, papers)
            for group, papers in portfolio.groups
            if prefixes is None or group.prefix in prefixes
        ]
        box = nodes.container(classes=["bibfolio-publications"])
        marks = {mark for _, papers in shown for paper in papers for mark in paper.marks}
        legend = web.legend(marks)
        if legend is not None:
            box += legend
        themes = sorted({t for _, papers in shown for p in papers for t in p.pub.themes})
        if themes and "no-filter" not in self.options:
            box += theme_filter(themes=themes)
        papers_box = nodes.container(classes=["bibfolio-papers"])
        for group, papers in shown:
            heading = f"{group.title} ({len(papers)})"
            papers_box += nodes.rubric(heading, heading, classes=["bibfolio-group"])
            for paper in papers:
                papers_box += web.entry(paper, resolve)
        box += papers_box
        return [box]


def fill_theme_filters(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Radio buttons (one per theme, plus All) and the CSS rules that filter by them."""
    folder = app.config.bibfolio_themes_dir.strip("/")
    order = list(theme_pages(app.env))
    for node in list(doctree.findall(theme_filter)):
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


class PaperPart(SphinxDirective):
    """One part of a paper's page."""

    required_arguments = 1
    option_spec: ClassVar[OptionSpec] = {"part": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        _note_inputs(self)
        portfolio = portfolio_of(self.env)
        paper = portfolio.get(self.arguments[0])
        if paper is None:
            logger.warning(
                f"no paper with key '{self.arguments[0]}' in the bibliography",
                location=self.get_location(),
                type="bibfolio",
                subtype="paper",
            )
            return []
        part = self.options.get("part", "citation")
        build = getattr(self, f"_{part}", None)
        if build is None:
            logger.warning(
                f"unknown part '{part}' (citation, abstract, bibtex, themes, talks)",
                location=self.get_location(),
                type="bibfolio",
                subtype="paper",
            )
            return []
        nodes_: list[nodes.Node] = build(paper)
        return nodes_

    def _citation(self, paper: Paper) -> list[nodes.Node]:
        box = web.as_written(nodes.container(classes=["bibfolio-entry", "bibfolio-paper-page"]))
        box += web.label(paper, link=False)
        resolve = link_resolver(app_of(self.env), self.env.docname)
        box += web.paper_body(
            paper, resolve, details_link=False, collapsed_abstract=False, title=False
        )
        result: list[nodes.Node] = [box]
        legend = web.legend(paper.marks)
        if legend is not None:
            result.append(legend)
        return result

    def _abstract(self, paper: Paper) -> list[nodes.Node]:
        return [web.abstract(paper.pub.abstract, collapsed=False)]

    def _bibtex(self, paper: Paper) -> list[nodes.Node]:
        block = nodes.literal_block(paper.pub.bibtex, paper.pub.bibtex, language="bibtex")
        block["linenos"] = False
        block["classes"].append("bibfolio-bibtex")
        return [block]

    def _themes(self, paper: Paper) -> list[nodes.Node]:
        folder = self.config.bibfolio_themes_dir.strip("/")
        items = nodes.bullet_list(classes=["bibfolio-themes-of-paper"])
        for theme in paper.pub.themes:
            ref = web.doc_link(f"{folder}/{theme}", theme)
            ref["refexplicit"] = False  # the link shows the theme page's title
            items += nodes.list_item("", nodes.paragraph("", "", ref))
        return [items]

    def _talks(self, paper: Paper) -> list[nodes.Node]:
        from bibfolio.cvview import month, talks_about  # noqa: PLC0415

        cv = project_of(self.env).cv
        if cv is None:
            return []
        items = nodes.bullet_list(classes=["bibfolio-talks-of-paper"])
        for talk in talks_about(cv, paper.key):
            para = nodes.paragraph()
            para += web.doc_link("talks", talk.title, ["bibfolio-talk-title"])
            places = "; ".join(f"{e.place}, {month(e.date)}" for e in talk.events)
            para += nodes.Text(f" ({places})")
            items += nodes.list_item("", para)
        return [items]


class PaperEntries(SphinxPostTransform):
    """Theme pages: give sphinxcontrib-bibtex's entries bibfolio's body, and a legend."""

    default_priority = 6  # after BibliographyTransform (5), before references resolve (10)

    def run(self, **kwargs: Any) -> None:
        domain: Any = self.env.get_domain("cite")
        portfolio = portfolio_of(self.env)
        keys = {(c.bibliography_key.docname, c.citation_id): c.key for c in domain.citations}
        marks: set[str] = set()
        first_list: nodes.Element | None = None
        for citation in list(self.document.findall(nodes.citation)):
            docname = citation.get("docname")
            key = keys.get((docname, citation["ids"][0])) if citation["ids"] else None
            paper = portfolio.get(key) if key else None
            if paper is None or docname is None:
                continue
            for child in list(citation.children):
                if isinstance(child, nodes.paragraph):
                    citation.remove(child)
            citation.extend([web.paper_body(paper, link_resolver(self.app, docname))])
            citation["classes"].append("bibfolio-citation")
            marks |= paper.marks
            if first_list is None and isinstance(citation.parent, nodes.Element):
                first_list = citation.parent
        legend = web.legend(marks)
        if legend is not None and first_list is not None and first_list.parent is not None:
            first_list.parent.insert(first_list.parent.index(first_list), legend)


def setup(app: Sphinx) -> None:
    app.add_node(theme_filter)
    app.add_node(web.details, **web.NODE_VISITORS[web.details])  # type: ignore[arg-type]
    app.add_node(web.summary, **web.NODE_VISITORS[web.summary])  # type: ignore[arg-type]
    app.add_directive("publications", Publications)
    app.add_directive("paper", PaperPart)
    app.add_post_transform(PaperEntries)
    app.connect("doctree-resolved", fill_theme_filters)
