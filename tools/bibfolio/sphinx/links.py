"""Where a paper's links point from a given page: addresses as they are, local PDFs beside
the paper's own page."""

from __future__ import annotations

import posixpath

from sphinx.application import Sphinx

from bibfolio.render.docutils import LinkResolver
from bibfolio.view.papers import Link, Paper


def link_resolver(app: Sphinx, docname: str) -> LinkResolver:
    """Addresses for a paper's links as seen from ``docname``.

    A local PDF is published in the paper's own folder (papers/<slug>/), where
    Google Scholar expects it; it is shown only in HTML builds.
    """

    def resolve(paper: Paper, link: Link) -> str | None:
        if link.local is None:
            return link.url
        if app.builder.format != "html":
            return None
        target = f"papers/{paper.slug}/{link.local.name}"
        return posixpath.relpath(target, page_folder(app, docname) or ".")

    return resolve


def page_folder(app: Sphinx, docname: str) -> str:
    """The folder of the page ``docname`` is written to, from which its links read."""
    return posixpath.dirname(app.builder.get_target_uri(docname))
