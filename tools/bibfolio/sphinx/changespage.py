"""``{changes}``: what this release changed since the one before it, from the data."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from bibfolio.changes import Release, compare
from bibfolio.cv import CV
from bibfolio.cvview import release
from bibfolio.releases import load_release, previous_release
from bibfolio.render import web
from bibfolio.report import as_text
from bibfolio.sphinx.cvpages import DataDirective
from bibfolio.sphinx.state import portfolio_of

logger = logging.getLogger(__name__)


class ChangesDirective(DataDirective):
    def render(self, cv: CV) -> list[nodes.Node]:
        version = release(cv.updated)
        releases = Path(self.env.srcdir) / self.config.bibfolio_releases_dir
        source = previous_release(releases, version)
        if source is None:
            text = f"Release {version} is the first release of this portfolio."
            return [nodes.paragraph(text, text, classes=["bibfolio-first-release"])]
        for path in (*source.settings.bibliography, source.settings.data):
            if path is not None and path.is_file():
                self.env.note_dependency(str(path))
        previous = load_release(source)
        if previous.errors or previous.cv is None or previous.portfolio is None:
            logger.warning(
                f"release {source.version} ({source.srcdir}) cannot be read:\n"
                + as_text(previous.errors, hints=False),
                location=self.get_location(),
                type="bibfolio",
                subtype="release",
            )
            return []
        groups = compare(
            Release(previous.cv, previous.portfolio), Release(cv, portfolio_of(self.env))
        )
        intro = f"Changes from release {source.version} to release {version}."
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
