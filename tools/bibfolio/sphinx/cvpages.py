"""Pages made from the data file: ``{cv}``, ``{talks}``, ``{news}`` and ``{profile}``;
and the CV as a PDF at /cv.pdf, written by the same build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from bibfolio.cv import CV
from bibfolio.cvdoc import Piece, cv_document, prose_run
from bibfolio.cvview import month, news, talks
from bibfolio.render import web
from bibfolio.sphinx.papers import link_resolver
from bibfolio.sphinx.state import app_of, portfolio_of, project_of
from bibfolio.view import Paper

logger = logging.getLogger(__name__)
PDF_NAME = "cv.pdf"


class DataDirective(SphinxDirective):
    """A directive that renders the data file; it needs one and depends on it."""

    def run(self) -> list[nodes.Node]:
        cv = self.data()
        return [] if cv is None else self.render(cv)

    def render(self, cv: CV) -> list[nodes.Node]:
        raise NotImplementedError

    def data(self) -> Any:
        project = project_of(self.env)
        for path in (*project.settings.bibliography, project.settings.data):
            if path is not None and Path(path).is_file():
                self.env.note_dependency(str(path))
        if project.cv is None:
            logger.warning(
                f"{{{self.name}}} needs the data file (bibfolio_data, default cv.yaml)",
                location=self.get_location(),
                type="bibfolio",
                subtype="data",
            )
        return project.cv

    def cite(self, piece: Piece) -> nodes.Node:
        paper = portfolio_of(self.env)[piece.url]
        return web.label(paper)

    def paper_entry(self, paper: Paper) -> nodes.Node:
        return web.entry(paper, link_resolver(app_of(self.env), self.env.docname))

    def pdf_link(self, text: str) -> nodes.paragraph:
        depth = self.env.docname.count("/")
        target = "../" * depth + PDF_NAME
        para = nodes.paragraph(classes=["bibfolio-pdf"])
        para += nodes.reference(text, text, refuri=target, classes=["bibfolio-pdf-link"])
        return para


class CvDirective(DataDirective):
    """The whole CV: contact lines, then each section of the data in its order."""

    def render(self, cv: CV) -> list[nodes.Node]:
        doc = cv_document(cv, portfolio_of(self.env))
        name = web.as_written(nodes.paragraph(classes=["bibfolio-cv-name"]))
        name += nodes.strong(doc.name, doc.name)
        result: list[nodes.Node] = [
            name,
            web.header_lines(doc.header, self.cite, show_private=cv.contact.show_phone),
            self.pdf_link("Download the CV as a PDF"),
        ]
        for section in doc.sections:
            node = web.titled_section(section.title, f"cv-{section.title}", ["bibfolio-cv"])
            node.extend(web.cv_blocks(section.blocks, self.cite, self.paper_entry))
            result.append(node)
        return result


class TalksDirective(DataDirective):
    """Every talk, newest first: its title, the papers it covers, its events."""

    def render(self, cv: CV) -> list[nodes.Node]:
        portfolio = portfolio_of(self.env)
        result: list[nodes.Node] = []
        for talk in talks(cv):
            section = web.titled_section(talk.title, f"talk-{talk.title}", ["bibfolio-talk"])
            if talk.papers:
                para = nodes.paragraph(classes=["bibfolio-talk-papers"])
                para += nodes.Text("Papers: ")
                for key in talk.papers:
                    para += web.label(portfolio[key])
                    para += nodes.Text(" ")
                    para += nodes.Text(portfolio[key].pub.title)
                    para += nodes.Text("; " if key != talk.papers[-1] else "")
                section += para
            events = nodes.bullet_list(classes=["bibfolio-talk-events"])
            for event in talk.events:
                item = nodes.paragraph()
                item += nodes.Text(f"{event.place}, {month(event.date)}")
                for key in event.papers:
                    item += nodes.Text(" ")
                    item += web.label(portfolio[key])
                events += nodes.list_item("", item)
            section += events
            result.append(section)
        return result


class NewsDirective(DataDirective):
    """The latest dated items of the data and the publications, newest first."""

    option_spec: ClassVar[OptionSpec] = {"count": directives.positive_int}

    def render(self, cv: CV) -> list[nodes.Node]:
        portfolio = portfolio_of(self.env)
        papers = [
            (p.key, p.label, _paper_date(p), _paper_news(p)) for p in portfolio.papers if p.pub.year
        ]
        items = news(cv, papers)[: self.options.get("count", 8)]
        listing = web.as_written(nodes.bullet_list(classes=["bibfolio-news"]))
        for item in items:
            para = nodes.paragraph()
            para += nodes.strong(month(item.date), month(item.date), classes=["bibfolio-news-date"])
            para += nodes.Text(" · ")
            if item.kind == "paper":
                paper = portfolio[item.keys[0]]
                para += web.label(paper)
                para += nodes.Text(" " + item.text)
            else:
                para += nodes.Text(item.text)
                for key in item.keys:
                    para += nodes.Text(" ")
                    para += web.label(portfolio[key])
            listing += nodes.list_item("", para)
        return [listing]


def _paper_date(paper: Paper) -> Any:
    from bibfolio.cv import Month  # noqa: PLC0415

    return Month(int(paper.pub.year), paper.pub.month or 0)


def _paper_news(paper: Paper) -> str:
    where = next((line.text for line in paper.lines), "")
    return f"{paper.pub.title} ({where})" if where else paper.pub.title


class ProfileDirective(DataDirective):
    """The home page's introduction: position, affiliation, summary, contact, CV links."""

    def render(self, cv: CV) -> list[nodes.Node]:
        portfolio = portfolio_of(self.env)
        result: list[nodes.Node] = []
        if cv.position or cv.affiliation:
            line = ", ".join(part for part in (cv.position, cv.affiliation) if part)
            result.append(
                web.as_written(
                    nodes.paragraph("", "", nodes.strong(line, line), classes=["bibfolio-position"])
                )
            )
        if cv.summary:
            para = web.as_written(nodes.paragraph(classes=["bibfolio-summary"]))
            para.extend(web.run(prose_run(cv.summary, portfolio), self.cite))
            result.append(para)
        doc = cv_document(cv, portfolio)
        result.append(web.header_lines(doc.header[:1], self.cite, cv.contact.show_phone))
        para = self.pdf_link("CV (PDF)")
        para += nodes.Text(" · ")
        para += web.doc_link("cv", "CV (web page)")
        result.append(para)
        return result


def write_pdf(app: Sphinx, exception: Exception | None) -> None:
    """Compile the CV to <output>/cv.pdf after a successful HTML build."""
    if exception is not None or app.builder.format != "html":
        return
    project = project_of(app.env)
    if project.cv is None or project.portfolio is None:
        return
    from bibfolio.pdf import compile_pdf, cv_source  # noqa: PLC0415 - typst loads on demand

    base = app.config.html_baseurl or ""
    # Links in a PDF need a full address: only an http(s) base can give one.
    source = cv_source(project.cv, project.portfolio, base if base.startswith("http") else "")
    (Path(app.outdir) / PDF_NAME).write_bytes(compile_pdf(source))


def setup(app: Sphinx) -> None:
    app.add_directive("cv", CvDirective)
    app.add_directive("talks", TalksDirective)
    app.add_directive("news", NewsDirective)
    app.add_directive("profile", ProfileDirective)
    app.connect("build-finished", write_pdf)
