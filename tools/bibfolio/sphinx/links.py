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
        here = posixpath.dirname(app.builder.get_target_uri(docname))
        return posixpath.relpath(target, here or ".")

    return resolve
