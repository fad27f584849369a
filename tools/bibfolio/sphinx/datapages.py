"""Pages made from the data file: ``{cv}``, ``{talks}``, ``{news}``, ``{profile}`` and
``{changes}``; and the CV as a PDF at /cv.pdf, written by the same build.

Each directive asks the view for its content and lays it out with the docutils
layout; none decides a word itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar
from weakref import WeakKeyDictionary

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import OptionSpec

from bibfolio.load.signature import digest
from bibfolio.model.cv import CV
from bibfolio.pipeline import DATA_DIRECTIVES, Project
from bibfolio.render import docutils as web
from bibfolio.render.docutils import NodeLayout
from bibfolio.site.artifacts import Beside, write_if_changed
from bibfolio.sphinx.dependencies import ALL, DATA, PREVIOUS, paper_token, uses
from bibfolio.sphinx.environment import (
    app_of,
    memo,
    portfolio_of,
    project_of,
    sources_signature,
)
from bibfolio.sphinx.listings import deferred_layout
from bibfolio.view.changes import Release, compare
from bibfolio.view.cv import cv_document
from bibfolio.view.home import news, profile
from bibfolio.view.talks import talks
from bibfolio.view.wording import month

PDF_NAME = "cv.pdf"


class DataDirective(SphinxDirective):
    """A directive that shows the data file (and, unless it says less, every paper).

    The checks stop the build when a page uses one of these without a data file
    (PAGE213), so here the data is there.
    """

    def run(self) -> list[nodes.Node]:
        project = project_of(self.env)
        if project.cv is None:
            return []
        uses(self.env, DATA, *self.shows(project.cv))
        return self.render(project.cv, project)

    def shows(self, cv: CV) -> Iterable[str]:
        """The papers the page shows, as dependency tokens."""
        return (ALL,)

    def render(self, cv: CV, project: Project) -> list[nodes.Node]:
        raise NotImplementedError

    def layout(self) -> NodeLayout:
        return deferred_layout(app_of(self.env), self.env.docname, portfolio_of(self.env))

    def pdf_link(self, text: str) -> nodes.paragraph:
        target = "../" * self.env.docname.count("/") + PDF_NAME
        para = nodes.paragraph(classes=["bibfolio-pdf"])
        para += nodes.reference(text, text, refuri=target, classes=["bibfolio-pdf-link"])
        return para


class CvDirective(DataDirective):
    """The whole CV: contact lines, then each section of the data in its order."""

    def render(self, cv: CV, project: Project) -> list[nodes.Node]:
        doc = cv_document(cv, portfolio_of(self.env))
        layout = self.layout()
        name = web.as_written(nodes.paragraph(classes=["bibfolio-cv-name"]))
        name += nodes.strong(doc.name, doc.name)
        result: list[nodes.Node] = [
            name,
            layout.header(doc.header, show_private=cv.contact.show_phone),
            self.pdf_link("Download the CV as a PDF"),
        ]
        result += [layout.part(part, f"cv-{part.title}", ["bibfolio-cv"]) for part in doc.parts]
        return result


class TalksDirective(DataDirective):
    """Every talk, newest first: its title, the papers it covers, its events."""

    def shows(self, cv: CV) -> Iterable[str]:
        for talk in talks(cv):
            yield from (paper_token(key) for key in talk.papers)
            yield from (paper_token(key) for event in talk.events for key in event.papers)

    def render(self, cv: CV, project: Project) -> list[nodes.Node]:
        portfolio = portfolio_of(self.env)
        result: list[nodes.Node] = []
        for talk in talks(cv):
            section = web.titled_section(talk.heading, f"talk-{talk.heading}", ["bibfolio-talk"])
            if talk.papers:
                para = nodes.paragraph(classes=["bibfolio-talk-papers"])
                para += nodes.Text("Papers: ")
                for index, key in enumerate(talk.papers):
                    paper = portfolio[key]
                    para += web.label(paper)
                    para += nodes.Text(f" {paper.pub.title}")
                    if index < len(talk.papers) - 1:
                        para += nodes.Text("; ")
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

    def render(self, cv: CV, project: Project) -> list[nodes.Node]:
        layout = self.layout()
        listing = web.as_written(nodes.bullet_list(classes=["bibfolio-news"]))
        for item in news(cv, portfolio_of(self.env), self.options.get("count", 8)):
            para = nodes.paragraph()
            para += nodes.strong(item.when, item.when, classes=["bibfolio-news-date"])
            para += nodes.Text(" · ")
            para.extend(layout.run(item.run))
            listing += nodes.list_item("", para)
        return [listing]


class ProfileDirective(DataDirective):
    """The home page's introduction: position, affiliation, summary, contact, CV links."""

    def render(self, cv: CV, project: Project) -> list[nodes.Node]:
        shown = profile(cv, portfolio_of(self.env))
        layout = self.layout()
        result: list[nodes.Node] = []
        if shown.photo and project.settings.data is not None:
            photo = project.settings.data.parent / shown.photo
            uri = "/" + Path(os.path.relpath(photo, self.env.srcdir)).as_posix()
            result.append(nodes.image(uri=uri, alt=cv.name, classes=["bibfolio-photo"]))
        for position in shown.positions:
            result.append(
                web.as_written(
                    nodes.paragraph(
                        "", "", nodes.strong(position, position), classes=["bibfolio-position"]
                    )
                )
            )
        if shown.summary:
            para = web.as_written(nodes.paragraph(classes=["bibfolio-summary"]))
            para.extend(layout.run(shown.summary))
            result.append(para)
        result.append(layout.header([shown.contact], cv.contact.show_phone))
        if shown.links:
            result.append(web.profile_links(shown.links))
        para = self.pdf_link("CV (PDF)")
        para += nodes.Text(" · ")
        para += web.doc_link("cv", "CV (web page)")
        result.append(para)
        return result


