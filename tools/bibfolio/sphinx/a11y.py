"""Accessibility of the markup the theme and docutils write.

A paper's "Details" link reads "Details of <title>" to assistive technology;
the title is visually hidden (Bootstrap's ``visually-hidden``).

docutils writes each citation of a bibliography as ``role="doc-biblioentry"``
inside ``role="list"``; that role is deprecated (DPUB-ARIA 1.1) and is no list
item, so the list has no items for assistive technology (axe-core:
aria-required-children, critical). Here an entry is a list item.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from bibfolio.render.docutils import DETAILS


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


class DetailsLinks(SphinxPostTransform):
    """Split "Details of <title>" into the visible "Details" and the hidden rest."""

    default_priority = 11  # once references are resolved (10)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        prefix = f"{DETAILS} of "
        for para in self.document.findall(nodes.paragraph):
            if "bibfolio-links" not in para["classes"]:
                continue
            for ref in para.findall(nodes.reference):
                text = ref.astext()
                if not text.startswith(prefix):
                    continue
                hidden = text.removeprefix(DETAILS)
                shown = nodes.inline("", DETAILS, classes=["bibfolio-details"])
                shown += nodes.inline(hidden, hidden, classes=["visually-hidden"])
                ref[:] = [shown]


def setup(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.add_post_transform(DetailsLinks)
