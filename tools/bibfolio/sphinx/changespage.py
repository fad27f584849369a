"""``{changes}``: what this release changed since the one before it, from the data."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from bibfolio.changes import Release, compare
from bibfolio.cv import CV
from bibfolio.cvview import release
from bibfolio.render import web
from bibfolio.sphinx.cvpages import DataDirective
from bibfolio.sphinx.state import portfolio_of, project_of

logger = logging.getLogger(__name__)


class ChangesDirective(DataDirective):
    def render(self, cv: CV) -> list[nodes.Node]:
        version = release(cv.updated)
        project = project_of(self.env)
        previous = project.previous
        if previous is None:
            text = f"Release {version} is the first release of this portfolio."
            return [nodes.paragraph(text, text, classes=["bibfolio-first-release"])]
        for path in (*previous.settings.bibliography, previous.settings.data):
            if path is not None and path.is_file():
                self.env.note_dependency(str(path))
        if previous.cv is None or previous.portfolio is None:
            return []  # not reached: the checks stopped the build on its errors
        groups = compare(
            Release(previous.cv, previous.portfolio), Release(cv, portfolio_of(self.env))
        )
        intro = f"Changes from release {project.previous_version} to release {version}."
        result: list[nodes.Node] = [
            nodes.paragraph(intro, intro, classes=["bibfolio-changes-intro"])
        ]
        for group in groups:
            section = web.titled_section(
                group.title, f"changes-{group.title}", ["bibfolio-changes"]
            )
            listing = nodes.bullet_list()
            for item in group.items:
                para = nodes.paragraph()
                para.extend(web.run(item, self.cite))
                listing += nodes.list_item("", para)
            section += listing
            result.append(section)
        if not groups:
            result.append(nodes.paragraph("Nothing changed.", "Nothing changed."))
        return result


def setup(app: Sphinx) -> None:
    app.add_directive("changes", ChangesDirective)