class ChangesDirective(DataDirective):
    """What this release changed since the one before it, computed from the data."""

    def render(self, cv: CV, project: Project) -> list[nodes.Node]:
        version = cv.updated.version
        previous = project.previous
        if previous is None or previous.cv is None or previous.portfolio is None:
            text = f"Release {version} is the first release of this portfolio."
            return [nodes.paragraph(text, text, classes=["bibfolio-first-release"])]
        uses(self.env, PREVIOUS)
        parts = compare(
            Release(previous.cv, previous.portfolio), Release(cv, portfolio_of(self.env))
        )
        intro = f"Changes from release {project.previous_version} to release {version}."
        result: list[nodes.Node] = [
            nodes.paragraph(intro, intro, classes=["bibfolio-changes-intro"])
        ]
        layout = self.layout()
        result += [layout.part(p, f"changes-{p.title}", ["bibfolio-changes"]) for p in parts]
        if not parts:
            result.append(nodes.paragraph("Nothing changed.", "Nothing changed."))
        return result


def start_pdf(app: Sphinx) -> None:
    """Make the CV's PDF beside the build, once the project is loaded: Typst lets go of
    the interpreter while it compiles (a second or two for a CV of 2,000 papers), so the
    pages are read and written meanwhile; the PDF is written once the build succeeded."""
    if app.builder.format != "html":
        return
    project = project_of(app.env)
    cv, portfolio = project.cv, project.portfolio
    if cv is None or portfolio is None:
        return
    from bibfolio.site.pdf import TYPST, compile_pdf, cv_source  # noqa: PLC0415 - typst on demand

    base = app.config.html_baseurl or ""
    # Links in a PDF need a full address: only an http(s) base can give one.
    base = base if base.startswith("http") else ""
    kept = memo(app)
    # The PDF is made from the bibliography, the data and the address alone: when none
    # changed, the one made last is reused without laying the CV out again (0.1 s at 2,000
    # papers), also after an edit of a page.
    files = sources_signature(app)
    made_from = digest([TYPST, files, base]) if files else None
    keep_source = not project.problems  # as the project itself is kept

    def make() -> bytes:
        source_key = kept.find(SOURCE_RECORD, made_from) if made_from else None
        pdf = kept.find("cv.pdf", source_key.decode("utf-8", "replace")) if source_key else None
        if pdf is None:
            source = cv_source(cv, portfolio, base)
            key = digest([TYPST, source])
            pdf = kept.get("cv.pdf", key, lambda: compile_pdf(source))
            if made_from and keep_source:
                kept.keep(SOURCE_RECORD, made_from, key.encode("utf-8"))
        return pdf

    _PDFS[app] = Beside(make)


def write_pdf(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build: the CV's PDF, once made, as <output>/cv.pdf."""
    making = _PDFS.pop(app, None)
    if exception is None and making is not None:
        write_if_changed(Path(app.outdir) / PDF_NAME, making.result())


SOURCE_RECORD = "cv.pdf-source"  # project signature -> the digest of the PDF's Typst source
_PDFS: WeakKeyDictionary[Sphinx, Beside[bytes]] = WeakKeyDictionary()


def setup(app: Sphinx) -> None:
    for name, directive in zip(
        DATA_DIRECTIVES,
        (CvDirective, TalksDirective, NewsDirective, ProfileDirective, ChangesDirective),
        strict=True,
    ):
        app.add_directive(name, directive)
    app.connect("builder-inited", start_pdf)  # after the paper pages are written (150)
    app.connect("build-finished", write_pdf)
